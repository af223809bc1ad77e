/**
 * What a PATCH may not change, whichever patch format it uses (R4 http.html#patch: the result is
 * an update of the same resource).
 *
 * - `resourceType` and `id` are the resource's identity: a patch that changes, adds or removes
 *   either is rejected with 422. (The server, not the patch, owns identity.)
 * - `meta.versionId` and `meta.lastUpdated` are set by the server on every write
 *   (R4 resource.html#Meta), so patch changes to them are ignored: the original values are put back
 *   (or the fields dropped if the original had none).
 */
import { OperationOutcomeError, issue } from '../outcome';
import type { Resource } from '../types';
import { isJsonObject } from './json-slots';

const SERVER_MANAGED_META = ['versionId', 'lastUpdated'] as const;

function unprocessable(msg: string, expression?: string[]): OperationOutcomeError {
  return new OperationOutcomeError(422, issue('error', 'processing', msg, expression));
}

/** Checks identity and restores server-managed meta on a patched copy; returns it as a Resource. */
export function keepServerManaged(original: Resource, patched: unknown): Resource {
  if (!isJsonObject(patched)) throw unprocessable('The patched result is not a resource (a JSON object)');
  if (patched.resourceType !== original.resourceType) {
    throw unprocessable(`PATCH cannot change resourceType (${original.resourceType})`, ['resourceType']);
  }
  if (patched.id !== original.id) throw unprocessable('PATCH cannot change the resource id', ['id']);

  if (patched.meta !== undefined && !isJsonObject(patched.meta)) throw unprocessable('meta must be an object', ['meta']);
  const meta = { ...(patched.meta ?? {}) };
  for (const field of SERVER_MANAGED_META) {
    const kept = original.meta?.[field];
    if (kept === undefined) delete meta[field];
    else meta[field] = kept;
  }
  if (Object.keys(meta).length > 0) patched.meta = meta;
  else delete patched.meta;
  return patched as Resource;
}
