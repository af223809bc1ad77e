/**
 * `openpractice audit verify`: recomputes every practice's audit chain (chain.ts) as the schema
 * owner, page by page in seq order (constant memory, however many rows), and reports what does
 * not hold:
 *
 * - altered: a row's hash does not match its content at its position, nor at any position near
 *   it, while the row before it checks out — so this row was changed (its content, its hash, or
 *   both; or it was moved further than we look). Also: indexed columns (recorded, agent,
 *   patient_ids, …) that disagree with the stored event, which is what the chain protects.
 * - reordered: a row fails at its position but verifies at another one near it (it is genuine,
 *   its seq was changed). Telling this from alteration takes the key: only a genuine row can
 *   verify anywhere. Timestamps cannot: every row whose hash verifies is proven to be where the
 *   server wrote it, and a later seq with an earlier `recorded` is then just a slow request
 *   audited after a quick one. So recorded times only add weight to a failed row's report.
 * - missing: a gap in seq (rows deleted); the row after a gap cannot be checked, since the row
 *   it was chained to is gone ("unverifiable", as is a row following a changed one).
 * - truncated: the head says the chain goes further than its last row (rows cut off the end);
 *   head-mismatch / head-behind: the head disagrees with the last row; head-missing: rows but no
 *   head. Whoever can also rewrite the head can hide a truncation: keep the printed head hashes
 *   somewhere else to compare.
 *
 * Problems carry seqs and words only, never an event's content.
 */
import type { Database, Sql } from '../db/database';
import { SUBTYPE_CODES, type AuditEventResource } from './audit-event';
import { GENESIS, rowHash, type AuditKey } from './chain';
import type { AuditSubtype } from './record';

export type AuditProblemKind = 'altered' | 'reordered' | 'missing' | 'unverifiable' | 'truncated' | 'head-mismatch' | 'head-behind' | 'head-missing';

export interface AuditProblem {
  kind: AuditProblemKind;
  practiceId: number;
  odsCode?: string;
  /** The row (or first row of a range) concerned. */
  seq?: number;
  /** Last row of a range (missing, truncated). */
  toSeq?: number;
  detail: string;
}

export interface ChainReport {
  practiceId: number;
  odsCode?: string;
  rowsChecked: number;
  /** The head as stored (seq and hex hash), to keep as an outside anchor. */
  head?: { seq: number; hash: string };
  problems: number;
}

export interface AuditVerification {
  chains: ChainReport[];
  intact: boolean;
}

export interface VerifyOptions {
  /** Only this practice's chain (default: every chain, the deployment's included). */
  practiceOds?: string;
  /** Rows read per query (default 1000). */
  pageSize?: number;
  /** How far (rows) to look for the right place of a row that fails at its own (default 8). */
  window?: number;
  onProblem?: (p: AuditProblem) => void;
  onChain?: (c: ChainReport) => void;
}

export class UnknownPracticeError extends Error {
  override name = 'UnknownPracticeError';
}

/** Rows of a chain given the full search for their true place; past it, failures are only counted as altered. */
const SEARCHED_FAILURES = 1000;

interface Row {
  seq: number;
  id: string;
  recorded: Date;
  agent: string;
  agent_kind: string;
  agent_role: string | null;
  client_id: string | null;
  action: string;
  subtype: string;
  outcome: string;
  patient_ids: string[];
  json: string;
  hash: Buffer;
}

/** Recomputes the chains and reports every problem (also through the callbacks as found). */
export async function verifyAudit(db: Database, key: AuditKey, options: VerifyOptions = {}): Promise<AuditVerification> {
  const chains = await chainsToVerify(db, options.practiceOds);
  const reports: ChainReport[] = [];
  for (const chain of chains) {
    const report = await verifyChain(db, key, chain, options);
    options.onChain?.(report);
    reports.push(report);
  }
  return { chains: reports, intact: reports.every((r) => r.problems === 0) };
}

