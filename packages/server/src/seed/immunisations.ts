/**
 * Which vaccinations a patient had, and when: the UK routine childhood schedule (UKHSA "The
 * complete routine immunisation schedule", as it stood before the July 2025 changes: 8, 12 and 16
 * weeks, 1 year, 3 years 4 months, HPV in school year 8 and the school-leaving Td/IPV and MenACWY
 * in year 9), annual flu for people aged 65 and over and those in clinical risk groups, and COVID-19
 * vaccination (the 2021 primary course, then autumn doses for the eligible).
 *
 * Uptake is set near England's published coverage (UKHSA COVER: about 92% for the 8-16 week
 * vaccines, 89% MMR1, 84% MMR2 and pre-school booster; school HPV about 70%; flu about 75% of over
 * 65s and 40% of those at risk; COVID-19 autumn doses about 60-70% of over 75s). A patient's
 * acceptance carries from one dose to the next: most families either follow the schedule or not.
 *
 * Products follow what was in use: rotavirus from July 2013, MenB from September 2015, the 6-in-1
 * from August 2017 (doses due earlier, when the 5-in-1 was used, are not recorded: its dm+d code
 * was not checked), HPV for boys from September 2019. No FHIR here.
 */
import type { Prng } from './prng';
import type { Code } from './fhir';
import { VACCINATION_PROCEDURE, type VaccineKey } from './codes/vaccines';
import type { ChronicConditionKey } from './codes/conditions';
import type { ClinicalProfile } from './clinical-profile';
import type { PatientProfile } from './patient';
import { addYears, isWeekday, parseDay, yearOf, yearsBetween } from './dates';

/** Who gave it: this practice, the school immunisation service, another provider (vaccination centre, pharmacy), or a previous practice (transferred record). */
export type ImmunisationOrigin = 'practice' | 'school' | 'provider' | 'record';

export interface ImmunisationPlan {
  readonly vaccine: VaccineKey;
  readonly day: number;
  readonly series: string;
  readonly doseNumber: number;
  readonly procedure?: Code;
  readonly origin: ImmunisationOrigin;
  /** Doses given together share a group (one clinic visit). */
  readonly group: string;
}

/** A childhood schedule point: age in days after birth and the doses due. */
interface SchedulePoint {
  readonly key: string;
  readonly label: string;
  readonly ageDays: number;
  readonly doses: readonly { readonly vaccine: VaccineKey; readonly dose: number; readonly procedure?: Code; readonly from?: string }[];
}

export const CHILDHOOD_SERIES = 'Routine childhood immunisation schedule';

/** The routine schedule by age (UKHSA complete routine immunisation schedule, 2020-2025). */
export const CHILDHOOD_SCHEDULE: readonly SchedulePoint[] = [
  {
    key: '8w',
    label: '8 week immunisations',
    ageDays: 56,
    doses: [
      { vaccine: 'infanrixHexa', dose: 1, from: '2017-08-01' },
      { vaccine: 'bexsero', dose: 1, procedure: VACCINATION_PROCEDURE.menBFirst, from: '2015-09-01' },
      { vaccine: 'rotarix', dose: 1, from: '2013-07-01' },
    ],
  },
  {
    key: '12w',
    label: '12 week immunisations',
    ageDays: 84,
    doses: [
      { vaccine: 'infanrixHexa', dose: 2, from: '2017-08-01' },
      { vaccine: 'prevenar13', dose: 1 },
      { vaccine: 'rotarix', dose: 2, from: '2013-07-01' },
    ],
  },
  {
    key: '16w',
    label: '16 week immunisations',
    ageDays: 112,
    doses: [
      { vaccine: 'infanrixHexa', dose: 3, from: '2017-08-01' },
      { vaccine: 'bexsero', dose: 2, from: '2015-09-01' },
    ],
  },
  {
    key: '1y',
    label: 'One year immunisations',
    ageDays: 365,
    doses: [
      { vaccine: 'menitorix', dose: 1 },
      { vaccine: 'mmrvaxpro', dose: 1, procedure: VACCINATION_PROCEDURE.mmrFirst },
      { vaccine: 'prevenar13', dose: 2 },
      { vaccine: 'bexsero', dose: 3, from: '2015-09-01' },
    ],
  },
  {
    key: '3y4m',
    label: 'Pre-school immunisations',
    ageDays: 3 * 365 + 122,
    doses: [
      { vaccine: 'mmrvaxpro', dose: 2, procedure: VACCINATION_PROCEDURE.mmrSecond },
      { vaccine: 'boostrixIpv', dose: 1 },
    ],
  },
];

/** How late each point is given at the latest (days after it is due), for checks. */
export const SCHEDULE_TOLERANCE_DAYS: Readonly<Record<string, number>> = { '8w': 90, '12w': 90, '16w': 90, '1y': 120, '3y4m': 240 };

