/**
 * Test helpers for misuse detection (packages/server/src/security/): audit records as the audit
 * log would hand them over, rows of past audit history, and a security log captured in memory.
 */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { Database } from '@openpractice/server';
import type { AuditAgent, AuditRecord, AuditSubtype } from '../packages/server/src/audit/record';

export interface RecordOptions {
  at: Date | string;
  sub: string;
  kind?: AuditAgent['kind'];
  role?: string;
  subtype?: AuditSubtype;
  outcome?: AuditRecord['outcome'];
  patients?: string[];
  clientId?: string;
  fhirUser?: string;
  practiceId: number;
  odsCode?: string;
}

/** One audit record (defaults: a successful read by a staff GP). */
export function auditRecord(o: RecordOptions): AuditRecord {
  const subtype = o.subtype ?? 'read';
  return {
    practiceId: o.practiceId,
    ...(o.odsCode ? { odsCode: o.odsCode } : {}),
    recorded: new Date(o.at),
    action: subtype === 'create' ? 'C' : subtype === 'update' || subtype === 'patch' ? 'U' : subtype === 'delete' ? 'D' : 'R',
    subtype,
    outcome: o.outcome ?? '0',
    agent: {
      sub: o.sub,
      kind: o.kind ?? 'staff',
      role: o.role ?? 'gp',
      ...(o.clientId ? { clientId: o.clientId } : {}),
      ...(o.fhirUser ? { fhirUser: o.fhirUser } : {}),
      ip: '10.1.2.3',
    },
    patientIds: o.patients ?? [],
    entities: (o.patients ?? []).map((p) => `Patient/${p}`),
  };
}

/**
 * Writes past audit history straight into audit_event (as the audit log would have), after
 * whatever the app has audited already (sequence numbers far beyond any real chain's).
 */
export async function insertAuditHistory(db: Database, records: readonly AuditRecord[]): Promise<void> {
  await db.withOwner(async (s) => {
    let seq = Number((await s.query<{ n: string }>('SELECT COALESCE(max(seq), 0) + 1000000 AS n FROM audit_event')).rows[0]!.n);
    for (const r of records) {
      seq++;
      await s.query(
        `INSERT INTO audit_event (practice_id, seq, id, recorded, agent, agent_kind, agent_role, client_id, action, subtype, outcome, patient_ids, json, hash)
         VALUES ($1, $2, $3, $4::timestamptz, $5, $6, $7, $8, $9, $10, $11, $12::text[], '{}', '\\x00'::bytea)`,
        [r.practiceId, seq, `test-${seq}-${Math.random()}`, r.recorded.toISOString(), r.agent.sub, r.agent.kind, r.agent.role ?? null, r.agent.clientId ?? null, r.action, r.subtype, r.outcome, r.patientIds],
      );
    }
  });
}

/** A pino logger whose lines are kept, parsed, in `lines`. */
export function captureLog(): { log: Logger; lines: Record<string, unknown>[]; text(): string } {
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      raw.push(String(chunk));
      done();
    },
  });
  const log = pino({ level: 'info' }, sink).child({ channel: 'security' });
  return {
    log,
    get lines() {
      return raw.join('').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    text: () => raw.join(''),
  };
}
