// The audit log's hash chains: group commit from many concurrent callers keeps each chain
// contiguous and verifiable; in-transaction records commit and roll back with their transaction;
// listeners hear only what is durable; the application role can neither change audit rows nor
// see another practice's; the owner is stopped by the trigger.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ensurePractice, type Database, type Practice } from '@openpractice/server';
import { auditRecord } from '../../../../test/audit';
import { testDatabase, type TestDatabase } from '../../../../test/harness';
import { loadConfig, ConfigError } from '../config';
import { loadAuditKey, rowHash, GENESIS, type AuditKey } from './chain';
import { AuditLog } from './log';
import type { AuditRecord } from './record';
import { verifyAudit } from './verify';

let t: TestDatabase;
let a: Practice;
let b: Practice;
let key: AuditKey;

async function rows(practiceId: number): Promise<{ seq: number; json: string }[]> {
  return t.db.withOwner(async (s) => (await s.query<{ seq: number; json: string }>('SELECT seq, json FROM audit_event WHERE practice_id = $1 ORDER BY seq', [practiceId])).rows.map((r) => ({ ...r, seq: Number(r.seq) })));
}

before(async () => {
  t = await testDatabase();
  a = await ensurePractice(t.db, 'L00001', 'Log Practice A');
  b = await ensurePractice(t.db, 'L00002', 'Log Practice B');
  key = loadAuditKey({ auditKey: randomBytes(24).toString('base64') }, { privateJwk: {} });
});
after(() => t.close());

describe('the audit key', () => {
  it('comes from OPENPRACTICE_AUDIT_KEY, else from the signing key (HKDF), and a short key is refused without echoing it', () => {
    const d = randomBytes(32).toString('base64url');
    const derived = loadAuditKey({ auditKey: undefined }, { privateJwk: { d } });
    const again = loadAuditKey({ auditKey: undefined }, { privateJwk: { d } });
    const other = loadAuditKey({ auditKey: undefined }, { privateJwk: { d: randomBytes(32).toString('base64url') } });
    assert.ok(derived.export().equals(again.export()));
    assert.ok(!derived.export().equals(other.export()));
    assert.equal(derived.export().length, 32);
    const secret = 'too-short-secret';
    assert.throws(() => loadConfig({ OPENPRACTICE_AUDIT_KEY: secret }), (err: Error) => err instanceof ConfigError && !err.message.includes(secret));
    assert.equal(loadConfig({ OPENPRACTICE_AUDIT_KEY: 'k'.repeat(32) }).auditKey, 'k'.repeat(32));
  });
});

describe('group commit', () => {
  it('appends concurrent callers of several practices with contiguous seqs that verify', async () => {
    const log = new AuditLog(t.db, key);
    const heard: AuditRecord[] = [];
    log.subscribe((records) => heard.push(...records));
    const calls: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      const practice = i % 3 === 0 ? a : i % 3 === 1 ? b : undefined;
      calls.push(log.record([auditRecord(practice, { requestId: `req-${i}` })]));
      // Some callers arrive while a flush is in flight.
      if (i % 20 === 19) await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(calls);
    for (const p of [a.id, b.id, 0]) {
      const seqs = (await rows(p)).map((r) => r.seq);
      assert.deepEqual(seqs, Array.from({ length: 20 }, (_, i) => i + 1), `practice ${p}`);
    }
    assert.equal(heard.length, 60);
    // A second log (another process) appends after the first one's rows.
    const other = new AuditLog(t.db, key);
    await other.record([auditRecord(a)]);
    await log.record([auditRecord(a)]);
    assert.deepEqual((await rows(a.id)).map((r) => r.seq).slice(-3), [20, 21, 22]);
    const result = await verifyAudit(t.db, key);
    assert.equal(result.intact, true, JSON.stringify(result));
    assert.equal(result.chains.find((c) => c.practiceId === a.id)?.rowsChecked, 22);
    // The chain is the documented HMAC: row 1 follows 32 zero bytes.
    const first = await t.db.withOwner(async (s) => (await s.query<{ json: string; hash: Uint8Array }>('SELECT json, hash FROM audit_event WHERE practice_id = $1 AND seq = 1', [b.id])).rows[0]!);
    assert.ok(Buffer.from(first.hash).equals(rowHash(key, GENESIS, 1, first.json)));
    await log.close();
    await other.close();
  });

  it('rejects the callers of a flush that failed, and appends again once the database is back', async () => {
    let down = true;
    const flaky: Database = {
      ...t.db,
      withPractice: (id, fn) => (down ? Promise.reject(new Error('connection lost')) : t.db.withPractice(id, fn)),
    };
    const log = new AuditLog(flaky, key);
    const failed = await Promise.allSettled([log.record([auditRecord(a)]), log.record([auditRecord(a)])]);
    assert.deepEqual(failed.map((f) => f.status), ['rejected', 'rejected']);
    down = false;
    const count = (await rows(a.id)).length;
    await log.record([auditRecord(a)]);
    assert.equal((await rows(a.id)).length, count + 1);
    // A record that cannot be made into an AuditEvent is a rejection, not a throw.
    await assert.rejects(log.record([auditRecord(a, { recorded: new Date(Number.NaN) })]));
    assert.equal((await verifyAudit(t.db, key, { practiceOds: a.odsCode })).intact, true);
    await log.close();
  });
});

