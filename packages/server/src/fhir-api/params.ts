/** Shared parsing of the non-search parameters (`_count`, instants for `_since`/`_at`). */
import { fail } from '@openpractice/fhir';

/** Largest page a client may ask for. */
export const MAX_COUNT = 1000;

export function parseCount(raw: string | null, dflt: number): number {
  if (raw === null) return dflt;
  if (!/^\d{1,7}$/.test(raw)) throw fail.badRequest(`_count must be a non-negative integer (got ${JSON.stringify(raw.slice(0, 20))})`, ['_count']);
  return Math.min(Number(raw), MAX_COUNT);
}

const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * A FHIR date/dateTime/instant as the inclusive instant range its precision covers
 * (`2024` → the whole year). Times without a zone are read as UTC. Malformed values are 400.
 */
export function parseInstantParam(name: string, raw: string): { low: string; high: string } {
  const m = DATE_RE.exec(raw);
  if (!m) throw fail.badRequest(`${name} must be a FHIR date or dateTime like 2024-05-01T10:00:00Z (got ${JSON.stringify(raw.slice(0, 40))})`, [name]);
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  const year = Number(y);
  const month = mo ? Number(mo) : undefined;
  const day = d ? Number(d) : undefined;
  if ((month !== undefined && (month < 1 || month > 12)) || (day !== undefined && (day < 1 || day > new Date(Date.UTC(year, month!, 0)).getUTCDate()))) {
    throw fail.badRequest(`${name} is not a real date: ${raw}`, [name]);
  }
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59))) {
    throw fail.badRequest(`${name} is not a real time: ${raw}`, [name]);
  }
  const offsetMs = !tz || tz === 'Z' ? 0 : (tz[0] === '-' ? -1 : 1) * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6))) * 60_000;
  let low: number;
  let high: number;
  if (month === undefined) {
    low = Date.UTC(year, 0, 1);
    high = Date.UTC(year + 1, 0, 1) - 1;
  } else if (day === undefined) {
    low = Date.UTC(year, month - 1, 1);
    high = Date.UTC(year, month, 1) - 1;
  } else if (h === undefined) {
    low = Date.UTC(year, month - 1, day);
    high = low + 86_400_000 - 1;
  } else {
    const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
    low = Date.UTC(year, month - 1, day, Number(h), Number(mi), s ? Number(s) : 0, ms) - offsetMs;
    high = low + (s === undefined ? 59_999 : frac ? 0 : 999);
  }
  return { low: new Date(low).toISOString(), high: new Date(high).toISOString() };
}
