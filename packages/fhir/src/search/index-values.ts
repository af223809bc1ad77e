/**
 * Turning the values a search expression reaches into index rows, by parameter type and the
 * value's FHIR datatype (search.html, "Search Parameter Types" and their datatype tables).
 */
import { emptyIndexRows, type IndexRows } from './index-rows';
import { dateRange, numberRange, normaliseString, type DecimalRange } from './search-values';
import type { TypedValue } from './fast-path';
import type { SearchParamType } from './search-parameters';

/**
 * Token rows supporting `identifier:of-type` (search.html#token, R4 :of-type) are stored under
 * this code, with system = Identifier.type.coding.system and value = `{type code}|{value}`, so
 * the IndexRows contract needs no extra column. Search `x:of-type=S|C|V` as
 * `code = ofTypeIndexCode(x) AND system = S AND value = 'C|V'`.
 */
export function ofTypeIndexCode(code: string): string {
  return `${code}:of-type`;
}

/**
 * Token rows supporting `subject:identifier` (search.html#reference, R4 :identifier) are stored
 * under this code, from Reference.identifier (system, value).
 */
export function identifierIndexCode(code: string): string {
  return `${code}:identifier`;
}

const QUANTITY_TYPES: ReadonlySet<string> = new Set([
  'Quantity',
  'Age',
  'Duration',
  'Distance',
  'Count',
  'SimpleQuantity',
  'MoneyQuantity',
]);
const URI_TYPES: ReadonlySet<string> = new Set(['uri', 'url', 'canonical', 'oid', 'uuid']);
const RELATIVE_REFERENCE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

type Json = Record<string, unknown>;

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function strings(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x !== '');
  return typeof v === 'string' && v !== '' ? [v] : [];
}

function text(v: unknown): string | null {
  const s = str(v);
  return s === null ? null : normaliseString(s);
}

/**
 * Rows of composite parameters (search.html#composite) are stored under this code for component
 * `k` (0-based, in SearchParameter.component order), with `comp` numbering the element, so a
 * search can require every component to match on the same element.
 */
export function compositeIndexCode(code: string, k: number): string {
  return `${code}$${k}`;
}

/** Collects the rows of one resource, dropping exact duplicates (same name given twice, …). */
export class RowCollector {
  readonly rows: IndexRows = emptyIndexRows();
  readonly #seen = new Set<string>();
  /** The composite element these rows belong to (see compositeIndexCode), or none. */
  readonly #comp: number | undefined;

  constructor(comp?: number) {
    this.#comp = comp;
  }

