/**
 * The framework-free FHIR request/response (STYLE: request → handler → repository). The HTTP
 * adapter translates to and from these; bundles dispatch their entries through the same router.
 */
import type { Resource } from '@openpractice/fhir';
import type { AuditSink } from '../audit/record';
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

/** Everything a handler may use: the caller-bound repository, the FHIR base URL, the request's audit sink. */
export interface HandlerContext {
  repo: Repository;
  baseUrl: string;
  /** Where this request's audit records go (the repository has the same); absent in tools that audit nothing. */
  audit?: AuditSink;
}
