/**
 * The demo deployment seeded on first start (unless OPENPRACTICE_SEED=none): two practices with
 * staff, sites, diaries and a few hundred synthetic patients each, from the deterministic generator,
 * bulk loaded (load.ts).
 *
 * The seed records how far it got in `deployment_state`: `started` before the first row, `complete`
 * after the last. A start that finds `started` (the previous one was stopped mid-seed) loads again;
 * the loader skips what is already stored, so the demo ends complete and nothing is duplicated. A
 * database that already held practices before the seed ever ran is someone's real deployment and
 * is left alone.
 */
import type { Database } from './db/database';
import { seedDemoIdentities } from './identity/demo-identities';
import { loadResources } from './load';
import { ensurePractice, listPractices } from './practices';
import type { RecordRules } from './repo/context';

export interface DemoPractice {
  readonly odsCode: string;
  readonly name: string;
  readonly patients: number;
  readonly seed: number;
}

/** The demo practices; the first is the CLI's default practice. */
export const DEMO_PRACTICES = [
  { odsCode: 'Y00001', name: 'Riverside Medical Practice', patients: 300, seed: 1 },
  { odsCode: 'Y00002', name: 'Hillview Surgery', patients: 200, seed: 2 },
] as const;

export const DEFAULT_PRACTICE = DEMO_PRACTICES[0].odsCode;

const DEMO_STATE = 'demo-seed';

async function demoState(db: Database): Promise<string | undefined> {
  return db.withOwner(async (s) => (await s.query<{ value: string }>('SELECT value FROM deployment_state WHERE key = $1', [DEMO_STATE])).rows[0]?.value);
}

async function setDemoState(db: Database, value: 'started' | 'complete'): Promise<void> {
  await db.withOwner((s) =>
    s.query(
      `INSERT INTO deployment_state (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [DEMO_STATE, value],
    ),
  );
}

/**
 * Seeds the demo deployment on a new database, or completes a seed an earlier start began.
 * @returns whether anything was seeded now.
 */
export async function seedDemoIfEmpty(
  db: Database,
  rules: RecordRules,
  log: (line: string) => void,
  practices: readonly DemoPractice[] = DEMO_PRACTICES,
  signal?: AbortSignal,
): Promise<boolean> {
  const state = await demoState(db);
  if (state === 'complete') return false;
  if (state === undefined && (await listPractices(db)).length > 0) return false;
  if (state === 'started') log('Completing the demo seed an earlier start began…');
  await setDemoState(db, 'started');
  const { generatePractice } = await import('./seed/index');
  for (const demo of practices) {
    const practice = await ensurePractice(db, demo.odsCode, demo.name);
    const loaded = await loadResources(db, practice, rules, generatePractice({ odsCode: demo.odsCode, name: demo.name, patients: demo.patients, seed: demo.seed }), {
      ...(signal ? { signal } : {}),
    });
    const already = loaded.skipped > 0 ? ` (${loaded.skipped} already there)` : '';
    log(`Seeded demo practice ${demo.odsCode} ${demo.name}: ${demo.patients} patients, ${loaded.inserted} resources${already} in ${loaded.seconds.toFixed(1)} s`);
  }
  // Demo staff and patient sign-ins (fixed, published credentials: demo only).
  await seedDemoIdentities(db, practices, log);
  await setDemoState(db, 'complete');
  return true;
}
