/**
 * Mapping FHIRPath results back to the JSON that holds them, and editing that JSON the way FHIR's
 * JSON format requires (R4 json.html#primitive): a primitive's id/extensions live in a `_name`
 * sibling, and for repeating primitives `name` and `_name` are parallel arrays padded with null.
 * Every edit here keeps the two in step, and no edit leaves an empty object or array behind
 * (R4 json.html: "objects are never empty").
 */

import { choiceKeysForBase } from './element-model';

export type JsonObject = Record<string, unknown>;

/**
 * The part of a `fhirpath` ResourceNode (returned with `resolveInternalTypes: false`) that says
 * where a value sits: its parent node, the property it was read from and its array index.
 */
export interface PathNode {
  data: unknown;
  _data: unknown;
  parentResNode: PathNode | null;
  /** Element name as written in FHIRPath: `value` for `valueQuantity`. */
  propName: string | null;
  index: number | null;
  /** Type path of the node: `HumanName`, `Patient.contact`, `date`. */
  path: string | null;
}

/** One element as stored: the JSON value and, for primitives, its `_` sibling (id/extensions). */
export interface Item {
  value: unknown;
  ext: unknown;
}

/** Where a node sits: `container[key]` or `container[key][index]`. */
export interface Location {
  container: JsonObject;
  key: string;
  index: number | null;
  /** The node owning `container`. */
  owner: PathNode;
  /** True when `container` is a primitive's `_` sibling rather than a complex value. */
  inPrimitiveSibling: boolean;
}

export function isJsonObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True for values fhirpath returns as nodes of the resource (not computed values). */
export function isPathNode(value: unknown): value is PathNode {
  return typeof value === 'object' && value !== null && 'parentResNode' in value && 'propName' in value && 'data' in value;
}

/**
 * The object holding `node`'s children: the value itself for complex types, the `_` sibling for a
 * primitive. With `create`, a missing `_` sibling is made (to add an extension to a primitive).
 */
export function childContainer(node: PathNode, create: boolean): { container: JsonObject; inPrimitiveSibling: boolean } | undefined {
  if (isJsonObject(node.data)) return { container: node.data, inPrimitiveSibling: false };
  if (isJsonObject(node._data)) return { container: node._data, inPrimitiveSibling: true };
  if (!create || !node.parentResNode) return undefined;
  const loc = locate(node);
  const sibling: JsonObject = {};
  if (loc.index === null) {
    loc.container[`_${loc.key}`] = sibling;
  } else {
    const items = readList(loc.container, loc.key);
    const item = items[loc.index];
    if (item) item.ext = sibling;
    writeList(loc.container, loc.key, items);
  }
  node._data = sibling;
  return { container: sibling, inPrimitiveSibling: true };
}

/** Locates a non-root node. Throws on the root (callers reject the root with a 422 first). */
export function locate(node: PathNode): Location {
  const owner = node.parentResNode;
  if (!owner || node.propName === null) throw new Error('The resource root has no location');
  const holder = childContainer(owner, false);
  if (!holder) throw new Error(`No JSON container for ${node.propName}`);
  return {
    container: holder.container,
    key: keyOf(holder.container, node.propName, owner.path),
    index: node.index,
    owner,
    inPrimitiveSibling: holder.inPrimitiveSibling,
  };
}

/** The JSON key of element `name`: `name` itself, or the `name[x]` key a choice element uses. */
function keyOf(container: JsonObject, name: string, ownerPath: string | null): string {
  const present = (key: string) => Object.hasOwn(container, key) || Object.hasOwn(container, `_${key}`);
  if (present(name)) return name;
  const choices = ownerPath ? choiceKeysForBase(ownerPath, name) : undefined;
  const found = choices?.find(present);
  if (!found) throw new Error(`No JSON key for element ${name}`);
  return found;
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A repeating element as items, zipping `key` with its `_key` sibling. */
export function readList(container: JsonObject, key: string): Item[] {
  const values = asArray(container[key]);
  const exts = asArray(container[`_${key}`]);
  return Array.from({ length: Math.max(values.length, exts.length) }, (_, i) => ({
    value: values[i] ?? null,
    ext: exts[i] ?? null,
  }));
}

/** Writes items back, dropping items with neither value nor extension and empty arrays. */
export function writeList(container: JsonObject, key: string, items: Item[]): void {
  const kept = items.filter((item) => item.value !== null || item.ext !== null);
  const extKey = `_${key}`;
  if (kept.some((item) => item.value !== null)) container[key] = kept.map((item) => item.value);
  else delete container[key];
  if (kept.some((item) => item.ext !== null)) container[extKey] = kept.map((item) => item.ext);
  else delete container[extKey];
}

/** Sets a single (non-repeating) element, replacing its `_` sibling with the item's own. */
export function writeSingle(container: JsonObject, key: string, item: Item): void {
  if (item.value !== null) container[key] = item.value;
  else delete container[key];
  if (item.ext !== null) container[`_${key}`] = item.ext;
  else delete container[`_${key}`];
}

/**
 * Deletes the element at `node`, including a primitive's `_` sibling, then removes any object the
 * deletion left empty, up to (never including) the resource itself.
 */
export function removeNode(node: PathNode): void {
  const loc = locate(node);
  if (loc.index === null) {
    writeSingle(loc.container, loc.key, { value: null, ext: null });
  } else {
    const items = readList(loc.container, loc.key);
    items.splice(loc.index, 1);
    writeList(loc.container, loc.key, items);
  }
  if (Object.keys(loc.container).length > 0 || !loc.owner.parentResNode) return;
  if (!loc.inPrimitiveSibling) {
    removeNode(loc.owner);
    return;
  }
  // The primitive lost its last extension: drop its `_` sibling, keep its value.
  const ownerLoc = locate(loc.owner);
  if (ownerLoc.index === null) {
    delete ownerLoc.container[`_${ownerLoc.key}`];
  } else {
    const items = readList(ownerLoc.container, ownerLoc.key);
    const item = items[ownerLoc.index];
    if (item) item.ext = null;
    writeList(ownerLoc.container, ownerLoc.key, items);
  }
}
