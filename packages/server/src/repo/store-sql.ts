/**
 * The SQL of the record store: each write is one statement (resource row + history row +
 * contained resources + index rows via CTEs), so a write is atomic even outside an explicit
 * transaction and costs one round trip.
 */
import type { IndexRows } from '@openpractice/fhir';
import type { Sql } from '../db/database';
import { indexDeleteCtes, indexInsertCtes, indexParams } from './index-sql';

/** ISO-8601 UTC with milliseconds, identical on PostgreSQL and PGlite. */
export const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A version of a resource as stored. */
export interface StoredVersion {
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: string;
  deleted: boolean;
  /** The resource JSON exactly as stored (null for a delete). */
  json: string | null;
  /** The current row's id, when the query that found it had it. */
  rid?: number;
  /** For a contained resource found with `_containedType=contained`: the resource holding it. */
  containedIn?: { resourceType: string; id: string };
}

/** The current row of a resource, locked for update. */
export interface CurrentRow {
  rid: number;
  versionId: number;
  deleted: boolean;
}

export interface WriteRow {
  practiceId: number;
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  json: string | null;
  index: IndexRows | null;
}

const WRITE_PARAMS = 8; // $1 practice … $7 method, $8 rid (update only)

/** Insert of a resource that has no row yet: resource + history + index, one statement. */
const INSERT_SQL = `WITH ${[
  `r AS (INSERT INTO resource (practice_id, resource_type, id, version_id, last_updated, deleted, content)
         VALUES ($1, $2, $3, $4, $5, $6::text IS NULL, $6)
         ON CONFLICT ON CONSTRAINT resource_identity DO NOTHING RETURNING rid)`,
  `h AS (INSERT INTO resource_history (practice_id, resource_type, id, version_id, last_updated, method, content)
         SELECT $1, $2, $3, $4, $5, $7, $6 FROM r)`,
  ...indexInsertCtes('r', WRITE_PARAMS + 1),
].join(',\n')} SELECT rid FROM r WHERE $8::bigint IS NULL`; // $8 (the update's rid) is unused here

/** A new version of an existing row: update + history + replace the index, one statement. */
const UPDATE_SQL = `WITH ${[
  `r AS (UPDATE resource SET version_id = $4, last_updated = $5, deleted = $6::text IS NULL, content = $6
         WHERE rid = $8 AND practice_id = $1 RETURNING rid)`,
  `h AS (INSERT INTO resource_history (practice_id, resource_type, id, version_id, last_updated, method, content)
         VALUES ($1, $2, $3, $4, $5, $7, $6))`,
  ...indexDeleteCtes('$8'),
  ...indexInsertCtes('r', WRITE_PARAMS + 1),
].join(',\n')} SELECT rid FROM r`;

function writeParams(w: WriteRow, rid: number | null): unknown[] {
  return [w.practiceId, w.resourceType, w.id, w.versionId, w.lastUpdated, w.json, w.method, rid, ...indexParams(w.index)];
}

/**
 * Inserts a resource that has no row yet. Returns its row id, or undefined when a row with that id
 * appeared concurrently (ON CONFLICT: nothing is written; the caller retries as an update).
 */
export async function insertResource(sql: Sql, w: WriteRow): Promise<number | undefined> {
  const res = await sql.query<{ rid: number }>(INSERT_SQL, writeParams(w, null), 'op_insert_resource');
  const row = res.rows[0];
  return row ? Number(row.rid) : undefined;
}

/** Writes a new version of an existing resource row (update, patch, delete or revive). */
export async function updateResource(sql: Sql, rid: number, w: WriteRow): Promise<void> {
  await sql.query(UPDATE_SQL, writeParams(w, rid), 'op_update_resource');
}

/** Locks and returns the current row, or undefined when the resource never existed. */
export async function lockCurrent(sql: Sql, practiceId: number, type: string, id: string): Promise<CurrentRow | undefined> {
  const res = await sql.query<{ rid: number; version_id: number; deleted: boolean }>(
    `SELECT rid, version_id, deleted FROM resource
     WHERE practice_id = $1 AND resource_type = $2 AND id = $3 FOR UPDATE`,
    [practiceId, type, id],
    'op_lock_current',
  );
  const row = res.rows[0];
  return row && { rid: Number(row.rid), versionId: Number(row.version_id), deleted: Boolean(row.deleted) };
}

const VERSION_COLUMNS = `resource_type, id, version_id, ${ISO('last_updated')} AS last_updated, content`;

interface VersionRow {
  resource_type: string;
  id: string;
  version_id: number;
  last_updated: string;
  content: string | null;
  deleted?: boolean;
  container_type?: string | null;
  container_id?: string | null;
}

export function toStored(r: VersionRow): StoredVersion {
  const stored: StoredVersion = {
    resourceType: r.resource_type,
    id: r.id,
    versionId: Number(r.version_id),
    lastUpdated: r.last_updated,
    deleted: r.content === null,
    json: r.content,
  };
  if (r.container_type && r.container_id) stored.containedIn = { resourceType: r.container_type, id: r.container_id };
  return stored;
}

/** The current version, or undefined when the resource never existed here. */
export async function selectCurrent(sql: Sql, practiceId: number, type: string, id: string): Promise<StoredVersion | undefined> {
  const res = await sql.query<VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM resource WHERE practice_id = $1 AND resource_type = $2 AND id = $3`,
    [practiceId, type, id],
    'op_select_current',
  );
  return res.rows[0] && toStored(res.rows[0]);
}

/** The row id of a resource's current row (the key its search index rows carry). */
export async function currentRid(sql: Sql, practiceId: number, type: string, id: string): Promise<number | undefined> {
  const res = await sql.query<{ rid: number }>(`SELECT rid FROM resource WHERE practice_id = $1 AND resource_type = $2 AND id = $3`, [practiceId, type, id], 'op_current_rid');
  return res.rows[0] ? Number(res.rows[0].rid) : undefined;
}

/** One version from history, or undefined. */
export async function selectVersion(
  sql: Sql,
  practiceId: number,
  type: string,
  id: string,
  versionId: number,
): Promise<StoredVersion | undefined> {
  const res = await sql.query<VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM resource_history
     WHERE practice_id = $1 AND resource_type = $2 AND id = $3 AND version_id = $4`,
    [practiceId, type, id, versionId],
    'op_select_version',
  );
  return res.rows[0] && toStored(res.rows[0]);
}

/** Current versions by (type, id) pairs, for resolving references and includes. */
export async function selectMany(sql: Sql, practiceId: number, rids: readonly number[]): Promise<StoredVersion[]> {
  if (rids.length === 0) return [];
  const res = await sql.query<VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM resource WHERE practice_id = $1 AND rid = ANY($2::bigint[]) ORDER BY rid`,
    [practiceId, rids],
  );
  return res.rows.map(toStored);
}