async function chainsToVerify(db: Database, ods: string | undefined): Promise<{ practiceId: number; odsCode?: string }[]> {
  return db.withOwner(async (s) => {
    const practices = new Map((await s.query<{ id: number; ods_code: string }>('SELECT id, ods_code FROM practice')).rows.map((p) => [Number(p.id), p.ods_code]));
    if (ods !== undefined) {
      const id = [...practices].find(([, code]) => code === ods)?.[0];
      if (id === undefined) throw new UnknownPracticeError(`No practice ${ods} in this deployment`);
      return [{ practiceId: id, odsCode: ods }];
    }
    // Every chain with rows or a head: a skip scan of the primary key, not a scan of the table.
    const r = await s.query<{ practice_id: number }>(
      `WITH RECURSIVE p AS (
         (SELECT practice_id FROM audit_event ORDER BY practice_id LIMIT 1)
         UNION ALL
         SELECT (SELECT e.practice_id FROM audit_event e WHERE e.practice_id > p.practice_id ORDER BY e.practice_id LIMIT 1) FROM p WHERE p.practice_id IS NOT NULL
       )
       SELECT practice_id FROM p WHERE practice_id IS NOT NULL UNION SELECT practice_id FROM audit_head ORDER BY 1`,
    );
    return r.rows.map((row) => {
      const id = Number(row.practice_id);
      const code = practices.get(id);
      return code === undefined ? { practiceId: id } : { practiceId: id, odsCode: code };
    });
  });
}

async function page(s: Sql, practiceId: number, after: number, size: number): Promise<Row[]> {
  const r = await s.query<Row>(
    `SELECT seq, id, recorded, agent, agent_kind, agent_role, client_id, action, subtype, outcome, patient_ids, json, hash
     FROM audit_event WHERE practice_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [practiceId, after, size],
  );
  return r.rows.map((row) => ({ ...row, seq: Number(row.seq), recorded: new Date(row.recorded), hash: Buffer.from(row.hash) }));
}

async function verifyChain(db: Database, key: AuditKey, chain: { practiceId: number; odsCode?: string }, options: VerifyOptions): Promise<ChainReport> {
  const pageSize = options.pageSize ?? 1000;
  const window = options.window ?? 8;
  const report: ChainReport = { ...chain, rowsChecked: 0, problems: 0 };
  const problem = (p: Omit<AuditProblem, 'practiceId' | 'odsCode'>) => {
    report.problems++;
    options.onProblem?.({ practiceId: chain.practiceId, ...(chain.odsCode ? { odsCode: chain.odsCode } : {}), ...p });
  };
  const head = await db.withOwner(async (s) => {
    const r = await s.query<{ seq: number; hash: Uint8Array }>('SELECT seq, hash FROM audit_head WHERE practice_id = $1', [chain.practiceId]);
    return r.rows[0] ? { seq: Number(r.rows[0].seq), hash: Buffer.from(r.rows[0].hash) } : undefined;
  });
  if (head) report.head = { seq: head.seq, hash: head.hash.toString('hex') };

  /** Rows already checked (the last `window + 1`), and rows read but not yet checked. */
  const behind: Row[] = [];
  let ahead: Row[] = [];
  let lastRead = 0;
  let exhausted = false;
  let prev: { seq: number; hash: Buffer; recorded?: Date; sound: boolean } = { seq: 0, hash: GENESIS, sound: true };
  let searched = 0;

  /** Where a failing row verifies: some nearby row's hash (or genesis) followed by some nearby seq. */
  const placeOf = (row: Row): { seq: number; after?: number } | undefined => {
    if (searched++ >= SEARCHED_FAILURES) return undefined;
    const predecessors: { seq?: number; hash: Buffer }[] = [{ seq: 0, hash: GENESIS }, ...behind, ...ahead.slice(0, window + 1)].filter((p) => p !== row);
    for (let s = Math.max(1, row.seq - window); s <= row.seq + window; s++) {
      for (const p of predecessors) {
        if (s === row.seq && p.hash.equals(prev.hash)) continue;
        if (rowHash(key, p.hash, s, row.json).equals(row.hash)) return { seq: s, ...(p.seq ? { after: p.seq } : {}) };
      }
    }
    return undefined;
  };

  const check = (row: Row) => {
    report.rowsChecked++;
    const columns = columnMismatch(row);
    if (columns) problem({ kind: 'altered', seq: row.seq, detail: `row ${row.seq}: ${columns} differ from the stored event` });
    const gap = row.seq > prev.seq + 1;
    if (gap) problem({ kind: 'missing', seq: prev.seq + 1, toSeq: row.seq - 1, detail: range('row', prev.seq + 1, row.seq - 1, 'missing (deleted)') });
    const late = prev.recorded !== undefined && row.recorded < prev.recorded ? ' (its recorded time is also earlier than the row before it)' : '';
    let sound = true;
    if (!gap && rowHash(key, prev.hash, row.seq, row.json).equals(row.hash)) {
      // Verified in place.
    } else {
      const place = placeOf(row);
      if (place && place.seq !== row.seq) {
        problem({ kind: 'reordered', seq: row.seq, detail: `row ${row.seq} is genuine but was written as row ${place.seq}${place.after !== undefined ? ` (after the row now numbered ${place.after})` : ''}: rows were renumbered` });
      } else if (place) {
        // In its place, after a row that has moved (reported with that row).
      } else if (gap || !prev.sound) {
        sound = false;
        problem({ kind: 'unverifiable', seq: row.seq, detail: `row ${row.seq} cannot be checked: the row it was chained to is ${gap ? 'missing' : 'changed'}${late}` });
      } else {
        sound = false;
        problem({ kind: 'altered', seq: row.seq, detail: `row ${row.seq} was changed: its content or hash does not match, here or within ${window} rows of here${late}` });
      }
    }
    prev = { seq: row.seq, hash: row.hash, recorded: row.recorded, sound };
    behind.push(row);
    if (behind.length > window + 1) behind.shift();
  };

  for (;;) {
    if (!exhausted && ahead.length <= window) {
      const next = await db.withOwner((s) => page(s, chain.practiceId, lastRead, pageSize));
      if (next.length < pageSize) exhausted = true;
      if (next.length > 0) lastRead = next[next.length - 1]!.seq;
      ahead = ahead.concat(next);
      continue;
    }
    const row = ahead.shift();
    if (!row) break;
    check(row);
  }

  const last = prev;
  if (!head) {
    if (report.rowsChecked > 0) problem({ kind: 'head-missing', detail: `the chain has ${report.rowsChecked} rows but no head: it was deleted` });
  } else if (head.seq > last.seq) {
    problem({ kind: 'truncated', seq: last.seq + 1, toSeq: head.seq, detail: `${range('row', last.seq + 1, head.seq, 'cut off the end of the chain')} (the head is at ${head.seq})` });
  } else if (head.seq < last.seq) {
    problem({ kind: 'head-behind', seq: head.seq + 1, toSeq: last.seq, detail: `${range('row', head.seq + 1, last.seq, 'beyond the head')}: the head was moved back, or rows were added outside the audit log` });
  } else if (!head.hash.equals(last.hash)) {
    problem({ kind: 'head-mismatch', seq: head.seq, detail: `the head's hash is not the hash of row ${head.seq}` });
  }
  return report;
}

