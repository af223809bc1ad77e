/**
 * Parsing a FHIR search request (search.html) into a structure the server can plan from:
 * parameters with modifiers, chains and typed values (comma = OR, repetition = AND), reverse
 * chains (`_has`), the result-control parameters, and what was not understood. Resolution of
 * chains and includes is the server's job; this only checks names against the registry.
 */
import { fail } from '../outcome';
import { getResourceTypes } from '../definitions';
import {
  FULL_TEXT_CODES,
  getDefaultSearchParameterRegistry,
  type SearchParameterDefinition,
  type SearchParameterRegistry,
  type SearchParamType,
} from './search-parameters';
import { parseSearchValue, splitUnescaped, type SearchValue } from './parse-values';
import { parseResultParameter, RESULT_PARAMETERS, type SearchResultControl } from './parse-result';

/** One further link of a chain (`subject.name`: the `name` link). */
export interface ChainLink {
  code: string;
  /** The parameter type of `code` on the candidate resource types. */
  type: SearchParamType;
  /** A modifier on this link (only the last link may have one, e.g. `subject.name:exact`). */
  modifier: string | null;
  /** `:Type` on this link (a reference narrowed to one target type). */
  targetType: string | null;
  /** The resource types this link is evaluated on (the previous link's targets having `code`). */
  resourceTypes: string[];
}

export interface ParsedParameter {
  /** The name as written, e.g. `subject:Patient.name:exact`. */
  name: string;
  code: string;
  /** The type of `code` on the searched resource type. */
  type: SearchParamType;
  definition: SearchParameterDefinition;
  /** `exact`, `missing`, `not`, … (a resource type modifier is `targetType` instead). */
  modifier: string | null;
  /** R4 `:[type]` on a reference parameter, e.g. `subject:Patient`. */
  targetType: string | null;
  /** Further links when chained (empty otherwise); values apply to the last link. */
  chain: ChainLink[];
  /** Alternatives (comma-separated, OR). Repeating the parameter gives another entry (AND). */
  values: SearchValue[];
}

/** `_has:Observation:patient:code=x` — Patients referenced by an Observation's `patient` with code x. */
export interface ParsedReverseChain {
  name: string;
  /** The referencing resource type (Observation). */
  resourceType: string;
  /** Its reference parameter pointing back at the searched type (patient). */
  referenceCode: string;
  /** Exactly one of these: the criterion on the referencing type, or a nested `_has`. */
  parameter: ParsedParameter | null;
  has: ParsedReverseChain | null;
}

export interface ParsedSearch {
  resourceType: string;
  /** AND-ed criteria. */
  parameters: ParsedParameter[];
  has: ParsedReverseChain[];
  control: SearchResultControl;
  /** Not understood; the server decides whether that is an error (handling=strict) or ignored. */
  unknown: { name: string; reason: string }[];
}

/** search.html#modifiers: the modifiers R4 defines per parameter type (`:missing` for all). */
const MODIFIERS: Readonly<Record<SearchParamType, ReadonlySet<string>>> = {
  string: new Set(['missing', 'exact', 'contains']),
  token: new Set(['missing', 'text', 'not', 'above', 'below', 'in', 'not-in', 'of-type']),
  reference: new Set(['missing', 'identifier']),
  uri: new Set(['missing', 'above', 'below']),
  number: new Set(['missing']),
  date: new Set(['missing']),
  quantity: new Set(['missing']),
  composite: new Set(['missing']),
  special: new Set(['missing']),
};

/** Recognised but not supported yet: reported as unknown with this reason. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  _query: 'named queries (_query) are not supported',
  _filter: '_filter is not supported',
  _list: '_list is not supported',
  _type: '_type applies to system-level search only',
};

class Unknown extends Error {}

/** The link of a chain being parsed. */
interface LinkState {
  type: SearchParamType;
  modifier: string | null;
  targetType: string | null;
  targets: readonly string[];
}

