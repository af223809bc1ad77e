/**
 * Medicines the generator prescribes, as dm+d Virtual Medicinal Products (VMPs), and how English
 * general practice reaches for them. Each medicine names its VMP id only: the name and the default
 * dose text come from the terminology's dm+d table (terminology/data/dmd), so the seed and the
 * picker can never disagree. A VMP id is also a SNOMED CT (UK Drug Extension) concept id, so each
 * prescription is coded in both systems.
 *
 * The regimens follow NICE guidance and the shape of English prescribing data (rough shares, not
 * a model of any one practice): NG136 for hypertension (CCB first from 55, ACE inhibitor or ARB
 * first below 55 and in diabetes, then a thiazide-like diuretic), NG28 for type 2 diabetes
 * (metformin, then an SGLT2 inhibitor, a DPP-4 inhibitor or a sulfonylurea), CG181 for lipid
 * modification (atorvastatin 20mg primary, 80mg secondary prevention), NG196 for atrial
 * fibrillation (a DOAC, mostly apixaban, before warfarin), NG80/NG245 and NG115 for asthma and
 * COPD, NG222 for depression, NG226 for osteoarthritis, and the NICE antimicrobial prescribing
 * guidelines for the self-limiting infections (most sore throats, sinusitis and bronchitis get
 * no antibiotic; UTI gets nitrofurantoin or trimethoprim).
 */
import { getVmp } from '../../terminology/data/dmd/index';
import type { Prng } from '../prng';
import { SYSTEM } from './systems';
import type { AcuteConditionKey, ChronicConditionKey } from './conditions';

/** dm+d unit of measure "tablet" (the UDFS unit of tablet VMPs). */
const TABLET_UNIT = { unit: 'tablet', system: SYSTEM.snomed, code: '428673006' } as const;
const ML_UNIT = { unit: 'mL', system: SYSTEM.ucum, code: 'mL' } as const;

interface Quantity {
  readonly value: number;
  readonly unit: string;
  readonly system?: string;
  readonly code?: string;
}

export interface MedicationDef {
  readonly key: MedicationKey;
  /** dm+d VMP id. */
  readonly vpid: string;
  /** dm+d VMP name. */
  readonly name: string;
  readonly dosageText: string;
  /** Structured dose: `value` units, `frequency` times a day. */
  readonly dose: Quantity;
  readonly frequency: number;
  readonly asNeeded?: boolean;
  /** Quantity per issue and the days it lasts. */
  readonly supply: Quantity & { readonly days: number };
}

type Spec = Omit<MedicationDef, 'key' | 'name' | 'dosageText'> & { readonly dosageText?: string };
interface Options {
  readonly days?: number;
  readonly asNeeded?: boolean;
  /** Overrides the VMP's default dose text (e.g. a course length). */
  readonly text?: string;
}

/** Tablets or capsules: `each` per dose, `perDay` doses a day, supplied for `days` (28 by default). */
function oral(vpid: string, form: 'tablet' | 'capsule', each: number, perDay: number, o: Options = {}): Spec {
  const unit = form === 'tablet' ? TABLET_UNIT : { unit: 'capsule' };
  const days = o.days ?? 28;
  return {
    vpid,
    dose: { value: each, ...unit },
    frequency: perDay,
    ...(o.asNeeded ? { asNeeded: true } : {}),
    supply: { value: each * perDay * days, ...unit, days },
    ...(o.text ? { dosageText: o.text } : {}),
  };
}

/** An inhaler of `doses` metered doses, `puffs` a time `perDay` times a day. */
function inhaler(vpid: string, puffs: number, perDay: number, doses: number, o: Options = {}): Spec {
  return {
    vpid,
    dose: { value: puffs, unit: 'puff' },
    frequency: perDay,
    ...(o.asNeeded ? { asNeeded: true } : {}),
    supply: { value: doses, unit: 'dose', days: o.days ?? Math.floor(doses / (puffs * perDay)) },
    ...(o.text ? { dosageText: o.text } : {}),
  };
}

/** An oral liquid: `ml` a dose, `perDay` doses a day, one bottle of `volume` mL for `days`. */
function liquid(vpid: string, ml: number, perDay: number, volume: number, days: number, o: Options = {}): Spec {
  return {
    vpid,
    dose: { value: ml, ...ML_UNIT },
    frequency: perDay,
    ...(o.asNeeded ? { asNeeded: true } : {}),
    supply: { value: volume, ...ML_UNIT, days },
    ...(o.text ? { dosageText: o.text } : {}),
  };
}

