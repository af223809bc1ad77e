/**
 * FHIRPath Patch (R4 fhirpatch.html): each operation's `path` is evaluated with `fhirpath` against
 * the R4 model; the nodes it returns (with `resolveInternalTypes: false`) carry their parent,
 * property name and index, which `json-slots` maps back to the JSON to edit.
 *
 * Rules applied (R4 fhirpatch.html "base rules" and operation table):
 * - add, insert, replace, move: the path must select exactly one element (insert/move: one list);
 *   otherwise 422. delete: no match is not an error; more than one match is a 422.
 * - add: appends to a repeating element; for a non-repeating one, only when it has no value yet
 *   (a choice element counts as set whichever type it has).
 * - insert: 0 <= index <= list size; move: source and destination within the list.
 * - `resolve()` may only reach resources contained in the patched resource.
 * - Replacing a primitive replaces the whole element, so its `_` sibling (id/extensions) is
 *   replaced by the value's own (`_value[x]`) or removed; deleting a primitive deletes its sibling.
 * - For insert/move on a filtered path (`identifier.where(...)`), index/source/destination count
 *   positions in the whole underlying list, which is what the filter's matches belong to.
 */
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import { OperationOutcomeError, issue } from '../outcome';
import type { Resource } from '../types';
import { choiceKeys, resolveElement } from './element-model';
import {
  parseFhirPathPatch,
  type FhirPathPatchOperation,
  type PatchPart,
  type PatchValue,
} from './fhirpath-patch-parameters';
import {
  childContainer,
  isJsonObject,
  isPathNode,
  locate,
  readList,
  removeNode,
  writeList,
  writeSingle,
  type Item,
  type JsonObject,
  type PathNode,
} from './json-slots';
import { keepServerManaged } from './server-managed';

/** A failed operation; given the operation's position and rendered as a 422 by `applyOperation`. */
class PatchFailure extends Error {}

/**
 * Applies a FHIRPath Patch (a Parameters resource) to a copy of `resource`; the input is never
 * mutated. Throws `OperationOutcomeError`: 400 for a malformed patch, 422 when it cannot be applied.
 */
export function applyFhirPathPatch(resource: Resource, parameters: unknown): Resource {
  const operations = parseFhirPathPatch(parameters);
  const document = structuredClone(resource) as JsonObject;
  for (const operation of operations) applyOperation(document, operation);
  return keepServerManaged(resource, document);
}

function applyOperation(document: JsonObject, op: FhirPathPatchOperation): void {
  try {
    switch (op.type) {
      case 'add':
        return add(document, op);
      case 'insert':
        return insert(document, op);
      case 'delete':
        return remove(document, op);
      case 'replace':
        return replace(document, op);
      case 'move':
        return move(document, op);
      default: {
        const unreachable: never = op;
        throw new PatchFailure(`unsupported operation ${JSON.stringify(unreachable)}`);
      }
    }
  } catch (error) {
    if (!(error instanceof PatchFailure)) throw error;
    const where = `Parameters.parameter[${op.position}]`;
    throw new OperationOutcomeError(422, issue('error', 'processing', `${where} (${op.type} ${op.path}): ${error.message}`, [where]));
  }
}

type Op<T extends FhirPathPatchOperation['type']> = Extract<FhirPathPatchOperation, { type: T }>;

function add(document: JsonObject, op: Op<'add'>): void {
  const target = exactlyOne(select(document, op.path), 'add');
  const element = resolveTarget(target.path, op.name, op.value);
  const holder = childContainer(target, true);
  if (!holder) throw new PatchFailure('the path selects a value that cannot hold elements');
  if (holder.inPrimitiveSibling && element.key !== 'id' && element.key !== 'extension') {
    throw new PatchFailure(`the path selects a primitive, which can only be given an id or extension, not '${op.name}'`);
  }
  const { container } = holder;
  const item = materialise(op.value, element.childTypePath);
  if (element.repeating ?? Array.isArray(container[element.key])) {
    writeList(container, element.key, [...readList(container, element.key), item]);
    return;
  }
  const keys = target.path ? choiceKeys(target.path, element.key) : [element.key];
  const taken = keys.find((key) => container[key] !== undefined);
  if (taken) throw new PatchFailure(`'${taken}' already has a value and does not repeat; use replace`);
  writeSingle(container, element.key, { value: item.value, ext: item.ext ?? container[`_${element.key}`] ?? null });
}

