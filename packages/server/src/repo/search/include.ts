/**
 * `_include` and `_revinclude` (search.html#include, #revinclude): resources the page's matches
 * reference, and resources referencing them, found through idx_reference within the caller's
 * practice only, with `:iterate` applied to what was included until nothing new turns up.
 * Every resource appears once: matches are never repeated as includes.
 */
import { getSearchParameters, type IncludeDirective } from '@openpractice/fhir';
import type { Sql } from '../../db/database';
import { ISO, toStored, type StoredVersion } from '../store-sql';

/** A found row: its identity for following references, and the stored version to return. */
export interface FoundRow {
  rid: number;
  resourceType: string;
  id: string;
  stored: StoredVersion;
}

interface Row {
  rid: number;
  resource_type: string;
  id: string;
  version_id: number;
  last_updated: string;
  content: string;
  container_type?: string | null;
  container_id?: string | null;
}

/** The most resources one page may include; past it the result is cut and a warning says so. */
export const MAX_INCLUDED = 1000;
/** `:iterate` stops after this many rounds even if it keeps finding resources. */
const MAX_ROUNDS = 8;

const COLUMNS = `t.rid, t.resource_type, t.id, t.version_id, ${ISO('t.last_updated')} AS last_updated, t.content`;

export function toFound(r: Row): FoundRow {
  return { rid: Number(r.rid), resourceType: r.resource_type, id: r.id, stored: toStored(r) };
}

/** The reference parameters a directive follows (`*`: all of the source type's). */
function codesOf(d: IncludeDirective): string[] {
  if (d.code !== '*') return [d.code];
  return [...getSearchParameters(d.sourceType).values()].filter((p) => p.type === 'reference').map((p) => p.code);
}

/** Resources referenced by `from` (those of the directive's source type) through its parameter(s). */
async function follow(s: Sql, practiceId: number, d: IncludeDirective, from: FoundRow[], limit: number): Promise<FoundRow[]> {
  const rids = from.filter((r) => r.resourceType === d.sourceType).map((r) => r.rid);
  if (rids.length === 0) return [];
  const params: unknown[] = [practiceId, rids, codesOf(d), limit];
  const typed = d.targetType ? ` AND i.target_type = $${params.push(d.targetType)}` : '';
  const res = await s.query<Row>(
    `SELECT ${COLUMNS} FROM resource t WHERE t.practice_id = $1 AND NOT t.deleted AND (t.resource_type, t.id) IN (
       SELECT i.target_type, i.target_id FROM idx_reference i
       WHERE i.practice_id = $1 AND i.rid = ANY($2::bigint[]) AND i.code = ANY($3::text[]) AND i.target_id IS NOT NULL${typed})
     ORDER BY t.rid LIMIT $4`,
    params,
  );
  return res.rows.map(toFound);
}

/** Resources of the directive's source type referencing any of `to` through its parameter(s). */
async function reverse(s: Sql, practiceId: number, d: IncludeDirective, to: FoundRow[], limit: number): Promise<FoundRow[]> {
  const byType = new Map<string, string[]>();
  for (const r of to) {
    if (d.targetType && r.resourceType !== d.targetType) continue;
    byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), r.id]);
  }
  if (byType.size === 0) return [];
  const params: unknown[] = [practiceId, d.sourceType, codesOf(d), limit];
  // One (target_type, target_id = ANY) lookup per type, each on the reverse-reference index.
  const targets = [...byType].map(([type, ids]) => `(i.target_type = $${params.push(type)} AND i.target_id = ANY($${params.push(ids)}::text[]))`);
  const res = await s.query<Row>(
    `SELECT ${COLUMNS} FROM resource t WHERE t.practice_id = $1 AND t.resource_type = $2 AND NOT t.deleted AND t.rid IN (
       SELECT i.rid FROM idx_reference i
       WHERE i.practice_id = $1 AND i.resource_type = $2 AND i.code = ANY($3::text[]) AND (${targets.join(' OR ')}))
     ORDER BY t.rid LIMIT $4`,
    params,
  );
  return res.rows.map(toFound);
}

export interface IncludeResult {
  included: FoundRow[];
  /** True when MAX_INCLUDED cut the result short. */
  truncated: boolean;
}

/**
 * The includes of one page: every directive applied to the matches, then the `:iterate` ones
 * applied again to each round's new resources, until a round adds nothing.
 */
export async function selectIncludes(
  s: Sql,
  practiceId: number,
  matches: FoundRow[],
  include: readonly IncludeDirective[],
  revinclude: readonly IncludeDirective[],
): Promise<IncludeResult> {
  const seen = new Set(matches.map((m) => m.rid));
  const included: FoundRow[] = [];
  let truncated = false;
  let frontier = matches;
  for (let round = 0; round < MAX_ROUNDS && frontier.length > 0 && !truncated; round++) {
    const next: FoundRow[] = [];
    const directives = [
      ...include.filter((d) => round === 0 || d.iterate).map((d) => ({ d, go: follow })),
      ...revinclude.filter((d) => round === 0 || d.iterate).map((d) => ({ d, go: reverse })),
    ];
    for (const { d, go } of directives) {
      const room = MAX_INCLUDED - included.length;
      if (room <= 0) {
        truncated = true;
        break;
      }
      // One more than there is room for tells us whether anything was cut.
      const found = await go(s, practiceId, d, frontier, room + 1 + seen.size);
      for (const f of found) {
        if (seen.has(f.rid)) continue;
        if (included.length >= MAX_INCLUDED) {
          truncated = true;
          break;
        }
        seen.add(f.rid);
        included.push(f);
        next.push(f);
      }
    }
    frontier = next;
  }
  return { included, truncated };
}
