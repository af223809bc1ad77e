/**
 * RECORD SERVER BENCHMARK — creates/s, reads/s and `Patient?_id=` searches/s through the FHIR API,
 * each beside the physical limit measured in the same run: the same JSON through the same driver
 * (`pg`) into the same PostgreSQL database with the least SQL that does the job (ARCHITECTURE §6).
 *
 *   node --import tsx bench/record-server.ts [--duration 10] [--runs 3] [--warmup 2]
 *        [--concurrency 1,16] [--quiet-wait 5] [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
 *        [--decompose] [--cpu-prof DIR] [--json FILE]
 *
 * One run = for each operation (create, then read and search over what was created), for each
 * concurrency, the API window and the raw window back to back (their order alternates between
 * runs). The server is one `openpractice serve` process for the whole benchmark, so its memory is
 * measured across every scenario. Everything is bounded: fixed windows, a watchdog, and cleanup
 * (server stopped, database dropped) on any exit path.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { analyze, assertLocal, createDatabase, createRawTable, databaseUrl, describeServer, dropDatabase, practiceId, sampleIds, tableSizes } from './lib/database';
import { repoRunner, sqlRunner, type LayerRunner } from './lib/layers';
import { apiLoad, loopLoad, OPERATIONS, rawLoad, type LoadResult, type Operation } from './lib/load';
import { probeApi } from './lib/probe';
import { cpuBetween, cpuSnapshot, RssSampler, waitForQuiet } from './lib/proc';
import { decompositionTable, resourceTable, runsTable, summarise, throughputTable, type Measurement, type ScenarioSummary, type Side } from './lib/report';
import { cliToken, createPractice, startServer, type RunningServer } from './lib/server';

const ODS = 'B00001';
/** Medplum 5.1 on this class of machine, concurrency 8 (issue text), and our aims against it. */
const MEDPLUM = { creates: 124, reads: 920 } as const;
const GOALS = { ratio: 0.5, rssMiB: 250, createsVsMedplum: 10, readsVsMedplum: 3 } as const;

export interface Options {
  durationS: number;
  runs: number;
  warmupS: number;
  concurrency: number[];
  adminUrl: string;
  /** Longest wait for a quiet machine before each window (seconds; 0 = don't wait). */
  quietWaitS: number;
  /** Also drive the server's Repository and write statement in-process (where the gap goes). */
  decompose: boolean;
  cpuProfDir?: string;
  jsonPath?: string;
}