  #fresh(key: string): boolean {
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    return true;
  }

  /** `row` with this collector's `comp` (plain rows carry none). */
  #tag<T extends object>(row: T): T & { comp?: number } {
    return this.#comp === undefined ? row : { ...row, comp: this.#comp };
  }

  token(code: string, system: string | null, value: string | null, txt: string | null): void {
    if (system === null && value === null && txt === null) return;
    if (this.#fresh(`t\u0000${code}\u0000${system}\u0000${value}\u0000${txt}`)) this.rows.token.push(this.#tag({ code, system, value, text: txt }));
  }

  string(code: string, value: string | null): void {
    if (value === null || value === '') return;
    const v = normaliseString(value);
    // Both forms: `value` for the default and :contains matches, `exact` for :exact.
    if (this.#fresh(`s\u0000${code}\u0000${v}\u0000${value}`)) this.rows.string.push(this.#tag({ code, value: v, exact: value }));
  }

  reference(code: string, targetType: string | null, targetId: string | null, url: string | null): void {
    if (this.#fresh(`r\u0000${code}\u0000${targetType}\u0000${targetId}\u0000${url}`)) {
      this.rows.reference.push(this.#tag({ code, targetType, targetId, url }));
    }
  }

  date(code: string, low: string | null, high: string | null): void {
    if (low === null && high === null) return;
    if (this.#fresh(`d\u0000${code}\u0000${low}\u0000${high}`)) this.rows.date.push(this.#tag({ code, low, high }));
  }

  number(code: string, r: DecimalRange): void {
    if (this.#fresh(`n\u0000${code}\u0000${r.value}\u0000${r.low}\u0000${r.high}`)) this.rows.number.push(this.#tag({ code, ...r }));
  }

  quantity(code: string, r: DecimalRange, system: string | null, unit: string | null): void {
    if (this.#fresh(`q\u0000${code}\u0000${r.value}\u0000${r.low}\u0000${r.high}\u0000${system}\u0000${unit}`)) {
      this.rows.quantity.push(this.#tag({ code, ...r, system, unit }));
    }
  }

  uri(code: string, value: string | null): void {
    if (value !== null && this.#fresh(`u\u0000${code}\u0000${value}`)) this.rows.uri.push(this.#tag({ code, value }));
  }

  /** Appends every row of `other` (a composite element's rows; they never collide with these). */
  append(other: IndexRows): void {
    for (const kind of Object.keys(other) as (keyof IndexRows)[]) (this.rows[kind] as object[]).push(...other[kind]);
  }
}

/** search.html#token: the (system, value, text) of each datatype. */
function addToken(c: RowCollector, code: string, { value, type }: TypedValue): void {
  if (typeof value === 'boolean') return c.token(code, null, String(value), null);
  if (typeof value === 'number') return c.token(code, null, String(value), null);
  if (typeof value === 'string') return c.token(code, null, value === '' ? null : value, null);
  const v = value as Json;
  switch (type) {
    case 'Coding':
      return c.token(code, str(v.system), str(v.code), text(v.display));
    case 'CodeableConcept':
      for (const coding of (Array.isArray(v.coding) ? v.coding : []) as Json[]) {
        c.token(code, str(coding.system), str(coding.code), text(coding.display));
      }
      // CodeableConcept.text is matched by :text only; it gets its own row.
      return c.token(code, null, null, text(v.text));
    case 'Identifier': {
      const idValue = str(v.value);
      const idType = (v.type ?? {}) as Json;
      c.token(code, str(v.system), idValue, text(idType.text));
      if (idValue === null) return;
      for (const t of (Array.isArray(idType.coding) ? idType.coding : []) as Json[]) {
        const tc = str(t.code);
        if (tc !== null) c.token(ofTypeIndexCode(code), str(t.system), `${tc}|${idValue}`, null);
      }
      return;
    }
    case 'ContactPoint':
      // R4 token table: ContactPoint matches on value; its system (phone/email) is not a URI.
      return c.token(code, null, str(v.value), null);
    default:
      return;
  }
}

/** search.html#string: every part of a HumanName or Address is matched separately. */
function addString(c: RowCollector, code: string, { value, type }: TypedValue): void {
  if (typeof value === 'string') return c.string(code, value);
  const v = value as Json;
  switch (type) {
    case 'HumanName':
      for (const k of ['family', 'given', 'prefix', 'suffix', 'text']) for (const s of strings(v[k])) c.string(code, s);
      return;
    case 'Address':
      for (const k of ['line', 'city', 'district', 'state', 'postalCode', 'country', 'text']) {
        for (const s of strings(v[k])) c.string(code, s);
      }
      return;
    case 'CodeableConcept':
      return c.string(code, str(v.text));
    case 'Coding':
      return c.string(code, str(v.display));
    case 'ContactPoint':
    case 'Identifier':
      return c.string(code, str(v.value));
    default:
      return;
  }
}

/** search.html#reference: local `Type/id` (version dropped), otherwise the URL as written. */
function addReference(c: RowCollector, code: string, { value, type }: TypedValue): void {
  if (typeof value === 'string') {
    if (!URI_TYPES.has(type) && type !== 'string') return;
    c.reference(code, null, null, value);
    // A versioned canonical (`url|1.0`) also matches searches for the unversioned URL
    // (search.html#versions); the parser splits the version off the same way.
    const bar = value.lastIndexOf('|');
    if (bar > 0) c.reference(code, null, null, value.slice(0, bar));
    return;
  }
  if (type !== 'Reference') return; // e.g. Bundle.entry[0].resource: a resource, not a reference
  const v = value as Json;
  const ref = str(v.reference);
  if (ref !== null && !ref.startsWith('#')) {
    const m = RELATIVE_REFERENCE.exec(ref);
    if (m) c.reference(code, m[1] ?? null, m[2] ?? null, null);
    else if (ref.includes(':')) c.reference(code, null, null, ref); // absolute URL, urn:uuid:, urn:oid:
  }
  const identifier = v.identifier as Json | undefined;
  if (identifier) c.token(identifierIndexCode(code), str(identifier.system), str(identifier.value), null);
}

/** search.html#date: every date-like value as an inclusive instant range. */
function dateBounds({ value, type }: TypedValue): [string | null, string | null] | undefined {
  if (typeof value === 'string') {
    const r = dateRange(value);
    return r ? [r.low, r.high] : undefined;
  }
  const v = value as Json;
  switch (type) {
    case 'Period': {
      const start = str(v.start);
      const end = str(v.end);
      const s = start === null ? null : dateRange(start);
      const e = end === null ? null : dateRange(end);
      if (s === undefined || e === undefined) return undefined; // malformed bound: index nothing
      return s === null && e === null ? undefined : [s?.low ?? null, e?.high ?? null];
    }
    case 'Timing': {
      // R4: a Timing is indexed by its outer limits (events and repeat.boundsPeriod).
      const bounds = strings(v.event).map((e) => dateBounds({ value: e, type: 'dateTime' }));
      const repeat = v.repeat as Json | undefined;
      if (repeat?.boundsPeriod) bounds.push(dateBounds({ value: repeat.boundsPeriod, type: 'Period' }));
      const ok = bounds.filter((b): b is [string | null, string | null] => b !== undefined);
      if (ok.length === 0) return undefined;
      const lows = ok.map((b) => b[0]);
      const highs = ok.map((b) => b[1]);
      return [
        lows.includes(null) ? null : (lows as string[]).reduce((a, b) => (b < a ? b : a)),
        highs.includes(null) ? null : (highs as string[]).reduce((a, b) => (b > a ? b : a)),
      ];
    }
    default:
      return undefined;
  }
}

/** A Quantity's own range, widened to open ends by its comparator (`<5` covers everything below). */
function quantityRange(q: Json): DecimalRange | undefined {
  if (typeof q.value !== 'number') return undefined;
  const r = numberRange(q.value);
  if (!r) return undefined;
  switch (q.comparator) {
    case '<':
    case '<=':
      return { ...r, low: -Infinity };
    case '>':
    case '>=':
      return { ...r, high: Infinity };
    default:
      return r;
  }
}

/**
 * A Range as one range. An open end is ±Infinity (PostgreSQL numeric accepts 'Infinity' from
 * version 14); `value` is the low value when there is one, else the high.
 */
function rangeRange(v: Json): DecimalRange | undefined {
  const lo = v.low ? quantityRange(v.low as Json) : undefined;
  const hi = v.high ? quantityRange(v.high as Json) : undefined;
  if (!lo && !hi) return undefined;
  return { value: (lo ?? hi)?.value ?? 0, low: lo?.low ?? -Infinity, high: hi?.high ?? Infinity };
}

/** search.html#number: integer/decimal (and numeric strings, e.g. doseNumber), Range, Quantity. */
function addNumber(c: RowCollector, code: string, { value, type }: TypedValue): void {
  let r: DecimalRange | undefined;
  if (typeof value === 'number') r = numberRange(value);
  else if (typeof value === 'string') r = /^[+-]?\d/.test(value) ? numberRange(Number(value)) : undefined;
  else if (type === 'Range') r = rangeRange(value as Json);
  else if (QUANTITY_TYPES.has(type)) r = quantityRange(value as Json);
  if (r) c.number(code, r);
}

/** search.html#quantity: value range, system, and code (or the human unit when no code). */
function addQuantity(c: RowCollector, code: string, { value, type }: TypedValue): void {
  if (typeof value !== 'object' || value === null) return;
  const v = value as Json;
  if (QUANTITY_TYPES.has(type)) {
    const r = quantityRange(v);
    if (r) c.quantity(code, r, str(v.system), str(v.code) ?? str(v.unit));
  } else if (type === 'Money') {
    const r = typeof v.value === 'number' ? numberRange(v.value) : undefined;
    if (r) c.quantity(code, r, 'urn:iso:std:iso:4217', str(v.currency));
  } else if (type === 'Range') {
    const r = rangeRange(v);
    const unitOf = (v.low ?? v.high ?? {}) as Json;
    if (r) c.quantity(code, r, str(unitOf.system), str(unitOf.code) ?? str(unitOf.unit));
  }
  // SampledData (Observation value-quantity) has no single value; not indexed.
}

/** Adds the rows for one value reached by a parameter of type `paramType`. */
export function addValueRows(c: RowCollector, code: string, paramType: SearchParamType, tv: TypedValue): void {
  switch (paramType) {
    case 'token':
      return addToken(c, code, tv);
    case 'string':
      return addString(c, code, tv);
    case 'reference':
      return addReference(c, code, tv);
    case 'date': {
      const b = dateBounds(tv);
      if (b) c.date(code, b[0], b[1]);
      return;
    }
    case 'number':
      return addNumber(c, code, tv);
    case 'quantity':
      return addQuantity(c, code, tv);
    case 'uri':
      if (typeof tv.value === 'string') c.uri(code, tv.value);
      return;
    case 'composite':
    case 'special':
      return;
    default: {
      const never: never = paramType;
      throw new Error(`Unknown search parameter type ${String(never)}`);
    }
  }
}
