// The identity commands as an administrator uses them (real processes): users, clients and
// patient logins, on a deployment whose server is not running.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { clientKey } from '../../../../test/identity';
import { onPostgres, testDatabase, type TestDatabase } from '../../../../test/harness';

const BIN = new URL('../../bin/openpractice.js', import.meta.url).pathname;
let dataDir: string;
let tdb: TestDatabase | undefined;
let env: NodeJS.ProcessEnv;

function cli(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 120_000, ...(input !== undefined ? { input } : {}) });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'openpractice-identity-cli-'));
  env = { ...process.env, OPENPRACTICE_DATA_DIR: dataDir, OPENPRACTICE_SEED: 'none', LOG_LEVEL: 'warn', PORT: '0' };
  delete env.DATABASE_URL;
  if (onPostgres) {
    tdb = await testDatabase();
    env.DATABASE_URL = tdb.config.databaseUrl;
  }
  const seeded = cli(['seed', '--patients', '1', '--practice', 'C00001', '--name', 'CLI Practice', '--seed', '3']);
  assert.equal(seeded.status, 0, seeded.stderr);
});
after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await tdb?.close();
});

describe('openpractice users', () => {
  it('adds a staff user (password from stdin), printing the TOTP secret once, then lists and disables them', () => {
    const added = cli(['users', 'add', '--username', 'dr.cli', '--name', 'Dr Cli', '--practice', 'C00001:gp,R1780', '--password-stdin'], 'a long enough password\n');
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /^dr\.cli\tDr Cli\tC00001:gp,practice-manager\t/m);
    assert.match(added.stdout, /TOTP secret \(shown once\): [A-Z2-7]+/);
    assert.match(added.stdout, /otpauth:\/\/totp\//);
    const listed = cli(['users', 'list', '--practice', 'C00001']);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /dr\.cli/);
    assert.doesNotMatch(listed.stdout, /TOTP|otpauth/, 'never shown again');
    const reset = cli(['users', 'reset-totp', 'dr.cli']);
    assert.match(reset.stdout, /TOTP secret \(shown once\)/);
    const disabled = cli(['users', 'disable', 'dr.cli']);
    assert.equal(disabled.status, 0, disabled.stderr);
    assert.match(disabled.stdout, /DISABLED/);
  });

  it('refuses bad input with exit code 2 and a reason', () => {
    const noPassword = cli(['users', 'add', '--username', 'x.y', '--name', 'X', '--practice', 'C00001:gp']);
    assert.equal(noPassword.status, 2);
    assert.match(noPassword.stderr, /password/);
    const badRole = cli(['users', 'add', '--username', 'x.y', '--name', 'X', '--practice', 'C00001:wizard', '--password', 'a long enough password']);
    assert.equal(badRole.status, 2);
    assert.match(badRole.stderr, /not a staff role/);
    assert.equal(cli(['users', 'frobnicate']).status, 2);
  });
});

describe('openpractice clients', () => {
  it('registers a backend system from a JWKS file, switches external access on, lists and revokes it', async () => {
    const key = await clientKey('ES384');
    const file = join(dataDir, 'hospital-jwks.json');
    writeFileSync(file, JSON.stringify(key.jwks));
    const added = cli(['clients', 'add', '--practice', 'C00001', '--kind', 'system', '--name', 'Hospital', '--scope', 'system/Patient.rs', '--jwks', file]);
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stderr, /external access is off/);
    const clientId = added.stdout.trim().split('\n').at(-1)!;
    assert.match(clientId, /^sys-/);
    const on = cli(['clients', 'external-access', '--practice', 'C00001', 'on']);
    assert.equal(on.status, 0, on.stderr);
    const listed = cli(['clients', 'list', '--practice', 'C00001']);
    assert.match(listed.stderr, /External access at C00001: on/);
    assert.match(listed.stdout, new RegExp(`${clientId}\\tsystem\\tHospital\\tsystem/Patient.rs\\tprivate_key_jwt`));
    const revoked = cli(['clients', 'revoke', '--practice', 'C00001', clientId]);
    assert.equal(revoked.status, 0, revoked.stderr);
    assert.match(cli(['clients', 'list', '--practice', 'C00001']).stdout, /REVOKED/);
    assert.equal(cli(['clients', 'add', '--practice', 'C00001', '--kind', 'system', '--name', 'No key', '--scope', 'system/Patient.rs']).status, 2);
  });
});

describe('openpractice logins', () => {
  it('adds a patient login and links it as a proxy, then unlinks it', () => {
    const added = cli(['logins', 'add', '--username', 'carer@example.com', '--name', 'Carer', '--proofing', 'P9', '--password', 'a long enough password']);
    assert.equal(added.status, 0, added.stderr);
    const linked = cli(['logins', 'link', '--practice', 'C00001', '--login', 'carer@example.com', '--patient', 'pat-1', '--proxy']);
    assert.equal(linked.status, 0, linked.stderr);
    const id = /#(\d+)/.exec(linked.stdout)![1]!;
    assert.match(cli(['logins', 'list', '--practice', 'C00001']).stdout, /carer@example\.com\tP9\t#\d+:proxy-for:pat-1/);
    const unlinked = cli(['logins', 'unlink', '--practice', 'C00001', id]);
    assert.equal(unlinked.status, 0, unlinked.stderr);
    assert.equal(cli(['logins', 'add', '--username', 'p@example.com', '--name', 'P', '--proofing', 'P4', '--password', 'a long enough password']).status, 2);
  });
});