function range(noun: string, from: number, to: number, what: string): string {
  return from === to ? `${noun} ${from} is ${what}` : `${noun}s ${from}–${to} are ${what}`;
}

/** Which indexed columns of a row disagree with its event JSON (what the hash covers), or undefined. */
function columnMismatch(row: Row): string | undefined {
  let e: AuditEventResource;
  try {
    e = JSON.parse(row.json) as AuditEventResource;
  } catch {
    return undefined; // the hash check reports it
  }
  const bad: string[] = [];
  const requestor = e.agent?.find((a) => a.requestor);
  const client = e.agent?.find((a) => !a.requestor);
  const patients = (e.entity ?? []).filter((x) => x.role?.code === '1' && x.what?.reference?.startsWith('Patient/')).map((x) => x.what!.reference!.slice('Patient/'.length));
  if (e.id !== row.id) bad.push('id');
  if (Date.parse(e.recorded) !== row.recorded.getTime()) bad.push('recorded');
  if (requestor?.who?.identifier?.value !== row.agent) bad.push('agent');
  const machine = requestor?.type?.coding?.[0]?.code === '110150';
  if (machine !== (row.agent_kind === 'system')) bad.push('agent_kind');
  const roleText = requestor?.role?.find((r) => r.text !== 'proxy')?.text ?? null;
  if (roleText !== row.agent_role) bad.push('agent_role');
  if ((client?.who?.identifier?.value ?? null) !== row.client_id && !(row.client_id === row.agent && !client)) bad.push('client_id');
  if (e.action !== row.action) bad.push('action');
  if (e.outcome !== row.outcome) bad.push('outcome');
  const codes = SUBTYPE_CODES[row.subtype as AuditSubtype];
  if (!codes || codes.type.code !== e.type?.code || codes.subtype.map((c) => c.code).join() !== (e.subtype ?? []).map((c) => c.code).join()) bad.push('subtype');
  if ([...new Set(patients)].sort().join() !== [...new Set(row.patient_ids)].sort().join()) bad.push('patient_ids');
  return bad.length ? bad.join(', ') : undefined;
}