/** Something applied or sprayed: `perDay` applications, a pack of `amount` `unit` for `days`. */
function applied(vpid: string, perDay: number, amount: number, unit: string, days: number, o: Options = {}): Spec {
  return {
    vpid,
    dose: { value: 1, unit: 'application' },
    frequency: perDay,
    ...(o.asNeeded ? { asNeeded: true } : {}),
    supply: { value: amount, unit, days },
    ...(o.text ? { dosageText: o.text } : {}),
  };
}

/** An insulin: `units` a dose, `perDay` doses, five 3ml (300 unit) pens or cartridges a month. */
function insulin(vpid: string, units: number, perDay: number): Spec {
  return { vpid, dose: { value: units, unit: 'unit' }, frequency: perDay, supply: { value: 15, ...ML_UNIT, days: 28 } };
}

const SPECS = {
  // Cardiovascular.
  amlodipine5mgTablets: oral('39732011000001102', 'tablet', 1, 1),
  amlodipine10mgTablets: oral('39731911000001109', 'tablet', 1, 1),
  ramipril2_5mgCapsules: oral('42381411000001102', 'capsule', 1, 1),
  ramipril5mgCapsules: oral('42381611000001104', 'capsule', 1, 1),
  ramipril10mgCapsules: oral('42381211000001101', 'capsule', 1, 1),
  lisinopril10mgTablets: oral('42376111000001109', 'tablet', 1, 1),
  losartan50mgTablets: oral('42377011000001106', 'tablet', 1, 1),
  candesartan8mgTablets: oral('42372111000001105', 'tablet', 1, 1),
  irbesartan150mgTablets: oral('42375311000001101', 'tablet', 1, 1),
  indapamide2_5mgTablets: oral('39696211000001108', 'tablet', 1, 1),
  bendroflumethiazide2_5mgTablets: oral('42206611000001103', 'tablet', 1, 1),
  doxazosin4mgTablets: oral('42209311000001101', 'tablet', 1, 1),
  spironolactone25mgTablets: oral('42216511000001100', 'tablet', 1, 1),
  bisoprolol2_5mgTablets: oral('42371311000001103', 'tablet', 1, 1),
  bisoprolol5mgTablets: oral('42371511000001109', 'tablet', 1, 1),
  atenolol50mgTablets: oral('42370711000001107', 'tablet', 1, 1),
  diltiazem120mgMrCapsules: oral('39023211000001102', 'capsule', 1, 1),
  furosemide20mgTablets: oral('317971007', 'tablet', 1, 1),
  furosemide40mgTablets: oral('317972000', 'tablet', 1, 1),
  atorvastatin10mgTablets: oral('39695411000001103', 'tablet', 1, 1),
  atorvastatin20mgTablets: oral('39733011000001106', 'tablet', 1, 1),
  atorvastatin40mgTablets: oral('39733111000001107', 'tablet', 1, 1),
  atorvastatin80mgTablets: oral('39733211000001101', 'tablet', 1, 1),
  simvastatin40mgTablets: oral('42382311000001100', 'tablet', 1, 1),
  rosuvastatin10mgTablets: oral('42297211000001100', 'tablet', 1, 1),
  aspirin75mgDispersibleTablets: oral('42291811000001106', 'tablet', 1, 1),
  aspirin75mgGastroResistantTablets: oral('42291911000001101', 'tablet', 1, 1),
  clopidogrel75mgTablets: oral('319799004', 'tablet', 1, 1),
  apixaban2_5mgTablets: oral('42206411000001101', 'tablet', 1, 2),
  apixaban5mgTablets: oral('42206511000001102', 'tablet', 1, 2),
  edoxaban30mgTablets: oral('29903311000001108', 'tablet', 1, 1),
  edoxaban60mgTablets: oral('29903411000001101', 'tablet', 1, 1),
  rivaroxaban15mgTablets: oral('19842111000001101', 'tablet', 1, 1),
  rivaroxaban20mgTablets: oral('19842211000001107', 'tablet', 1, 1),
  dabigatran150mgCapsules: oral('19469811000001101', 'capsule', 1, 2),
  warfarin1mgTablets: oral('42217511000001103', 'tablet', 1, 1),
  warfarin3mgTablets: oral('42217611000001104', 'tablet', 1, 1),
  // Diabetes and thyroid.
  metformin500mgTablets: oral('42084911000001109', 'tablet', 1, 2),
  metformin500mgMrTablets: oral('39113511000001101', 'tablet', 2, 1, { text: 'Two tablets to be taken once a day with the evening meal' }),
  gliclazide80mgTablets: oral('42082911000001100', 'tablet', 1, 2),
  dapagliflozin10mgTablets: oral('39689811000001104', 'tablet', 1, 1),
  empagliflozin10mgTablets: oral('25290511000001101', 'tablet', 1, 1),
  sitagliptin100mgTablets: oral('42089711000001108', 'tablet', 1, 1),
  linagliptin5mgTablets: oral('19525211000001103', 'tablet', 1, 1),
  alogliptin25mgTablets: oral('23637411000001103', 'tablet', 1, 1),
  insulinGlarginePens: insulin('38897011000001107', 14, 1),
  insulinIsophaneCartridges: insulin('36047311000001108', 12, 2),
  insulinAspartBiphasicPens: insulin('3468911000001102', 12, 2),
  levothyroxine25microgramTablets: oral('374294006', 'tablet', 1, 1),
  levothyroxine50microgramTablets: oral('374295007', 'tablet', 1, 1),
  levothyroxine75microgramTablets: oral('376988009', 'tablet', 1, 1),
  levothyroxine100microgramTablets: oral('374296008', 'tablet', 1, 1),
  // Respiratory.
  salbutamolInhaler: inhaler('39113611000001102', 2, 4, 200, { asNeeded: true, days: 30 }),
  beclometasone50Inhaler: inhaler('35909611000001106', 2, 2, 200),
  beclometasone100Inhaler: inhaler('35908111000001105', 2, 2, 200),
  beclometasoneFormoterol100Inhaler: inhaler('12911011000001100', 2, 2, 120, { text: 'Two puffs to be inhaled twice a day' }),
  budesonideFormoterol200DryPowderInhaler: inhaler('134498003', 2, 2, 120, { text: 'Two puffs to be inhaled twice a day' }),
  budesonideFormoterol400DryPowderInhaler: inhaler('4378111000001103', 1, 2, 60),
  budesonide200DryPowderInhaler: inhaler('35912411000001100', 1, 2, 100, { text: 'One puff to be inhaled twice a day' }),
  fluticasoneSalmeterol125Inhaler: inhaler('39111111000001109', 2, 2, 120),
  fluticasoneVilanterol92Inhaler: inhaler('23661411000001103', 1, 1, 30),
  tiotropium18Capsules: inhaler('9479011000001103', 1, 1, 30),
  umeclidiniumVilanterolInhaler: inhaler('24645511000001105', 1, 1, 30),
  tiotropiumOlodaterolInhaler: inhaler('29987211000001108', 2, 1, 60),
  montelukast10mgTablets: oral('320884002', 'tablet', 1, 1),
  montelukast5mgChewableTablets: oral('320885001', 'tablet', 1, 1),
  // Mental health.
  sertraline50mgTablets: oral('39704111000001102', 'tablet', 1, 1),
  sertraline100mgTablets: oral('39704011000001103', 'tablet', 1, 1),
  citalopram20mgTablets: oral('42269411000001107', 'tablet', 1, 1),
  escitalopram10mgTablets: oral('42271211000001104', 'tablet', 1, 1),
  fluoxetine20mgCapsules: oral('42271711000001106', 'capsule', 1, 1),
  mirtazapine15mgTablets: oral('42274511000001104', 'tablet', 1, 1),
  mirtazapine30mgTablets: oral('42274711000001109', 'tablet', 1, 1),
  venlafaxine75mgMrCapsules: oral('38750311000001104', 'capsule', 1, 1),
  propranolol10mgTablets: oral('42380111000001101', 'tablet', 1, 3, { asNeeded: true, text: 'One tablet to be taken up to three times a day when required' }),
  // Pain and the gut.
  paracetamol500mgTablets: oral('42109611000001109', 'tablet', 2, 4, { asNeeded: true, days: 25, text: 'Two tablets to be taken up to four times a day when required. Maximum 8 tablets in 24 hours' }),
  paracetamol120mgPer5mlSuspension: liquid('42108411000001103', 5, 4, 100, 5, { asNeeded: true }),
  coCodamol30_500Tablets: oral('42009811000001101', 'tablet', 2, 4, { asNeeded: true, days: 12, text: 'Two tablets to be taken up to four times a day when required. Maximum 8 tablets in 24 hours' }),
  codeine30mgTablets: oral('42010411000001105', 'tablet', 1, 4, { asNeeded: true, days: 7, text: 'One tablet to be taken up to four times a day when required' }),
  tramadol50mgCapsules: oral('42017811000001106', 'capsule', 1, 4, { asNeeded: true, days: 7, text: 'One capsule to be taken up to four times a day when required' }),
  ibuprofen400mgTablets: oral('42104911000001104', 'tablet', 1, 3, { days: 7 }),
  naproxen500mgTablets: oral('42107811000001100', 'tablet', 1, 2),
  ibuprofen5PercentGel: applied('41740811000001103', 3, 100, 'g', 30),
  omeprazole20mgCapsules: oral('42356411000001102', 'capsule', 1, 1),
  lansoprazole30mgCapsules: oral('42354611000001108', 'capsule', 1, 1),
  senna7_5mgTablets: oral('42358311000001108', 'tablet', 2, 1, { text: 'Two tablets to be taken at night' }),
  // Infections and other acute treatment.
  amoxicillin500mgCapsules: oral('39732411000001106', 'capsule', 1, 3, { days: 5 }),
  amoxicillin250mgPer5mlSuspension: liquid('41941111000001109', 5, 3, 100, 5, { text: '5ml to be taken three times a day for 5 days' }),
  doxycycline100mgCapsules: oral('41948311000001104', 'capsule', 1, 1, { days: 5, text: 'Two capsules to be taken on the first day, then one capsule once a day for 4 days' }),
  clarithromycin500mgTablets: oral('41946511000001109', 'tablet', 1, 2, { days: 5 }),
  phenoxymethylpenicillin250mgTablets: oral('41953811000001101', 'tablet', 2, 4, { days: 5, text: 'Two tablets to be taken four times a day for 5 days' }),
  phenoxymethylpenicillin250mgPer5mlSolution: liquid('41953911000001106', 5, 4, 100, 5, { text: '5ml to be taken four times a day for 5 days' }),
  nitrofurantoin100mgMrCapsules: oral('39108511000001108', 'capsule', 1, 2, { days: 3 }),
  trimethoprim200mgTablets: oral('324431001', 'tablet', 1, 2, { days: 3 }),
  mometasoneNasalSpray: applied('39109911000001109', 1, 140, 'dose', 35, { text: 'Two sprays into each nostril once a day' }),
  benzydamineSpray: applied('42100111000001106', 6, 30, 'mL', 7, { asNeeded: true }),
} as const satisfies Record<string, Spec>;

