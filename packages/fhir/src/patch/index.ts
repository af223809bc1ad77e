/**
 * The FHIR `patch` interaction (R4 http.html#patch), framework-free: given the current resource,
 * the request body and its Content-Type, returns the patched resource or throws an
 * `OperationOutcomeError` (400 malformed, 415 unsupported format, 422 not applicable).
 * The caller (router → repository) handles versions, If-Match, validation and storage.
 */
import { fail } from '../outcome';
import type { Resource } from '../types';
import { applyFhirPathPatch } from './fhirpath-patch';
import { applyJsonPatch } from './json-patch';
import { isJsonObject } from './json-slots';

export { applyFhirPathPatch } from './fhirpath-patch';
export { applyJsonPatch, parseJsonPatch } from './json-patch';
export { parseFhirPathPatch, FHIRPATH_PATCH_TYPES } from './fhirpath-patch-parameters';
export type { FhirPathPatchOperation, FhirPathPatchType, PatchValue, PatchPart } from './fhirpath-patch-parameters';

/** The patch formats accepted, by media type (R4 http.html#patch; XML Patch is not supported). */
export const PATCH_MEDIA_TYPES = {
  jsonPatch: 'application/json-patch+json',
  fhirJson: 'application/fhir+json',
  json: 'application/json',
} as const;

/**
 * Applies a PATCH body to `resource` by its Content-Type: `application/json-patch+json` is JSON
 * Patch (RFC 6902); `application/fhir+json` or `application/json` must carry a Parameters resource
 * and is FHIRPath Patch (R4 fhirpatch.html). Anything else is 415. Media-type parameters
 * (`; charset=utf-8`) are ignored. A string body is parsed as JSON first.
 */
export function applyPatch(resource: Resource, body: unknown, contentType: string | undefined): Resource {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  switch (mediaType) {
    case PATCH_MEDIA_TYPES.jsonPatch:
      return applyJsonPatch(resource, parseBody(body));
    case PATCH_MEDIA_TYPES.fhirJson:
    case PATCH_MEDIA_TYPES.json: {
      const parsed = parseBody(body);
      if (!isJsonObject(parsed) || parsed.resourceType !== 'Parameters') {
        throw fail.badRequest(
          `A PATCH sent as ${mediaType} must be a FHIRPath Patch Parameters resource; send JSON Patch as ${PATCH_MEDIA_TYPES.jsonPatch}`,
        );
      }
      return applyFhirPathPatch(resource, parsed);
    }
    default:
      throw fail.unsupportedMediaType(
        `PATCH accepts ${PATCH_MEDIA_TYPES.jsonPatch} (JSON Patch) or ${PATCH_MEDIA_TYPES.fhirJson} (FHIRPath Patch), not '${contentType ?? ''}'`,
      );
  }
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw fail.badRequest('The PATCH body is not valid JSON');
  }
}
