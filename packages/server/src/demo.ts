/**
 * The demo deployment seeded on first start (unless OPENPRACTICE_SEED=none): two practices with
 * staff, sites, diaries and a few hundred synthetic patients each, from the deterministic generator,
 * bulk loaded (load.ts). Sizes keep the first start on the embedded database well under a minute.
 */
import type { Database } from './db/database';
import { loadResources } from './load';
import { ensurePractice, listPractices } from './practices';
import type { RecordRules } from './repo/context';

/** The demo practices; the first is the CLI's default practice. */
export const DEMO_PRACTICES = [
  { odsCode: 'Y00001', name: 'Riverside Medical Practice', patients: 300, seed: 1 },
  { odsCode: 'Y00002', name: 'Hillview Surgery', patients: 200, seed: 2 },
] as const;

export const DEFAULT_PRACTICE = DEMO_PRACTICES[0].odsCode;

/** Seeds the demo deployment when the database holds no practice yet. */
export async function seedDemoIfEmpty(db: Database, rules: RecordRules, log: (line: string) => void): Promise<boolean> {
  if ((await listPractices(db)).length > 0) return false;
  const { generatePractice } = await import('./seed/index');
  for (const demo of DEMO_PRACTICES) {
    const practice = await ensurePractice(db, demo.odsCode, demo.name);
    const loaded = await loadResources(db, practice, rules, generatePractice({ odsCode: demo.odsCode, name: demo.name, patients: demo.patients, seed: demo.seed }));
    log(`Seeded demo practice ${demo.odsCode} ${demo.name}: ${demo.patients} patients, ${loaded.inserted} resources in ${loaded.seconds.toFixed(1)} s`);
  }
  return true;
}