/** Parses the command line; throws with a usage message on bad input. */
export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      duration: { type: 'string', default: '10' },
      runs: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '2' },
      concurrency: { type: 'string', default: '1,16' },
      'quiet-wait': { type: 'string', default: '5' },
      'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      decompose: { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      json: { type: 'string' },
    },
  });
  const num = (name: string, raw: string, min: number, max: number) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max} (got "${raw}")`);
    return n;
  };
  const o: Options = {
    durationS: num('duration', values.duration, 1, 120),
    runs: Math.round(num('runs', values.runs, 1, 10)),
    warmupS: num('warmup', values.warmup, 0, 30),
    concurrency: values.concurrency.split(',').map((c) => Math.round(num('concurrency', c, 1, 64))),
    adminUrl: values['admin-url'],
    quietWaitS: num('quiet-wait', values['quiet-wait'], 0, 600),
    decompose: values.decompose,
    ...(values['cpu-prof'] ? { cpuProfDir: resolve(values['cpu-prof']) } : {}),
    ...(values.json ? { jsonPath: resolve(values.json) } : {}),
  };
  assertLocal(o.adminUrl);
  return o;
}

export interface BenchmarkReport {
  markdown: string;
  measurements: Measurement[];
  summaries: ScenarioSummary[];
  /** False when any operation failed (errors must be 0). */
  clean: boolean;
}

const log = (line: string) => console.error(line);

/** Runs the whole benchmark and returns its report (also printed by `main`). */
export async function runRecordServerBenchmark(o: Options): Promise<BenchmarkReport> {
  const sidesOf = (op: Operation): Side[] => ['api', 'raw', ...(o.decompose ? (['repo', ...(op === 'create' ? ['sql' as const] : [])] as Side[]) : [])];
  const scenarios = o.runs * o.concurrency.length * OPERATIONS.reduce((n, op) => n + sidesOf(op).length, 0);
  const budgetMs = (scenarios * (o.durationS + o.warmupS + o.quietWaitS + 3) + 180) * 1000;
  log(`Record server benchmark: ${scenarios} windows of ${o.durationS} s (+${o.warmupS} s warm-up), at most ~${Math.ceil(budgetMs / 60_000)} min`);

  const code = codeState();
  log(`Server code: ${code}`);
  const dbName = await createDatabase(o.adminUrl);
  const url = databaseUrl(o.adminUrl, dbName);
  const dataDir = mkdtempSync(join(os.tmpdir(), 'openpractice-bench-'));
  let server: RunningServer | undefined;
  let sampler: RssSampler | undefined;
  let stats: pg.Client | undefined;
  // Ctrl-C finishes the current window, then cleans up like any other failure.
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    log('Interrupted: stopping after this window');
  };
  process.once('SIGINT', onSigint);
  // The watchdog ends an overrunning benchmark: no further windows, and the server is stopped so
  // a wedged request fails instead of hanging; cleanup then runs as for any other failure.
  const watchdog = setTimeout(() => {
    log(`Watchdog: the benchmark exceeded ${Math.round(budgetMs / 1000)} s; stopping`);
    interrupted = true;
    void server?.stop();
  }, budgetMs);
  try {
    server = await startServer({
      databaseUrl: url,
      dataDir,
      ...(o.cpuProfDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`] } : {}),
    });
    sampler = new RssSampler(server.pid, 250);
    const afterStart = sampler.samples.at(-1)!.mib;
    log(`Server pid ${server.pid} at ${server.url} on database ${dbName}; RSS ${afterStart.toFixed(0)} MiB`);

    await createPractice(server.url, await cliToken(server.env, ['--role', 'operator']), ODS, 'Bench Practice');
    const token = await cliToken(server.env, ['--practice', ODS, '--role', 'admin']);
    await createRawTable(url);
    const pid = await practiceId(url, ODS);
    await probeApi(server.url, token, ODS);

    stats = new pg.Client({ connectionString: url });
    await stats.connect();
    const ctx: WindowContext = { o, url, server, sampler, token, practiceId: pid, stats };

    const measurements: Measurement[] = [];
    const runEnds: number[] = [];
    for (let run = 1; run <= o.runs; run++) {
      const ids = { api: [] as string[], raw: [] as string[] };
      for (const op of OPERATIONS) {
        if (op !== 'create' && ids.api.length === 0) {
          // Reads and searches pick from what this and earlier runs created, on fresh statistics.
          await analyze(url);
          ids.api = await sampleIds(url, 'resource', pid, 20_000);
          ids.raw = await sampleIds(url, 'raw_resource', pid, 20_000);
        }
        for (const c of o.concurrency) {
          // Alternate the order between runs so neither side always runs on a fresher machine.
          const sides = run % 2 === 1 ? sidesOf(op) : sidesOf(op).reverse();
          for (const side of sides) {
            if (interrupted) throw new Error('Interrupted');
            const m = await measureWindow(ctx, { run, op, concurrency: c, side }, ids);
            measurements.push(m);
            log(describe(m));
          }
        }
      }
      runEnds.push(sampler.samples.at(-1)!.mib);
    }

    const summaries = summarise(measurements);
    const sizes = await tableSizes(url);
    const machine = await machineFacts(url, code);
    const peak = Math.max(...sampler.samples.map((x) => x.mib));
    const memory = { afterStart, runEnds, peak, samples: sampler.samples.length };
    const clean = measurements.every((m) => m.result.errors === 0);
    const markdown = renderMarkdown(o, machine, summaries, measurements, memory, sizes);
    if (o.jsonPath) {
      writeFileSync(o.jsonPath, JSON.stringify({ options: o, machine, measurements, summaries, memory, rssSamples: sampler.samples, sizes }, null, 1));
    }
    return { markdown, measurements, summaries, clean };
  } catch (err) {
    if (server) log(`Server output (tail):\n${server.output().slice(-3000)}`);
    throw err;
  } finally {
    clearTimeout(watchdog);
    process.off('SIGINT', onSigint);
    sampler?.stop();
    await stats?.end().catch(() => undefined);
    await server?.stop();
    await dropDatabase(o.adminUrl, dbName).catch((e: Error) => log(`Could not drop ${dbName}: ${e.message}`));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface WindowContext {
  o: Options;
  url: string;
  server: RunningServer;
  sampler: RssSampler;
  token: string;
  practiceId: number;
  /** A connection for finding our database's PostgreSQL processes (for CPU accounting). */
  stats: pg.Client;
}

/** One measured window: wait for a quiet machine, warm up, measure load, CPU and server memory. */
async function measureWindow(
  ctx: WindowContext,
  w: Pick<Measurement, 'run' | 'op' | 'concurrency' | 'side'>,
  ids: { api: readonly string[]; raw: readonly string[] },
): Promise<Measurement> {
  const { o, url, server } = ctx;
  const { op, concurrency: c, side } = w;
  const target = { practiceId: ctx.practiceId, odsCode: ODS };
  let pool: pg.Pool | undefined;
  let runner: LayerRunner | undefined;
  const load = async (secs: number): Promise<LoadResult> => {
    switch (side) {
      case 'api':
        return apiLoad(op, { url: server.url, token: ctx.token, odsCode: ODS, ids: ids.api }, c, secs);
      case 'raw':
        pool ??= new pg.Pool({ connectionString: url, max: c });
        return rawLoad(op, { ...target, pool, ids: ids.raw }, c, secs);
      case 'repo':
      case 'sql': {
        const r = (runner ??= side === 'repo' ? await repoRunner(url, { ...target, ids: ids.api }, c) : sqlRunner(url, { ...target, ids: ids.api }, c));
        return loopLoad(() => r.run(op), c, secs);
      }
    }
  };
  const pgPids = async () => {
    const r = await ctx.stats.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() OR backend_type <> 'client backend'`,
    );
    return new Set(r.rows.map((x) => Number(x.pid)));
  };
  try {
    const quiet = o.quietWaitS > 0 ? await waitForQuiet(o.quietWaitS) : undefined;
    if (quiet && quiet.busy > 0.3) log(`(machine still busy: ${quiet.busy.toFixed(2)} cores after ${quiet.waited.toFixed(0)} s)`);
    if (o.warmupS > 0) await load(o.warmupS);
    const before = cpuSnapshot(server.pid, await pgPids());
    const from = ctx.sampler.sample();
    const result = await load(o.durationS);
    const to = ctx.sampler.sample();
    const cpu = cpuBetween(before, cpuSnapshot(server.pid, await pgPids()));
    return { ...w, result, cpu, rss: ctx.sampler.window(from, to) };
  } finally {
    await pool?.end();
    await runner?.close();
  }
}

function describe(m: Measurement): string {
  const r = m.result;
  const l = r.latency;
  return (
    `run ${m.run} ${m.op.padEnd(6)} c=${String(m.concurrency).padEnd(2)} ${m.side}: ${r.perSecond.toFixed(0).padStart(6)}/s ` +
    `p50 ${l.p50.toFixed(2)} p95 ${l.p95.toFixed(2)} p99 ${l.p99.toFixed(2)} ms, errors ${r.errors}${r.errorKinds.length ? ` (${r.errorKinds.join('; ')})` : ''}, ` +
    `cpu server ${m.cpu.server.toFixed(2)} pg ${m.cpu.postgres.toFixed(2)} client ${m.cpu.client.toFixed(2)} other ${m.cpu.other.toFixed(2)}, ` +
    `server RSS ${m.rss.start.toFixed(0)}→${m.rss.end.toFixed(0)} MiB (peak ${m.rss.peak.toFixed(0)})`
  );
}

interface MachineFacts {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  postgres: string;
  postgresSettings: Record<string, string>;
  /** The server code measured (see codeState). */
  code: string;
}

async function machineFacts(url: string, code: string): Promise<MachineFacts> {
  const pgInfo = await describeServer(url);
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    postgres: pgInfo.version,
    postgresSettings: pgInfo.settings,
    code,
  };
}

/**
 * Which server code ran, read just before it starts: the commit, how many files under packages/
 * differ from it, and a fingerprint of every source file there (so two runs can be compared).
 */
function codeState(): string {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const hash = createHash('sha256');
  const files = readdirSync(join(root, 'packages'), { recursive: true, encoding: 'utf8' })
    .filter((f) => !f.includes('node_modules') && /\.(ts|js|sql|json)$/.test(f))
    .sort();
  for (const f of files) hash.update(f).update(readFileSync(join(root, 'packages', f)));
  const fingerprint = hash.digest('hex').slice(0, 12);
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--', 'packages'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean).length;
    return `commit ${head}${changed ? ` with ${changed} uncommitted change(s) under packages/` : ''}, source fingerprint ${fingerprint}`;
  } catch {
    return `source fingerprint ${fingerprint}`;
  }
}

function renderMarkdown(
  o: Options,
  m: MachineFacts,
  s: readonly ScenarioSummary[],
  all: readonly Measurement[],
  memory: { afterStart: number; runEnds: number[]; peak: number; samples: number },
  sizes: Record<string, number>,
): string {
  const at = (op: Operation) => s.filter((x) => x.op === op).sort((a, b) => b.concurrency - a.concurrency)[0];
  const creates = at('create');
  const reads = at('read');
  const ratioOk = s.filter((x) => x.op !== 'search').every((x) => x.ratio >= GOALS.ratio);
  const first = memory.runEnds[0] ?? NaN;
  const last = memory.runEnds.at(-1) ?? NaN;
  const lines = [
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB.toFixed(1)} GiB; Node ${m.node}; PostgreSQL ${m.postgres} ` +
      `(${Object.entries(m.postgresSettings).map(([k, v]) => `${k}=${v}`).join(', ')}).`,
    `Server code: ${m.code}.`,
    `Windows: ${o.durationS} s measured after ${o.warmupS} s warm-up, ${o.runs} run(s), medians shown; ratio = median of per-run API/raw.`,
    '',
    throughputTable(s),
    '',
    ...(o.decompose ? [decompositionTable(s), ''] : []),
    resourceTable(s),
    '',
    `Server RSS over the whole benchmark (${memory.samples} samples, every 250 ms): ${memory.afterStart.toFixed(0)} MiB after start, ` +
      `end of each run ${memory.runEnds.map((x) => x.toFixed(0)).join(' / ')} MiB, peak ${memory.peak.toFixed(0)} MiB.`,
    `Rows at the end: ${Object.entries(sizes).map(([k, v]) => `${k} ${v.toLocaleString('en-GB')}`).join(', ')}.`,
    '',
    `Goals: API ≥ ${GOALS.ratio}× raw for creates and reads — ${ratioOk ? 'met' : 'NOT met'}; ` +
      `server memory < ${GOALS.rssMiB} MiB — ${memory.peak < GOALS.rssMiB ? 'met' : 'NOT met'} (peak ${memory.peak.toFixed(0)} MiB); ` +
      `flat across runs — end of run 1 ${first.toFixed(0)} MiB, end of run ${memory.runEnds.length} ${last.toFixed(0)} MiB.`,
    creates && reads
      ? `Against Medplum 5.1 (c=8: ${MEDPLUM.creates} creates/s, ${MEDPLUM.reads} reads/s): creates ${n(creates.api)}/s at c=${creates.concurrency} = ` +
        `${(creates.api / MEDPLUM.creates).toFixed(1)}× (aim ${GOALS.createsVsMedplum}×), reads ${n(reads.api)}/s at c=${reads.concurrency} = ` +
        `${(reads.api / MEDPLUM.reads).toFixed(1)}× (aim ${GOALS.readsVsMedplum}×).`
      : '',
    '',
    '<details><summary>Every window</summary>',
    '',
    runsTable(all),
    '',
    '</details>',
  ];
  return lines.join('\n');
}

const n = (x: number) => Math.round(x).toLocaleString('en-GB');

/** Command-line entry: prints progress to stderr and the markdown to stdout; exit 1 on any error. */
export async function main(argv: string[]): Promise<number> {
  const o = parseOptions(argv);
  const report = await runRecordServerBenchmark(o);
  console.log(`\n## Record server benchmark\n\n${report.markdown}\n`);
  if (!report.clean) log('Some operations failed: the figures above are not valid (errors must be 0).');
  return report.clean ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
