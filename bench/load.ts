/**
 * SYNTHETIC PRACTICE LOAD BENCHMARK (issue #3) — generation + load rate (resources/s) of a
 * 10,000-patient practice into PostgreSQL, beside the physical limit: raw COPY of the same rows
 * into tables of the same layout.
 *
 *   node --import tsx bench/load.ts [--patients 10000] [--seed 1] [--quiet-wait 30]
 *        [--admin-url postgres://postgres@127.0.0.1:5432/postgres] [--json FILE]
 *
 * Stages, each after waiting (bounded) for a quiet machine:
 *  1. generation alone, in this process (the generator's own rate);
 *  2. generation + validation + index extraction + serialisation, no database (the loader's CPU
 *     work, done exactly as `loadResources` does it);
 *  3. `openpractice seed --patients N` on a fresh database — the real command, a separate process,
 *     whose peak RSS (VmHWM) and CPU are read from /proc;
 *  4. the physical limit: the rows stage 3 stored are copied out with psql `\copy`, then copied
 *     back (`\copy … FROM`) into fresh tables created `LIKE … INCLUDING ALL` (same columns, keys
 *     and indexes; no row-level security): the `resource` rows alone (the same JSON), and every
 *     row the load wrote (resource, history and the seven index tables) in one transaction.
 * The database is dropped and the files removed on every exit path.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { generatePractice, r4Rules } from '@openpractice/server';
import { BulkBatch } from '../packages/server/src/repo/bulk-load';
import { INDEX_TABLES } from '../packages/server/src/repo/index-sql';
import { assertLocal, createDatabase, databaseUrl, describeServer, dropDatabase } from './lib/database';
import { cpuSnapshot, waitForQuiet } from './lib/proc';

const CLI = fileURLToPath(new URL('../packages/cli/bin/openpractice.js', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ODS = 'B00010';
/** Every table a load writes: the record, its history, the search index tables, contained resources. */
const TABLES: readonly string[] = ['resource', 'resource_history', ...INDEX_TABLES, 'contained_resource'];

export interface LoadBenchOptions {
  patients: number;
  seed: number;
  adminUrl: string;
  quietWaitS: number;
  jsonPath?: string;
}

/**
 * Parses the command line. Unknown options are ignored, so `npm run bench` can pass every
 * benchmark the same arguments (`--admin-url`, `--quiet-wait`, `--json` are shared).
 */