describe('asynchronous commit of reads (OPENPRACTICE_AUDIT_READ_COMMIT=async)', () => {
  it('appends to the same chain, verifiably, and leaves the connection committing durably again', async () => {
    const c = await ensurePractice(t.db, 'L00003', 'Log Practice C');
    const durable = new AuditLog(t.db, key);
    const quick = new AuditLog(t.db, key, { commit: 'async' });
    await durable.record([auditRecord(c)]);
    await Promise.all(Array.from({ length: 10 }, () => quick.record([auditRecord(c)])));
    await durable.record([auditRecord(c)]);
    assert.deepEqual((await rows(c.id)).map((r) => r.seq), Array.from({ length: 12 }, (_, i) => i + 1));
    const result = await verifyAudit(t.db, key, { practiceOds: 'L00003' });
    assert.equal(result.intact, true, JSON.stringify(result));
    const setting = await t.db.withPractice(c.id, async (s) => (await s.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]!.synchronous_commit);
    assert.equal(setting, 'on');
    assert.equal(loadConfig({ OPENPRACTICE_AUDIT_READ_COMMIT: 'async' }).auditReadCommit, 'async');
    assert.throws(() => loadConfig({ OPENPRACTICE_AUDIT_READ_COMMIT: 'sometimes' }), ConfigError);
    await durable.close();
    await quick.close();
  });
});

describe('closing', () => {
  it('waits for records given just before, then refuses more', async () => {
    const log = new AuditLog(t.db, key);
    const count = (await rows(b.id)).length;
    const given = log.record([auditRecord(b)]);
    await log.close();
    await given;
    assert.equal((await rows(b.id)).length, count + 1);
    await assert.rejects(log.record([auditRecord(b)]), /closed/);
  });
});

describe('in a transaction', () => {
  it('commits with the transaction, rolls back with it, and never writes a rolled-back record later', async () => {
    const log = new AuditLog(t.db, key);
    const heard: string[] = [];
    log.subscribe((records) => heard.push(...records.map((r) => r.requestId ?? '')));
    const before = (await rows(b.id)).length;
    await t.db.withPractice(b.id, async (session) => {
      await assert.rejects(
        session.transaction(async (tx) => {
          await log.record([auditRecord(b, { requestId: 'rolled-back', subtype: 'update', action: 'U' })], tx);
          throw new Error('the write failed');
        }),
      );
      // Same session, next transaction: only its own record is written.
      await session.transaction(async (tx) => {
        await log.record([auditRecord(b, { requestId: 'committed-1', subtype: 'create', action: 'C' })], tx);
        await session.transaction(async (inner) => log.record([auditRecord(b, { requestId: 'committed-2', subtype: 'create', action: 'C' })], inner));
      });
    });
    const after = await rows(b.id);
    assert.equal(after.length, before + 2);
    assert.deepEqual(after.slice(-2).map((r) => JSON.parse(r.json).entity.at(-1).what.identifier.value), ['committed-1', 'committed-2']);
    assert.ok(!after.some((r) => r.json.includes('rolled-back')));
    // Listeners hear the committed records once PostgreSQL confirms the commit, never the rolled-back one.
    for (let i = 0; i < 100 && heard.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(heard, ['committed-1', 'committed-2']);
    await log.close();
    assert.equal((await verifyAudit(t.db, key, { practiceOds: b.odsCode })).intact, true);
  });

  it('refuses a session that is not in a transaction', async () => {
    const log = new AuditLog(t.db, key);
    await t.db.withPractice(a.id, async (session) => {
      await assert.rejects(log.record([auditRecord(a)], session), /not in a transaction/);
    });
  });
});

describe('protection in the database', () => {
  it('the application role cannot change or delete audit rows, nor see another practice’s', async () => {
    const log = new AuditLog(t.db, key);
    await log.record([auditRecord(a), auditRecord(b)]);
    await t.db.withPractice(a.id, async (s) => {
      const seen = await s.query<{ practice_id: number }>('SELECT DISTINCT practice_id FROM audit_event');
      assert.deepEqual(seen.rows.map((r) => Number(r.practice_id)), [a.id]);
      await assert.rejects(s.query(`UPDATE audit_event SET outcome = '8' WHERE practice_id = $1`, [a.id]), /permission denied|cannot be changed/);
      await assert.rejects(s.query('DELETE FROM audit_event WHERE practice_id = $1', [a.id]), /permission denied|cannot be changed/);
      // Inserting into another practice's chain is refused by row-level security.
      await assert.rejects(s.query(`INSERT INTO audit_event (practice_id, seq, id, recorded, agent, agent_kind, action, subtype, outcome, json, hash) VALUES ($1, 9999, 'x', now(), 'u', 'staff', 'R', 'read', '0', '{}', '\\x00')`, [b.id]), /row-level security/);
    });
    await t.db.withOwner(async (s) => {
      await assert.rejects(s.query(`UPDATE audit_event SET outcome = '8' WHERE practice_id = $1`, [a.id]), /cannot be changed or deleted/);
      await assert.rejects(s.query('DELETE FROM audit_event WHERE practice_id = $1', [a.id]), /cannot be changed or deleted/);
      await assert.rejects(s.query('TRUNCATE audit_event'), /cannot be changed or deleted/);
    });
    await log.close();
  });
});
