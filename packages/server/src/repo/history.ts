/**
 * History (FHIR http.html#history) at instance, type and system level, newest first, with
 * `_since`, `_at` and keyset paging that stays stable while new versions are written.
 */
import { fail } from '@openpractice/fhir';
import type { Sql } from '../db/database';
import { ISO, toStored, type StoredVersion } from './store-sql';

export interface HistoryQuery {
  resourceType?: string;
  id?: string;
  /** Only versions updated after this instant (inclusive). */
  since?: string;
  /** Only versions current at some point during [low, high]. */
  at?: { low: string; high: string };
  count: number;
  /** Opaque paging cursor from a previous page's next link. */
  cursor?: string;
}

export interface HistoryVersion extends StoredVersion {
  method: string;
}

interface Cursor {
  t: string; // last_updated
  r: string; // resource type
  i: string; // id
  v: number; // version
}

export function encodeCursor(v: HistoryVersion): string {
  const c: Cursor = { t: v.lastUpdated, r: v.resourceType, i: v.id, v: v.versionId };
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.t !== 'string' || typeof c.r !== 'string' || typeof c.i !== 'string' || typeof c.v !== 'number') throw new Error();
    return c;
  } catch {
    throw fail.badRequest('Invalid _cursor paging token', ['_cursor']);
  }
}

/** Returns up to `count + 1` versions (the extra one tells the caller there is a next page). */
export async function selectHistory(sql: Sql, practiceId: number, q: HistoryQuery): Promise<HistoryVersion[]> {
  const params: unknown[] = [practiceId];
  const where = ['h.practice_id = $1'];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (q.resourceType) where.push(`h.resource_type = ${p(q.resourceType)}`);
  if (q.id) where.push(`h.id = ${p(q.id)}`);
  if (q.since) where.push(`h.last_updated >= ${p(q.since)}::timestamptz`);
  if (q.at) {
    // Current at some point in [low, high] (http.html#history `_at`): a version is current from
    // its own lastUpdated until (not including) the next version's, so it must be written no later
    // than high and not superseded at or before low.
    where.push(`h.last_updated <= ${p(q.at.high)}::timestamptz`);
    where.push(`NOT EXISTS (SELECT 1 FROM resource_history n WHERE n.practice_id = h.practice_id
      AND n.resource_type = h.resource_type AND n.id = h.id AND n.version_id > h.version_id
      AND n.last_updated <= ${p(q.at.low)}::timestamptz)`);
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    where.push(
      `(h.last_updated, h.resource_type, h.id, h.version_id) < (${p(c.t)}::timestamptz, ${p(c.r)}, ${p(c.i)}, ${p(c.v)}::int)`,
    );
  }
  const res = await sql.query<{
    resource_type: string;
    id: string;
    version_id: number;
    last_updated: string;
    content: string | null;
    method: string;
  }>(
    `SELECT h.resource_type, h.id, h.version_id, ${ISO('h.last_updated')} AS last_updated, h.content, h.method
     FROM resource_history h WHERE ${where.join(' AND ')}
     ORDER BY h.last_updated DESC, h.resource_type DESC, h.id DESC, h.version_id DESC
     LIMIT ${p(q.count + 1)}`,
    params,
  );
  return res.rows.map((r) => ({ ...toStored(r), method: r.method }));
}
