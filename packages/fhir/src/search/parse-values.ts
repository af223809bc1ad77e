/**
 * Parsing one search value by parameter type and modifier (search.html "Search Parameter Types",
 * "Escaping Search Parameters", "Prefixes"). Bad values throw OperationOutcomeError 400 naming
 * the parameter in `expression`.
 */
import { fail } from '../outcome';
import { dateRange, decimalRange, normaliseString } from './search-values';
import type { SearchParamType } from './search-parameters';

/** search.html#prefix: comparison prefixes for number, date and quantity values. */
export const SEARCH_PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'] as const;
export type SearchPrefix = (typeof SEARCH_PREFIXES)[number];

export interface NumberSearchValue {
  kind: 'number';
  prefix: SearchPrefix;
  /** The number and the range its precision implies (search.html#number). */
  value: number;
  low: number;
  high: number;
}

export interface DateSearchValue {
  kind: 'date';
  prefix: SearchPrefix;
  /** The inclusive instant range the value covers at its precision (ISO 8601 UTC, ms). */
  low: string;
  high: string;
}

export interface QuantitySearchValue {
  kind: 'quantity';
  prefix: SearchPrefix;
  value: number;
  low: number;
  high: number;
  /** `5.4|http://unitsofmeasure.org|mg`: system and code; null when not given. */
  system: string | null;
  code: string | null;
}

export interface StringSearchValue {
  kind: 'string';
  /** As given (unescaped). */
  value: string;
  /** Lower-cased, diacritics removed: compare with the index. */
  normalised: string;
}

/**
 * `code` → any system (`anySystem`); `|code` → no system; `sys|code`; `sys|` → any code in sys
 * (code null).
 */
export interface TokenSearchValue {
  kind: 'token';
  system: string | null;
  code: string | null;
  anySystem: boolean;
}

/** token `:text`: matched against display/text (normalised like strings). */
export interface TextSearchValue {
  kind: 'text';
  value: string;
  normalised: string;
}

/**
 * `_text` / `_content` (search.html#text): a full-text query — words (stemmed), "quoted
 * phrases", `or`, and `-word` to exclude — with accents and case folded like the indexed text.
 */
export interface FullTextSearchValue {
  kind: 'fulltext';
  value: string;
  normalised: string;
}

/** token `:of-type`: Identifier.type system|code and Identifier.value. */
export interface OfTypeSearchValue {
  kind: 'of-type';
  system: string | null;
  code: string;
  value: string;
}

export interface ReferenceSearchValue {
  kind: 'reference';
  /** From `Type/id`, the `:Type` modifier, or the parameter's only target; null when unknown. */
  targetType: string | null;
  targetId: string | null;
  /** An absolute URL or canonical (without `|version`). */
  url: string | null;
  /**
   * `Type/id/_history/v` or `canonical|v`. Versioned canonicals are indexed both as written and
   * without the version, so match `url` alone when null, else the index url `${url}|${version}`.
   */
  version: string | null;
}

export interface UriSearchValue {
  kind: 'uri';
  value: string;
}

export interface MissingSearchValue {
  kind: 'missing';
  missing: boolean;
}

export interface CompositeSearchValue {
  kind: 'composite';
  /** The `$`-separated component values, unescaped. */
  components: string[];
  /** Each component parsed by its own parameter's type (when the components are known). */
  parts: SearchValue[];
}

export interface SpecialSearchValue {
  kind: 'special';
  value: string;
}

export type SearchValue =
  | NumberSearchValue
  | DateSearchValue
  | QuantitySearchValue
  | StringSearchValue
  | TokenSearchValue
  | TextSearchValue
  | FullTextSearchValue
  | OfTypeSearchValue
  | ReferenceSearchValue
  | UriSearchValue
  | MissingSearchValue
  | CompositeSearchValue
  | SpecialSearchValue;

/** Splits on `separator` where it is not escaped with `\` (search.html#escaping); keeps escapes. */
export function splitUnescaped(text: string, separator: ',' | '|' | '$'): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Removes the search escapes `\,` `\|` `\$` `\\`; other backslashes are kept as written. */
export function unescapeValue(text: string): string {
  return text.includes('\\') ? text.replace(/\\([,|$\\])/g, '$1') : text;
}

function splitPrefix(raw: string): [SearchPrefix, string] {
  const p = raw.slice(0, 2);
  return (SEARCH_PREFIXES as readonly string[]).includes(p) ? [p as SearchPrefix, raw.slice(2)] : ['eq', raw];
}

const RELATIVE_REFERENCE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/([A-Za-z0-9\-.]{1,64}))?$/;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** What a value parser needs to know about the parameter. */
export interface ValueContext {
  /** The parameter name as written, for error messages and OperationOutcome.issue.expression. */
  name: string;
  type: SearchParamType;
  modifier: string | null;
  /** For reference values: the `:Type` modifier, else the parameter's only target type. */
  defaultTargetType: string | null;
  /** For composite values: the components' parameter types, in order. */
  components?: readonly SearchParamType[];
  /** `_text` / `_content`: the value is a full-text query. */
  fullText?: boolean;
}

function bad(ctx: ValueContext, what: string, raw: string, expected?: string): never {
  const hint = expected ? `: expected ${expected}` : '';
  throw fail.badRequest(`Invalid ${what} "${raw}" for search parameter "${ctx.name}"${hint}`, [ctx.name]);
}

