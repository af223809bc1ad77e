// `audit verify` catches tampering done directly in SQL by someone who can get past the
// immutability trigger (the schema owner disabling it): an altered row, an altered index column,
// a deleted middle row, two rows' seqs swapped, a truncated tail and a deleted head — through
// verifyAudit, and through the real `openpractice audit verify` command.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensurePractice, loadConfig, migrate, openDatabase, type Database, type Practice } from '@openpractice/server';
import { auditRecord } from '../../../../test/audit';
import { onPostgres, testDatabase, type TestDatabase } from '../../../../test/harness';
import { loadAuditKey } from './chain';
import { AuditLog } from './log';
import { verifyAudit, type AuditProblem } from './verify';

const BIN = new URL('../../../cli/bin/openpractice.js', import.meta.url).pathname;
const AUDIT_KEY = 'verify-test-audit-key-0123456789abcdef';
const PATIENT = 'secret-patient-42';
const key = loadAuditKey({ auditKey: AUDIT_KEY }, { privateJwk: {} });

let db: Database;
let dataDir: string;
let tdb: TestDatabase | undefined;
const practices: Record<string, Practice> = {};
const SCENARIOS = ['INTACT', 'ALTERED', 'COLUMN', 'DELETED', 'SWAPPED', 'TRUNCATED', 'HEADLESS'] as const;

/** Runs SQL as the owner with the immutability trigger off, as an attacker with owner rights would. */
async function tamper(sql: string, params: unknown[]): Promise<void> {
  await db.withOwner((s) =>
    s.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_immutable');
      await tx.query(sql, params);
      await tx.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_immutable');
    }),
  );
}