export interface ParseSearchOptions {
  /** The parameters to parse against (default: the official R4 registry). */
  registry?: SearchParameterRegistry;
}

function splitLink(link: string): { code: string; modifier: string | null } {
  const at = link.indexOf(':');
  return at < 0 ? { code: link, modifier: null } : { code: link.slice(0, at), modifier: link.slice(at + 1) };
}

/** The parameter `name` (possibly chained) of `resourceType` with its raw value, parsed. */
function parseParameter(registry: SearchParameterRegistry, resourceType: string, name: string, raw: string): ParsedParameter {
  const [first = '', ...rest] = name.split('.');
  const head = splitLink(first);
  const definition = registry.tryGetSearchParameter(resourceType, head.code);
  if (!definition) throw new Unknown(`Unknown search parameter "${head.code}" for ${resourceType}`);

  const param: ParsedParameter = {
    name,
    code: head.code,
    type: definition.type,
    definition,
    modifier: null,
    targetType: null,
    chain: [],
    values: [],
  };
  // The link whose modifier and type govern the values: the last one.
  let last: LinkState = { type: definition.type, modifier: null, targetType: null, targets: definition.target ?? [] };
  let lastDefinition = definition;
  let lastCode = head.code;
  applyModifier(last, head.modifier, name);
  param.modifier = last.modifier;
  param.targetType = last.targetType;

  let candidates = last.targetType ? [last.targetType] : [...last.targets];
  for (const linkText of rest) {
    if (last.type !== 'reference') throw new Unknown(`Cannot chain through "${name}": only reference parameters chain`);
    if (last.modifier !== null) throw new Unknown(`Modifier ":${last.modifier}" cannot be used before a chain in "${name}"`);
    const link = splitLink(linkText);
    const found = candidates
      .map((t) => ({ t, def: registry.tryGetSearchParameter(t, link.code) }))
      .filter((x): x is { t: string; def: SearchParameterDefinition } => x.def !== undefined);
    if (found.length === 0) throw new Unknown(`Chained parameter "${link.code}" is not defined on ${candidates.join(', ') || 'any target'}`);
    const types = new Set(found.map((x) => x.def.type));
    if (types.size > 1) throw new Unknown(`Chained parameter "${link.code}" has different types on ${found.map((x) => x.t).join(', ')}`);
    const targets = [...new Set(found.flatMap((x) => x.def.target ?? []))];
    last = { type: found[0]?.def.type ?? 'special', modifier: null, targetType: null, targets };
    lastDefinition = found[0]?.def ?? lastDefinition;
    lastCode = link.code;
    applyModifier(last, link.modifier, name);
    param.chain.push({ code: link.code, type: last.type, modifier: last.modifier, targetType: last.targetType, resourceTypes: found.map((x) => x.t) });
    candidates = last.targetType ? [last.targetType] : targets;
  }

  const fullText = FULL_TEXT_CODES.has(lastCode);
  // A full-text query is not a string value: :exact and :contains mean nothing for it.
  if (fullText && last.modifier !== null && last.modifier !== 'missing') {
    throw new Unknown(`Modifier ":${last.modifier}" is not supported on ${lastCode}`);
  }
  const ctx = {
    name,
    type: last.type,
    modifier: last.modifier,
    defaultTargetType: last.targetType ?? (last.targets.length === 1 ? (last.targets[0] ?? null) : null),
    ...(last.type === 'composite' ? { components: componentTypes(registry, lastDefinition, name) } : {}),
    ...(fullText ? { fullText } : {}),
  };
  for (const alternative of splitUnescaped(raw, ',')) {
    if (alternative !== '') param.values.push(parseSearchValue(ctx, alternative));
  }
  return param;
}

/** The parameter types of a composite's components (SearchParameter.component.definition). */
function componentTypes(registry: SearchParameterRegistry, def: SearchParameterDefinition, name: string): SearchParamType[] {
  const types = (def.component ?? []).map((c) => registry.tryGetByUrl(c.definition)?.type);
  if (types.length === 0 || types.some((t) => t === undefined || t === 'composite' || t === 'special')) {
    throw new Unknown(`Composite parameter "${name}" has components that are not known search parameters`);
  }
  return types as SearchParamType[];
}