function insert(document: JsonObject, op: Op<'insert'>): void {
  const list = selectList(document, op.path, true);
  const element = resolveTarget(list.ownerPath, list.name, op.value);
  if (element.repeating === false) throw new PatchFailure(`'${list.name}' is not a repeating element`);
  const items = readList(list.container, list.key);
  if (op.index < 0 || op.index > items.length) {
    throw new PatchFailure(`index ${op.index} is out of range: the list has ${items.length} element(s), so index must be 0..${items.length}`);
  }
  items.splice(op.index, 0, materialise(op.value, element.childTypePath));
  writeList(list.container, list.key, items);
}

function remove(document: JsonObject, op: Op<'delete'>): void {
  const nodes = select(document, op.path);
  if (nodes.length === 0) return; // R4 fhirpatch.html: delete "Path of the element to delete (if found)"
  if (nodes.length > 1) throw new PatchFailure(`the path matched ${nodes.length} elements; only a single element can be deleted`);
  const [node] = nodes as [PathNode];
  if (!node.parentResNode) throw new PatchFailure('the resource itself cannot be deleted by a patch');
  removeNode(node);
}

function replace(document: JsonObject, op: Op<'replace'>): void {
  const node = exactlyOne(select(document, op.path), 'replace');
  if (!node.parentResNode) throw new PatchFailure('the resource itself cannot be replaced by a patch; use update');
  const loc = locate(node);
  // A typed value may switch a choice element's type (valueQuantity → valueString); a value built
  // from parts keeps the type the element has.
  const name = op.value.kind === 'typed' && loc.owner.path ? (node.propName ?? loc.key) : loc.key;
  const element = resolveTarget(loc.owner.path, name, op.value);
  const item = materialise(op.value, element.childTypePath);
  if (loc.index !== null) {
    const items = readList(loc.container, loc.key);
    items[loc.index] = item;
    writeList(loc.container, loc.key, items);
    return;
  }
  if (element.key !== loc.key) writeSingle(loc.container, loc.key, { value: null, ext: null });
  writeSingle(loc.container, element.key, item);
}

function move(document: JsonObject, op: Op<'move'>): void {
  const list = selectList(document, op.path, false);
  const items = list ? readList(list.container, list.key) : [];
  for (const [label, index] of [['source', op.source], ['destination', op.destination]] as const) {
    if (index < 0 || index >= items.length) {
      throw new PatchFailure(`${label} ${index} is out of range: the list has ${items.length} element(s)`);
    }
  }
  const [moved] = items.splice(op.source, 1);
  if (!list || !moved) return;
  items.splice(op.destination, 0, moved);
  writeList(list.container, list.key, items);
}

