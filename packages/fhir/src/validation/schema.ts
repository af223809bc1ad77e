/**
 * Compiles the official R4 StructureDefinition snapshots into lookup tables the validator walks:
 * one `TypeSchema` per complex type, resource and backbone element, keyed by JSON property name
 * (choice elements expanded to `valueQuantity`, `valueString`, …; FHIR json.html#choice).
 * Built lazily, once per type, and cached for the life of the process.
 */
import { getStructureDefinitions, isResourceType, type ElementDefinition, type StructureDefinition } from '../definitions';
import { getPrimitiveTypes, type PrimitiveType } from './primitives';
import { getProfileConstraints, toInvariants, type Invariant } from './invariants';

const FHIR_TYPE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';

/** One element of a type, as declared in the snapshot. */
export interface ElementSchema {
  /** ElementDefinition.path, e.g. `Patient.contact` or `Observation.value[x]`. */
  readonly path: string;
  /** JSON name without the choice suffix: `contact`, `value`. */
  readonly name: string;
  readonly min: number;
  /** Infinity for `*`. */
  readonly max: number;
  /** JSON array or single value (json.html#arrays: arrays when the base max is not 1). */
  readonly isArray: boolean;
  readonly isChoice: boolean;
  /** Canonical URL (without version) of a required binding on a code/Coding/CodeableConcept. */
  readonly requiredValueSet: string | undefined;
  /** The element's own invariants, other than the ones implemented natively. */
  readonly invariants: readonly Invariant[];
}

/** How one JSON property's value is typed. */
export type PropertyType =
  | { readonly kind: 'primitive'; readonly code: string; readonly primitive: PrimitiveType; readonly extensible: boolean }
  | { readonly kind: 'complex'; readonly code: string; readonly schema: () => TypeSchema; readonly profileInvariants: readonly Invariant[] }
  | { readonly kind: 'resource'; readonly code: string };

/** A JSON property name resolved to its element and type. */
export interface Property {
  readonly jsonName: string;
  readonly element: ElementSchema;
  readonly type: PropertyType;
  /** Invariants evaluated at each value of this property: element's, type's and profile's. */
  readonly nodeInvariants: () => readonly Invariant[];
}

export interface TypeSchema {
  /** Type name (`HumanName`, `Patient`) or backbone path (`Patient.contact`). */
  readonly name: string;
  readonly isResource: boolean;
  readonly properties: ReadonlyMap<string, Property>;
  /** Lower-cased JSON name → JSON name, to suggest the right case for a near miss. */
  readonly lowerCaseNames: ReadonlyMap<string, string>;
  readonly required: readonly ElementSchema[];
  readonly choices: readonly ElementSchema[];
  /** Invariants declared on the type's root (or backbone) element. */
  readonly invariants: readonly Invariant[];
}

const typeSchemas = new Map<string, TypeSchema>();

/** The compiled schema of a complex type or resource; throws for unknown or primitive types. */
export function getTypeSchema(type: string): TypeSchema {
  let schema = typeSchemas.get(type);
  if (!schema) {
    const sd = getStructureDefinitions().get(type);
    if (!sd?.snapshot || sd.kind === 'primitive-type') throw new Error(`No complex R4 type ${type}`);
    schema = compileStructureDefinition(sd);
    typeSchemas.set(type, schema);
  }
  return schema;
}

/** Compiles every backbone element of one SD; returns the root's schema. */
function compileStructureDefinition(sd: StructureDefinition): TypeSchema {
  const elements = sd.snapshot?.element ?? [];
  const byPath = new Map<string, ElementDefinition>();
  const children = new Map<string, ElementDefinition[]>();
  for (const e of elements) {
    byPath.set(e.path, e);
    const dot = e.path.lastIndexOf('.');
    if (dot < 0) continue;
    const parent = e.path.slice(0, dot);
    let list = children.get(parent);
    if (!list) children.set(parent, (list = []));
    list.push(e);
  }
  const backbones = new Map<string, TypeSchema>();
  const isResource = sd.kind === 'resource';

  const backbone = (path: string): TypeSchema => {
    let schema = backbones.get(path);
    if (!schema) {
      const def = byPath.get(path);
      if (!def) throw new Error(`No element ${path} in ${sd.type}`);
      // Datatype roots are evaluated with the type name as FHIRPath base; resource roots with none.
      const base = path === sd.type ? (isResource ? undefined : sd.type) : path;
      schema = buildSchema(path, path === sd.type && isResource, children.get(path) ?? [], toInvariants(def.constraint, base), resolveType);
      backbones.set(path, schema);
    }
    return schema;
  };

  const resolveType = (def: ElementDefinition, code: string): (() => TypeSchema) | undefined => {
    if (def.contentReference) {
      const target = def.contentReference.slice(def.contentReference.indexOf('#') + 1);
      return () => backbone(target);
    }
    if ((code === 'BackboneElement' || code === 'Element') && children.has(def.path)) return () => backbone(def.path);
    return undefined;
  };

  return backbone(sd.type);
}

