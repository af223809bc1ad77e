/**
 * The framework-free FHIR request/response (STYLE: request → handler → repository). The HTTP
 * adapter translates to and from these; bundles dispatch their entries through the same router.
 */
import type { Resource } from '@openpractice/fhir';
import type { Repository } from '../repo/repository';

/** Already-serialised JSON, sent as is (stored resources are never re-parsed just to be sent). */
export class RawJson {
  constructor(readonly json: string) {}
}

export interface FhirRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the FHIR base without leading slash, e.g. `Patient/123/_history/2`. */
  path: string;
  query: URLSearchParams;
  headers: {
    ifMatch?: string;
    ifNoneMatch?: string;
    ifNoneExist?: string;
    ifModifiedSince?: string;
    prefer?: string;
    contentType?: string;
  };
  body?: unknown;
  /** Set only by transaction processing: the id a POST must create with (urn:uuid resolution). */
  assignedId?: string;
}

export interface FhirResponse {
  status: number;
  headers?: Record<string, string>;
  body?: Resource | RawJson;
}

/** Everything a handler may use: the caller-bound repository and the FHIR base URL. */
export interface HandlerContext {
  repo: Repository;
  baseUrl: string;
}
