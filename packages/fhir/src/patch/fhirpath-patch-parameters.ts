/**
 * Reading a FHIRPath Patch document (R4 fhirpatch.html): a Parameters resource whose `operation`
 * parameters carry parts `type`, `path`, `name`, `value`, `index`, `source`, `destination`.
 * Anything that is not a well-formed patch is a 400 here, before any operation is applied.
 */
import fhirpath from 'fhirpath';
import { fail } from '../outcome';
import { isJsonObject, type JsonObject } from './json-slots';

export const FHIRPATH_PATCH_TYPES = ['add', 'insert', 'delete', 'replace', 'move'] as const;
export type FhirPathPatchType = (typeof FHIRPATH_PATCH_TYPES)[number];

/**
 * A patch value as sent: a typed value[x] (`typeSuffix` is the x: `Date`, `Coding`), a resource,
 * or a complex value built from nested parts (R4 fhirpatch.html: "instead of providing a value, a
 * set of parts that are values are provided").
 */
export type PatchValue =
  | { kind: 'typed'; typeSuffix: string; json: unknown; ext: unknown }
  | { kind: 'resource'; json: JsonObject }
  | { kind: 'parts'; parts: PatchPart[] };

export interface PatchPart {
  name: string;
  value: PatchValue;
}

interface Common {
  /** Position in Parameters.parameter, for diagnostics. */
  position: number;
  path: string;
}

export type FhirPathPatchOperation =
  | (Common & { type: 'add'; name: string; value: PatchValue })
  | (Common & { type: 'insert'; index: number; value: PatchValue })
  | (Common & { type: 'delete' })
  | (Common & { type: 'replace'; value: PatchValue })
  | (Common & { type: 'move'; source: number; destination: number });

const KNOWN_PARTS: ReadonlySet<string> = new Set(['type', 'path', 'name', 'value', 'index', 'source', 'destination']);

/** The value[x] property of a Parameters.parameter (or part): its key and suffix, if any. */
function valueKey(part: JsonObject): { key: string; typeSuffix: string } | undefined {
  const keys = Object.keys(part).filter((k) => /^value[A-Z]/.test(k));
  if (keys.length > 1) return { key: '', typeSuffix: '' };
  const key = keys[0];
  return key ? { key, typeSuffix: key.slice('value'.length) } : undefined;
}

/** Parses and checks a FHIRPath Patch Parameters resource. Throws 400 on anything malformed. */
export function parseFhirPathPatch(parameters: unknown): FhirPathPatchOperation[] {
  if (!isJsonObject(parameters) || parameters.resourceType !== 'Parameters') {
    throw fail.badRequest('FHIRPath Patch body must be a Parameters resource (R4 fhirpatch.html)');
  }
  const list = parameters.parameter ?? [];
  if (!Array.isArray(list)) throw fail.badRequest('Parameters.parameter must be an array', ['Parameters.parameter']);
  return list.map((parameter: unknown, position) => parseOperation(parameter, position));
}