type ResolveInline = (def: ElementDefinition, code: string) => (() => TypeSchema) | undefined;

function buildSchema(
  name: string,
  isResource: boolean,
  defs: readonly ElementDefinition[],
  invariants: readonly Invariant[],
  resolveInline: ResolveInline,
): TypeSchema {
  const properties = new Map<string, Property>();
  const required: ElementSchema[] = [];
  const choices: ElementSchema[] = [];
  for (const def of defs) {
    const isChoice = def.path.endsWith('[x]');
    const last = def.path.slice(def.path.lastIndexOf('.') + 1);
    const baseName = isChoice ? last.slice(0, -3) : last;
    const max = def.max === '*' ? Infinity : Number(def.max ?? '1');
    const baseMax = def.base?.max ?? def.max ?? '1';
    const codes = def.contentReference ? ['BackboneElement'] : (def.type ?? []).map((t) => t.code);
    const element: ElementSchema = {
      path: def.path,
      name: baseName,
      min: def.min ?? 0,
      max,
      isArray: baseMax !== '1' && baseMax !== '0',
      isChoice,
      requiredValueSet: requiredValueSet(def, codes),
      // A choice element's own invariants are evaluated with each concrete type as base.
      invariants: isChoice ? [] : toInvariants(def.constraint, def.path),
    };
    if (element.min > 0) required.push(element);
    if (isChoice) choices.push(element);
    for (const [i, code] of codes.entries()) {
      const jsonName = isChoice ? baseName + code.charAt(0).toUpperCase() + code.slice(1) : baseName;
      const type = propertyType(def, code, i, resolveInline);
      const ownInvariants = isChoice ? toInvariants(def.constraint, code) : element.invariants;
      properties.set(jsonName, { jsonName, element, type, nodeInvariants: lazyNodeInvariants(ownInvariants, type) });
    }
  }
  const lowerCaseNames = new Map([...properties.keys()].map((k) => [k.toLowerCase(), k]));
  return { name, isResource, properties, lowerCaseNames, required, choices, invariants };
}

function requiredValueSet(def: ElementDefinition, codes: readonly string[]): string | undefined {
  if (def.binding?.strength !== 'required' || !def.binding.valueSet) return undefined;
  if (!codes.some((c) => c === 'code' || c === 'Coding' || c === 'CodeableConcept')) return undefined;
  return def.binding.valueSet.split('|')[0];
}

function propertyType(def: ElementDefinition, code: string, index: number, resolveInline: ResolveInline): PropertyType {
  const inline = resolveInline(def, code);
  if (inline) return { kind: 'complex', code, schema: inline, profileInvariants: [] };
  const primitives = getPrimitiveTypes();
  // Elements typed with a FHIRPath system type carry their FHIR type in an extension.
  let fhirType = code;
  if (code.startsWith('http://hl7.org/fhirpath/System.')) {
    const ext = def.type?.[index]?.extension as { url: string; valueUrl?: string }[] | undefined;
    fhirType = ext?.find((e) => e.url === FHIR_TYPE_EXTENSION)?.valueUrl ?? 'string';
  }
  const basePath = def.base?.path ?? def.path;
  // Resource.id is an `id` (resource.html#id), though the snapshot types it as a System.String.
  if (basePath === 'Resource.id') fhirType = 'id';
  const primitive = primitives.get(fhirType);
  if (primitive) {
    // Element.id and Extension.url are XML attributes: no `_x` sibling (json.html#primitive);
    // nor can xhtml carry extensions in JSON.
    const extensible = basePath !== 'Element.id' && basePath !== 'Extension.url' && fhirType !== 'xhtml';
    return { kind: 'primitive', code: fhirType, primitive, extensible };
  }
  if (code === 'Resource' || isResourceType(code)) return { kind: 'resource', code };
  const profiles = def.type?.[index]?.profile ?? [];
  return {
    kind: 'complex',
    code,
    schema: () => getTypeSchema(code),
    profileInvariants: profiles.flatMap((p) => getProfileConstraints(p)),
  };
}

function lazyNodeInvariants(own: readonly Invariant[], type: PropertyType): () => readonly Invariant[] {
  let merged: readonly Invariant[] | undefined;
  return () => {
    if (!merged) {
      const all = type.kind === 'complex' ? [...own, ...type.schema().invariants, ...type.profileInvariants] : [...own];
      const seen = new Set<string>();
      merged = all.filter((inv) => !seen.has(inv.key) && seen.add(inv.key));
    }
    return merged;
  };
}
