// `openpractice alerts` as an operator uses it (a real process), on a deployment whose server is
// not running: open alerts by default, --all, --practice, and bad options refused.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensurePractice, loadConfig, migrate, openDatabase, type Database } from '@openpractice/server';
import { acknowledgeAlert, raiseAlert } from '../../../server/src/security/alerts';
import { onPostgres, testDatabase, type TestDatabase } from '../../../../test/harness';

const BIN = new URL('../../bin/openpractice.js', import.meta.url).pathname;
let dataDir: string;
let tdb: TestDatabase | undefined;
let env: NodeJS.ProcessEnv;

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'alerts', ...args], { env, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'openpractice-alerts-cli-'));
  env = { ...process.env, OPENPRACTICE_DATA_DIR: dataDir, OPENPRACTICE_SEED: 'none', LOG_LEVEL: 'warn', PORT: '0' };
  delete env.DATABASE_URL;
  let db: Database;
  if (onPostgres) {
    tdb = await testDatabase();
    env.DATABASE_URL = tdb.config.databaseUrl;
    db = tdb.db;
  } else {
    db = await openDatabase(loadConfig({ OPENPRACTICE_DATA_DIR: dataDir }));
    await migrate(db);
  }
  const a = await ensurePractice(db, 'C00001', 'CLI Practice A');
  const b = await ensurePractice(db, 'C00002', 'CLI Practice B');
  const at = (m: number) => new Date(Date.parse('2025-03-11T12:00:00Z') + m * 60_000);
  const raise = (practiceId: number | null, subject: string, m: number) =>
    raiseAlert(db, { practiceId, rule: 'repeated-denials', severity: 'medium', subject, summary: `${subject} was refused 5 times`, details: {} }, at(m), 3600_000);
  const first = await raise(a.id, 'user-a', 0);
  await raise(b.id, 'user-b', 1);
  await raise(null, 'address 203.0.113.9', 2);
  await acknowledgeAlert(db, first.id, 'pm-a', at(3));
  if (!onPostgres) await db.close();
});
after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await tdb?.close();
});

describe('openpractice alerts', () => {
  it('lists open alerts newest first, one a line, with the practice or - for the deployment', () => {
    const r = cli();
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^\d+\t2025-03-11T12:02:00\.000Z\tmedium\t-\trepeated-denials\taddress 203\.0\.113\.9\t/);
    assert.match(lines[1]!, /\tC00002\trepeated-denials\tuser-b\tuser-b was refused 5 times$/);
  });

  it('--all adds acknowledged ones, --practice narrows to one practice', () => {
    const all = cli('--all');
    assert.equal(all.status, 0, all.stderr);
    assert.equal(all.stdout.trim().split('\n').length, 3);
    assert.match(all.stdout, /user-a.*\tacknowledged by pm-a at 2025-03-11T12:03:00\.000Z/);
    const one = cli('--practice', 'c00001', '--all');
    assert.deepEqual(
      one.stdout.trim().split('\n').map((l) => l.split('\t')[5]),
      ['user-a'],
    );
    const none = cli('--practice', 'C00001');
    assert.equal(none.status, 0);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /No open alerts/);
  });

  it('refuses bad options with exit code 2', () => {
    assert.equal(cli('--count', '0').status, 2);
    assert.equal(cli('--frobnicate').status, 2);
    const unknown = cli('--practice', 'NOPE99');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /No practice NOPE99/);
  });
});
