/**
 * `npm run bench:search`: the searches a practice runs all day, on PostgreSQL holding a
 * 10,000-patient synthetic practice plus other practices' rows (tenancy must not cost), each
 * beside the hand-written SQL for the same question on the same tables (the physical limit).
 *
 * For every query, in one run:
 * 1. a probe: the API's first page and the raw SQL's rows are the same resources (so the raw side
 *    answers the same question);
 * 2. EXPLAIN (ANALYZE, BUFFERS) of the exact statements the server runs for it — captured from the
 *    server's own Repository in this process, run as the application role under row-level
 *    security — listing the indexes used and any sequential scan;
 * 3. closed-loop load at `--concurrency` (8) for `--seconds`: API (HTTP to a separate server
 *    process) then raw SQL (a pg pool of the same size, schema owner, no RLS), p50/p95 and rate.
 *
 * The data is generated once and kept in the database `--database` (default op_bench_search); a
 * fingerprint of the options and of the generator's source decides when it must be reloaded.
 *
 *   npm run bench:search -- [--patients 10000] [--others 9] [--other-patients 10000]
 *     [--seconds 10] [--concurrency 8] [--only name,...] [--reload] [--markdown FILE] [--plans FILE]
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ensurePractice, generatePractice, loadConfig, loadResources, migrate, openDatabase, r4Rules, type Database, type Practice, type Session } from '@openpractice/server';
import { route } from '../packages/server/src/fhir-api/router';
import { Repository } from '../packages/server/src/repo/repository';
import { assertLocal, databaseUrl, describeServer } from './lib/database';
import { loopLoad, type LoadResult } from './lib/load';
import { waitForQuiet } from './lib/proc';
import { cliToken, startServer } from './lib/server';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const NHS = 'https://fhir.nhs.uk/Id/nhs-number';

export interface SearchBenchOptions {
  adminUrl: string;
  database: string;
  patients: number;
  others: number;
  otherPatients: number;
  today: string;
  seconds: number;
  concurrency: number;
  only?: string[];
  reload: boolean;
  markdown?: string;
  plans?: string;
  quietWait: number;
}

export function parseSearchOptions(argv: string[]): SearchBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'admin-url': { type: 'string' },
      database: { type: 'string' },
      patients: { type: 'string' },
      others: { type: 'string' },
      'other-patients': { type: 'string' },
      today: { type: 'string' },
      seconds: { type: 'string' },
      concurrency: { type: 'string' },
      only: { type: 'string' },
      reload: { type: 'boolean' },
      markdown: { type: 'string' },
      plans: { type: 'string' },
      'quiet-wait': { type: 'string' },
    },
    strict: true,
  });
  const int = (v: string | undefined, d: number) => (v === undefined ? d : Number.parseInt(v, 10));
  return {
    adminUrl: values['admin-url'] ?? process.env.OPENPRACTICE_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    database: values.database ?? 'op_bench_search',
    patients: int(values.patients, 10_000),
    others: int(values.others, 9),
    otherPatients: int(values['other-patients'], 10_000),
    today: values.today ?? new Date().toISOString().slice(0, 10),
    seconds: int(values.seconds, 10),
    concurrency: int(values.concurrency, 8),
    ...(values.only ? { only: values.only.split(',') } : {}),
    reload: values.reload ?? false,
    ...(values.markdown ? { markdown: values.markdown } : {}),
    ...(values.plans ? { plans: values.plans } : {}),
    quietWait: int(values['quiet-wait'], 60),
  };
}

// ---------------------------------------------------------------------------------------------
// The data: one big practice (the one measured) and `others` more, loaded once and kept.

const BENCH_STATE = 'bench-search';
const odsOf = (i: number) => `P${String(10001 + i)}`;

/** Hash of the generator's source: a changed generator means the kept data is stale. */
function generatorHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) h.update(name).update(readFileSync(p));
    }
  };
  walk(join(ROOT, 'packages/server/src/seed'));
  return h.digest('hex').slice(0, 16);
}

