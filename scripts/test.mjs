#!/usr/bin/env node
// `npm test`: the whole suite on the embedded database (PGlite), then every database-touching test
// again on PostgreSQL. PostgreSQL comes from OPENPRACTICE_TEST_POSTGRES_URL (default: the local
// service, postgres://postgres@127.0.0.1:5432/postgres); each test file gets its own database.
// Off CI, an unreachable PostgreSQL skips that pass with a warning; on CI (CI=true) it fails.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import pg from 'pg';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv.slice(2);

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

const all = findTests(join(root, 'packages'))
  .concat(findTests(join(root, 'test')))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();
// Framework-free FHIR tests touch no database: one pass is enough.
const dbTests = all.filter((f) => !f.startsWith('packages/fhir/'));

function run(label, files, env) {
  if (files.length === 0) return 0;
  console.log(`\n=== ${label}: ${files.length} test files ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return r.status ?? 1;
}

const pgUrl = process.env.OPENPRACTICE_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
async function postgresReachable() {
  const c = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

let failed = run('embedded database (PGlite)', all, { OPENPRACTICE_TEST_DB: 'pglite' });
if (await postgresReachable()) {
  // Always run both passes, so one run reports every failure on both databases.
  const pgFailed = run(`PostgreSQL (${new URL(pgUrl).host})`, dbTests, { OPENPRACTICE_TEST_DB: 'postgres', OPENPRACTICE_TEST_POSTGRES_URL: pgUrl });
  failed = failed || pgFailed;
} else if (process.env.CI) {
  console.error(`PostgreSQL at ${new URL(pgUrl).host} is not reachable; CI must test on it.`);
  failed = 1;
} else {
  console.warn(`\nWARNING: PostgreSQL at ${new URL(pgUrl).host} is not reachable: the PostgreSQL pass was skipped.`);
}
process.exit(failed ? 1 : 0);