/** Validates `modifier` for the link's type; a resource type on a reference becomes targetType. */
function applyModifier(link: LinkState, modifier: string | null, name: string): void {
  link.modifier = null;
  if (modifier === null) return;
  if (link.type === 'reference' && /^[A-Z]/.test(modifier)) {
    if (!getResourceTypes().has(modifier)) throw new Unknown(`Unknown resource type ":${modifier}" in "${name}"`);
    if (link.targets.length > 0 && !link.targets.includes(modifier) && !link.targets.includes('Resource')) {
      throw new Unknown(`"${name}": ${modifier} is not a target of this parameter`);
    }
    link.targetType = modifier;
    return;
  }
  if (!MODIFIERS[link.type].has(modifier)) throw new Unknown(`Unknown modifier ":${modifier}" for ${link.type} parameter in "${name}"`);
  link.modifier = modifier;
}

/** `_has:Type:ref:rest` (search.html#has), recursively. */
function parseHas(registry: SearchParameterRegistry, resourceType: string, name: string, raw: string): ParsedReverseChain {
  const [, type = '', referenceCode = '', ...rest] = name.split(':');
  const next = rest.join(':');
  if (!type || !referenceCode || !next) throw new Unknown(`Malformed _has "${name}": expected _has:Type:reference:parameter`);
  if (!getResourceTypes().has(type)) throw new Unknown(`Unknown resource type "${type}" in "${name}"`);
  const ref = registry.tryGetSearchParameter(type, referenceCode);
  if (ref?.type !== 'reference') throw new Unknown(`"${referenceCode}" is not a reference parameter of ${type} in "${name}"`);
  if (ref.target?.length && !ref.target.includes(resourceType) && !ref.target.includes('Resource')) {
    throw new Unknown(`${type}.${referenceCode} does not point at ${resourceType} in "${name}"`);
  }
  const nested = next.startsWith('_has:');
  return {
    name,
    resourceType: type,
    referenceCode,
    parameter: nested ? null : parseParameter(registry, type, next, raw),
    has: nested ? parseHas(registry, type, next, raw) : null,
  };
}

/**
 * Parses the query of a search on `resourceType`. Throws OperationOutcomeError 400 (expression:
 * the parameter name) for malformed values (`birthdate=31/12/1980`, `_count=-1`); unknown
 * parameters and modifiers are returned in `unknown` instead.
 */
export function parseSearchRequest(
  resourceType: string,
  params: URLSearchParams | Iterable<readonly [string, string]>,
  options: ParseSearchOptions = {},
): ParsedSearch {
  const registry = options.registry ?? getDefaultSearchParameterRegistry();
  if (!getResourceTypes().has(resourceType)) throw fail.badRequest(`Unknown resource type ${resourceType}`);
  const result: ParsedSearch = {
    resourceType,
    parameters: [],
    has: [],
    control: { sort: [], include: [], revinclude: [] },
    unknown: [],
  };
  for (const [name, value] of params) {
    // search.html: parameters with an empty value are ignored.
    if (value === '') continue;
    const base = name.split(':')[0] ?? '';
    try {
      if (RESULT_PARAMETERS.has(base)) {
        parseResultParameter(registry, resourceType, name, value, result.control, result.unknown);
      } else if (base === '_has') {
        result.has.push(parseHas(registry, resourceType, name, value));
      } else if (UNSUPPORTED[base]) {
        result.unknown.push({ name, reason: UNSUPPORTED[base] });
      } else {
        const parsed = parseParameter(registry, resourceType, name, value);
        if (parsed.values.length > 0) result.parameters.push(parsed);
      }
    } catch (e) {
      if (!(e instanceof Unknown)) throw e;
      result.unknown.push({ name, reason: e.message });
    }
  }
  return result;
}