async function problemsOf(name: (typeof SCENARIOS)[number], pageSize?: number): Promise<AuditProblem[]> {
  const found: AuditProblem[] = [];
  const result = await verifyAudit(db, key, { practiceOds: practices[name]!.odsCode, onProblem: (p) => found.push(p), ...(pageSize ? { pageSize } : {}) });
  assert.equal(result.intact, found.length === 0);
  return found;
}

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENPRACTICE_DATA_DIR: dataDir, OPENPRACTICE_AUDIT_KEY: AUDIT_KEY, OPENPRACTICE_SEED: 'none', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  if (tdb) env.DATABASE_URL = tdb.config.databaseUrl;
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'openpractice-audit-'));
  if (onPostgres) {
    tdb = await testDatabase();
    db = tdb.db;
  } else {
    // A database on disk, so the command (another process) can open it after this one closes.
    db = await openDatabase({ ...loadConfig({}), dataDir, databaseUrl: undefined });
    await migrate(db);
  }
  const log = new AuditLog(db, key);
  for (const [i, name] of SCENARIOS.entries()) {
    const p = await ensurePractice(db, `V0000${i}`, `Verify ${name}`);
    practices[name] = p;
    for (let n = 1; n <= 10; n++) {
      await log.record([auditRecord(p, { requestId: `req-${n}`, patientIds: [PATIENT], entities: [`Observation/obs-${n}`], recorded: new Date(Date.UTC(2025, 0, 1, 9, 0, n)) })]);
    }
  }
  await log.close();
  const id = (name: (typeof SCENARIOS)[number]) => practices[name]!.id;
  await tamper(`UPDATE audit_event SET json = replace(json, '"req-5"', '"req-X"') WHERE practice_id = $1 AND seq = 5`, [id('ALTERED')]);
  await tamper(`UPDATE audit_event SET patient_ids = '{}' WHERE practice_id = $1 AND seq = 3`, [id('COLUMN')]);
  await tamper('DELETE FROM audit_event WHERE practice_id = $1 AND seq = 5', [id('DELETED')]);
  await tamper('UPDATE audit_event SET seq = -5 WHERE practice_id = $1 AND seq = 5', [id('SWAPPED')]);
  await tamper('UPDATE audit_event SET seq = 5 WHERE practice_id = $1 AND seq = 6', [id('SWAPPED')]);
  await tamper('UPDATE audit_event SET seq = 6 WHERE practice_id = $1 AND seq = -5', [id('SWAPPED')]);
  await tamper('DELETE FROM audit_event WHERE practice_id = $1 AND seq > 8', [id('TRUNCATED')]);
  await db.withOwner((s) => s.query('DELETE FROM audit_head WHERE practice_id = $1', [id('HEADLESS')]));
});
after(async () => {
  if (tdb) await tdb.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('verifyAudit', () => {
  it('the trigger stops the owner changing audit rows until it is disabled', async () => {
    await assert.rejects(db.withOwner((s) => s.query('UPDATE audit_event SET outcome = $1 WHERE practice_id = $2', ['8', practices.INTACT!.id])), /cannot be changed or deleted/);
    assert.deepEqual(await problemsOf('INTACT'), []);
  });

  it('finds an altered row, exactly', async () => {
    const found = await problemsOf('ALTERED');
    assert.deepEqual(found.map((p) => [p.kind, p.seq]), [['altered', 5]]);
  });

  it('finds an index column that no longer matches its event', async () => {
    const found = await problemsOf('COLUMN');
    assert.deepEqual(found.map((p) => [p.kind, p.seq]), [['altered', 3]]);
    assert.match(found[0]!.detail, /patient_ids/);
  });

  it('finds a deleted middle row, and does not accuse the row after it', async () => {
    const found = await problemsOf('DELETED');
    assert.deepEqual(found.map((p) => [p.kind, p.seq]), [['missing', 5], ['unverifiable', 6]]);
  });

  it('tells two swapped rows from altered ones: each is genuine, at the other place', async () => {
    for (const pageSize of [undefined, 2]) {
      const found = await problemsOf('SWAPPED', pageSize);
      assert.deepEqual(found.map((p) => [p.kind, p.seq]), [['reordered', 5], ['reordered', 6]], `page size ${pageSize}`);
      assert.match(found[0]!.detail, /written as row 6/);
      assert.match(found[1]!.detail, /written as row 5/);
    }
  });

  it('finds a truncated tail and a deleted head', async () => {
    assert.deepEqual((await problemsOf('TRUNCATED')).map((p) => [p.kind, p.seq, p.toSeq]), [['truncated', 9, 10]]);
    assert.deepEqual((await problemsOf('HEADLESS')).map((p) => p.kind), ['head-missing']);
  });

  it('names no patient and no event content in what it reports', async () => {
    const all: AuditProblem[] = [];
    const result = await verifyAudit(db, key, { onProblem: (p) => all.push(p) });
    assert.equal(result.intact, false);
    assert.equal(result.chains.length, SCENARIOS.length);
    assert.ok(all.length >= 8);
    assert.ok(!JSON.stringify(all).includes(PATIENT));
    assert.ok(!JSON.stringify(all).includes('obs-'));
  });

  it('with another key, nothing verifies', async () => {
    const other = loadAuditKey({ auditKey: 'another-key-another-key-another-key' }, { privateJwk: {} });
    const result = await verifyAudit(db, other, { practiceOds: practices.INTACT!.odsCode });
    assert.equal(result.intact, false);
  });
});

describe('openpractice audit verify', () => {
  before(async () => {
    // The embedded database allows one process: hand it to the command.
    if (!tdb) await db.close();
  });

  it('exits 0 for an intact chain, 1 with each problem printed (no patient data), 2 on bad usage', () => {
    const intact = cli('audit', 'verify', '--practice', practices.INTACT!.odsCode);
    assert.equal(intact.status, 0, intact.stderr + intact.stdout);
    assert.match(intact.stdout, /V00000: 10 rows checked, head 10 [0-9a-f]{16}… — intact/);

    const all = cli('audit', 'verify');
    assert.equal(all.status, 1, all.stderr);
    for (const expected of [/V00001: altered: row 5 was changed/, /V00003: missing: row 5 is missing/, /V00004: reordered: row 5 is genuine/, /V00005: truncated: rows 9–10/, /V00006: head-missing/]) {
      assert.match(all.stdout, expected);
    }
    assert.ok(!all.stdout.includes(PATIENT));

    assert.equal(cli('audit', 'verify', '--practice', 'nope!').status, 2);
    assert.equal(cli('audit', 'verify', '--practice', 'ZZZ999').status, 2);
    assert.equal(cli('audit', 'frobnicate').status, 2);
  });
});