function parseNumber(ctx: ValueContext, raw: string): NumberSearchValue {
  const [prefix, rest] = splitPrefix(raw);
  const r = decimalRange(rest);
  if (!r) bad(ctx, 'number', raw);
  return { kind: 'number', prefix, ...r };
}

function parseDate(ctx: ValueContext, raw: string): DateSearchValue {
  const [prefix, rest] = splitPrefix(raw);
  const r = dateRange(rest);
  if (!r) bad(ctx, 'date', raw, 'a FHIR date or dateTime such as 1980, 1980-12-31 or 1980-12-31T09:30:00Z');
  return { kind: 'date', prefix, ...r };
}

function parseQuantity(ctx: ValueContext, raw: string): QuantitySearchValue {
  const parts = splitUnescaped(raw, '|');
  if (parts.length !== 1 && parts.length !== 3) bad(ctx, 'quantity', raw, 'number or number|system|code');
  const [num = '', system = '', code = ''] = parts;
  const [prefix, rest] = splitPrefix(num);
  const r = decimalRange(rest);
  if (!r) bad(ctx, 'quantity', raw);
  return { kind: 'quantity', prefix, ...r, system: system ? unescapeValue(system) : null, code: code ? unescapeValue(code) : null };
}

function parseToken(ctx: ValueContext, raw: string): TokenSearchValue {
  const parts = splitUnescaped(raw, '|');
  if (parts.length === 1) return { kind: 'token', system: null, code: unescapeValue(raw), anySystem: true };
  if (parts.length !== 2 || raw === '|') bad(ctx, 'token', raw, 'code, system|code, |code or system|');
  const [system = '', code = ''] = parts;
  return { kind: 'token', system: system ? unescapeValue(system) : null, code: code ? unescapeValue(code) : null, anySystem: false };
}

function parseOfType(ctx: ValueContext, raw: string): OfTypeSearchValue {
  const parts = splitUnescaped(raw, '|');
  const [system = '', code = '', value = ''] = parts;
  if (parts.length !== 3 || !code || !value) bad(ctx, ':of-type value', raw, 'system|code|value');
  return { kind: 'of-type', system: system ? unescapeValue(system) : null, code: unescapeValue(code), value: unescapeValue(value) };
}

function parseReference(ctx: ValueContext, raw: string): ReferenceSearchValue {
  const value = unescapeValue(raw);
  const rel = RELATIVE_REFERENCE.exec(value);
  if (rel) return { kind: 'reference', targetType: rel[1] ?? null, targetId: rel[2] ?? null, url: null, version: rel[3] ?? null };
  if (value.includes('://') || value.startsWith('urn:')) {
    // A canonical may carry its version after `|` (search.html#versions).
    const bar = splitUnescaped(raw, '|');
    const version = bar.length === 2 && bar[1] ? unescapeValue(bar[1]) : null;
    return { kind: 'reference', targetType: null, targetId: null, url: version ? unescapeValue(bar[0] ?? '') : value, version };
  }
  if (ID.test(value)) return { kind: 'reference', targetType: ctx.defaultTargetType, targetId: value, url: null, version: null };
  return bad(ctx, 'reference', raw, 'id, Type/id or an absolute URL');
}

/** `code$value` (search.html#composite): each part parsed by its component's type. */
function parseComposite(ctx: ValueContext, raw: string): CompositeSearchValue {
  const rawParts = splitUnescaped(raw, '$');
  const types = ctx.components ?? [];
  if (types.length > 0 && rawParts.length !== types.length) bad(ctx, 'composite value', raw, `${types.length} values separated by $`);
  const parts = types.map((type, k) => {
    const part = rawParts[k] ?? '';
    if (part === '') bad(ctx, 'composite value', raw, `${types.length} non-empty values separated by $`);
    return parseSearchValue({ name: ctx.name, type, modifier: null, defaultTargetType: null }, part);
  });
  return { kind: 'composite', components: rawParts.map(unescapeValue), parts };
}

/** Parses one value (one OR-alternative) of a parameter. */
export function parseSearchValue(ctx: ValueContext, raw: string): SearchValue {
  if (ctx.modifier === 'missing') {
    if (raw !== 'true' && raw !== 'false') bad(ctx, ':missing value', raw, 'true or false');
    return { kind: 'missing', missing: raw === 'true' };
  }
  switch (ctx.type) {
    case 'number':
      return parseNumber(ctx, raw);
    case 'date':
      return parseDate(ctx, raw);
    case 'quantity':
      return parseQuantity(ctx, raw);
    case 'string': {
      const value = unescapeValue(raw);
      return { kind: ctx.fullText ? 'fulltext' : 'string', value, normalised: normaliseString(value) };
    }
    case 'token':
      if (ctx.modifier === 'text') {
        const value = unescapeValue(raw);
        return { kind: 'text', value, normalised: normaliseString(value) };
      }
      if (ctx.modifier === 'of-type') return parseOfType(ctx, raw);
      if (ctx.modifier === 'in' || ctx.modifier === 'not-in') return { kind: 'uri', value: unescapeValue(raw) };
      return parseToken(ctx, raw);
    case 'reference':
      return ctx.modifier === 'identifier' ? parseToken(ctx, raw) : parseReference(ctx, raw);
    case 'uri':
      return { kind: 'uri', value: unescapeValue(raw) };
    case 'composite':
      return parseComposite(ctx, raw);
    case 'special':
      return { kind: 'special', value: unescapeValue(raw) };
    default: {
      const never: never = ctx.type;
      throw new Error(`Unknown search parameter type ${String(never)}`);
    }
  }
}
