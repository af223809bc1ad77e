/**
 * The validating walk over a resource's JSON, driven by the compiled schemas. Implements the
 * JSON representation rules (FHIR json.html), cardinality, datatypes, required bindings, and
 * invariants; ele-1, ext-1, ref-1 and dom-3 natively (see invariants.ts SKIPPED_CONSTRAINTS).
 *
 * Issue expressions name elements from the root resource type by their JSON property names:
 * `Patient.name[0].given[1]`, `Observation.valueQuantity.unit`, `Bundle.entry[0].resource.gender`;
 * every repeating element is indexed, and a primitive's extension is named as FHIRPath sees it,
 * on the primitive (`Patient.birthDate.extension[0]`, from JSON `_birthDate`).
 */
import { isResourceType } from '../definitions';
import type { IssueCode, IssueSeverity, OutcomeIssue } from '../outcome';
import { holds, type Invariant, type InvariantEnv } from './invariants';
import { checkPrimitive } from './primitives';
import { getTypeSchema, type ElementSchema, type Property, type TypeSchema } from './schema';
import { checkCode, checkCoding, type BindingResult } from './terminology';

type JsonObject = Record<string, unknown>;

interface Scope extends InvariantEnv {
  readonly issues: OutcomeIssue[];
}

function report(scope: Scope, severity: IssueSeverity, code: IssueCode, path: string, diagnostics: string): void {
  scope.issues.push({ severity, code, diagnostics, expression: [path] });
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates `value` as a resource at `path` (empty for the root). `container` is the resource
 * holding it when it is contained (for %rootResource); `expected` is the element's declared
 * resource type (`Resource` for any).
 */
export function walkResource(
  value: unknown,
  path: string,
  issues: OutcomeIssue[],
  container?: JsonObject,
  expected = 'Resource',
): void {
  const at = (name: string): string => (path ? `${path}.${name}` : name);
  if (!isObject(value)) {
    issues.push({ severity: 'error', code: 'structure', diagnostics: 'A resource must be a JSON object', expression: [path || 'Resource'] });
    return;
  }
  const type = value.resourceType;
  if (typeof type !== 'string' || !isResourceType(type)) {
    const diagnostics =
      typeof type === 'string' ? `Unknown resource type "${type.slice(0, 64)}"` : 'A resource must have a string resourceType';
    issues.push({ severity: 'error', code: 'structure', diagnostics, expression: [at(path ? 'resourceType' : 'Resource.resourceType')] });
    return;
  }
  const prefix = path || type;
  if (expected !== 'Resource' && type !== expected) {
    issues.push({ severity: 'error', code: 'structure', diagnostics: `Expected a ${expected} resource here, not ${type}`, expression: [prefix] });
    return;
  }
  const scope: Scope = { issues, resource: value, rootResource: container ?? value };
  const schema = getTypeSchema(type);
  walkObject(value, schema, prefix, scope);
  evaluateInvariants(schema.invariants, value, prefix, scope);
  if (Array.isArray(value.contained)) checkContainedReferenced(value, value.contained, prefix, scope);
}

/** Checks every property of one object against its schema, then required elements and choices. */
function walkObject(obj: JsonObject, schema: TypeSchema, path: string, scope: Scope): void {
  let chosen: Map<ElementSchema, string> | undefined;
  for (const key of Object.keys(obj)) {
    if (key === 'resourceType' && schema.isResource) continue;
    const isExtensionSibling = key.charCodeAt(0) === 95; // '_'
    const name = isExtensionSibling ? key.slice(1) : key;
    const prop = schema.properties.get(name);
    if (!prop || (isExtensionSibling && (prop.type.kind !== 'primitive' || !prop.type.extensible))) {
      unknownElement(schema, key, path, scope);
      continue;
    }
    if (prop.element.isChoice) {
      chosen ??= new Map();
      const other = chosen.get(prop.element);
      if (other === undefined) chosen.set(prop.element, name);
      else if (other !== name) {
        report(scope, 'error', 'structure', `${path}.${name}`, `Only one type is allowed for ${prop.element.name}[x] (also has ${other})`);
      }
    }
    if (prop.type.kind === 'primitive') {
      // Handle the value and its `_x` sibling together, once.
      if (isExtensionSibling && Object.hasOwn(obj, name)) continue;
      walkPrimitive(prop, obj[name], prop.type.extensible ? obj[`_${name}`] : undefined, `${path}.${name}`, scope);
    } else {
      walkValues(prop, obj[key], `${path}.${name}`, scope);
    }
  }
  for (const element of schema.required) {
    const present = element.isChoice
      ? chosen?.has(element) === true
      : obj[element.name] !== undefined || obj[`_${element.name}`] !== undefined;
    if (!present) {
      const label = element.isChoice ? `${element.name}[x]` : element.name;
      report(scope, 'error', 'required', `${path}.${element.name}`, `Missing required element ${label} (min ${element.min})`);
    }
  }
}

function unknownElement(schema: TypeSchema, key: string, path: string, scope: Scope): void {
  const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
  let hint = '';
  const sameName = schema.lowerCaseNames.get(key.toLowerCase());
  if (sameName) hint = ` (did you mean "${sameName}"?)`;
  else {
    const choice = schema.choices.find((c) => key.startsWith(c.name) && key.length > c.name.length);
    if (choice) hint = ` (not an allowed type for ${choice.name}[x])`;
  }
  report(scope, 'error', 'structure', `${path}.${shown}`, `Unknown element "${shown}"${hint}`);
}

/** Array/single shape and nulls for a complex or resource property (json.html#arrays, #null). */
function walkValues(prop: Property, raw: unknown, path: string, scope: Scope): void {
  if (raw === null) {
    report(scope, 'error', 'structure', path, 'null is not allowed (omit the element instead)');
    return;
  }
  if (!prop.element.isArray) {
    if (Array.isArray(raw)) report(scope, 'error', 'structure', path, `Must be a single value, not an array (max ${prop.element.max})`);
    else walkItem(prop, raw, path, scope);
    return;
  }
  if (!Array.isArray(raw)) {
    report(scope, 'error', 'structure', path, 'Must be an array (the element repeats)');
    return;
  }
  if (raw.length === 0) report(scope, 'error', 'structure', path, 'Empty arrays are not allowed');
  if (raw.length > prop.element.max) report(scope, 'error', 'structure', path, `Too many values: ${raw.length} (max ${prop.element.max})`);
  for (let i = 0; i < raw.length; i++) {
    const item: unknown = raw[i];
    if (item === null) report(scope, 'error', 'structure', `${path}[${i}]`, 'null is not allowed in this array');
    else walkItem(prop, item, `${path}[${i}]`, scope);
  }
}

function walkItem(prop: Property, item: unknown, path: string, scope: Scope): void {
  const type = prop.type;
  if (type.kind === 'resource') {
    // DomainResource.contained resources are contained; entry/parameter resources stand alone.
    const contained = prop.element.name === 'contained' && !prop.element.path.includes('.', prop.element.path.indexOf('.') + 1);
    walkResource(item, path, scope.issues, contained ? (scope.rootResource as JsonObject) : undefined, type.code);
    return;
  }
  if (type.kind !== 'complex') return;
  if (!isObject(item)) {
    report(scope, 'error', 'structure', path, `Must be a JSON object (${type.code})`);
    return;
  }
  const schema = type.schema();
  if (!hasChildren(item)) {
    report(scope, 'error', 'structure', path, 'Elements must have children (no empty objects; ele-1)');
    return;
  }
  walkObject(item, schema, path, scope);
  if (type.code === 'Extension') checkExtensionShape(item, path, scope);
  else if (type.code === 'Reference' && typeof item.reference === 'string') checkLocalReference(item.reference, path, scope);
  const valueSet = prop.element.requiredValueSet;
  if (valueSet !== undefined && (type.code === 'Coding' || type.code === 'CodeableConcept')) {
    checkBinding(type.code, item, valueSet, path, scope);
  }
  evaluateInvariants(prop.nodeInvariants(), item, path, scope);
}

/** ele-1: an element needs a value or children other than id. */
function hasChildren(obj: JsonObject): boolean {
  for (const key in obj) if (key !== 'id') return true;
  return false;
}

/** ext-1: `extension.exists() != value.exists()`. */
function checkExtensionShape(ext: JsonObject, path: string, scope: Scope): void {
  const hasExtensions = ext.extension !== undefined;
  const hasValue = Object.keys(ext).some((k) => k.startsWith('value') || k.startsWith('_value'));
  if (hasExtensions === hasValue) {
    report(scope, 'error', 'invariant', path, 'ext-1: Must have either extensions or value[x], not both');
  }
}

/**
 * ref-1, as R5 corrects it: a local reference "#id" must name a resource contained in the root
 * resource, and "#" alone (the container) is allowed only from a contained resource
 * (references.html#contained). The 4.0.1 expression also rejects "#".
 */
function checkLocalReference(reference: string, path: string, scope: Scope): void {
  if (reference.charCodeAt(0) !== 35) return;
  if (reference === '#' ? scope.rootResource !== scope.resource : containedIds(scope.rootResource).has(reference.slice(1))) return;
  report(scope, 'error', 'invariant', path, 'ref-1: SHALL have a contained resource if a local reference is provided');
}

function containedIds(root: unknown): Set<string> {
  const ids = new Set<string>();
  const contained = isObject(root) && Array.isArray(root.contained) ? root.contained : [];
  for (const c of contained) if (isObject(c) && typeof c.id === 'string') ids.add(c.id);
  return ids;
}

/** A primitive property with its optional `_x` sibling (json.html#primitive). */
function walkPrimitive(prop: Property, value: unknown, ext: unknown, path: string, scope: Scope): void {
  const element = prop.element;
  if (!element.isArray) {
    if (Array.isArray(value) || Array.isArray(ext)) {
      report(scope, 'error', 'structure', path, `Must be a single value, not an array (max ${element.max})`);
      return;
    }
    if (value === null || ext === null) {
      report(scope, 'error', 'structure', path, 'null is not allowed (omit the element instead)');
      return;
    }
    walkPrimitiveItem(prop, value, ext, path, scope);
    return;
  }
  if ((value !== undefined && !Array.isArray(value)) || (ext !== undefined && !Array.isArray(ext))) {
    report(scope, 'error', 'structure', path, 'Must be an array (the element repeats)');
    return;
  }
  const values = value as unknown[] | undefined;
  const exts = ext as unknown[] | undefined;
  if (values?.length === 0 || exts?.length === 0) report(scope, 'error', 'structure', path, 'Empty arrays are not allowed');
  if (values && exts && values.length !== exts.length) {
    report(scope, 'error', 'structure', path, `The ${element.name} and _${element.name} arrays must have the same length`);
  }
  const n = Math.max(values?.length ?? 0, exts?.length ?? 0);
  if (n > element.max) report(scope, 'error', 'structure', path, `Too many values: ${n} (max ${element.max})`);
  for (let i = 0; i < n; i++) {
    const v = values?.[i] ?? null;
    const e = exts?.[i] ?? null;
    // Nulls only as placeholders keeping the value and `_x` arrays aligned.
    if (v === null && e === null) report(scope, 'error', 'structure', `${path}[${i}]`, 'null is not allowed here');
    else walkPrimitiveItem(prop, v ?? undefined, e ?? undefined, `${path}[${i}]`, scope);
  }
}

function walkPrimitiveItem(prop: Property, value: unknown, ext: unknown, path: string, scope: Scope): void {
  if (prop.type.kind !== 'primitive') return;
  let valid = false;
  if (value !== undefined) {
    const problem = checkPrimitive(prop.type.primitive, value);
    valid = problem === undefined;
    if (problem) report(scope, 'error', 'value', path, `Value ${problem}`);
    else if (prop.element.requiredValueSet !== undefined && prop.type.code === 'code' && typeof value === 'string') {
      const result = checkCode(prop.element.requiredValueSet, value);
      if (result === 'invalid') report(scope, 'error', 'code-invalid', path, notInValueSet(`"${short(value)}"`, prop.element.requiredValueSet));
    }
  }
  if (ext !== undefined) {
    if (!isObject(ext)) report(scope, 'error', 'structure', path, `_${prop.jsonName} must be a JSON object with id/extension`);
    else if (!hasChildren(ext) && ext.id === undefined) report(scope, 'error', 'structure', path, `_${prop.jsonName} must not be an empty object (json.html; ele-1)`);
    else if (value === undefined && ext.extension === undefined) {
      report(scope, 'error', 'structure', path, 'A primitive needs a value or extensions (ele-1)');
    } else walkObject(ext, getTypeSchema('Element'), path, scope);
  }
  // Invariants on a primitive (txt-1 on Narrative.div, eld-3) only once its format is right.
  if (valid) {
    const invariants = prop.nodeInvariants();
    if (invariants.length) evaluateInvariants(invariants, value, path, scope);
  }
}

function short(code: string): string {
  return code.length > 40 ? `${code.slice(0, 40)}…` : code;
}

function notInValueSet(what: string, valueSet: string): string {
  return `${what} is not in the required value set ${valueSet}`;
}

/** Required bindings on Coding and CodeableConcept (terminologies.html#required). */
function checkBinding(type: 'Coding' | 'CodeableConcept', item: JsonObject, valueSet: string, path: string, scope: Scope): void {
  const codingResult = (c: unknown): BindingResult => {
    if (!isObject(c)) return 'unknown';
    const system = typeof c.system === 'string' ? c.system : undefined;
    const code = typeof c.code === 'string' ? c.code : undefined;
    return checkCoding(valueSet, system, code);
  };
  if (type === 'Coding') {
    if (codingResult(item) === 'invalid') {
      const code = typeof item.code === 'string' ? `"${short(item.code)}"` : 'The coding';
      report(scope, 'error', 'code-invalid', path, notInValueSet(code, valueSet));
    }
    return;
  }
  const codings = Array.isArray(item.coding) ? (item.coding as unknown[]) : [];
  const results = codings.map(codingResult);
  if (results.includes('ok') || results.includes('unknown') || checkCoding(valueSet, undefined, undefined) === 'unknown') return;
  report(scope, 'error', 'code-invalid', path, codings.length ? notInValueSet('None of the codings', valueSet) : notInValueSet('A text-only concept', valueSet));
}

function evaluateInvariants(invariants: readonly Invariant[], node: unknown, path: string, scope: Scope): void {
  for (const inv of invariants) {
    if (!holds(inv, node, scope)) {
      report(scope, inv.severity, 'invariant', path, `${inv.key}: ${inv.human}`);
    }
  }
}

/**
 * dom-3: each contained resource must be referenced from elsewhere in the resource, or itself
 * refer to its container with "#" (references.html#contained).
 */
function checkContainedReferenced(resource: JsonObject, contained: unknown[], path: string, scope: Scope): void {
  const localRefs = new Set<string>();
  collectLocalRefs(resource, localRefs);
  for (let i = 0; i < contained.length; i++) {
    const c = contained[i];
    if (!isObject(c) || typeof c.id !== 'string') continue;
    if (localRefs.has(`#${c.id}`)) continue;
    const back = new Set<string>();
    collectLocalRefs(c, back);
    if (back.has('#')) continue;
    report(scope, 'error', 'invariant', `${path}.contained[${i}]`,
      'dom-3: If the resource is contained in another resource, it SHALL be referred to from elsewhere in the resource or SHALL refer to the containing resource');
  }
}

/** Every string value starting with '#' anywhere below `node` (references, canonicals, uris). */
function collectLocalRefs(node: unknown, into: Set<string>): void {
  if (typeof node === 'string') {
    if (node.charCodeAt(0) === 35) into.add(node);
  } else if (Array.isArray(node)) {
    for (const item of node) collectLocalRefs(item, into);
  } else if (isObject(node)) {
    for (const key in node) collectLocalRefs(node[key], into);
  }
}