export type MedicationKey = keyof typeof SPECS;

export const MEDICATIONS: Readonly<Record<MedicationKey, MedicationDef>> = Object.fromEntries(
  (Object.entries(SPECS) as [MedicationKey, Spec][]).map(([key, spec]) => {
    const vmp = getVmp(spec.vpid);
    return [key, { ...spec, key, name: vmp.display, dosageText: spec.dosageText ?? vmp.dose }];
  }),
) as Record<MedicationKey, MedicationDef>;

/** What the prescriber knows about the patient when choosing. */
export interface Prescribee {
  readonly age: number;
  readonly sex: 'male' | 'female';
  readonly penicillinAllergy: boolean;
}

/** A repeat medicine and the long-term conditions it treats. */
export interface RepeatMedicine {
  readonly medication: MedicationKey;
  readonly for: readonly ChronicConditionKey[];
}

/** SNOMED CT "Allergy to penicillin" (seed/codes/allergies.ts). */
export const PENICILLIN_ALLERGY = '91936005';

type Weighted<T> = readonly (readonly [T, number])[];
const choose = <T>(prng: Prng, options: Weighted<T>): T => prng.weighted(options, ([, w]) => w)[0];

/**
 * The repeat medicines a GP would have reached for a patient's active long-term conditions, taken
 * together: one statin, one renin-angiotensin blocker and one beta-blocker serve every condition
 * that calls for them, an antiplatelet gives way to an anticoagulant, and NSAIDs and antiplatelets
 * in older people bring a PPI.
 */