interface LoadedData {
  url: string;
  main: Practice;
  /** Resources in the whole database, and in the measured practice. */
  resources: number;
  mainResources: number;
  loadSeconds?: number;
}

async function openBenchDatabase(url: string): Promise<Database> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'op-bench-search-'));
  const config = loadConfig({ DATABASE_URL: url, OPENPRACTICE_DATA_DIR: dataDir, OPENPRACTICE_SEED: 'none', OPENPRACTICE_STATEMENT_TIMEOUT_MS: '600000' });
  return openDatabase(config);
}

async function ensureData(o: SearchBenchOptions, log: (s: string) => void): Promise<LoadedData> {
  assertLocal(o.adminUrl);
  const url = databaseUrl(o.adminUrl, o.database);
  const fingerprint = JSON.stringify({ patients: o.patients, others: o.others, otherPatients: o.otherPatients, today: o.today, generator: generatorHash() });
  const admin = new pg.Client({ connectionString: o.adminUrl });
  await admin.connect();
  let fresh = o.reload;
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [o.database])).rowCount === 1;
    if (exists && !fresh) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const r = await c.query<{ value: string }>(`SELECT value FROM deployment_state WHERE key = $1`, [BENCH_STATE]).catch(() => ({ rows: [] as { value: string }[] }));
        fresh = r.rows[0]?.value !== fingerprint;
        if (fresh) log(`Kept data in ${o.database} is stale (options or generator changed): reloading`);
      } finally {
        await c.end();
      }
    } else if (!exists) fresh = true;
    if (fresh) {
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(o.database)} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(o.database)}`);
    }
  } finally {
    await admin.end();
  }

  const db = await openBenchDatabase(url);
  try {
    await migrate(db);
    let loadSeconds: number | undefined;
    if (fresh) {
      const started = performance.now();
      for (let i = 0; i <= o.others; i++) {
        const odsCode = odsOf(i);
        const name = i === 0 ? 'Benchmark Medical Centre' : `Neighbouring Practice ${i}`;
        const patients = i === 0 ? o.patients : o.otherPatients;
        const practice = await ensurePractice(db, odsCode, name);
        const t0 = performance.now();
        const s = await loadResources(db, practice, r4Rules, generatePractice({ odsCode, name, patients, seed: i + 1, today: o.today }), {
          analyze: i === o.others,
        });
        log(`Loaded ${odsCode}: ${patients} patients, ${s.inserted.toLocaleString('en-GB')} resources in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      }
      loadSeconds = (performance.now() - started) / 1000;
      await db.withOwner((s) =>
        s.query(`INSERT INTO deployment_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`, [BENCH_STATE, fingerprint]),
      );
    }
    const main = await ensurePractice(db, odsOf(0), 'Benchmark Medical Centre');
    const counts = await db.withOwner(async (s) => {
      const r = await s.query<{ all: string; main: string }>(`SELECT count(*) AS all, count(*) FILTER (WHERE practice_id = $1) AS main FROM resource`, [main.id]);
      return r.rows[0]!;
    });
    return { url, main, resources: Number(counts.all), mainResources: Number(counts.main), ...(loadSeconds !== undefined ? { loadSeconds } : {}) };
  } finally {
    await db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// What to ask: values picked from the data, so every request has real answers and they vary.

interface PatientPick {
  id: string;
  nhs: string;
  family: string;
  birthDate: string;
  postcode: string;
}

interface Picks {
  today: string;
  weekStart: string;
  weekEnd: string;
  tenYearsAgo: string;
  patients: PatientPick[];
  /** Patients who have observations of `observation`, for the results-over-time query. */
  observed: string[];
  observation: { system: string; code: string };
  /** The first day from today with booked appointments, and the practitioners seeing patients then. */
  clinicDay: string;
  clinicians: string[];
  /** The patient whose record is closest to 1,000 resources, and its size. */
  everything: { id: string; size: number };
  commonFamily: string;
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function pick(c: pg.Client, practiceId: number, today: string): Promise<Picks> {
  const rows = (
    await c.query<{ id: string; content: string }>(
      `SELECT id, content FROM resource WHERE practice_id = $1 AND resource_type = 'Patient' AND NOT deleted ORDER BY md5(id) LIMIT 200`,
      [practiceId],
    )
  ).rows;
  const patients = rows.map(({ id, content }) => {
    const p = JSON.parse(content) as {
      identifier?: { system?: string; value?: string }[];
      name?: { family?: string }[];
      birthDate?: string;
      address?: { postalCode?: string }[];
    };
    return {
      id,
      nhs: p.identifier?.find((i) => i.system === NHS)?.value ?? '',
      family: p.name?.[0]?.family ?? '',
      birthDate: p.birthDate ?? '',
      postcode: p.address?.[0]?.postalCode ?? '',
    };
  });
  const obs = (
    await c.query<{ system: string; value: string }>(
      `SELECT system, value FROM idx_token WHERE practice_id = $1 AND resource_type = 'Observation' AND code = 'code'
       GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`,
      [practiceId],
    )
  ).rows[0]!;
  const observed = (
    await c.query<{ target_id: string }>(
      `SELECT DISTINCT ref.target_id FROM idx_token t JOIN idx_reference ref ON ref.rid = t.rid AND ref.code = 'patient'
       WHERE t.practice_id = $1 AND t.resource_type = 'Observation' AND t.code = 'code' AND t.system = $2 AND t.value = $3
       LIMIT 200`,
      [practiceId, obs.system, obs.value],
    )
  ).rows.map((r) => r.target_id);
  const clinicDay = (
    await c.query<{ day: string }>(
      `SELECT to_char(d.low, 'YYYY-MM-DD') AS day FROM idx_date d
       WHERE d.practice_id = $1 AND d.resource_type = 'Appointment' AND d.code = 'date' AND d.low >= $2::date AND d.low < $2::date + 7
       GROUP BY 1 ORDER BY 1 LIMIT 1`,
      [practiceId, today],
    )
  ).rows[0]?.day;
  if (!clinicDay) throw new Error(`No appointments in the week from ${today}`);
  const clinicians = (
    await c.query<{ target_id: string }>(
      `SELECT DISTINCT ref.target_id FROM idx_reference ref JOIN idx_date d ON d.rid = ref.rid AND d.code = 'date'
       WHERE ref.practice_id = $1 AND ref.resource_type = 'Appointment' AND ref.code = 'actor' AND ref.target_type = 'Practitioner'
         AND d.low >= $2::date AND d.low < $3::date`,
      [practiceId, clinicDay, addDays(clinicDay, 1)],
    )
  ).rows.map((r) => r.target_id);
  const everything = (
    await c.query<{ target_id: string; n: string }>(
      `SELECT target_id, count(DISTINCT rid) AS n FROM idx_reference
       WHERE practice_id = $1 AND target_type = 'Patient' AND code IN ('patient', 'subject')
       GROUP BY 1 ORDER BY abs(count(DISTINCT rid) - 1000) LIMIT 1`,
      [practiceId],
    )
  ).rows[0]!;
  const common = (
    await c.query<{ value: string }>(
      `SELECT p.content::json->'name'->0->>'family' AS value FROM resource p WHERE p.practice_id = $1 AND p.resource_type = 'Patient'
       GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      [practiceId],
    )
  ).rows[0]!;
  const dow = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  const weekStart = addDays(today, -dow);
  for (const [what, list] of [['patients', patients], ['observed patients', observed], ['clinicians', clinicians]] as const) {
    if (list.length === 0) throw new Error(`The data has no ${what} to ask about`);
  }
  return {
    today,
    clinicDay,
    weekStart,
    weekEnd: addDays(weekStart, 7),
    tenYearsAgo: addDays(today, -3652),
    patients,
    observed,
    observation: { system: obs.system, code: obs.value },
    clinicians,
    everything: { id: everything.target_id, size: Number(everything.n) },
    commonFamily: common.value,
  };
}

// ---------------------------------------------------------------------------------------------
// The queries: the FHIR request and the SQL a person would write for the same question.

interface Query {
  name: string;
  /** p95 goal in ms. */
  goal: number;
  api(p: Picks, i: number): string;
  raw(p: Picks, i: number): { text: string; values: unknown[] };
  /** The answer includes `_include`-mode entries (e.g. $everything's shared resources). */
  includes?: boolean;
}

const cycle = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;
const prefixRange = (s: string) => [s, s.slice(0, -1) + String.fromCharCode(s.charCodeAt(s.length - 1) + 1)];
const norm = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** `$P` is the practice; rows return id and content. */
const QUERIES: Query[] = [
  {
    name: 'Patient by NHS number',
    goal: 20,
    api: (p, i) => `Patient?identifier=${NHS}|${cycle(p.patients, i).nhs}`,
    raw: (p, i) => ({
      text: `SELECT r.id, r.content FROM idx_token t JOIN resource r ON r.rid = t.rid
             WHERE t.practice_id = $P AND t.resource_type = 'Patient' AND t.code = 'identifier' AND t.value = $2 AND t.system = $3 AND NOT r.deleted`,
      values: [cycle(p.patients, i).nhs, NHS],
    }),
  },
  {
    name: 'Patient by family name + birth date',
    goal: 20,
    api: (p, i) => `Patient?family=${encodeURIComponent(cycle(p.patients, i).family)}&birthdate=${cycle(p.patients, i).birthDate}`,
    raw: (p, i) => {
      const [lo, hi] = prefixRange(norm(cycle(p.patients, i).family));
      const day = cycle(p.patients, i).birthDate;
      return {
        text: `SELECT r.id, r.content FROM resource r
               WHERE r.rid IN (SELECT d.rid FROM idx_date d WHERE d.practice_id = $P AND d.resource_type = 'Patient' AND d.code = 'birthdate'
                                 AND d.low >= $4::date AND d.high < $5::date)
                 AND r.rid IN (SELECT s.rid FROM idx_string s WHERE s.practice_id = $P AND s.resource_type = 'Patient' AND s.code = 'family'
                                 AND s.value >= $2 AND s.value < $3)
                 AND NOT r.deleted`,
        values: [lo, hi, day, addDays(day, 1)],
      };
    },
  },
  {
    name: 'Patient by postcode',
    goal: 20,
    api: (p, i) => `Patient?address-postalcode=${encodeURIComponent(cycle(p.patients, i).postcode)}`,
    raw: (p, i) => {
      const [lo, hi] = prefixRange(norm(cycle(p.patients, i).postcode));
      return {
        text: `SELECT r.id, r.content FROM resource r
               WHERE r.rid IN (SELECT s.rid FROM idx_string s WHERE s.practice_id = $P AND s.resource_type = 'Patient'
                                 AND s.code = 'address-postalcode' AND s.value >= $2 AND s.value < $3)
                 AND NOT r.deleted ORDER BY r.rid LIMIT 20`,
        values: [lo, hi],
      };
    },
  },
  {
    name: "A patient's active problems",
    goal: 20,
    api: (p, i) => `Condition?patient=Patient/${cycle(p.patients, i).id}&clinical-status=active&category=problem-list-item`,
    raw: (p, i) => ({
      text: `SELECT r.id, r.content FROM resource r
             WHERE r.rid IN (SELECT f.rid FROM idx_reference f WHERE f.practice_id = $P AND f.resource_type = 'Condition' AND f.code = 'patient' AND f.target_id = $2)
               AND r.rid IN (SELECT t.rid FROM idx_token t WHERE t.practice_id = $P AND t.resource_type = 'Condition' AND t.code = 'clinical-status' AND t.value = 'active')
               AND r.rid IN (SELECT t.rid FROM idx_token t WHERE t.practice_id = $P AND t.resource_type = 'Condition' AND t.code = 'category' AND t.value = 'problem-list-item')
               AND NOT r.deleted ORDER BY r.rid LIMIT 20`,
      values: [cycle(p.patients, i).id],
    }),
  },
  {
    name: 'Current repeat medications',
    goal: 20,
    api: (p, i) => `MedicationRequest?patient=Patient/${cycle(p.patients, i).id}&status=active&intent=plan`,
    raw: (p, i) => ({
      text: `SELECT r.id, r.content FROM resource r
             WHERE r.rid IN (SELECT f.rid FROM idx_reference f WHERE f.practice_id = $P AND f.resource_type = 'MedicationRequest' AND f.code = 'patient' AND f.target_id = $2)
               AND r.rid IN (SELECT t.rid FROM idx_token t WHERE t.practice_id = $P AND t.resource_type = 'MedicationRequest' AND t.code = 'status' AND t.value = 'active')
               AND r.rid IN (SELECT t.rid FROM idx_token t WHERE t.practice_id = $P AND t.resource_type = 'MedicationRequest' AND t.code = 'intent' AND t.value = 'plan')
               AND NOT r.deleted ORDER BY r.rid LIMIT 20`,
      values: [cycle(p.patients, i).id],
    }),
  },
  {
    name: 'Last 10 consultations',
    goal: 20,
    api: (p, i) => `Encounter?patient=Patient/${cycle(p.patients, i).id}&_sort=-date&_count=10`,
    raw: (p, i) => ({
      text: `SELECT r.id, r.content FROM idx_reference f
             JOIN idx_date d ON d.rid = f.rid AND d.code = 'date'
             JOIN resource r ON r.rid = f.rid
             WHERE f.practice_id = $P AND f.resource_type = 'Encounter' AND f.code = 'patient' AND f.target_id = $2 AND NOT r.deleted
             ORDER BY d.low DESC LIMIT 10`,
      values: [cycle(p.patients, i).id],
    }),
  },
  {
    name: 'One observation code over ten years',
    goal: 20,
    api: (p, i) => `Observation?patient=Patient/${cycle(p.observed, i)}&code=${p.observation.system}|${p.observation.code}&date=ge${p.tenYearsAgo}&_sort=date&_count=100`,
    raw: (p, i) => ({
      text: `SELECT r.id, r.content FROM idx_reference f
             JOIN idx_token t ON t.rid = f.rid AND t.code = 'code' AND t.value = $3 AND t.system = $4
             JOIN idx_date d ON d.rid = f.rid AND d.code = 'date'
             JOIN resource r ON r.rid = f.rid
             WHERE f.practice_id = $P AND f.resource_type = 'Observation' AND f.code = 'patient' AND f.target_id = $2
               AND d.high >= $5::date AND NOT r.deleted
             ORDER BY d.low LIMIT 100`,
      values: [cycle(p.observed, i), p.observation.code, p.observation.system, p.tenYearsAgo],
    }),
  },
  {
    name: "A clinician's appointments for the day",
    goal: 20,
    api: (p, i) => `Appointment?actor=Practitioner/${cycle(p.clinicians, i)}&date=${p.clinicDay}&_sort=date&_count=50`,
    raw: (p, i) => ({
      text: `SELECT r.id, r.content FROM idx_reference f
             JOIN idx_date d ON d.rid = f.rid AND d.code = 'date'
             JOIN resource r ON r.rid = f.rid
             WHERE f.practice_id = $P AND f.resource_type = 'Appointment' AND f.code = 'actor' AND f.target_id = $2
               AND d.low >= $3::date AND d.high < $4::date AND NOT r.deleted
             ORDER BY d.low LIMIT 50`,
      values: [cycle(p.clinicians, i), p.clinicDay, addDays(p.clinicDay, 1)],
    }),
  },
  {
    name: 'Free slots this week',
    goal: 20,
    api: (p) => `Slot?status=free&start=ge${p.weekStart}&start=lt${p.weekEnd}&_sort=start&_count=50`,
    raw: (p) => ({
      text: `SELECT r.id, r.content FROM idx_date d
             JOIN idx_token t ON t.rid = d.rid AND t.code = 'status' AND t.value = 'free'
             JOIN resource r ON r.rid = d.rid
             WHERE d.practice_id = $P AND d.resource_type = 'Slot' AND d.code = 'start' AND d.low >= $2::date AND d.low < $3::date AND NOT r.deleted
             ORDER BY d.low LIMIT 50`,
      values: [p.weekStart, p.weekEnd],
    }),
  },
  {
    name: 'Patient?family=X&_count=20 (Medplum: ~277/s)',
    goal: 20,
    api: (p) => `Patient?family=${encodeURIComponent(p.commonFamily)}&_count=20`,
    raw: (p) => {
      const [lo, hi] = prefixRange(norm(p.commonFamily));
      return {
        text: `SELECT r.id, r.content FROM resource r
               WHERE r.rid IN (SELECT s.rid FROM idx_string s WHERE s.practice_id = $P AND s.resource_type = 'Patient' AND s.code = 'family' AND s.value >= $2 AND s.value < $3)
                 AND NOT r.deleted ORDER BY r.rid LIMIT 20`,
        values: [lo, hi],
      };
    },
  },
  {
    name: 'Patient/$everything (~1,000 resources)',
    goal: 100,
    includes: true,
    api: (p) => `Patient/${p.everything.id}/$everything?_count=1000`,
    raw: (p) => ({
      text: `WITH own AS (
               SELECT r.rid FROM resource r WHERE r.practice_id = $P AND r.resource_type = 'Patient' AND r.id = $2
               UNION SELECT f.rid FROM idx_reference f WHERE f.practice_id = $P AND f.target_type = 'Patient' AND f.target_id = $2
             ), shared AS (
               SELECT x.rid FROM idx_reference f JOIN resource x ON x.practice_id = $P AND x.resource_type = f.target_type AND x.id = f.target_id
               WHERE f.rid IN (SELECT rid FROM own) AND f.target_type <> 'Patient'
             )
             SELECT r.id, r.content FROM resource r WHERE r.rid IN (SELECT rid FROM own UNION SELECT rid FROM shared) AND NOT r.deleted
             ORDER BY r.rid LIMIT 1001`,
      values: [p.everything.id],
    }),
  },
];

// ---------------------------------------------------------------------------------------------
// Probe, EXPLAIN, load.

interface QueryReport {
  name: string;
  goal: number;
  apiMatches: number;
  rawRows: number;
  same: boolean;
  api: LoadResult;
  raw: LoadResult;
  indexes: string[];
  seqScans: string[];
  plans: string[];
}

/** Runs one FHIR GET in this process through the server's router, recording every statement. */
async function captureStatements(db: Database, practice: Practice, path: string): Promise<{ text: string; params: readonly unknown[] }[]> {
  const seen: { text: string; params: readonly unknown[] }[] = [];
  await db.withPractice(practice.id, async (session) => {
    const recording: Session = new Proxy(session, {
      get(target, prop, receiver) {
        if (prop === 'query') {
          return (text: string, params: readonly unknown[] = [], name?: string) => {
            seen.push({ text, params });
            return target.query(text, params, name);
          };
        }
        const v: unknown = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const [p, q = ''] = path.split('?');
    const res = await route(
      {
        repo: new Repository(recording, { practiceId: practice.id, odsCode: practice.odsCode, subject: 'bench', role: 'gp' }, r4Rules),
        baseUrl: 'http://bench/fhir',
      },
      { method: 'GET', path: p!, query: new URLSearchParams(q), headers: {}, body: undefined },
    );
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  });
  return seen;
}

async function explain(db: Database, practice: Practice, stmts: { text: string; params: readonly unknown[] }[]) {
  const plans: string[] = [];
  await db.withPractice(practice.id, async (s) => {
    for (const st of stmts) {
      if (!/^\s*(WITH|SELECT)/i.test(st.text)) continue;
      const r = await s.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${st.text}`, st.params);
      plans.push(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
    }
  });
  const all = plans.join('\n');
  const indexes = [...new Set([...all.matchAll(/(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\w+)/g)].map((m) => m[1]!))].sort();
  const seqScans = [...new Set([...all.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]!))].sort();
  return { plans, indexes, seqScans };
}

