/**
 * Practice statistics (`openpractice stats`): resources per type, registered patients, and the
 * prevalence of each SNOMED CT-coded condition beside the English QOF registers the synthetic
 * generator aims at, so a seeded practice can be checked against them.
 *
 * Prevalence here is: patients with an active Condition carrying the code (clinicalStatus
 * `active`; resolved episodes do not count, as QOF registers count unresolved ones) divided by
 * registered patients — Patient resources not deleted — as a percentage of the whole list and,
 * for registers QOF restricts by age, of the patients old enough for that register.
 *
 * Two ways in, one answer: `PrevalenceTally` does the counting, fed either by
 * `collectPracticeStats` from the database (index tables, as the application role, so row-level
 * security applies) or with resources read any other way (the CLI over the API, tests over the
 * generator).
 */
import type { Resource } from '@openpractice/fhir';
import type { Database } from './db/database';
import type { Practice } from './practices';

const SNOMED = 'http://snomed.info/sct';

/** A QOF register to compare with: its SNOMED CT code in our records and England's prevalence. */
export interface PrevalenceTarget {
  label: string;
  snomed: string;
  /** England's prevalence, in % of the denominator. */
  percent: number;
  /** The register's denominator: patients at least this old (0 = the whole list). */
  minAge: number;
}

/**
 * England's QOF prevalence for the registers issue #3 names (whole list unless aged): hypertension
 * ~14%, diabetes ~7.5% (17+), asthma ~6.5% (6+), depression ~13% (18+, unresolved), CKD stages 3–5
 * ~4% (18+), COPD ~2%, atrial fibrillation ~2%. Our CKD records are coded at stage 3.
 */
export const QOF_TARGETS: readonly PrevalenceTarget[] = [
  { label: 'Hypertension', snomed: '38341003', percent: 14, minAge: 0 },
  { label: 'Diabetes', snomed: '44054006', percent: 7.5, minAge: 17 },
  { label: 'Asthma', snomed: '195967001', percent: 6.5, minAge: 6 },
  { label: 'Depression', snomed: '35489007', percent: 13, minAge: 18 },
  { label: 'CKD stages 3-5', snomed: '433144002', percent: 4, minAge: 18 },
  { label: 'COPD', snomed: '13645005', percent: 2, minAge: 0 },
  { label: 'Atrial fibrillation', snomed: '49436004', percent: 2, minAge: 0 },
];

/** The ages some register's denominator starts at (patients are counted at each). */
export const AGE_THRESHOLDS: readonly number[] = [...new Set(QOF_TARGETS.map((t) => t.minAge).filter((a) => a > 0))].sort((a, b) => a - b);

/** A patient count, in total and at each of AGE_THRESHOLDS (key: the age). */
export interface AgedCount {
  all: number;
  aged: Record<number, number>;
}

export interface ConditionCount extends AgedCount {
  snomed: string;
  display: string;
}

export interface PracticeStats {
  odsCode: string;
  name: string;
  /** The day ages are counted at (YYYY-MM-DD). */
  asOf: string;
  /** Current (not deleted) resources per type, sorted by type. */
  resources: { type: string; count: number }[];
  /** Registered patients (Patient resources, not deleted). */
  patients: AgedCount;
  /** Patients with an active Condition per SNOMED CT code, most common first. */
  conditions: ConditionCount[];
}