const HPV_BOYS_FROM = '2019-09-01';
/** Children born after this were offered the routine schedule at this practice's records' depth. */
const SCHEDULE_FROM = '2006-09-01';

/** Conditions that put a person in a flu and COVID-19 clinical risk group (Green Book chapters 19 and 14a). */
const AT_RISK: readonly ChronicConditionKey[] = ['diabetesType2', 'copd', 'asthma', 'ckdStage3', 'coronaryHeartDisease', 'stroke', 'heartFailure'];

function weekdayFrom(day: number): number {
  let d = day;
  while (!isWeekday(d)) d++;
  return d;
}

/** The childhood schedule, HPV and school-leaver doses for a patient. */
function childhood(prng: Prng, p: PatientProfile): ImmunisationPlan[] {
  const out: ImmunisationPlan[] = [];
  if (p.birthDay < parseDay(SCHEDULE_FROM)) return out;
  // About 4% of children have none, 10% stop part way, the rest follow the schedule.
  const r = prng.next();
  const stopAfter = r < 0.04 ? 0 : r < 0.14 ? prng.int(1, CHILDHOOD_SCHEDULE.length - 1) : CHILDHOOD_SCHEDULE.length;
  CHILDHOOD_SCHEDULE.forEach((point, i) => {
    if (i >= stopAfter) return;
    const late = prng.chance(0.1) ? prng.int(15, 60) : prng.int(0, 14);
    const day = weekdayFrom(p.birthDay + point.ageDays + late);
    if (day >= p.endDay) return;
    const origin: ImmunisationOrigin = day >= p.registeredOn ? 'practice' : 'record';
    for (const d of point.doses) {
      if (d.from !== undefined && day < parseDay(d.from)) continue;
      if (prng.chance(0.02)) continue;
      out.push({ vaccine: d.vaccine, day, series: CHILDHOOD_SERIES, doseNumber: d.dose, ...(d.procedure ? { procedure: d.procedure } : {}), origin, group: point.key });
    }
  });
  // School year 8 (aged 12-13): HPV, given by the school immunisation team.
  const hpvDay = weekdayFrom(addYears(p.birthDay, 12) + prng.int(60, 330));
  if (hpvDay < p.endDay && prng.chance(0.72) && (p.sex === 'female' || hpvDay >= parseDay(HPV_BOYS_FROM))) {
    const year = yearOf(hpvDay);
    const vaccine: VaccineKey = year >= 2022 ? 'gardasil9' : year >= 2012 ? 'gardasilQuadrivalent' : 'cervarix';
    out.push({ vaccine, day: hpvDay, series: 'HPV immunisation programme', doseNumber: 1, procedure: VACCINATION_PROCEDURE.hpvFirst, origin: 'school', group: 'hpv' });
  }
  // School year 9 (aged 13-14): Td/IPV and MenACWY together.
  const leaverDay = weekdayFrom(addYears(p.birthDay, 13) + prng.int(60, 330));
  if (leaverDay < p.endDay && prng.chance(0.75)) {
    out.push({ vaccine: 'revaxis', day: leaverDay, series: 'School-leaving booster', doseNumber: 1, origin: 'school', group: 'leaver' });
    out.push({ vaccine: yearOf(leaverDay) >= 2022 ? 'menQuadfi' : 'nimenrix', day: leaverDay, series: 'MenACWY immunisation programme', doseNumber: 1, origin: 'school', group: 'leaver' });
  }
  return out;
}

function atRiskOn(clinical: ClinicalProfile, day: number): boolean {
  return clinical.chronic.some((c) => AT_RISK.includes(c.def.key) && c.onsetDay < day && (c.resolvedDay === undefined || c.resolvedDay > day));
}

/** Seasonal flu: each autumn from 2008 for the eligible, within the record's span. */
function flu(prng: Prng, p: PatientProfile, clinical: ClinicalProfile, historyStart: number): ImmunisationPlan[] {
  const out: ImmunisationPlan[] = [];
  const keen = prng.next();
  for (let year = Math.max(2008, yearOf(historyStart)); ; year++) {
    const seasonStart = parseDay(`${year}-09-15`);
    if (seasonStart >= p.endDay) break;
    const ageAtMarch = yearsBetween(p.birthDay, parseDay(`${year + 1}-03-31`));
    const older = ageAtMarch >= 65;
    // Adults in a clinical risk group (children's flu, given in schools, is not modelled).
    const risk = yearsBetween(p.birthDay, seasonStart) >= 18 && atRiskOn(clinical, seasonStart);
    if (!older && !risk) continue;
    // The keen come back every year; others now and then.
    const uptake = older ? 0.78 : 0.45;
    if (!prng.chance(keen < uptake ? 0.93 : 0.12)) continue;
    // Most are given in October at the practice's flu clinics.
    const day = weekdayFrom(seasonStart + Math.min(prng.int(0, 45), prng.int(0, 90)));
    if (day >= p.endDay) continue;
    const atPractice = day >= p.registeredOn && prng.chance(0.8);
    out.push({
      vaccine: year >= 2018 ? 'fluQuadrivalentSanofi' : 'fluSplitVirionPfizer',
      day,
      series: `Seasonal influenza ${year}/${String((year + 1) % 100).padStart(2, '0')}`,
      doseNumber: 1,
      procedure: VACCINATION_PROCEDURE.seasonalFlu,
      origin: atPractice ? 'practice' : 'provider',
      group: `flu-${year}`,
    });
  }
  return out;
}