function parseOperation(parameter: unknown, position: number): FhirPathPatchOperation {
  const where = `Parameters.parameter[${position}]`;
  const bad = (msg: string) => fail.badRequest(`${where}: ${msg}`, [where]);
  if (!isJsonObject(parameter) || parameter.name !== 'operation') throw bad("each parameter must be named 'operation'");
  if (!Array.isArray(parameter.part)) throw bad("an operation needs 'part' entries");

  const parts = new Map<string, JsonObject>();
  for (const part of parameter.part as unknown[]) {
    if (!isJsonObject(part) || typeof part.name !== 'string') throw bad('every part needs a name');
    if (!KNOWN_PARTS.has(part.name)) throw bad(`unknown part '${part.name}'`);
    if (parts.has(part.name)) throw bad(`part '${part.name}' appears more than once`);
    parts.set(part.name, part);
  }

  const text = (name: string): string | undefined => {
    const part = parts.get(name);
    if (!part) return undefined;
    const v = valueKey(part);
    const value = v ? part[v.key] : undefined;
    if (typeof value !== 'string' || value.trim() === '') throw bad(`part '${name}' must have a non-empty string value`);
    return value;
  };
  const integer = (name: string): number => {
    const part = parts.get(name);
    if (!part) throw bad(`part '${name}' is required`);
    const v = valueKey(part);
    const value = v ? part[v.key] : undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw bad(`part '${name}' must be an integer (valueInteger)`);
    return value;
  };
  const required = (name: string): string => {
    const value = text(name);
    if (value === undefined) throw bad(`part '${name}' is required`);
    return value;
  };
  const value = (): PatchValue => {
    const part = parts.get('value');
    if (!part) throw bad("part 'value' is required");
    return parseValue(part, `${where}.part[value]`);
  };

  const type = required('type');
  if (!(FHIRPATH_PATCH_TYPES as readonly string[]).includes(type)) {
    throw bad(`type '${type}' is not one of ${FHIRPATH_PATCH_TYPES.join(' | ')}`);
  }
  const path = required('path');
  checkFhirPath(path, where);
  const allowed: Record<FhirPathPatchType, readonly string[]> = {
    add: ['type', 'path', 'name', 'value'],
    insert: ['type', 'path', 'value', 'index'],
    delete: ['type', 'path'],
    replace: ['type', 'path', 'value'],
    move: ['type', 'path', 'source', 'destination'],
  };
  const op = type as FhirPathPatchType;
  for (const name of parts.keys()) {
    if (!allowed[op].includes(name)) throw bad(`part '${name}' is not used by '${op}'`);
  }

  switch (op) {
    case 'add':
      return { type: op, position, path, name: required('name'), value: value() };
    case 'insert':
      return { type: op, position, path, index: integer('index'), value: value() };
    case 'delete':
      return { type: op, position, path };
    case 'replace':
      return { type: op, position, path, value: value() };
    case 'move':
      return { type: op, position, path, source: integer('source'), destination: integer('destination') };
    default: {
      const unreachable: never = op;
      throw bad(`unsupported type ${String(unreachable)}`);
    }
  }
}

/** A value part: value[x], a resource, or nested parts. Exactly one of these. */
function parseValue(part: JsonObject, where: string): PatchValue {
  const bad = (msg: string) => fail.badRequest(`${where}: ${msg}`);
  const v = valueKey(part);
  const hasResource = part.resource !== undefined;
  const hasParts = part.part !== undefined;
  const count = (v ? 1 : 0) + (hasResource ? 1 : 0) + (hasParts ? 1 : 0);
  if (count !== 1 || v?.key === '') throw bad('a value needs exactly one of value[x], resource or part');
  if (v) {
    const json = part[v.key];
    if (json === null || json === undefined) throw bad(`${v.key} must not be null`);
    return { kind: 'typed', typeSuffix: v.typeSuffix, json, ext: part[`_${v.key}`] ?? null };
  }
  if (hasResource) {
    if (!isJsonObject(part.resource) || typeof part.resource.resourceType !== 'string') throw bad('resource must be a FHIR resource');
    return { kind: 'resource', json: part.resource };
  }
  if (!Array.isArray(part.part) || part.part.length === 0) throw bad('part must be a non-empty array');
  return {
    kind: 'parts',
    parts: part.part.map((child: unknown, i) => {
      if (!isJsonObject(child) || typeof child.name !== 'string' || child.name === '') throw bad(`part[${i}] needs a name`);
      return { name: child.name, value: parseValue(child, `${where}.part[${child.name}]`) };
    }),
  };
}

/** A path that does not parse as FHIRPath is a malformed request (400), not a failed patch. */
function checkFhirPath(path: string, where: string): void {
  try {
    fhirpath.parse(path);
  } catch (error) {
    // antlr lists every expected token; the position and the first words are what help.
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 160);
    throw fail.badRequest(`${where}: path '${path}' is not valid FHIRPath: ${reason}`, [where]);
  }
}