export function parseLoadOptions(argv: string[]): LoadBenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    options: {
      patients: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      'quiet-wait': { type: 'string', default: '30' },
      'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      json: { type: 'string' },
    },
  });
  const num = (name: string, raw: unknown, min: number, max: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max} (got "${String(raw)}")`);
    return n;
  };
  const o: LoadBenchOptions = {
    patients: num('patients', values.patients, 1, 250_000),
    seed: num('seed', values.seed, -(2 ** 31), 2 ** 31),
    adminUrl: String(values['admin-url']),
    quietWaitS: num('quiet-wait', values['quiet-wait'], 0, 600),
    ...(typeof values.json === 'string' ? { jsonPath: resolve(values.json.replace(/(\.json)?$/, '.load.json')) } : {}),
  };
  assertLocal(o.adminUrl);
  return o;
}

interface Stage {
  name: string;
  resources: number;
  seconds: number;
  note?: string;
}

const log = (line: string) => console.error(line);
const rate = (s: Stage) => s.resources / s.seconds;

async function quiet(o: LoadBenchOptions): Promise<void> {
  if (o.quietWaitS === 0) return;
  const q = await waitForQuiet(o.quietWaitS);
  if (q.busy > 0.3) log(`(machine still busy: ${q.busy.toFixed(2)} cores after ${q.waited.toFixed(0)} s)`);
}

function practice(o: LoadBenchOptions) {
  return generatePractice({ odsCode: ODS, name: 'Load Bench Practice', patients: o.patients, seed: o.seed });
}

/** Stage 1: the generator alone. */
function generationOnly(o: LoadBenchOptions): Stage {
  const t0 = performance.now();
  let n = 0;
  for (const _ of practice(o)) n++;
  return { name: 'Generation only (in process)', resources: n, seconds: (performance.now() - t0) / 1000 };
}

/** Stage 2: what the loader does before the database: validate, stamp, serialise, index (batches of 1,000). */
function prepareOnly(o: LoadBenchOptions): Stage {
  r4Rules.validate({ resourceType: 'Basic', code: { text: 'warm-up' } }); // definitions load outside the timing, as at server start
  const t0 = performance.now();
  let n = 0;
  let batch = new BulkBatch(r4Rules, new Date().toISOString());
  for (const r of practice(o)) {
    batch.add(r);
    n++;
    if (batch.size >= 1000) batch = new BulkBatch(r4Rules, new Date().toISOString());
  }
  return { name: 'Generation + validation + indexing, no database (in process)', resources: n, seconds: (performance.now() - t0) / 1000 };
}

interface SeedRun {
  stage: Stage;
  /** Wall time of the whole process (start-up, migrations and definition loading included). */
  wallSeconds: number;
  peakRssMiB: number;
  cpuSeconds: number;
  output: string;
}

/** Peak resident memory of a process (VmHWM: the kernel's high-water mark) in MiB. */
async function peakRss(pid: number): Promise<number | undefined> {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Stage 3: `openpractice seed` as an operator runs it, in its own process. */
async function seedProcess(o: LoadBenchOptions, url: string, dataDir: string): Promise<SeedRun> {
  const env = { ...process.env, DATABASE_URL: url, OPENPRACTICE_DATA_DIR: dataDir, OPENPRACTICE_SEED: 'none', LOG_LEVEL: 'warn' };
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'seed', '--patients', String(o.patients), '--practice', ODS, '--name', 'Load Bench Practice', '--seed', String(o.seed)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
    process.stderr.write(d);
  });
  let peak = 0;
  let cpu = 0;
  // VmHWM only rises, and /proc/<pid> goes with the process: sample until it exits.
  const sample = async () => {
    const hwm = await peakRss(child.pid!);
    if (hwm !== undefined) peak = Math.max(peak, hwm);
    const c = cpuSnapshot(child.pid!, new Set()).server;
    if (Number.isFinite(c)) cpu = c;
  };
  const timer = setInterval(() => void sample(), 200);
  const code = await new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
  clearInterval(timer);
  const wallSeconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`openpractice seed exited ${code}:\n${out.slice(-3000)}`);
  const m = /(\d+) resources(?: \((\d+) already loaded, skipped\))? in ([\d.]+) s/.exec(out);
  if (!m) throw new Error(`Unexpected seed output:\n${out.slice(-2000)}`);
  return {
    stage: { name: '`openpractice seed`: generate, validate, index, write (separate process)', resources: Number(m[1]), seconds: Number(m[3]) },
    wallSeconds,
    peakRssMiB: peak,
    cpuSeconds: cpu,
    output: out,
  };
}

/** Runs a psql script (one transaction) from stdin; returns its wall time in ms. */
function psqlStdin(url: string, script: string): Promise<number> {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-1', '-d', url], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', rej);
    child.on('exit', (code) => (code === 0 ? res(performance.now() - t0) : rej(new Error(`psql failed (${code}): ${err.slice(0, 2000)}`))));
    child.stdin.end(script);
  });
}

/** Columns of a table as stored (identity `rid` of `resource` and generated columns left for COPY to compute). */
async function columnsOf(c: pg.Client, table: string): Promise<string[]> {
  const r = await c.query<{ column_name: string; is_identity: string; is_generated: string }>(
    `SELECT column_name, is_identity, is_generated FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return r.rows.filter((x) => x.is_identity !== 'YES' && x.is_generated === 'NEVER').map((x) => x.column_name);
}

interface CopyResult {
  resourceOnly: Stage;
  allRows: Stage;
  rows: Record<string, number>;
  megabytes: number;
}

