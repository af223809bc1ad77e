/**
 * ACCESS BENCHMARK (issue #5): what authorisation and audit add to a read, on PostgreSQL.
 *
 *   node --import tsx bench/access.ts [--reads 3000] [--concurrency 1,8] [--admin-url …]
 *
 * One fresh database (dropped afterwards) holding a patient, an Observation and 2,000 other
 * patients' rows. The same `GET Observation/{id}` is read, through the server's own Repository on
 * the application role under row-level security, exactly as an HTTP request runs it (a practice
 * session, then the audit flushed after the session is released and before the answer), as:
 *  - bootstrap, no audit: the record server before issue #5 (the baseline);
 *  - GP, permissions only: a signed-in GP's permission and label checks, no audit;
 *  - GP, permissions + audit: what every staff read now costs (group-committed AuditEvent);
 *  - patient, permissions + audit: a patient's read of their own record (compartment check);
 *  - GP, permissions + audit with OPENPRACTICE_AUDIT_READ_COMMIT=async (no wait for the WAL flush);
 * beside the physical limit, the same row by primary key in raw SQL on the same pool.
 * Each variant is run `--reads` times at each concurrency, interleaved in rounds so that
 * machine noise falls on all of them alike; p50/p95 per variant and the added p50 are printed.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig, migrate, openDatabase, r4Rules, ensurePractice, type Database } from '@openpractice/server';
import { generateKeyPair, exportJWK } from 'jose';
import { AuditLog } from '../packages/server/src/audit/log';
import { loadAuditKey } from '../packages/server/src/audit/chain';
import type { AuditSink } from '../packages/server/src/audit/record';
import { loadSigningKey } from '../packages/server/src/auth/keys';
import type { AccessContext } from '../packages/server/src/repo/context';
import { Repository } from '../packages/server/src/repo/repository';
import { assertLocal, createDatabase, databaseUrl, dropDatabase } from './lib/database';
import { Latencies } from './lib/stats';

interface Variant {
  name: string;
  context: AccessContext | undefined;
  audit: false | 'durable' | 'async';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      reads: { type: 'string', default: '3000' },
      concurrency: { type: 'string', default: '1,8' },
      'admin-url': { type: 'string', default: process.env.OPENPRACTICE_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    },
  });
  const adminUrl = values['admin-url']!;
  assertLocal(adminUrl);
  const reads = Number(values.reads);
  const levels = values.concurrency!.split(',').map(Number);
  const name = await createDatabase(adminUrl);
  const url = databaseUrl(adminUrl, name);
  let db: Database | undefined;
  let audit: AuditLog | undefined;
  let quickAudit: AuditLog | undefined;
  const raw = new pg.Pool({ connectionString: url, max: Math.max(...levels) });
  try {
    const config = loadConfig({ DATABASE_URL: url, OPENPRACTICE_SEED: 'none', OPENPRACTICE_POOL_SIZE: String(Math.max(...levels) + 2) });
    db = await openDatabase(config);
    await migrate(db);
    const practice = await ensurePractice(db, 'B00050', 'Access Bench Practice');
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const key = await loadSigningKey({ signingKey: JSON.stringify(await exportJWK(privateKey)), dataDir: '/tmp' });
    audit = new AuditLog(db, loadAuditKey({ auditKey: undefined }, key));
    quickAudit = new AuditLog(db, loadAuditKey({ auditKey: undefined }, key), { commit: 'async' });

    const bootstrap: AccessContext = { practiceId: practice.id, odsCode: practice.odsCode, subject: 'bench', role: 'admin' };
    const { patientId, observationId } = await db.withPractice(practice.id, async (s) => {
      const repo = new Repository(s, bootstrap, r4Rules);
      for (let i = 0; i < 2000; i++) {
        const other = await repo.create({ resourceType: 'Patient', name: [{ family: `Other${i}` }] } as never);
        await repo.create({ resourceType: 'Observation', status: 'final', code: { text: 'Pulse' }, subject: { reference: `Patient/${other.resource.id}` } } as never);
      }
      const p = await repo.create({ resourceType: 'Patient', name: [{ family: 'Reader' }], active: true } as never);
      const o = await repo.create({
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'Pulse' },
        subject: { reference: `Patient/${p.resource.id}` },
        valueQuantity: { value: 72, unit: '/min' },
      } as never);
      return { patientId: p.resource.id!, observationId: o.resource.id! };
    });
    await db.withOwner((s) => s.exec('VACUUM (ANALYZE)'));

    const staff: AccessContext = { ...bootstrap, subject: 'gp-1', role: 'gp', kind: 'staff', fhirUser: 'Practitioner/gp-1', ip: '127.0.0.1' };
    const patient: AccessContext = { ...bootstrap, subject: 'login-1', role: 'patient', kind: 'patient', patient: patientId, proofing: 'P9', ip: '127.0.0.1' };
    const variants: Variant[] = [
      { name: 'bootstrap, no audit (baseline)', context: bootstrap, audit: false },
      { name: 'GP, permissions only', context: staff, audit: false },
      { name: 'GP, permissions + audit', context: staff, audit: 'durable' },
      { name: 'patient, permissions + audit', context: patient, audit: 'durable' },
      { name: 'GP, permissions + audit (async read commit)', context: staff, audit: 'async' },
      { name: 'raw SQL by primary key (physical limit)', context: undefined, audit: false },
    ];
    const theDb = db;
    const logs = { durable: audit, async: quickAudit };
    const readOnce = async (v: Variant): Promise<void> => {
      if (!v.context) {
        await raw.query(`SELECT content FROM resource WHERE practice_id = $1 AND resource_type = 'Observation' AND id = $2`, [practice.id, observationId]);
        return;
      }
      const deferred = v.audit ? logs[v.audit].deferred() : undefined;
      const services: { audit?: AuditSink } = deferred ? { audit: deferred } : {};
      await theDb.withPractice(practice.id, (s) => new Repository(s, v.context!, r4Rules, services).read('Observation', observationId));
      await deferred?.flush();
    };
    // Warm up every path (plans, prepared statements, JIT of the policy code).
    for (const v of variants) for (let i = 0; i < 200; i++) await readOnce(v);

    console.log(`\nAccess benchmark: ${reads} reads per variant per concurrency, PostgreSQL ${url.replace(/\/\/[^@]*@/, '//')}\n`);
    console.log('| Variant | concurrency | p50 ms | p95 ms | added p50 vs baseline ms |');
    console.log('|---|---:|---:|---:|---:|');
    for (const concurrency of levels) {
      const lat = variants.map(() => new Latencies());
      // Rounds of 100 reads per variant, interleaved, so noise falls on every variant alike.
      for (let done = 0; done < reads; done += 100) {
        for (const [k, v] of variants.entries()) {
          let left = Math.min(100, reads - done);
          await Promise.all(
            Array.from({ length: concurrency }, async () => {
              while (left-- > 0) {
                const t0 = performance.now();
                await readOnce(v);
                lat[k]!.add(performance.now() - t0);
              }
            }),
          );
        }
      }
      const base = lat[0]!.summary().p50;
      for (const [k, v] of variants.entries()) {
        const s = lat[k]!.summary();
        console.log(`| ${v.name} | ${concurrency} | ${s.p50.toFixed(3)} | ${s.p95.toFixed(3)} | ${k === 0 ? '—' : (s.p50 - base).toFixed(3)} |`);
      }
    }
    const rows = await db.withOwner((s) => s.query<{ n: string }>('SELECT count(*) AS n FROM audit_event'));
    console.log(`\naudit_event rows written: ${rows.rows[0]!.n}`);
  } finally {
    await audit?.close();
    await quickAudit?.close();
    await raw.end();
    await db?.close();
    await dropDatabase(adminUrl, name);
  }
}

await main();
