/** Shared parsing of the non-search parameters (`_count`, instants for `_since`/`_at`). */
import { dateRange, fail } from '@openpractice/fhir';
import { MAX_COUNT } from '../repo/search';

export function parseCount(raw: string | null, dflt: number): number {
  if (raw === null) return dflt;
  if (!/^\d{1,7}$/.test(raw)) throw fail.badRequest(`_count must be a non-negative integer (got ${JSON.stringify(raw.slice(0, 20))})`, ['_count']);
  return Math.min(Number(raw), MAX_COUNT);
}

/**
 * A FHIR date/dateTime/instant as the inclusive instant range its precision covers
 * (`2024` → the whole year), by the same rule the search index uses. Malformed values are 400.
 */
export function parseInstantParam(name: string, raw: string): { low: string; high: string } {
  const range = dateRange(raw);
  if (!range) throw fail.badRequest(`${name} must be a FHIR date or dateTime like 2024-05-01T10:00:00Z (got ${JSON.stringify(raw.slice(0, 40))})`, [name]);
  return range;
}