/** COVID-19: the 2021 primary course by age group, then autumn doses for the eligible. */
function covid(prng: Prng, p: PatientProfile, clinical: ClinicalProfile): ImmunisationPlan[] {
  const out: ImmunisationPlan[] = [];
  const ageIn2021 = yearsBetween(p.birthDay, parseDay('2021-01-01'));
  if (ageIn2021 < 18) return out;
  const keen = prng.next();
  // Cohorts by age, earliest first (JCVI priority groups); uptake as published for each.
  const [from, uptake] =
    ageIn2021 >= 80 ? ['2021-01-08', 0.93] : ageIn2021 >= 70 ? ['2021-01-25', 0.92] : ageIn2021 >= 60 ? ['2021-02-20', 0.88] : ageIn2021 >= 50 ? ['2021-03-15', 0.84] : ageIn2021 >= 40 ? ['2021-04-15', 0.75] : ['2021-05-20', 0.62];
  if (keen >= (uptake as number)) return out;
  const first = weekdayFrom(parseDay(from as string) + prng.int(0, 30));
  if (first >= p.endDay) return out;
  const vector = ageIn2021 >= 40 && first < parseDay('2021-04-07') && prng.chance(0.5);
  const primary: VaccineKey = vector ? 'vaxzevria' : ageIn2021 < 40 && prng.chance(0.3) ? 'spikevax' : 'comirnaty';
  const series = 'COVID-19 primary course';
  out.push({ vaccine: primary, day: first, series, doseNumber: 1, procedure: VACCINATION_PROCEDURE.covidFirst, origin: 'provider', group: 'covid-1' });
  const second = weekdayFrom(first + prng.int(56, 84));
  if (second < p.endDay && prng.chance(0.95)) out.push({ vaccine: primary, day: second, series, doseNumber: 2, procedure: VACCINATION_PROCEDURE.covidSecond, origin: 'provider', group: 'covid-2' });
  else return out;
  // Autumn doses: 2021 and 2022 for 50 and over, 2024 for 65 and over, and the clinically at risk.
  // (The 2023 XBB.1.5 vaccines are left out: their dm+d codes were not checked.)
  const autumns: readonly { year: number; minAge: number; vaccine: VaccineKey }[] = [
    { year: 2021, minAge: 50, vaccine: 'comirnaty' },
    { year: 2022, minAge: 50, vaccine: 'comirnatyOriginalOmicronBa1' },
    { year: 2024, minAge: 65, vaccine: 'comirnatyJn1' },
  ];
  let dose = 2;
  for (const a of autumns) {
    const start = parseDay(`${a.year}-09-20`);
    if (start >= p.endDay) break;
    const age = yearsBetween(p.birthDay, parseDay(`${a.year + 1}-03-31`));
    const eligible = age >= a.minAge || atRiskOn(clinical, start);
    if (!eligible) continue;
    const take = age >= 75 ? 0.75 : age >= 65 ? 0.62 : age >= 50 ? 0.45 : 0.3;
    if (!prng.chance(keen < take ? 0.9 : 0.15)) continue;
    const day = weekdayFrom(start + Math.min(prng.int(0, 50), prng.int(0, 90)));
    if (day >= p.endDay) continue;
    dose++;
    out.push({ vaccine: a.vaccine, day, series: `COVID-19 autumn ${a.year}`, doseNumber: dose, procedure: VACCINATION_PROCEDURE.covidBooster, origin: 'provider', group: `covid-autumn-${a.year}` });
  }
  return out;
}

/** Every vaccination in the patient's record, in date order. */
export function planImmunisations(prng: Prng, p: PatientProfile, clinical: ClinicalProfile, historyStart: number): ImmunisationPlan[] {
  const all = [...childhood(prng, p), ...flu(prng, p, clinical, historyStart), ...covid(prng, p, clinical)];
  return all.filter((i) => i.day > p.birthDay && i.day < p.endDay).sort((a, b) => a.day - b.day);
}
