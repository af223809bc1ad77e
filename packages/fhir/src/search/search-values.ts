/**
 * Value normalisation shared by index extraction and search parsing, so that what is stored and
 * what is searched for are computed by the same code: string folding, the implied range of a
 * decimal (search.html#number) and the instant range of a partial date (search.html#date).
 */

/** Lower-case with diacritics removed (NFD + strip combining marks): search.html#string. */
export function normaliseString(value: string): string {
  // Fast path: printable ASCII needs no decomposition.
  if (!/[^\x20-\x7e]/.test(value)) return value.toLowerCase();
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** A decimal with the range its precision implies: `100` → [99.5, 100.5). */
export interface DecimalRange {
  value: number;
  low: number;
  high: number;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * The implied range of a decimal literal: half a unit of its last significant digit either side
 * (search.html#number: `100` → [99.5, 100.5), `100.00` → [99.995, 100.005), `1e2` → [50, 150)).
 * R4's own table gives [95, 105) for `1e2`, inconsistent with its stated rule; we follow the rule.
 * Returns undefined when `text` is not a decimal.
 */
export function decimalRange(text: string): DecimalRange | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  // value = digits × 10^-scale; the range is (digits×10 ± 5) × 10^-(scale+1), computed from exact
  // decimal strings so the bounds are the nearest doubles (no 0.24499999999999997).
  const digits = BigInt(`${sign}${int}${frac}`);
  const scale = frac.length - Number(exp);
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  return {
    value,
    low: Number(`${digits * 10n - 5n}e${-(scale + 1)}`),
    high: Number(`${digits * 10n + 5n}e${-(scale + 1)}`),
  };
}

/** The implied range of a number read from JSON (its shortest round-trip representation). */
export function numberRange(value: number): DecimalRange | undefined {
  if (!Number.isFinite(value)) return undefined;
  return decimalRange(String(value));
}

/** An inclusive range of instants, ISO 8601 UTC with millisecond precision. */
export interface InstantRange {
  low: string;
  high: string;
}

// FHIR date / dateTime / instant (datatypes.html), with time optional to the minute and the
// offset optional: search values like `2013-01-14T10:00` are common (search.html#date).
const DATE_TIME =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

function utcMillis(year: number, monthIndex: number, day: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  d.setUTCFullYear(year, monthIndex, day);
  d.setUTCHours(h, mi, s, ms);
  return d.getTime();
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMillis(year, month, 0)).getUTCDate();
}

/**
 * The inclusive instant range a FHIR date/dateTime/instant covers at its own precision:
 * `1980` → 1980-01-01T00:00:00.000Z .. 1980-12-31T23:59:59.999Z. Values with a time but no offset
 * (and all partial dates) are read as UTC — one fixed rule for both indexing and searching, so
 * they always agree. Returns undefined when `text` is not a valid date.
 */
export function dateRange(text: string): InstantRange | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = m[2] === undefined ? undefined : Number(m[2]);
  const day = m[3] === undefined ? undefined : Number(m[3]);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (month !== undefined && day !== undefined && (day < 1 || day > daysInMonth(year, month))) return undefined;

  let low: number;
  let high: number;
  if (month === undefined) {
    low = utcMillis(year, 0, 1);
    high = utcMillis(year + 1, 0, 1) - 1;
  } else if (day === undefined) {
    low = utcMillis(year, month - 1, 1);
    high = utcMillis(year, month, 1) - 1;
  } else if (m[4] === undefined) {
    low = utcMillis(year, month - 1, day);
    high = low + 86_400_000 - 1;
  } else {
    const h = Number(m[4]);
    const mi = Number(m[5]);
    const s = m[6] === undefined ? undefined : Number(m[6]);
    if (h > 23 || mi > 59 || (s !== undefined && s > 59)) return undefined;
    const fraction = m[7];
    const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
    let offset = 0;
    const tz = m[8];
    if (tz !== undefined && tz !== 'Z') {
      const oh = Number(tz.slice(1, 3));
      const om = Number(tz.slice(4, 6));
      if (oh > 14 || om > 59) return undefined;
      offset = (tz[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
    }
    low = utcMillis(year, month - 1, day, h, mi, s ?? 0, ms) - offset;
    const span = s === undefined ? 60_000 : fraction === undefined ? 1000 : fraction.length >= 3 ? 1 : 10 ** (3 - fraction.length);
    high = low + span - 1;
  }
  if (Number.isNaN(low) || Number.isNaN(high)) return undefined;
  return { low: new Date(low).toISOString(), high: new Date(high).toISOString() };
}
