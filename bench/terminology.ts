/**
 * Type-ahead `$expand` latency: ValueSet/$expand?url=…&filter=…&count=20 for prefixes of real
 * terms, as a picker sends them while someone types, beside the physical limit — the same expand
 * done directly on the in-memory store, with no HTTP, auth or JSON.
 *
 *   node --import tsx bench/terminology.ts [--queries N] [--listen]
 *
 * By default requests go through Fastify's inject() on a fresh app (embedded PGlite); `--listen`
 * also runs them over a real loopback socket with keep-alive. Requests are sequential (one user
 * typing); latencies are per request, p50/p95/p99 by nearest rank.
 */
import { performance } from 'node:perf_hooks';
import { testApp } from '../test/harness';
import { BASE, getTerminology } from '../packages/server/src/terminology/index';
import { Latencies } from './lib/stats';

const VALUE_SETS = ['problems', 'medicines', 'allergies', 'observables', 'procedures'].map((id) => `${BASE}/ValueSet/${id}`);
const PAGE = 20;

/** What a person types on the way to a term: "d", "di", …, "diabetes", "diabetes m", …, per term. */
function typeAheadQueries(minimum: number): { url: string; filter: string }[] {
  const t = getTerminology();
  const out: { url: string; filter: string }[] = [];
  for (const url of VALUE_SETS) {
    for (const c of t.expand(url, { count: Number.MAX_SAFE_INTEGER })!.contains) {
      const typed = c.display.toLowerCase();
      for (let n = 2; n <= Math.min(typed.length, 18); n++) out.push({ url, filter: typed.slice(0, n) });
    }
  }
  while (out.length < minimum) out.push(...out.slice(0, minimum - out.length));
  return out;
}

function fmt(ms: number): string {
  return ms < 0.1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;
}

function report(label: string, l: Latencies): string {
  const s = l.summary();
  return `| ${label} | ${l.count} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} |`;
}

export async function main(argv: string[]): Promise<number> {
  const n = Number(argv[argv.indexOf('--queries') + 1]) || 2000;
  const listen = argv.includes('--listen');
  const queries = typeAheadQueries(n);
  const store = getTerminology();

  // Physical limit: the store itself.
  for (const q of queries.slice(0, 500)) store.expand(q.url, { filter: q.filter, count: PAGE });
  const direct = new Latencies();
  let matched = 0;
  for (const q of queries) {
    const t0 = performance.now();
    const e = store.expand(q.url, { filter: q.filter, count: PAGE })!;
    direct.add(performance.now() - t0);
    matched += e.total > 0 ? 1 : 0;
  }

  const app = await testApp();
  const token = await app.token({ role: 'gp' });
  const path = (q: { url: string; filter: string }) =>
    `/fhir/ValueSet/$expand?url=${encodeURIComponent(q.url)}&filter=${encodeURIComponent(q.filter)}&count=${PAGE}`;
  try {
    for (const q of queries.slice(0, 300)) await app.request({ method: 'GET', url: path(q), auth: token });
    const inject = new Latencies();
    for (const q of queries) {
      const t0 = performance.now();
      const res = await app.request({ method: 'GET', url: path(q), auth: token });
      inject.add(performance.now() - t0);
      if (res.statusCode !== 200) throw new Error(`${path(q)}: ${res.statusCode} ${res.body}`);
    }

    let socket: Latencies | undefined;
    if (listen) {
      const address = await app.app.listen({ host: '127.0.0.1', port: 0 });
      const headers = { authorization: `Bearer ${token}` };
      for (const q of queries.slice(0, 300)) await (await fetch(`${address}${path(q)}`, { headers })).arrayBuffer();
      socket = new Latencies();
      for (const q of queries) {
        const t0 = performance.now();
        const res = await fetch(`${address}${path(q)}`, { headers });
        await res.arrayBuffer();
        socket.add(performance.now() - t0);
        if (res.status !== 200) throw new Error(`${path(q)}: ${res.status}`);
      }
    }

    const lines = [
      `Type-ahead $expand, ${queries.length} sequential queries (prefixes of ${VALUE_SETS.length} value sets' terms, count=${PAGE}; ${matched} with matches)`,
      '',
      '| path | queries | p50 | p95 | p99 |',
      '|---|---|---|---|---|',
      report('store.expand() in process (physical limit)', direct),
      report('HTTP via inject() (auth, routing, JSON)', inject),
      ...(socket ? [report('HTTP over loopback socket (keep-alive fetch)', socket)] : []),
    ];
    console.log(lines.join('\n'));
    const p95 = (socket ?? inject).summary().p95;
    console.log(`\np95 ${fmt(p95)} against the 5 ms target: ${p95 <= 5 ? 'met' : 'NOT met'}`);
    return p95 <= 5 ? 0 : 1;
  } finally {
    await app.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv.slice(2));
