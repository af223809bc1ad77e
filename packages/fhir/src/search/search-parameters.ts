/**
 * The search parameters each resource type supports: the official R4 SearchParameters whose
 * `base` names the type, plus the common ones on Resource (search.html#all), each with its
 * FHIRPath expression narrowed to the part that applies to that type. Servers may add custom
 * SearchParameters to their own registry.
 */
import {
  getResourceTypes,
  getSearchParameterDefinitions,
  getStructureDefinition,
  type SearchParameterDefinition,
} from '../definitions';

import { UK_CORE_SEARCH_PARAMETERS } from './uk-core-parameters';

export type { SearchParameterDefinition } from '../definitions';

/** SearchParameter.type values (R4 search-param-type). */
export type SearchParamType = SearchParameterDefinition['type'];

/**
 * Left out of every type: `_query` names a named query rather than a value to match; the parser
 * reports it as unknown. (`_text` and `_content` are kept: they have no expression, and are
 * indexed from the resource's text instead, see full-text.ts.)
 */
const EXCLUDED_CODES: ReadonlySet<string> = new Set(['_query']);

/** The full-text parameters (search.html#text): indexed by full-text.ts, searched with a text query. */
export const FULL_TEXT_CODES: ReadonlySet<string> = new Set(['_text', '_content']);

/**
 * Splits `text` on `separator` where it is not nested inside parentheses, brackets or string
 * literals (FHIRPath union `|` inside `where(...)` or `'a|b'` must not split).
 */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Index of the parenthesis closing the one at `open`, or -1. */
export function matchingParen(text: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Removes parentheses that wrap the whole of `text`: `((A.b))` → `A.b`. */
export function stripWrappingParens(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && matchingParen(t, 0) === t.length - 1) t = t.slice(1, -1).trim();
  return t;
}

/**
 * Narrows an R4 expression to the union members that apply to `resourceType`. R4 shares one
 * SearchParameter across types (`AllergyIntolerance.patient | CarePlan.subject.where(...) | …`);
 * a member applies when its path starts with the type name (possibly inside grouping parentheses,
 * as in `(Observation.value as Quantity)`), with `Resource`/`DomainResource` (rewritten to the
 * type, because FHIRPath engines do not match a concrete resource against its base type name),
 * or is relative (`name | alias` in InsurancePlan-name) on a single-base parameter.
 * Returns undefined when no member applies.
 */
export function narrowExpression(expression: string, resourceType: string, base: readonly string[]): string | undefined {
  const kept: string[] = [];
  for (const raw of splitTopLevel(expression, '|')) {
    const part = raw.trim();
    const inner = stripWrappingParens(part);
    const lead = /^([A-Za-z_][A-Za-z0-9_]*)(.?)/.exec(inner);
    if (!lead) continue;
    const [, ident = '', next = ''] = lead;
    if (ident === resourceType) {
      kept.push(part);
    } else if (ident === 'Resource' || ident === 'DomainResource') {
      const at = part.indexOf(ident);
      kept.push(part.slice(0, at) + resourceType + part.slice(at + ident.length));
    } else if (/^[a-z]/.test(ident) && next !== '(' && base.length === 1 && base[0] === resourceType) {
      kept.push(`${resourceType}.${inner}`);
    }
  }
  return kept.length ? kept.join(' | ') : undefined;
}

function isDomainResource(resourceType: string): boolean {
  return getStructureDefinition(resourceType).baseDefinition === 'http://hl7.org/fhir/StructureDefinition/DomainResource';
}

/**
 * Search parameters by resource type. Build one per server (with any custom parameters); the
 * per-type maps are computed on first use and rebuilt only after `addSearchParameter`.
 */
export class SearchParameterRegistry {
  /** Definitions by base type, then code; later definitions replace earlier ones. */
  readonly #byBase = new Map<string, Map<string, SearchParameterDefinition>>();
  readonly #perType = new Map<string, ReadonlyMap<string, SearchParameterDefinition>>();
  readonly #byUrl = new Map<string, SearchParameterDefinition>();
  readonly #sealed: boolean;

