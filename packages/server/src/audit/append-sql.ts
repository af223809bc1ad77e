/**
 * Appending to a practice's audit chain in SQL (migrations/0007): lock (or create) the chain's
 * head, then insert every new row and move the head in ONE statement. Works for the application
 * role under row-level security (its own practice's chain) and for the owner (practice 0).
 *
 * The append statement moves the head only if it is still where the caller last saw it
 * (`seq` and `hash`), and inserts rows only if it did: a writer that already knows the head
 * (AuditLog caches it) appends in a single autocommit statement, and a writer whose head is stale
 * inserts nothing and learns so from the count, then locks the head and tries again. Rows are
 * never written without the head moving with them.
 */
import { randomUUID } from 'node:crypto';
import type { Sql } from '../db/database';
import { auditEventJson } from './audit-event';
import { GENESIS, rowHash, type AuditKey } from './chain';
import type { AuditRecord } from './record';

/** An audit event serialised once, before it has a place in the chain. */
export interface PreparedEvent {
  record: AuditRecord;
  id: string;
  json: string;
}

/** Where a chain ends: its last seq (0 when empty) and that row's hash (GENESIS when empty). */
export interface ChainHead {
  seq: number;
  hash: Buffer;
}

export interface ChainedRow extends PreparedEvent {
  seq: number;
  hash: Buffer;
}

export function prepareEvents(records: readonly AuditRecord[]): PreparedEvent[] {
  return records.map((record) => {
    const id = randomUUID();
    return { record, id, json: auditEventJson(record, id) };
  });
}

/** The rows `events` become when appended after `head`, and the new head. */
export function chainAfter(key: AuditKey, head: ChainHead, events: readonly PreparedEvent[]): { rows: ChainedRow[]; head: ChainHead } {
  let hash = head.hash;
  let seq = head.seq;
  const rows = events.map((e) => {
    seq++;
    hash = rowHash(key, hash, seq, e.json);
    return { ...e, seq, hash };
  });
  return { rows, head: { seq, hash } };
}

/** Locks the chain's head for the rest of the transaction, creating it (empty) when missing. */
export async function lockHead(tx: Sql, practiceId: number): Promise<ChainHead> {
  // ON CONFLICT DO UPDATE takes the row lock and returns the row, in one round trip.
  const r = await tx.query<{ seq: number | string; hash: Uint8Array }>(
    `INSERT INTO audit_head AS h (practice_id, seq, hash) VALUES ($1, 0, $2)
     ON CONFLICT (practice_id) DO UPDATE SET seq = h.seq RETURNING seq, hash`,
    [practiceId, GENESIS],
    'audit-lock-head',
  );
  const row = r.rows[0]!;
  return { seq: Number(row.seq), hash: Buffer.from(row.hash) };
}

const APPEND = `WITH head AS (
  UPDATE audit_head SET seq = $4, hash = $5
  WHERE practice_id = $1 AND seq = $2 AND hash = $3
  RETURNING practice_id
), ins AS (
  INSERT INTO audit_event (practice_id, seq, id, recorded, agent, agent_kind, agent_role, client_id, action, subtype, outcome, patient_ids, json, hash)
  SELECT head.practice_id, r.seq, r.id, r.recorded, r.agent, r.agent_kind, r.agent_role, r.client_id, r.action, r.subtype, r.outcome,
         r.patient_ids, r.json, decode(r.hash, 'hex')
  FROM head, json_to_recordset($6::json) AS r(seq bigint, id text, recorded timestamptz, agent text, agent_kind text, agent_role text,
       client_id text, action text, subtype text, outcome text, patient_ids text[], json text, hash text)
  RETURNING 1
)
SELECT count(*)::int AS n, pg_current_xact_id_if_assigned()::text AS xid FROM ins`;

/**
 * Inserts `rows` (chained after `from`) and moves the head to `to`, if the head is still at
 * `from`. Returns how many rows went in (all or none) and the transaction's id.
 */
export async function appendRows(sql: Sql, practiceId: number, from: ChainHead, rows: readonly ChainedRow[], to: ChainHead): Promise<{ inserted: number; xid: string | null }> {
  const payload = rows.map((row) => {
    const { record: r } = row;
    return {
      seq: row.seq,
      id: row.id,
      recorded: r.recorded.toISOString(),
      agent: r.agent.sub,
      agent_kind: r.agent.kind,
      agent_role: r.agent.role ?? null,
      client_id: r.agent.clientId ?? null,
      action: r.action,
      subtype: r.subtype,
      outcome: r.outcome,
      patient_ids: r.patientIds,
      json: row.json,
      hash: row.hash.toString('hex'),
    };
  });
  const r = await sql.query<{ n: number; xid: string | null }>(APPEND, [practiceId, from.seq, from.hash, to.seq, to.hash, JSON.stringify(payload)], 'audit-append');
  return { inserted: Number(r.rows[0]?.n ?? 0), xid: r.rows[0]?.xid ?? null };
}

/** Appends under the head's lock (inside the caller's transaction); returns the new head. */
export async function appendLocked(tx: Sql, key: AuditKey, practiceId: number, events: readonly PreparedEvent[]): Promise<{ head: ChainHead; xid: string | null }> {
  const from = await lockHead(tx, practiceId);
  const { rows, head } = chainAfter(key, from, events);
  const { inserted, xid } = await appendRows(tx, practiceId, from, rows, head);
  // The head is locked: nothing else can have moved it.
  if (inserted !== rows.length) throw new Error('The audit chain head moved while locked');
  return { head, xid };
}
