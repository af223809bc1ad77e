/**
 * What auditing adds to a read: the latency of `AuditLog.record()` for one read event (group
 * commit, awaited until it is durable, as a read is before its response is sent) at concurrency
 * 1 and 8 on PostgreSQL, beside the physical limit — one single-row INSERT of the same row, in
 * autocommit, into a copy of audit_event (same columns and indexes, no chain), through the same
 * driver and pool. Measured with synchronous_commit on (durable: the disk's fsync dominates) and
 * off (the log's own cost: CPU, JSON, HMAC, round trip).
 *
 *   node --import tsx bench/audit.ts [--seconds N] [--admin-url postgres://…]
 *
 * Runs on a throw-away database on a local PostgreSQL (default postgres://postgres@127.0.0.1:5432)
 * and drops it afterwards. `--seconds` is per side, concurrency and commit mode (8 of them;
 * default 2), split into alternating rounds.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { ensurePractice, loadAuditKey, migrate, openDatabase, AuditLog, loadConfig, type Database } from '@openpractice/server';
import { auditRecord } from '../test/audit';
import { auditEventJson } from '../packages/server/src/audit/audit-event';
import { assertLocal, createDatabase, databaseUrl, describeServer, dropDatabase } from './lib/database';
import { Latencies } from './lib/stats';

const ROUNDS = 2;

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i === -1 ? undefined : argv[i + 1];
}

/** Runs `op` from `concurrency` loops for `seconds` after a short warm-up, adding latencies (ms). */
async function measure(concurrency: number, seconds: number, op: () => Promise<void>, into: Latencies): Promise<number> {
  const warmUntil = performance.now() + 300;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < warmUntil) await op();
  }));
  const start = performance.now();
  const until = start + seconds * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      await op();
      into.add(performance.now() - t0);
      done++;
    }
  }));
  return done / ((performance.now() - start) / 1000);
}

function fmt(ms: number): string {
  return `${ms.toFixed(3)} ms`;
}

export async function main(argv: string[]): Promise<number> {
  const seconds = Number(option(argv, '--seconds') ?? 2);
  const adminUrl = option(argv, '--admin-url') ?? process.env.OPENPRACTICE_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  assertLocal(adminUrl);
  const name = await createDatabase(adminUrl);
  const url = databaseUrl(adminUrl, name);
  let db: Database | undefined;
  try {
    db = await openDatabase({ ...loadConfig({}), databaseUrl: url, poolSize: 20 });
    await migrate(db);
    const practice = await ensurePractice(db, 'B00001', 'Bench Practice');
    await db.withOwner((s) => s.query('CREATE TABLE raw_audit (LIKE audit_event INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)'));
    const auditKey = loadAuditKey({ auditKey: randomBytes(32).toString('hex') }, { privateJwk: {} });
    let log = new AuditLog(db, auditKey);
    const read = () => auditRecord(practice, { recorded: new Date(), patientIds: ['pat-1'], entities: ['Patient/pat-1'] });
    const json = auditEventJson(read(), 'raw');
    const hash = randomBytes(32);
    let seq = 0;
    const rawInsert = async () => {
      const n = ++seq;
      await db!.withOwner((s) =>
        s.query(
          `INSERT INTO raw_audit (practice_id, seq, id, recorded, agent, agent_kind, agent_role, client_id, action, subtype, outcome, patient_ids, json, hash)
           VALUES ($1, $2, $3, now(), 'user-1', 'staff', 'gp', NULL, 'R', 'read', '0', $4, $5, $6)`,
          [practice.id, n, `raw-${n}`, ['pat-1'], json, hash],
          'bench-raw-audit',
        ),
      );
    };
    const audited = () => log.record([read()]);

    const server = await describeServer(url);
    // Raw and audited windows alternate (ROUNDS each), so a busy moment of the machine falls on
    // both. Then again without waiting for the WAL flush (synchronous_commit off, both sides):
    // what the audit log itself costs, with the disk's fsync time taken out.
    const rows: string[] = [];
    for (const commit of ['on', 'off']) {
      await db.withOwner((s) => s.query(`ALTER DATABASE ${name} SET synchronous_commit TO ${commit}`));
      // Pooled connections keep the setting they started with: start afresh.
      await db.close();
      db = await openDatabase({ ...loadConfig({}), databaseUrl: url, poolSize: 20 });
      log = new AuditLog(db, auditKey);
      for (const concurrency of [1, 8]) {
        const sides = [
          { label: 'raw single-row INSERT', op: rawInsert, latencies: new Latencies(), rates: [] as number[] },
          { label: 'AuditLog.record() (read)', op: audited, latencies: new Latencies(), rates: [] as number[] },
        ];
        for (let round = 0; round < ROUNDS; round++) {
          for (const side of sides) side.rates.push(await measure(concurrency, seconds / ROUNDS, side.op, side.latencies));
        }
        for (const side of sides) {
          const s = side.latencies.summary();
          const rate = side.rates.reduce((x, y) => x + y, 0) / side.rates.length;
          rows.push(`| ${commit} | ${side.label} | ${concurrency} | ${side.latencies.count} | ${Math.round(rate)} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} |`);
        }
      }
      await log.close();
    }
    const settings = Object.entries(server.settings).filter(([k]) => k !== 'synchronous_commit');
    console.log(`PostgreSQL ${server.version}; ${settings.map(([k, v]) => `${k}=${v}`).join(', ')}; ${seconds} s per window\n`);
    console.log('| synchronous_commit | what | concurrency | ops | ops/s | p50 | p95 | p99 |');
    console.log('|---|---|---|---|---|---|---|---|');
    console.log(rows.join('\n'));
    return 0;
  } finally {
    await db?.close();
    await dropDatabase(adminUrl, name);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