type SearchBundle = { entry?: { resource?: { id?: string; resourceType?: string }; search?: { mode?: string } }[] };

/** Ids of the page's matches (and, where the question includes them, of included resources). */
function bundleIds(body: SearchBundle, withIncludes: boolean): string[] {
  return (body.entry ?? [])
    .filter((e) => e.search?.mode !== 'outcome' && (withIncludes || e.search?.mode !== 'include'))
    .map((e) => e.resource!.id!);
}

async function runQuery(q: Query, p: Picks, ctx: { url: string; token: string; pool: pg.Pool; db: Database; practice: Practice; o: SearchBenchOptions }): Promise<QueryReport> {
  const sub = (sql: { text: string; values: unknown[] }) => ({ text: sql.text.replaceAll('$P', '$1'), values: [ctx.practice.id, ...sql.values] });
  const get = async (path: string) => {
    const res = await fetch(`${ctx.url}/fhir/${path}`, { headers: { authorization: `Bearer ${ctx.token}`, accept: 'application/fhir+json' } });
    if (res.status !== 200) throw new Error(`${q.name}: ${res.status} ${(await res.text()).slice(0, 300)}`);
    return res.json() as Promise<SearchBundle>;
  };
  // Probe: the same resources on both sides.
  const apiIds = bundleIds(await get(q.api(p, 0)), q.includes === true).sort();
  const rawIds = (await ctx.pool.query<{ id: string }>(sub(q.raw(p, 0)))).rows.map((r) => r.id).sort();
  const same = apiIds.length === rawIds.length && apiIds.every((id, k) => id === rawIds[k]);
  const { plans, indexes, seqScans } = await explain(ctx.db, ctx.practice, await captureStatements(ctx.db, ctx.practice, q.api(p, 0)));

  let i = 0;
  const api = await loopLoad(
    async () => {
      const res = await fetch(`${ctx.url}/fhir/${q.api(p, i++)}`, { headers: { authorization: `Bearer ${ctx.token}`, accept: 'application/fhir+json' } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    },
    ctx.o.concurrency,
    ctx.o.seconds,
  );
  let j = 0;
  const raw = await loopLoad(
    async () => {
      await ctx.pool.query(sub(q.raw(p, j++)));
    },
    ctx.o.concurrency,
    ctx.o.seconds,
  );
  return { name: q.name, goal: q.goal, apiMatches: apiIds.length, rawRows: rawIds.length, same, api, raw, indexes, seqScans, plans };
}

// ---------------------------------------------------------------------------------------------

function render(o: SearchBenchOptions, data: LoadedData, p: Picks, reports: QueryReport[], server: { version: string }): string {
  const f = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
  const rows = reports.map((r) => {
    const ratio = r.raw.latency.p95 / r.api.latency.p95;
    const met = r.api.latency.p95 <= r.goal ? 'yes' : '**no**';
    const scans = r.seqScans.length ? `seq scan: ${r.seqScans.join(', ')}` : 'indexes only';
    return `| ${r.name} | ${r.apiMatches}${r.same ? '' : ` (raw ${r.rawRows})`} | ${f(r.api.latency.p50)} / ${f(r.api.latency.p95)} | ${f(r.raw.latency.p50)} / ${f(r.raw.latency.p95)} | ${ratio.toFixed(2)}× | ${Math.round(r.api.perSecond)} / ${Math.round(r.raw.perSecond)} | ≤ ${r.goal} ms: ${met} | ${scans} |`;
  });
  return [
    `Run ${new Date().toISOString().slice(0, 16)}Z, PostgreSQL ${server.version}, ${os.cpus().length} cores, concurrency ${o.concurrency}, ${o.seconds} s per side.`,
    `Data: ${data.mainResources.toLocaleString('en-GB')} resources in the measured practice (${o.patients.toLocaleString('en-GB')} patients), ` +
      `${data.resources.toLocaleString('en-GB')} in the database (${o.others} other practices of ${o.otherPatients.toLocaleString('en-GB')} patients)` +
      `${data.loadSeconds !== undefined ? `, loaded in ${Math.round(data.loadSeconds)} s` : ''}. $everything patient: ${p.everything.size} resources referencing them.`,
    '',
    '| query | matches (page) | API p50 / p95 ms | raw SQL p50 / p95 ms | raw/API p95 | req/s API / raw | goal | plan (EXPLAIN ANALYZE, app role under RLS) |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const o = parseSearchOptions(argv);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const data = await ensureData(o, log);
  log(`Data ready: ${data.mainResources.toLocaleString('en-GB')} resources in ${data.main.odsCode}, ${data.resources.toLocaleString('en-GB')} in all`);
  const dataDir = mkdtempSync(join(os.tmpdir(), 'op-bench-search-srv-'));
  const server = await startServer({ databaseUrl: data.url, dataDir });
  const pool = new pg.Pool({ connectionString: data.url, max: o.concurrency });
  const db = await openBenchDatabase(data.url);
  try {
    const token = await cliToken(server.env, ['--practice', data.main.odsCode, '--role', 'gp', '--ttl', '3600']);
    const c = await pool.connect();
    let picks: Picks;
    try {
      picks = await pick(c, data.main.id, o.today);
    } finally {
      c.release();
    }
    const reports: QueryReport[] = [];
    for (const q of QUERIES) {
      if (o.only && !o.only.some((s) => q.name.toLowerCase().includes(s.toLowerCase()))) continue;
      const quiet = await waitForQuiet(o.quietWait);
      if (quiet.busy > 0.3) log(`  (machine still busy: ${quiet.busy.toFixed(1)} cores)`);
      const r = await runQuery(q, picks, { url: server.url, token, pool, db, practice: data.main, o });
      reports.push(r);
      log(
        `${r.name}: API p95 ${r.api.latency.p95.toFixed(2)} ms (${Math.round(r.api.perSecond)}/s), raw p95 ${r.raw.latency.p95.toFixed(2)} ms; ` +
          `${r.apiMatches} matches${r.same ? '' : ` (raw ${r.rawRows}: differ)`}; ${r.seqScans.length ? `SEQ SCAN ${r.seqScans.join(',')}` : `indexes ${r.indexes.join(',')}`}` +
          `${r.api.errors ? `; ${r.api.errors} errors ${r.api.errorKinds.join(' | ')}` : ''}`,
      );
    }
    const md = render(o, data, picks, reports, await describeServer(data.url));
    process.stdout.write(`${md}\n`);
    if (o.markdown) writeFileSync(o.markdown, `${md}\n`);
    if (o.plans) {
      writeFileSync(
        o.plans,
        reports.map((r) => `## ${r.name}\n\n\`GET ${QUERIES.find((q) => q.name === r.name)!.api(picks, 0).replace(/=[^&]+/g, '=…')}\`\n\n\`\`\`\n${r.plans.join('\n\n')}\n\`\`\`\n`).join('\n'),
      );
    }
    return reports.every((r) => r.same && r.api.errors === 0) ? 0 : 1;
  } finally {
    await pool.end();
    await db.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