/** The birth date a patient must have been born on or before to be `age` on `asOf` (both YYYY-MM-DD). */
export function bornByForAge(asOf: string, age: number): string {
  const d = new Date(`${asOf}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - age);
  return d.toISOString().slice(0, 10);
}

/** Today as YYYY-MM-DD (UTC). */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Active coded Conditions as (code, patient) pairs, from the index tables. The aggregation is done
 * by `PrevalenceTally` in this process, not by a join in SQL: the three conditions on one resource
 * are correlated, the planner cannot know it, and its one-row estimate turned a join with the
 * patients into minutes of nested loops on a 10,000-patient practice.
 */
const ACTIVE_CONDITIONS_SQL = `SELECT DISTINCT c.value AS code, s.target_id AS patient
  FROM idx_token c
  JOIN idx_token st ON st.practice_id = c.practice_id AND st.rid = c.rid AND st.code = 'clinical-status' AND st.value = 'active'
  JOIN idx_reference s ON s.practice_id = c.practice_id AND s.rid = c.rid AND s.code = 'subject' AND s.target_type = 'Patient'
  WHERE c.practice_id = $1 AND c.resource_type = 'Condition' AND c.code = 'code' AND c.system = '${SNOMED}'`;

/**
 * Registered patients — not deleted, not deceased — with their birth date (the start of a partial
 * date, as the index holds it). QOF registers and list size count the living list only.
 */
const PATIENTS_SQL = `SELECT p.id, min(to_char(b.low AT TIME ZONE 'UTC', 'YYYY-MM-DD')) AS born
  FROM resource p
  LEFT JOIN idx_date b ON b.practice_id = p.practice_id AND b.rid = p.rid AND b.code = 'birthdate'
  WHERE p.practice_id = $1 AND p.resource_type = 'Patient' AND NOT p.deleted
    AND NOT EXISTS (SELECT 1 FROM idx_token d WHERE d.practice_id = p.practice_id AND d.resource_type = 'Patient'
                      AND d.rid = p.rid AND d.code = 'deceased' AND d.value = 'true')
  GROUP BY p.id`;

/** One Condition per SNOMED code, for its display (the index keeps only a lower-cased text). */
const DISPLAY_SAMPLES_SQL = `SELECT r.content FROM resource r WHERE r.practice_id = $1 AND r.rid IN (
  SELECT min(c.rid) FROM idx_token c
  WHERE c.practice_id = $1 AND c.resource_type = 'Condition' AND c.code = 'code' AND c.system = '${SNOMED}'
  GROUP BY c.value)`;

/** Reads a practice's statistics from the database, as that practice (row-level security applies). */
export async function collectPracticeStats(db: Database, practice: Practice, asOf: string = todayUtc()): Promise<PracticeStats> {
  return db.withPractice(practice.id, async (s) => {
    const types = await s.query<{ resource_type: string; n: number }>(
      `SELECT resource_type, count(*)::int AS n FROM resource WHERE practice_id = $1 AND NOT deleted GROUP BY resource_type ORDER BY resource_type`,
      [practice.id],
    );
    const tally = new PrevalenceTally(asOf);
    for (const row of (await s.query<{ id: string; born: string | null }>(PATIENTS_SQL, [practice.id])).rows) tally.addPatient(row.id, row.born ?? undefined);
    const displays = new Map<string, string>();
    for (const row of (await s.query<{ content: string }>(DISPLAY_SAMPLES_SQL, [practice.id])).rows) {
      for (const c of snomedCodings(JSON.parse(row.content) as Resource)) if (c.display && !displays.has(c.code)) displays.set(c.code, c.display);
    }
    for (const row of (await s.query<{ code: string; patient: string }>(ACTIVE_CONDITIONS_SQL, [practice.id])).rows) {
      tally.addActiveCondition(row.code, row.patient, displays.get(row.code));
    }
    return {
      odsCode: practice.odsCode,
      name: practice.name,
      asOf,
      resources: types.rows.map((r) => ({ type: r.resource_type, count: Number(r.n) })),
      ...tally.result(),
    };
  });
}

/** Patient.deceased[x] says they have died (R4 Patient `deceased` search parameter semantics). */
function isDeceased(patient: Resource): boolean {
  return patient.deceasedDateTime !== undefined || patient.deceasedBoolean === true;
}

function snomedCodings(condition: Resource): { code: string; display?: string }[] {
  const coding = (condition.code as { coding?: { system?: string; code?: string; display?: string }[] } | undefined)?.coding ?? [];
  return coding.filter((c): c is { system: string; code: string; display?: string } => c.system === SNOMED && typeof c.code === 'string');
}

const sortConditions = (xs: ConditionCount[]) => xs.sort((a, b) => b.all - a.all || a.snomed.localeCompare(b.snomed));

/**
 * The same patient and prevalence figures as `collectPracticeStats`, built from resources as they
 * are read (any order): Patients and Conditions; anything else is ignored. Memory grows with the
 * number of patients and of active coded Conditions, never with the rest of the record.
 */
export class PrevalenceTally {
  private readonly cutoffs: string[];
  /** Patient id → the ages (thresholds) they have reached. */
  private readonly patients = new Map<string, readonly number[]>();
  /** SNOMED code → patient ids with an active Condition coded so. */
  private readonly active = new Map<string, Set<string>>();
  private readonly displays = new Map<string, string>();

  constructor(readonly asOf: string = todayUtc()) {
    this.cutoffs = AGE_THRESHOLDS.map((age) => bornByForAge(asOf, age));
  }

  add(resource: Resource): void {
    if (resource.resourceType === 'Patient' && resource.id) {
      if (isDeceased(resource)) return;
      this.addPatient(resource.id, typeof resource.birthDate === 'string' ? resource.birthDate : undefined);
    } else if (resource.resourceType === 'Condition') {
      const status = (resource.clinicalStatus as { coding?: { code?: string }[] } | undefined)?.coding ?? [];
      const subject = /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec((resource.subject as { reference?: string } | undefined)?.reference ?? '');
      if (!subject || !status.some((c) => c.code === 'active')) return;
      for (const c of snomedCodings(resource)) this.addActiveCondition(c.code, subject[1]!, c.display);
    }
  }

  /**
   * A registered patient. A partial birth date (YYYY or YYYY-MM) counts from its start, as the
   * date index does (FHIR search.html#date): as a string it sorts before every full date in it.
   */
  addPatient(id: string, birthDate: string | undefined): void {
    this.patients.set(id, birthDate === undefined ? [] : AGE_THRESHOLDS.filter((_, i) => birthDate <= this.cutoffs[i]!));
  }

  /** An active Condition coded `snomed` for patient `patientId`. */
  addActiveCondition(snomed: string, patientId: string, display?: string): void {
    let set = this.active.get(snomed);
    if (!set) this.active.set(snomed, (set = new Set()));
    set.add(patientId);
    if (display && !this.displays.has(snomed)) this.displays.set(snomed, display);
  }

  /** Patients and conditions so far; Conditions of patients not seen are not counted. */
  result(): Pick<PracticeStats, 'patients' | 'conditions'> {
    const aged = (ids: Iterable<string>): AgedCount => {
      const out: AgedCount = { all: 0, aged: Object.fromEntries(AGE_THRESHOLDS.map((a) => [a, 0])) };
      for (const id of ids) {
        const reached = this.patients.get(id);
        if (!reached) continue;
        out.all++;
        for (const a of reached) out.aged[a]!++;
      }
      return out;
    };
    return {
      patients: aged(this.patients.keys()),
      conditions: sortConditions([...this.active].map(([snomed, ids]) => ({ snomed, display: this.displays.get(snomed) ?? snomed, ...aged(ids) }))),
    };
  }
}

/** A condition's prevalence, and how it compares with its QOF register when it has one. */
export interface PrevalenceRow {
  snomed: string;
  display: string;
  patients: number;
  /** % of registered patients. */
  percentOfList: number;
  target?: PrevalenceTarget & {
    /** Patients in the register's denominator (aged minAge+), and the % of them. */
    denominator: number;
    actual: number;
    /** Within ±25% of the target, or within sampling noise of it on a small list (see `isClose`). */
    close: boolean;
  };
}

/** Relative distance from a QOF target still called "close" (a 10,000-patient list samples within ±10%). */
export const TARGET_TOLERANCE = 0.25;

/**
 * Whether `actual`% of `denominator` patients is close to `target`%: within ±25% of it, or, on a
 * list too small for that, within three standard errors of sampling a list that size from England.
 */
export function isClose(actual: number, target: number, denominator: number): boolean {
  const p = target / 100;
  const threeSe = denominator > 0 ? 300 * Math.sqrt((p * (1 - p)) / denominator) : Infinity;
  return Math.abs(actual - target) <= Math.max(TARGET_TOLERANCE * target, threeSe);
}

/** Prevalence rows: every target register first (even when empty), then the other codes by frequency. */
export function prevalenceRows(stats: Pick<PracticeStats, 'patients' | 'conditions'>): PrevalenceRow[] {
  const pct = (n: number, d: number) => (d > 0 ? (100 * n) / d : 0);
  const byCode = new Map(stats.conditions.map((c) => [c.snomed, c]));
  const targeted = QOF_TARGETS.map((t): PrevalenceRow => {
    const c = byCode.get(t.snomed);
    const patients = c?.all ?? 0;
    const denominator = t.minAge === 0 ? stats.patients.all : (stats.patients.aged[t.minAge] ?? 0);
    const inDenominator = c === undefined ? 0 : t.minAge === 0 ? c.all : (c.aged[t.minAge] ?? 0);
    const actual = pct(inDenominator, denominator);
    return {
      snomed: t.snomed,
      display: c?.display ?? t.label,
      patients,
      percentOfList: pct(patients, stats.patients.all),
      target: { ...t, denominator, actual, close: isClose(actual, t.percent, denominator) },
    };
  });
  const others = stats.conditions
    .filter((c) => !QOF_TARGETS.some((t) => t.snomed === c.snomed))
    .map((c): PrevalenceRow => ({ snomed: c.snomed, display: c.display, patients: c.all, percentOfList: pct(c.all, stats.patients.all) }));
  return [...targeted, ...others];
}

const n0 = (x: number) => x.toLocaleString('en-GB');
const p1 = (x: number) => `${x.toFixed(1)}%`;

/** The human-readable report `openpractice stats` prints for one practice. */
export function formatPracticeStats(stats: PracticeStats): string {
  const total = stats.resources.reduce((n, r) => n + r.count, 0);
  const typeWidth = Math.max(8, ...stats.resources.map((r) => r.type.length));
  const lines = [`${stats.odsCode} ${stats.name}`, '', `  Resources`];
  for (const r of stats.resources) lines.push(`    ${r.type.padEnd(typeWidth)} ${n0(r.count).padStart(10)}`);
  lines.push(`    ${'total'.padEnd(typeWidth)} ${n0(total).padStart(10)}`, '');
  const aged = AGE_THRESHOLDS.map((a) => `${n0(stats.patients.aged[a] ?? 0)} aged ${a}+`).join(', ');
  lines.push(`  Registered patients: ${n0(stats.patients.all)}${aged ? ` (${aged}; ages on ${stats.asOf})` : ''}`, '');
  lines.push('  Prevalence: patients with an active Condition', '');
  const rows = prevalenceRows(stats);
  const w = Math.max(9, ...rows.map((r) => r.display.length));
  lines.push(`    ${'condition'.padEnd(w)} ${'SNOMED CT'.padEnd(17)} ${'patients'.padStart(8)} ${'of list'.padStart(8)}   QOF register (England)`);
  for (const r of rows) {
    const t = r.target;
    const qof = t
      ? `${p1(t.actual).padStart(6)} of ${t.minAge ? `${t.minAge}+` : 'all'}`.padEnd(15) + `target ~${t.percent}%${t.close ? '' : '  (off target)'}`
      : '';
    lines.push(`    ${r.display.padEnd(w)} ${r.snomed.padEnd(17)} ${n0(r.patients).padStart(8)} ${p1(r.percentOfList).padStart(8)}   ${qof}`.trimEnd());
  }
  return lines.join('\n');
}
