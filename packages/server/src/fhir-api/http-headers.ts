/** ETag, Last-Modified, Location and Prefer handling (FHIR R4 http.html#versioning, #ops). */
import { fail, issue, type Resource } from '@openpractice/fhir';
import type { FhirResponse, RawJson } from './types';

/** `W/"3"` for version 3 (http.html#versioning). */
export function etag(versionId: number): string {
  return `W/"${versionId}"`;
}

/**
 * The version an If-Match header names. Accepts `W/"3"`, `"3"` and bare `3`; anything else is 400.
 */
export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value);
  if (!m) throw fail.badRequest(`If-Match must be a version ETag like W/"3" (got ${JSON.stringify(value.slice(0, 40))})`);
  return Number(m[1]);
}

export function httpDate(iso: string): string {
  return new Date(iso).toUTCString();
}

export type ReturnPreference = 'minimal' | 'representation' | 'OperationOutcome';

/** The `return` preference of a Prefer header (RFC 7240, http.html#ops); default representation. */
export function returnPreference(prefer: string | undefined): ReturnPreference {
  const m = /(?:^|[;,\s])return\s*=\s*"?(minimal|representation|OperationOutcome)"?/i.exec(prefer ?? '');
  if (!m) return 'representation';
  const v = m[1]!.toLowerCase();
  return v === 'minimal' ? 'minimal' : v === 'operationoutcome' ? 'OperationOutcome' : 'representation';
}

/** `handling=strict|lenient` of a Prefer header (search.html#errors); default lenient. */
export function strictHandling(prefer: string | undefined): boolean {
  return /(?:^|[;,\s])handling\s*=\s*"?strict"?/i.test(prefer ?? '');
}

/** A write's response shaped by the Prefer header. */
export function writeResponse(
  status: number,
  headers: Record<string, string>,
  resource: Resource | RawJson,
  prefer: string | undefined,
  message: string,
): FhirResponse {
  switch (returnPreference(prefer)) {
    case 'minimal':
      return { status, headers };
    case 'OperationOutcome':
      return { status, headers, body: issue('information', 'informational', message) };
    case 'representation':
      return { status, headers, body: resource };
  }
}