export function planRepeatMedicines(prng: Prng, who: Prescribee, conditions: readonly ChronicConditionKey[]): RepeatMedicine[] {
  const plan = new Map<MedicationKey, Set<ChronicConditionKey>>();
  const add = (medication: MedicationKey, ...reasons: ChronicConditionKey[]) => {
    const set = plan.get(medication) ?? new Set<ChronicConditionKey>();
    for (const r of reasons) set.add(r);
    plan.set(medication, set);
  };
  const on = (...keys: MedicationKey[]) => keys.find((k) => plan.has(k));
  const has = (key: ChronicConditionKey) => conditions.includes(key);
  const { age } = who;
  const adult = age >= 18;

  // Atrial fibrillation: most on the register are anticoagulated, mostly with a DOAC.
  let anticoagulated = false;
  if (has('atrialFibrillation') && adult && prng.chance(0.88)) {
    anticoagulated = true;
    const drug = choose(prng, [['apixaban', 50], ['edoxaban', 20], ['rivaroxaban', 18], ['warfarin', 9], ['dabigatran', 3]] as const);
    const reduced = age >= 80 && prng.chance(0.35);
    if (drug === 'apixaban') add(reduced ? 'apixaban2_5mgTablets' : 'apixaban5mgTablets', 'atrialFibrillation');
    else if (drug === 'edoxaban') add(reduced ? 'edoxaban30mgTablets' : 'edoxaban60mgTablets', 'atrialFibrillation');
    else if (drug === 'rivaroxaban') add(reduced ? 'rivaroxaban15mgTablets' : 'rivaroxaban20mgTablets', 'atrialFibrillation');
    else if (drug === 'dabigatran') add('dabigatran150mgCapsules', 'atrialFibrillation');
    else {
      add('warfarin3mgTablets', 'atrialFibrillation');
      add('warfarin1mgTablets', 'atrialFibrillation');
    }
  }

  // Established vascular disease: an antiplatelet unless anticoagulated (clopidogrel after stroke).
  if ((has('coronaryHeartDisease') || has('stroke')) && !anticoagulated) {
    const reasons = (['coronaryHeartDisease', 'stroke'] as const).filter(has);
    const drug = has('stroke')
      ? choose(prng, [['clopidogrel', 70], ['aspirin', 15], ['none', 15]] as const)
      : choose(prng, [['aspirin', 65], ['clopidogrel', 20], ['none', 15]] as const);
    if (drug === 'clopidogrel') add('clopidogrel75mgTablets', ...reasons);
    else if (drug === 'aspirin') add(prng.chance(0.6) ? 'aspirin75mgDispersibleTablets' : 'aspirin75mgGastroResistantTablets', ...reasons);
  }

  // One statin for every indication: secondary prevention at high intensity.
  if (adult) {
    const indications: ChronicConditionKey[] = [];
    const indicated = (key: ChronicConditionKey, share: number) => {
      if (has(key) && prng.chance(share)) indications.push(key);
    };
    indicated('coronaryHeartDisease', 0.85);
    indicated('stroke', 0.8);
    if (age >= 40) indicated('diabetesType2', 0.78);
    indicated('ckdStage3', 0.6);
    indicated('hypertension', age >= 60 ? 0.4 : age >= 40 ? 0.2 : 0);
    if (indications.length > 0) {
      const secondary = indications.includes('coronaryHeartDisease') || indications.includes('stroke');
      const statin = secondary
        ? choose<MedicationKey>(prng, [['atorvastatin80mgTablets', 55], ['atorvastatin40mgTablets', 25], ['atorvastatin20mgTablets', 10], ['rosuvastatin10mgTablets', 5], ['simvastatin40mgTablets', 5]])
        : choose<MedicationKey>(prng, [['atorvastatin20mgTablets', 72], ['simvastatin40mgTablets', 12], ['atorvastatin10mgTablets', 8], ['rosuvastatin10mgTablets', 8]]);
      add(statin, ...indications);
    }
  }

  // Renin-angiotensin blockade: one ACE inhibitor or ARB for every condition that wants it.
  const rasBlocker = (): MedicationKey =>
    on('ramipril2_5mgCapsules', 'ramipril5mgCapsules', 'ramipril10mgCapsules', 'lisinopril10mgTablets', 'losartan50mgTablets', 'candesartan8mgTablets', 'irbesartan150mgTablets') ??
    (prng.chance(0.65)
      ? choose<MedicationKey>(prng, [['ramipril2_5mgCapsules', 15], ['ramipril5mgCapsules', 35], ['ramipril10mgCapsules', 35], ['lisinopril10mgTablets', 15]])
      : choose<MedicationKey>(prng, [['losartan50mgTablets', 55], ['candesartan8mgTablets', 30], ['irbesartan150mgTablets', 15]]));
  const betaBlocker = (dose: 'low' | 'usual'): MedicationKey =>
    on('bisoprolol2_5mgTablets', 'bisoprolol5mgTablets', 'atenolol50mgTablets') ?? (dose === 'low' ? 'bisoprolol2_5mgTablets' : prng.chance(0.85) ? 'bisoprolol5mgTablets' : 'atenolol50mgTablets');

  // Heart failure with reduced ejection fraction: ACE inhibitor, beta-blocker, diuretic, MRA, SGLT2.
  if (has('heartFailure') && adult) {
    if (prng.chance(0.8)) add(rasBlocker(), 'heartFailure');
    if (prng.chance(0.75)) add(betaBlocker('low'), 'heartFailure');
    const diuretic = choose(prng, [['furosemide40mgTablets', 50], ['furosemide20mgTablets', 15], ['none', 35]] as const);
    if (diuretic !== 'none') add(diuretic, 'heartFailure');
    if (prng.chance(0.35)) add('spironolactone25mgTablets', 'heartFailure');
    if (prng.chance(0.25)) add('dapagliflozin10mgTablets', 'heartFailure');
  }

  // Hypertension, step by step (NG136): most on the register are treated, many with two or more.
  if (has('hypertension') && adult && prng.chance(0.82)) {
    const steps = choose(prng, [[1, 45], [2, 35], [3, 15], [4, 5]] as const);
    const ccb = (): MedicationKey => on('amlodipine5mgTablets', 'amlodipine10mgTablets') ?? (prng.chance(0.55) ? 'amlodipine5mgTablets' : 'amlodipine10mgTablets');
    const ladder: (() => MedicationKey)[] =
      age >= 55 && !has('diabetesType2') ? [ccb, rasBlocker] : [rasBlocker, ccb];
    ladder.push(() => (prng.chance(0.7) ? 'indapamide2_5mgTablets' : 'bendroflumethiazide2_5mgTablets'));
    ladder.push(() => {
      const fourth = choose(prng, [['doxazosin', 50], ['spironolactone', 35], ['betaBlocker', 15]] as const);
      return fourth === 'doxazosin' ? 'doxazosin4mgTablets' : fourth === 'spironolactone' ? 'spironolactone25mgTablets' : betaBlocker('usual');
    });
    for (const step of ladder.slice(0, steps)) add(step(), 'hypertension');
  }

  // Ischaemic heart disease: beta-blocker and ACE inhibitor for many; CKD and diabetes: RAS blockade.
  if (has('coronaryHeartDisease') && adult) {
    if (prng.chance(0.45)) add(betaBlocker('usual'), 'coronaryHeartDisease');
    if (prng.chance(0.5)) add(rasBlocker(), 'coronaryHeartDisease');
  }
  if (has('ckdStage3') && adult && prng.chance(on('ramipril2_5mgCapsules', 'ramipril5mgCapsules', 'ramipril10mgCapsules', 'lisinopril10mgTablets', 'losartan50mgTablets', 'candesartan8mgTablets', 'irbesartan150mgTablets') ? 0.9 : 0.3)) {
    add(rasBlocker(), 'ckdStage3');
  }
  if (has('diabetesType2') && adult && !has('hypertension') && prng.chance(0.2)) add(rasBlocker(), 'diabetesType2');

  // Atrial fibrillation rate control.
  if (has('atrialFibrillation') && adult) {
    const rate = choose(prng, [['betaBlocker', 55], ['diltiazem', 8], ['none', 37]] as const);
    if (rate === 'betaBlocker') add(betaBlocker('usual'), 'atrialFibrillation');
    else if (rate === 'diltiazem' && !has('heartFailure')) add('diltiazem120mgMrCapsules', 'atrialFibrillation');
  }

  // Type 2 diabetes (NG28): metformin first; then an SGLT2 inhibitor, DPP-4 inhibitor or gliclazide.
  if (has('diabetesType2') && adult && prng.chance(0.88)) {
    type DrugClass = 'sglt2' | 'dpp4' | 'sulfonylurea';
    const drugOf = (c: DrugClass): MedicationKey =>
      c === 'sglt2'
        ? on('dapagliflozin10mgTablets') ?? (prng.chance(0.6) ? 'dapagliflozin10mgTablets' : 'empagliflozin10mgTablets')
        : c === 'dpp4'
          ? choose<MedicationKey>(prng, [['sitagliptin100mgTablets', 45], ['linagliptin5mgTablets', 35], ['alogliptin25mgTablets', 20]])
          : 'gliclazide80mgTablets';
    const pickClass = (exclude: readonly string[]) =>
      choose(prng, ([['sglt2', 40], ['dpp4', 30], ['sulfonylurea', 30]] as const).filter(([c]) => !exclude.includes(c)));
    const used: string[] = [];
    const metformin = prng.chance(0.82);
    if (metformin) add(prng.chance(0.8) ? 'metformin500mgTablets' : 'metformin500mgMrTablets', 'diabetesType2');
    const extra = metformin ? (prng.chance(0.45) ? (prng.chance(0.3) ? 2 : 1) : 0) : 1;
    for (let i = 0; i < extra; i++) {
      const c = pickClass(used);
      used.push(c);
      add(drugOf(c), 'diabetesType2');
    }
    if (prng.chance(0.08)) {
      add(choose<MedicationKey>(prng, [['insulinGlarginePens', 50], ['insulinIsophaneCartridges', 25], ['insulinAspartBiphasicPens', 25]]), 'diabetesType2');
    }
  }

  // Asthma: a reliever for nearly everyone, a preventer for most (children on low-dose ICS).
  if (has('asthma')) {
    if (prng.chance(0.92)) add('salbutamolInhaler', 'asthma');
    if (prng.chance(0.75)) {
      if (age < 12) add(prng.chance(0.6) ? 'beclometasone50Inhaler' : 'beclometasone100Inhaler', 'asthma');
      else {
        add(
          choose<MedicationKey>(prng, [
            ['beclometasoneFormoterol100Inhaler', 25],
            ['beclometasone100Inhaler', 22],
            ['budesonideFormoterol200DryPowderInhaler', 20],
            ['fluticasoneSalmeterol125Inhaler', 10],
            ['fluticasoneVilanterol92Inhaler', 10],
            ['budesonide200DryPowderInhaler', 13],
          ]),
          'asthma',
        );
      }
    }
    if (age >= 6 && prng.chance(0.09)) add(age < 15 ? 'montelukast5mgChewableTablets' : 'montelukast10mgTablets', 'asthma');
  }

  // COPD (NG115): reliever, then LAMA/LABA; inhaled steroid combinations for some.
  if (has('copd') && adult) {
    if (prng.chance(0.88)) add('salbutamolInhaler', 'copd');
    if (prng.chance(0.75)) {
      add(
        choose<MedicationKey>(prng, [
          ['tiotropium18Capsules', 30],
          ['umeclidiniumVilanterolInhaler', 30],
          ['tiotropiumOlodaterolInhaler', 15],
          ['beclometasoneFormoterol100Inhaler', 15],
          ['budesonideFormoterol400DryPowderInhaler', 10],
        ]),
        'copd',
      );
    }
  }

  // Depression and anxiety: one antidepressant serves both; an SSRI mostly, sertraline first.
  const antidepressant = (): MedicationKey =>
    age < 18
      ? 'fluoxetine20mgCapsules'
      : choose<MedicationKey>(prng, [
          ['sertraline50mgTablets', 30],
          ['sertraline100mgTablets', 10],
          ['citalopram20mgTablets', 18],
          ['fluoxetine20mgCapsules', 12],
          ['mirtazapine15mgTablets', 8],
          ['mirtazapine30mgTablets', 7],
          ['escitalopram10mgTablets', 5],
          ['venlafaxine75mgMrCapsules', 5],
        ]);
  let antidepressantKey: MedicationKey | undefined;
  if (has('depression') && prng.chance(0.58)) {
    antidepressantKey = antidepressant();
    add(antidepressantKey, 'depression');
  }
  if (has('anxiety')) {
    if (antidepressantKey && prng.chance(0.8)) add(antidepressantKey, 'anxiety');
    else if (!antidepressantKey && prng.chance(0.3)) add(age < 18 ? 'fluoxetine20mgCapsules' : prng.chance(0.8) ? 'sertraline50mgTablets' : 'citalopram20mgTablets', 'anxiety');
    if (adult && prng.chance(0.1)) add('propranolol10mgTablets', 'anxiety');
  }

  // Hypothyroidism: levothyroxine, dose titrated to TSH.
  if (has('hypothyroidism') && prng.chance(0.95)) {
    add(
      choose<MedicationKey>(prng, [
        ['levothyroxine100microgramTablets', 35],
        ['levothyroxine50microgramTablets', 30],
        ['levothyroxine75microgramTablets', 20],
        ['levothyroxine25microgramTablets', 15],
      ]),
      'hypothyroidism',
    );
  }

  // Osteoarthritis (NG226): topical NSAID and paracetamol-based analgesia; oral NSAIDs with a PPI.
  if (has('osteoarthritis') && adult && prng.chance(0.55)) {
    const nsaidSafe = age < 75 && !anticoagulated && !has('ckdStage3') && !has('heartFailure');
    const options: Weighted<MedicationKey> = [
      ['paracetamol500mgTablets', 30],
      ['ibuprofen5PercentGel', 25],
      ['coCodamol30_500Tablets', 20],
      ['naproxen500mgTablets', nsaidSafe ? 10 : 0],
      ['tramadol50mgCapsules', 5],
      ['codeine30mgTablets', 5],
    ];
    const first = choose(prng, options);
    add(first, 'osteoarthritis');
    if (prng.chance(0.25)) add(choose(prng, options.filter(([k]) => k !== first)), 'osteoarthritis');
  }

  // Gastroprotection: with an oral NSAID, and for older people on an antiplatelet.
  const antiplatelet = on('aspirin75mgDispersibleTablets', 'aspirin75mgGastroResistantTablets', 'clopidogrel75mgTablets');
  const nsaid = on('naproxen500mgTablets');
  if (nsaid || (antiplatelet && age >= 65 && prng.chance(0.3))) {
    const reasons = [...(plan.get((nsaid ?? antiplatelet)!) ?? [])];
    add(prng.chance(0.7) ? 'omeprazole20mgCapsules' : 'lansoprazole30mgCapsules', ...reasons);
  }
  // A laxative for some on a regular opioid.
  const opioid = on('coCodamol30_500Tablets', 'codeine30mgTablets', 'tramadol50mgCapsules');
  if (opioid && prng.chance(0.35)) add('senna7_5mgTablets', ...(plan.get(opioid) ?? []));

  return [...plan].map(([medication, reasons]) => ({ medication, for: [...reasons] }));
}