/** Evaluates a patch path; only nodes of the resource (not computed values) are acceptable. */
function select(document: JsonObject, path: string): PathNode[] {
  let result: unknown[];
  try {
    result = fhirpath.evaluate(document, path, undefined, r4, {
      resolveInternalTypes: false,
      userInvocationTable: containedResolver(document),
    });
  } catch (error) {
    if (error instanceof PatchFailure) throw error;
    throw new PatchFailure(`the path could not be evaluated: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!result.every(isPathNode)) throw new PatchFailure('the path must select elements of the resource, not computed values');
  return result;
}

function exactlyOne(nodes: PathNode[], type: string): PathNode {
  const [node] = nodes;
  if (!node) throw new PatchFailure(`the path matched no element; ${type} needs exactly one`);
  if (nodes.length > 1) throw new PatchFailure(`the path matched ${nodes.length} elements; ${type} needs exactly one`);
  return node;
}

interface SelectedList {
  container: JsonObject;
  key: string;
  /** Type path of the list's owner, for the model lookup of the list element. */
  ownerPath: string | null;
  name: string;
}

/**
 * The one list a path selects (insert, move). A path matching nothing may still name an empty
 * list whose owner exists (`Patient.identifier` on a Patient without identifiers).
 */
function selectList(document: JsonObject, path: string, create: true): SelectedList;
function selectList(document: JsonObject, path: string, create: false): SelectedList | undefined;
function selectList(document: JsonObject, path: string, create: boolean): SelectedList | undefined {
  const nodes = select(document, path);
  const [first] = nodes;
  if (first) {
    if (nodes.some((n) => n.index === null)) throw new PatchFailure('the path does not select a list (a repeating element)');
    const loc = locate(first);
    for (const node of nodes.slice(1)) {
      const other = locate(node);
      if (other.container !== loc.container || other.key !== loc.key) throw new PatchFailure('the path selects elements of more than one list');
    }
    return { container: loc.container, key: loc.key, ownerPath: loc.owner.path, name: first.propName ?? loc.key };
  }
  const step = /^(.+)\.([A-Za-z][A-Za-z0-9_]*)$/.exec(path);
  const owners = step?.[1] ? select(document, step[1]) : [];
  const [owner] = owners;
  if (!step?.[2] || !owner || owners.length > 1) throw new PatchFailure('the path matched no list');
  const holder = childContainer(owner, create);
  if (!holder) return undefined;
  return { container: holder.container, key: step[2], ownerPath: owner.path, name: step[2] };
}

interface ResolvedTarget {
  key: string;
  /** Undefined when the model does not know the owner's type: the JSON decides. */
  repeating: boolean | undefined;
  childTypePath: string | undefined;
}

/** Resolves element `name` on an owner of `typePath` for `value`, as a PatchFailure when it cannot. */
function resolveTarget(typePath: string | null, name: string, value: PatchValue): ResolvedTarget {
  const valueType = value.kind === 'typed' ? value.typeSuffix : undefined;
  const resolved = typePath ? resolveElement(typePath, name, valueType) : undefined;
  if (!resolved) return { key: name, repeating: undefined, childTypePath: undefined };
  if (!('problem' in resolved)) return resolved;
  const owner = typePath ?? 'the element';
  switch (resolved.problem) {
    case 'unknown-element':
      throw new PatchFailure(`${owner} has no element '${name}'`);
    case 'choice-needs-type':
      throw new PatchFailure(`'${name}' is a choice element: give the value as value[x] (one of ${resolved.choices.join(', ')}) or name its type (e.g. ${name}${resolved.choices[0] ?? ''})`);
    case 'choice-type-not-allowed':
      throw new PatchFailure(`value${valueType ?? ''} is not allowed for '${name}' (allowed: ${resolved.choices.join(', ')})`);
    default: {
      const unreachable: never = resolved;
      throw new PatchFailure(`unexpected element problem ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The JSON for a patch value. Copies, so the Parameters body never aliases the result. */
function materialise(value: PatchValue, childTypePath: string | undefined): Item {
  switch (value.kind) {
    case 'typed':
      return { value: structuredClone(value.json), ext: value.ext === null ? null : structuredClone(value.ext) };
    case 'resource':
      return { value: structuredClone(value.json), ext: null };
    case 'parts':
      return { value: buildFromParts(value.parts, childTypePath), ext: null };
    default: {
      const unreachable: never = value;
      throw new PatchFailure(`unexpected value ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * A complex value from parts (R4 fhirpatch.html, anonymous types such as Patient.contact): each
 * part is an element; repeating elements become arrays (even with one part), choice elements take
 * their type from the part's value[x].
 */
function buildFromParts(parts: PatchPart[], typePath: string | undefined): JsonObject {
  const built: JsonObject = {};
  for (const part of parts) {
    const element = resolveTarget(typePath ?? null, part.name, part.value);
    const item = materialise(part.value, element.childTypePath);
    const present = built[element.key] !== undefined;
    if (element.repeating === true || (element.repeating === undefined && present)) {
      writeList(built, element.key, [...readList(built, element.key), item]);
    } else if (present) {
      throw new PatchFailure(`'${part.name}' does not repeat but was given more than once`);
    } else {
      writeSingle(built, element.key, item);
    }
  }
  return built;
}

/**
 * `resolve()` for patch paths: only local references (`#id`) to contained resources
 * (R4 fhirpatch.html: "resolve() SHALL only be used to refer to contained resource within the
 * resource being patched").
 */
function containedResolver(document: JsonObject) {
  return {
    resolve: {
      fn: (inputs: unknown[]) => inputs.map((input) => resolveContained(document, input)),
      arity: { 0: [] },
      internalStructures: true,
    },
  };
}

function resolveContained(document: JsonObject, input: unknown): PathNode {
  const reference = isPathNode(input) && isJsonObject(input.data) ? input.data.reference : undefined;
  if (typeof reference !== 'string' || !reference.startsWith('#') || reference.length === 1) {
    throw new PatchFailure('resolve() may only refer to resources contained in the patched resource');
  }
  const contained = (fhirpath.evaluate(document, 'contained', undefined, r4, { resolveInternalTypes: false }) as unknown[]).filter(isPathNode);
  const found = contained.find((node) => isJsonObject(node.data) && node.data.id === reference.slice(1));
  if (!found) throw new PatchFailure(`no contained resource '${reference}'`);
  return found;
}
