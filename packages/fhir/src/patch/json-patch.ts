/**
 * JSON Patch (RFC 6902) for the FHIR `patch` interaction (R4 http.html#patch), applied with
 * `fast-json-patch` to a copy of the resource.
 *
 * - The document is checked against RFC 6902 §4 before anything is applied: a malformed patch is
 *   400. Members RFC 6902 does not define are ignored, as §4 requires.
 * - An operation that cannot be applied (a failed `test`, §4.6; a path or `from` that does not
 *   exist; an array index out of bounds) is 422: the patch is well formed but does not fit.
 * - Identity and server-managed meta follow `keepServerManaged` (422 / ignored).
 */
import jsonpatch, { type Operation } from 'fast-json-patch';
import { OperationOutcomeError, fail, issue } from '../outcome';
import type { Resource } from '../types';
import { isJsonObject } from './json-slots';
import { keepServerManaged } from './server-managed';

export const JSON_PATCH_OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'] as const;
type JsonPatchOp = (typeof JSON_PATCH_OPS)[number];

const NEEDS_VALUE: ReadonlySet<JsonPatchOp> = new Set(['add', 'replace', 'test']);
const NEEDS_FROM: ReadonlySet<JsonPatchOp> = new Set(['move', 'copy']);
/** Keys that would reach Object.prototype; no FHIR element has these names. */
const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Applies an RFC 6902 JSON Patch to a copy of `resource`; the input is never mutated.
 * Throws `OperationOutcomeError`: 400 for a malformed patch, 422 when it cannot be applied.
 */
export function applyJsonPatch(resource: Resource, patch: unknown): Resource {
  const operations = parseJsonPatch(patch);
  let document: unknown = structuredClone(resource);
  operations.forEach((operation, index) => {
    try {
      document = jsonpatch.applyOperation(document, operation, true, true, true, index).newDocument;
    } catch (error) {
      throw toOutcomeError(error, operation, index);
    }
  });
  return keepServerManaged(resource, document);
}

/** Checks a JSON Patch document's shape (RFC 6902 §3–4, RFC 6901 pointers). Throws 400. */
export function parseJsonPatch(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) throw fail.badRequest('A JSON Patch document must be an array of operations (RFC 6902 §3)');
  return patch.map((entry: unknown, index) => {
    const bad = (msg: string) => fail.badRequest(`patch[${index}]: ${msg}`);
    if (!isJsonObject(entry)) throw bad('each operation must be a JSON object');
    const op = entry.op;
    if (typeof op !== 'string' || !(JSON_PATCH_OPS as readonly string[]).includes(op)) {
      throw bad(`'op' must be one of ${JSON_PATCH_OPS.join(', ')}`);
    }
    const kind = op as JsonPatchOp;
    const path = pointer(entry.path, 'path', bad);
    const operation: Record<string, unknown> = { op: kind, path };
    if (NEEDS_FROM.has(kind)) {
      const from = pointer(entry.from, 'from', bad);
      // RFC 6902 §4.4: a location cannot be moved into one of its children.
      if (kind === 'move' && path.startsWith(`${from}/`)) throw bad("'from' must not be a proper prefix of 'path' in a move");
      operation.from = from;
    }
    if (NEEDS_VALUE.has(kind)) {
      if (!Object.hasOwn(entry, 'value') || entry.value === undefined) throw bad(`'${kind}' needs a 'value'`);
      operation.value = entry.value;
    }
    return operation as unknown as Operation;
  });
}

/** A JSON Pointer (RFC 6901 §3): empty, or `/`-separated tokens where `~` is only `~0` or `~1`. */
function pointer(value: unknown, member: string, bad: (msg: string) => OperationOutcomeError): string {
  if (typeof value !== 'string') throw bad(`'${member}' must be a JSON Pointer string`);
  if (value !== '' && !value.startsWith('/')) throw bad(`'${member}' must be empty or start with '/' (RFC 6901)`);
  if (/~(?![01])/.test(value)) throw bad(`'${member}' has an invalid escape: '~' must be followed by 0 or 1 (RFC 6901 §3)`);
  const segments = value.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (segments.some((s) => FORBIDDEN_SEGMENTS.has(s))) throw bad(`'${member}' names a property that no FHIR resource has`);
  return value;
}

const NOT_APPLICABLE: Partial<Record<string, string>> = {
  OPERATION_PATH_UNRESOLVABLE: 'the path does not exist in the resource',
  OPERATION_FROM_UNRESOLVABLE: "the 'from' path does not exist in the resource",
  OPERATION_PATH_CANNOT_ADD: 'the parent of the path does not exist in the resource',
  OPERATION_VALUE_OUT_OF_BOUNDS: 'the array index is beyond the end of the array',
  OPERATION_PATH_ILLEGAL_ARRAY_INDEX: 'the path uses an invalid array index',
};

function toOutcomeError(error: unknown, operation: Operation, index: number): OperationOutcomeError {
  const where = `patch[${index}] (${operation.op} ${operation.path})`;
  if (error instanceof jsonpatch.JsonPatchError) {
    if (error.name === 'TEST_OPERATION_FAILED') {
      // The diagnostic names the path only: stored values never go into an outcome.
      return new OperationOutcomeError(422, issue('error', 'processing', `${where}: test failed, the value at the path is not the value given`));
    }
    const reason = NOT_APPLICABLE[error.name];
    if (reason) return new OperationOutcomeError(422, issue('error', 'processing', `${where}: ${reason}`));
    return fail.badRequest(`${where}: ${error.message.split('\n')[0] ?? error.name}`);
  }
  return fail.badRequest(`${where}: ${error instanceof Error ? error.message : String(error)}`);
}