type AcuteTreatment = (prng: Prng, who: Prescribee) => MedicationKey[];

/** Simple analgesia: a paediatric suspension for young children, tablets from 16. */
function analgesia(prng: Prng, who: Prescribee, share: number): MedicationKey[] {
  if (!prng.chance(share)) return [];
  if (who.age < 12) return ['paracetamol120mgPer5mlSuspension'];
  return who.age >= 16 ? ['paracetamol500mgTablets'] : [];
}

/**
 * Medicines for each self-limiting illness a GP sees: antibiotics only as often as the NICE
 * antimicrobial guidelines (and everyday practice) give one, penicillin-free when the patient is
 * allergic, liquids for young children, and simple analgesia. Illnesses not listed get nothing.
 */
export const ACUTE_TREATMENT: Partial<Record<AcuteConditionKey, AcuteTreatment>> = {
  // NG79: most sinusitis is viral; a back-up antibiotic (penicillin V, or doxycycline) for some.
  viralSinusitis: (prng, who) => [
    ...(who.age >= 12 && prng.chance(0.15) ? [who.penicillinAllergy ? 'doxycycline100mgCapsules' : 'phenoxymethylpenicillin250mgTablets'] as const : []),
    ...(who.age >= 12 && prng.chance(0.1) ? ['mometasoneNasalSpray'] as const : []),
    ...analgesia(prng, who, 0.2),
  ],
  // NG84: penicillin V for a sore throat with a high FeverPAIN score; clarithromycin if allergic.
  viralPharyngitis: (prng, who) => {
    const out: MedicationKey[] = [];
    if (prng.chance(0.25)) {
      if (!who.penicillinAllergy) out.push(who.age < 12 ? 'phenoxymethylpenicillin250mgPer5mlSolution' : 'phenoxymethylpenicillin250mgTablets');
      else if (who.age >= 12) out.push('clarithromycin500mgTablets');
    }
    if (who.age >= 16 && prng.chance(0.1)) out.push('benzydamineSpray');
    return [...out, ...analgesia(prng, who, 0.35)];
  },
  // NG120: amoxicillin or doxycycline when an antibiotic is given for an acute cough.
  acuteBronchitis: (prng, who) => {
    const out: MedicationKey[] = [];
    if (who.age < 12) {
      if (!who.penicillinAllergy && prng.chance(0.25)) out.push('amoxicillin250mgPer5mlSuspension');
    } else if (prng.chance(0.35)) {
      if (who.penicillinAllergy) out.push(prng.chance(0.7) ? 'doxycycline100mgCapsules' : 'clarithromycin500mgTablets');
      else out.push(prng.chance(0.6) ? 'amoxicillin500mgCapsules' : 'doxycycline100mgCapsules');
    }
    return [...out, ...analgesia(prng, who, 0.2)];
  },
  // NG109: nitrofurantoin first, trimethoprim where resistance is unlikely.
  urinaryTractInfection: (prng, who) => [
    ...(who.age >= 12 && prng.chance(0.85) ? [prng.chance(0.7) ? 'nitrofurantoin100mgMrCapsules' : 'trimethoprim200mgTablets'] as const : []),
    ...analgesia(prng, who, 0.15),
  ],
  // NG59: an NSAID first below 65; weak opioids with paracetamol for many in practice.
  lowBackPain: (prng, who) => {
    if (who.age < 16 || !prng.chance(0.6)) return [];
    return [
      who.age < 65
        ? choose<MedicationKey>(prng, [['ibuprofen400mgTablets', 35], ['naproxen500mgTablets', 20], ['coCodamol30_500Tablets', 25], ['paracetamol500mgTablets', 10], ['codeine30mgTablets', 10]])
        : choose<MedicationKey>(prng, [['coCodamol30_500Tablets', 45], ['paracetamol500mgTablets', 40], ['codeine30mgTablets', 15]]),
    ];
  },
};
