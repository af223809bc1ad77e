// The openpractice command end to end, as an operator uses it: real processes, a real server.
// On the embedded database the CLI must work while the server holds the data directory.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { onPostgres, testDatabase, type TestDatabase } from '../../../test/harness';

const BIN = new URL('../bin/openpractice.js', import.meta.url).pathname;
let dataDir: string;
let tdb: TestDatabase | undefined;
let env: NodeJS.ProcessEnv;

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'openpractice-cli-'));
  env = { ...process.env, OPENPRACTICE_DATA_DIR: dataDir, OPENPRACTICE_SEED: 'none', LOG_LEVEL: 'warn', PORT: '0' };
  delete env.DATABASE_URL;
  if (onPostgres) {
    tdb = await testDatabase();
    env.DATABASE_URL = tdb.config.databaseUrl;
  }
});
after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await tdb?.close();
});

describe('openpractice CLI', () => {
  it('explains itself and refuses unknown commands and bad options', () => {
    const help = cli('--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /token/);
    assert.equal(cli('frobnicate').status, 2);
    assert.equal(cli('token', '--role', 'wizard').status, 2);
    const later = cli('export');
    assert.equal(later.status, 2);
    assert.match(later.stderr, /not available yet/);
  });

  it('seeds a practice without a server, then lists it', () => {
    const seeded = cli('seed', '--patients', '2', '--practice', 'C00001', '--name', 'CLI Test Practice', '--seed', '5');
    assert.equal(seeded.status, 0, seeded.stderr);
    assert.match(seeded.stdout, /Seeded C00001/);
    const listed = cli('practices');
    assert.equal(listed.status, 0, listed.stderr);
    assert.deepEqual(listed.stdout.trim().split('\n'), ['C00001 CLI Test Practice']);
    assert.equal(cli('token', '--practice', 'NOPE01').status, 2);
  });

  it('works while the server runs: token, practices, and the token is accepted by the server', async () => {
    const server = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
        server.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /FHIR R4 base:\s+(\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        server.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
      });
      const issued = cli('token', '--practice', 'C00001', '--role', 'gp');
      assert.equal(issued.status, 0, issued.stderr);
      const token = issued.stdout.trim().split('\n').at(-1)!;
      const res = await fetch(`${url}/Patient?_summary=count`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { total: number }).total, 2);
      const listed = cli('practices');
      assert.equal(listed.stdout.trim(), 'C00001 CLI Test Practice');
      const more = cli('seed', '--patients', '1', '--practice', 'C00002', '--seed', '6');
      assert.equal(more.status, 0, more.stderr);
      const seeded = Number(/(\d+) resources/.exec(more.stdout)?.[1]);
      assert.ok(seeded > 10, more.stdout);
      assert.equal(cli('practices').stdout.trim().split('\n').length, 2);
      // Streamed through the server's bulk load: all of it is there, in C00002 only.
      const tokenB = cli('token', '--practice', 'C00002', '--role', 'gp').stdout.trim().split('\n').at(-1)!;
      const inB = await fetch(`${url}/Patient?_summary=count`, { headers: { authorization: `Bearer ${tokenB}` } });
      assert.equal(((await inB.json()) as { total: number }).total, 1);
      const again = cli('seed', '--patients', '1', '--practice', 'C00002', '--seed', '6');
      assert.match(again.stdout, new RegExp(`0 resources \\(${seeded} already loaded, skipped\\)`));
      assert.equal(cli('migrate').status, 0);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    // Stopped cleanly: the CLI opens the database directly again.
    const after = cli('practices');
    assert.equal(after.status, 0, after.stderr);
    assert.equal(after.stdout.trim().split('\n').length, 2);
  });
});