  /**
   * @param definitions the parameters to start from (default: the official R4 ones)
   * @param options.sealed refuse `addSearchParameter` (used for the shared default registry)
   */
  constructor(
    definitions: Iterable<SearchParameterDefinition> = getSearchParameterDefinitions(),
    options: { sealed?: boolean } = {},
  ) {
    for (const def of definitions) this.#put(def);
    this.#sealed = options.sealed ?? false;
  }

  /**
   * Adds (or replaces, by code and base) a SearchParameter, e.g. a custom one the server loads.
   * Throws when it lacks a code, base or type.
   */
  addSearchParameter(def: SearchParameterDefinition): void {
    if (this.#sealed) throw new Error('This SearchParameterRegistry is sealed; create your own to add parameters');
    if (!def.code || !Array.isArray(def.base) || def.base.length === 0 || !def.type) {
      throw new Error(`SearchParameter ${def.url ?? def.id ?? '(no url)'} needs code, base and type`);
    }
    this.#put(def);
    if (def.base.includes('Resource') || def.base.includes('DomainResource')) this.#perType.clear();
    else for (const type of def.base) this.#perType.delete(type);
  }

  #put(def: SearchParameterDefinition): void {
    if (EXCLUDED_CODES.has(def.code)) return;
    if (def.url) this.#byUrl.set(def.url, def);
    for (const type of def.base) {
      let codes = this.#byBase.get(type);
      if (!codes) this.#byBase.set(type, (codes = new Map()));
      codes.set(def.code, def);
    }
  }

  /**
   * The parameters of `resourceType` by code, each a copy of its definition whose `expression`
   * is narrowed to this type (undefined when no part applies, e.g. composite `Observation`).
   * Throws when `resourceType` is not an R4 resource type.
   */
  getSearchParameters(resourceType: string): ReadonlyMap<string, SearchParameterDefinition> {
    let params = this.#perType.get(resourceType);
    if (!params) {
      if (!getResourceTypes().has(resourceType)) throw new Error(`${resourceType} is not an R4 resource type`);
      const merged = new Map<string, SearchParameterDefinition>();
      const bases = ['Resource', ...(isDomainResource(resourceType) ? ['DomainResource'] : []), resourceType];
      for (const base of bases) {
        for (const [code, def] of this.#byBase.get(base) ?? []) {
          const expression = def.expression ? narrowExpression(def.expression, resourceType, def.base) : undefined;
          merged.set(code, { ...def, expression });
        }
      }
      params = merged;
      this.#perType.set(resourceType, params);
    }
    return params;
  }

  /** A parameter by canonical URL (composite components name theirs so), or undefined. */
  tryGetByUrl(url: string): SearchParameterDefinition | undefined {
    return this.#byUrl.get(url);
  }

  /** The parameter `code` of `resourceType`, or undefined. */
  tryGetSearchParameter(resourceType: string, code: string): SearchParameterDefinition | undefined {
    return this.getSearchParameters(resourceType).get(code);
  }
}

let defaultRegistry: SearchParameterRegistry | undefined;

/** The registry of the official R4 parameters and OpenPractice's UK Core ones (shared, built once, sealed). */
export function getDefaultSearchParameterRegistry(): SearchParameterRegistry {
  defaultRegistry ??= new SearchParameterRegistry([...getSearchParameterDefinitions(), ...UK_CORE_SEARCH_PARAMETERS], { sealed: true });
  return defaultRegistry;
}

/** The official R4 search parameters of `resourceType` by code (see SearchParameterRegistry). */
export function getSearchParameters(resourceType: string): ReadonlyMap<string, SearchParameterDefinition> {
  return getDefaultSearchParameterRegistry().getSearchParameters(resourceType);
}
