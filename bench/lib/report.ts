/**
 * Turning measurements into the markdown that goes into docs/PERFORMANCE.md: medians over runs,
 * API/raw ratios (median of each run's ratio, since the two sides of a run ran back to back under
 * the same conditions), latency percentiles, and what the server's memory and CPU did.
 */
import type { LoadResult, Operation } from './load';
import type { CpuUse } from './proc';
import { median } from './stats';

/**
 * `api`: HTTP to the server process. `raw`: the minimal SQL. With `--decompose`, `repo`: the
 * server's Repository in-process, and `sql`: the server's create statement alone.
 */
export type Side = 'api' | 'raw' | 'repo' | 'sql';

export interface Measurement {
  run: number;
  op: Operation;
  concurrency: number;
  side: Side;
  result: LoadResult;
  cpu: CpuUse;
  /** Server RSS (MiB) over the measured window; for raw windows the server is idle. */
  rss: { start: number; peak: number; end: number };
}

export interface ScenarioSummary {
  op: Operation;
  concurrency: number;
  runs: number;
  api: number;
  raw: number;
  ratio: number;
  /** Median ops/s of the decomposition layers that ran (`--decompose`). */
  layers: { repo?: number; sql?: number };
  apiLatency: { p50: number; p95: number; p99: number };
  rawLatency: { p50: number; p95: number; p99: number };
  errors: { api: number; raw: number };
  /** Server RSS: start of the first run's API window, peak over all, end of the last one. */
  rss: { start: number; peak: number; end: number };
  cpu: { api: CpuUse; raw: CpuUse; serverMsPerOp: number };
}

const medianCpu = (xs: CpuUse[]): CpuUse => ({
  server: median(xs.map((c) => c.server)),
  postgres: median(xs.map((c) => c.postgres)),
  client: median(xs.map((c) => c.client)),
  other: median(xs.map((c) => c.other)),
});

const medianLatency = (xs: LoadResult[]) => ({
  p50: median(xs.map((r) => r.latency.p50)),
  p95: median(xs.map((r) => r.latency.p95)),
  p99: median(xs.map((r) => r.latency.p99)),
});

/** One summary per (operation, concurrency), in the order first measured. */
export function summarise(ms: readonly Measurement[]): ScenarioSummary[] {
  const keys = [...new Set(ms.map((m) => `${m.op}|${m.concurrency}`))];
  return keys.map((key) => {
    const group = ms.filter((m) => `${m.op}|${m.concurrency}` === key);
    const api = group.filter((m) => m.side === 'api').sort((a, b) => a.run - b.run);
    const raw = group.filter((m) => m.side === 'raw').sort((a, b) => a.run - b.run);
    const ratios = api.flatMap((a) => {
      const r = raw.find((x) => x.run === a.run);
      return r ? [a.result.perSecond / r.result.perSecond] : [];
    });
    return {
      op: group[0]!.op,
      concurrency: group[0]!.concurrency,
      runs: api.length,
      api: median(api.map((m) => m.result.perSecond)),
      raw: median(raw.map((m) => m.result.perSecond)),
      ratio: median(ratios),
      layers: layerRates(group),
      apiLatency: medianLatency(api.map((m) => m.result)),
      rawLatency: medianLatency(raw.map((m) => m.result)),
      errors: { api: sum(api.map((m) => m.result.errors)), raw: sum(raw.map((m) => m.result.errors)) },
      rss: { start: api[0]?.rss.start ?? NaN, peak: Math.max(...api.map((m) => m.rss.peak)), end: api.at(-1)?.rss.end ?? NaN },
      cpu: {
        api: medianCpu(api.map((m) => m.cpu)),
        raw: medianCpu(raw.map((m) => m.cpu)),
        serverMsPerOp: median(api.map((m) => (m.cpu.server * 1000) / m.result.perSecond)),
      },
    };
  });
}

function layerRates(group: readonly Measurement[]): { repo?: number; sql?: number } {
  const out: { repo?: number; sql?: number } = {};
  for (const side of ['repo', 'sql'] as const) {
    const xs = group.filter((m) => m.side === side).map((m) => m.result.perSecond);
    if (xs.length) out[side] = median(xs);
  }
  return out;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const n0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-GB') : '–');
const fms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x.toFixed(1)) : '–');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const lat = (l: { p50: number; p95: number; p99: number }) => `${fms(l.p50)} / ${fms(l.p95)} / ${fms(l.p99)}`;

/** Throughput and latency: the headline table. */
export function throughputTable(s: readonly ScenarioSummary[]): string {
  const rows = s.map(
    (x) =>
      `| ${x.op} | ${x.concurrency} | ${n0(x.api)} | ${n0(x.raw)} | **${f2(x.ratio)}×** | ${lat(x.apiLatency)} | ${lat(x.rawLatency)} | ${x.errors.api} / ${x.errors.raw} |`,
  );
  return [
    '| Operation | Concurrency | API ops/s | Raw ops/s | API / raw | API p50 / p95 / p99 ms | Raw p50 / p95 / p99 ms | Errors API / raw |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

/** Where the gap goes: each layer of the server measured alone, as a fraction of raw. */
export function decompositionTable(s: readonly ScenarioSummary[]): string {
  const cell = (x: number | undefined, raw: number) => (x === undefined ? '–' : `${n0(x)} (${f2(x / raw)}×)`);
  const rows = s.map(
    (x) => `| ${x.op} | ${x.concurrency} | ${n0(x.raw)} | ${cell(x.layers.sql, x.raw)} | ${cell(x.layers.repo, x.raw)} | ${cell(x.api, x.raw)} |`,
  );
  return [
    '| Operation | Concurrency | Raw SQL ops/s | + history, index rows, RLS (server statement) | + validation, extraction (Repository in-process) | + HTTP, auth, JSON (API) |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

/** Server memory and where the CPU went during each scenario. */
export function resourceTable(s: readonly ScenarioSummary[]): string {
  const rows = s.map(
    (x) =>
      `| ${x.op} | ${x.concurrency} | ${n0(x.rss.start)} / ${n0(x.rss.peak)} / ${n0(x.rss.end)} | ${f2(x.cpu.api.server)} | ${f2(x.cpu.serverMsPerOp)} | ` +
      `${f2(x.cpu.api.postgres)} / ${f2(x.cpu.raw.postgres)} | ${f2(x.cpu.api.client)} / ${f2(x.cpu.raw.client)} | ${f2(x.cpu.api.other)} / ${f2(x.cpu.raw.other)} |`,
  );
  return [
    '| Operation | Concurrency | Server RSS start / peak / end MiB | Server CPU (cores) | Server CPU ms per op | PostgreSQL CPU (cores) API / raw | Load-generator CPU API / raw | Other CPU API / raw |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

/** Every measurement, for the appendix. */
export function runsTable(ms: readonly Measurement[]): string {
  const rows = ms.map(
    (m) =>
      `| ${m.run} | ${m.op} | ${m.concurrency} | ${m.side} | ${n0(m.result.perSecond)} | ${lat(m.result.latency)} | ${m.result.errors} | ` +
      `${f2(m.cpu.server)} / ${f2(m.cpu.postgres)} / ${f2(m.cpu.client)} / ${f2(m.cpu.other)} | ${n0(m.rss.end)} |`,
  );
  return [
    '| Run | Operation | Concurrency | Side | ops/s | p50 / p95 / p99 ms | Errors | CPU cores server / PostgreSQL / load generator / other | Server RSS end MiB |',
    '|---:|---|---:|---|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}