/** Stage 4: the physical limit — the stored rows out to files, then COPY into same-shaped tables. */
async function copyBaseline(o: LoadBenchOptions, url: string, dir: string): Promise<CopyResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const rows: Record<string, number> = {};
    const cols: Record<string, string[]> = {};
    for (const t of TABLES) {
      rows[t] = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`)).rows[0]!.n);
      cols[t] = await columnsOf(c, t);
    }
    // Out: the same rows in COPY text format (resource and history JSON exactly as stored).
    const out = TABLES.map((t) => `\\copy (SELECT ${cols[t]!.join(', ')} FROM ${t}) TO '${join(dir, `${t}.tsv`)}'`).join('\n');
    await psqlStdin(url, out);
    const megabytes = TABLES.reduce((n, t) => n + statSync(join(dir, `${t}.tsv`)).size, 0) / 2 ** 20;
    // Same layout: LIKE … INCLUDING ALL copies columns, defaults, identity, keys and indexes.
    const create = (prefix: string, tables: readonly string[]) => tables.map((t) => `CREATE TABLE ${prefix}_${t} (LIKE ${t} INCLUDING ALL);`).join('\n');
    await c.query(create('raw1', ['resource']));
    await c.query(create('raw2', TABLES));
    await c.query('CHECKPOINT');
    const copyIn = (prefix: string, tables: readonly string[]) =>
      tables.map((t) => `\\copy ${prefix}_${t} (${cols[t]!.join(', ')}) FROM '${join(dir, `${t}.tsv`)}'`).join('\n');

    await quiet(o);
    const ms1 = await psqlStdin(url, copyIn('raw1', ['resource']));
    await c.query('CHECKPOINT');
    await quiet(o);
    const ms2 = await psqlStdin(url, copyIn('raw2', TABLES));
    const n = rows.resource!;
    return {
      resourceOnly: { name: 'COPY of the `resource` rows (same JSON, same table layout)', resources: n, seconds: ms1 / 1000 },
      allRows: { name: `COPY of every row the load wrote (resource, history, ${INDEX_TABLES.length} index tables, contained), one transaction`, resources: n, seconds: ms2 / 1000 },
      rows,
      megabytes,
    };
  } finally {
    await c.end();
  }
}

export interface LoadBenchReport {
  markdown: string;
  stages: Stage[];
}

/** Runs the whole benchmark; cleans up (database, files) on every exit path. */
export async function runLoadBenchmark(o: LoadBenchOptions): Promise<LoadBenchReport> {
  log(`Load benchmark: ${o.patients.toLocaleString('en-GB')} patients, seed ${o.seed}`);
  const dbName = await createDatabase(o.adminUrl);
  const url = databaseUrl(o.adminUrl, dbName);
  const dir = mkdtempSync(join(os.tmpdir(), 'openpractice-load-bench-'));
  try {
    await quiet(o);
    const gen = generationOnly(o);
    log(`generation: ${gen.resources} resources in ${gen.seconds.toFixed(1)} s (${Math.round(rate(gen))}/s)`);
    await quiet(o);
    const prep = prepareOnly(o);
    log(`prepare: ${prep.resources} resources in ${prep.seconds.toFixed(1)} s (${Math.round(rate(prep))}/s)`);
    await quiet(o);
    const seed = await seedProcess(o, url, join(dir, 'data'));
    log(`seed: ${seed.stage.resources} resources in ${seed.stage.seconds.toFixed(1)} s (${Math.round(rate(seed.stage))}/s), peak RSS ${seed.peakRssMiB.toFixed(0)} MiB`);
    const copy = await copyBaseline(o, url, dir);
    log(`COPY resource: ${copy.resourceOnly.seconds.toFixed(1)} s; COPY all rows: ${copy.allRows.seconds.toFixed(1)} s`);
    const pgInfo = await describeServer(url);
    const stages = [gen, prep, seed.stage, copy.resourceOnly, copy.allRows];
    const markdown = render(o, stages, seed, copy, pgInfo);
    if (o.jsonPath) writeFileSync(o.jsonPath, JSON.stringify({ options: o, stages, seed: { ...seed, output: undefined }, copy, postgres: pgInfo }, null, 1));
    return { markdown, stages };
  } finally {
    await dropDatabase(o.adminUrl, dbName).catch((e: Error) => log(`Could not drop ${dbName}: ${e.message}`));
    rmSync(dir, { recursive: true, force: true });
  }
}

function render(
  o: LoadBenchOptions,
  stages: Stage[],
  seed: SeedRun,
  copy: CopyResult,
  pgInfo: { version: string; settings: Record<string, string> },
): string {
  const n0 = (x: number) => Math.round(x).toLocaleString('en-GB');
  const load = seed.stage;
  const table = [
    '| Stage | Resources | Seconds | Resources/s | Load ÷ this |',
    '|---|---:|---:|---:|---:|',
    ...stages.map((s) => `| ${s.name} | ${n0(s.resources)} | ${s.seconds.toFixed(1)} | ${n0(rate(s))} | ${(rate(load) / rate(s)).toFixed(2)}× |`),
  ].join('\n');
  const rows = Object.entries(copy.rows)
    .map(([t, n]) => `${t} ${n0(n)}`)
    .join(', ');
  return [
    `Machine: ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version}; ` +
      `PostgreSQL ${pgInfo.version} (${Object.entries(pgInfo.settings).map(([k, v]) => `${k}=${v}`).join(', ')}). ${o.patients.toLocaleString('en-GB')} patients, seed ${o.seed}.`,
    '',
    table,
    '',
    `\`openpractice seed\`: ${load.seconds.toFixed(1)} s loading (${seed.wallSeconds.toFixed(1)} s for the whole process), ` +
      `peak RSS ${seed.peakRssMiB.toFixed(0)} MiB, ${seed.cpuSeconds.toFixed(1)} CPU-seconds in the loader ` +
      `(${((100 * seed.cpuSeconds) / seed.wallSeconds).toFixed(0)}% of one core).`,
    `Rows written: ${rows} (${copy.megabytes.toFixed(0)} MiB as COPY text).`,
    `Load ÷ COPY of every row: **${(rate(load) / rate(copy.allRows)).toFixed(2)}×**; ÷ COPY of the resource rows alone: ${(rate(load) / rate(copy.resourceOnly)).toFixed(2)}×.`,
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const o = parseLoadOptions(argv);
  const report = await runLoadBenchmark(o);
  console.log(`\n## Synthetic practice load benchmark\n\n${report.markdown}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
