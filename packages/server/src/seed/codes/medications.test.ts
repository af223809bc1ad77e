// The generator's prescribing: every medicine is a held dm+d VMP, and the regimens look like English
// general practice (NICE first-line choices, realistic shares, no duplicated classes, penicillin-free
// antibiotics for the allergic), both for synthetic patients and across a generated practice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Resource } from '@openpractice/fhir';
import { SYSTEM, getTerminology } from '../../terminology/index';
import { generatePractice } from '../index';
import { Prng } from '../prng';
import { CHRONIC_CONDITIONS, type ChronicConditionKey } from './conditions';
import { ACUTE_TREATMENT, MEDICATIONS, planRepeatMedicines, type MedicationKey, type Prescribee } from './medications';

const STATINS: readonly MedicationKey[] = ['atorvastatin10mgTablets', 'atorvastatin20mgTablets', 'atorvastatin40mgTablets', 'atorvastatin80mgTablets', 'simvastatin40mgTablets', 'rosuvastatin10mgTablets'];
const RAS_BLOCKERS: readonly MedicationKey[] = ['ramipril2_5mgCapsules', 'ramipril5mgCapsules', 'ramipril10mgCapsules', 'lisinopril10mgTablets', 'losartan50mgTablets', 'candesartan8mgTablets', 'irbesartan150mgTablets'];
const BETA_BLOCKERS: readonly MedicationKey[] = ['bisoprolol2_5mgTablets', 'bisoprolol5mgTablets', 'atenolol50mgTablets'];
const ANTICOAGULANTS: readonly MedicationKey[] = ['apixaban2_5mgTablets', 'apixaban5mgTablets', 'edoxaban30mgTablets', 'edoxaban60mgTablets', 'rivaroxaban15mgTablets', 'rivaroxaban20mgTablets', 'dabigatran150mgCapsules', 'warfarin3mgTablets'];
const ANTIPLATELETS: readonly MedicationKey[] = ['aspirin75mgDispersibleTablets', 'aspirin75mgGastroResistantTablets', 'clopidogrel75mgTablets'];
const GLUCOSE_LOWERING: readonly MedicationKey[] = [
  'metformin500mgTablets',
  'metformin500mgMrTablets',
  'gliclazide80mgTablets',
  'dapagliflozin10mgTablets',
  'empagliflozin10mgTablets',
  'sitagliptin100mgTablets',
  'linagliptin5mgTablets',
  'alogliptin25mgTablets',
  'insulinGlarginePens',
  'insulinIsophaneCartridges',
  'insulinAspartBiphasicPens',
];
const METFORMIN: readonly MedicationKey[] = ['metformin500mgTablets', 'metformin500mgMrTablets'];
const PENICILLINS: readonly MedicationKey[] = ['amoxicillin500mgCapsules', 'amoxicillin250mgPer5mlSuspension', 'phenoxymethylpenicillin250mgTablets', 'phenoxymethylpenicillin250mgPer5mlSolution'];

const adult = (age: number, sex: Prescribee['sex'] = 'female'): Prescribee => ({ age, sex, penicillinAllergy: false });

/** `n` synthetic patients with these conditions: the medicines each is given. */
function cohort(n: number, who: (i: number) => Prescribee, conditions: readonly ChronicConditionKey[], seed = 7) {
  const prng = Prng.derive(seed, 'cohort', conditions.join('+'));
  return Array.from({ length: n }, (_, i) => planRepeatMedicines(prng, who(i), conditions));
}
const share = <T>(items: readonly T[], test: (t: T) => boolean) => items.filter(test).length / items.length;
const takes = (plan: readonly { medication: MedicationKey }[], keys: readonly MedicationKey[]) => plan.some((m) => keys.includes(m.medication));

describe('medicines the generator prescribes', () => {
  it('are held dm+d VMPs, with the name the dm+d table gives and a dose and supply', () => {
    const store = getTerminology();
    for (const m of Object.values(MEDICATIONS)) {
      const found = store.resolve(SYSTEM.dmd, m.vpid);
      assert.ok(found && !found.viaPrevious, `${m.key}: ${m.vpid} is not a current held VMP`);
      assert.ok(found.concept.tags.includes('VMP'), m.key);
      assert.equal(found.concept.display, m.name);
      assert.ok(m.dosageText.length > 0 && m.frequency > 0 && m.dose.value > 0, m.key);
      assert.ok(m.supply.value > 0 && m.supply.days > 0, m.key);
    }
  });
});

describe('repeat regimens for long-term conditions', () => {
  it('type 2 diabetes: metformin first for most, then SGLT2, DPP-4 or gliclazide; a statin for most', () => {
    const plans = cohort(2000, (i) => adult(50 + (i % 30)), ['diabetesType2']);
    const treated = plans.filter((p) => takes(p, GLUCOSE_LOWERING));
    assert.ok(share(plans, (p) => takes(p, GLUCOSE_LOWERING)) > 0.8);
    assert.ok(share(treated, (p) => takes(p, METFORMIN)) > 0.75, 'metformin is first line');
    assert.ok(share(treated, (p) => p.filter((m) => GLUCOSE_LOWERING.includes(m.medication)).length >= 2) > 0.25, 'many need a second agent');
    assert.ok(share(plans, (p) => takes(p, STATINS)) > 0.65, 'a statin for most');
    for (const p of plans) for (const m of p) assert.deepEqual(m.for, ['diabetesType2']);
  });

  it('hypertension: a CCB first from 55 (without diabetes), an ACE inhibitor or ARB first below 55', () => {
    const antihypertensives = (p: readonly { medication: MedicationKey }[]) => p.filter((m) => !STATINS.includes(m.medication));
    const older = cohort(2000, (i) => adult(60 + (i % 20)), ['hypertension']).filter((p) => antihypertensives(p).length === 1);
    const younger = cohort(2000, (i) => adult(35 + (i % 19)), ['hypertension']).filter((p) => antihypertensives(p).length === 1);
    const ccb: readonly MedicationKey[] = ['amlodipine5mgTablets', 'amlodipine10mgTablets'];
    assert.ok(share(older, (p) => takes(p, ccb)) > 0.95);
    assert.ok(share(younger, (p) => takes(p, RAS_BLOCKERS)) > 0.95);
    const all = cohort(2000, (i) => adult(40 + (i % 45)), ['hypertension']);
    assert.ok(share(all, (p) => antihypertensives(p).length > 0) > 0.75, 'most of the register is treated');
  });

  it('atrial fibrillation: anticoagulated (apixaban most often), never also on an antiplatelet', () => {
    const plans = cohort(2000, (i) => adult(65 + (i % 25), i % 2 ? 'male' : 'female'), ['atrialFibrillation', 'coronaryHeartDisease']);
    assert.ok(share(plans, (p) => takes(p, ANTICOAGULANTS)) > 0.82);
    const apixaban = share(plans, (p) => takes(p, ['apixaban2_5mgTablets', 'apixaban5mgTablets']));
    for (const other of [['edoxaban30mgTablets', 'edoxaban60mgTablets'], ['rivaroxaban15mgTablets', 'rivaroxaban20mgTablets'], ['warfarin3mgTablets']] as MedicationKey[][]) {
      assert.ok(apixaban > share(plans, (p) => takes(p, other)));
    }
    for (const p of plans) assert.ok(!(takes(p, ANTICOAGULANTS) && takes(p, ANTIPLATELETS)), JSON.stringify(p));
  });

  it('coronary heart disease and stroke: a high-intensity statin and an antiplatelet for most', () => {
    const plans = cohort(2000, (i) => adult(55 + (i % 30), 'male'), ['coronaryHeartDisease', 'stroke']);
    assert.ok(share(plans, (p) => takes(p, STATINS)) > 0.85);
    assert.ok(share(plans, (p) => takes(p, ['atorvastatin80mgTablets'])) > 0.4);
    assert.ok(share(plans, (p) => takes(p, ANTIPLATELETS)) > 0.75);
    assert.ok(share(plans, (p) => takes(p, ['clopidogrel75mgTablets'])) > share(plans, (p) => takes(p, ['aspirin75mgDispersibleTablets'])), 'clopidogrel after stroke');
  });

  it('asthma and COPD: a reliever for nearly all; children get low-dose steroid inhalers only', () => {
    const children = cohort(1000, (i) => adult(5 + (i % 6)), ['asthma']);
    assert.ok(share(children, (p) => takes(p, ['salbutamolInhaler'])) > 0.85);
    const childOk: readonly MedicationKey[] = ['salbutamolInhaler', 'beclometasone50Inhaler', 'beclometasone100Inhaler', 'montelukast5mgChewableTablets'];
    for (const p of children) for (const m of p) assert.ok(childOk.includes(m.medication), m.medication);
    const copd = cohort(1000, (i) => adult(55 + (i % 30)), ['copd']);
    assert.ok(share(copd, (p) => takes(p, ['tiotropium18Capsules', 'umeclidiniumVilanterolInhaler', 'tiotropiumOlodaterolInhaler'])) > 0.4);
  });

  it('depression: mostly an SSRI, sertraline the commonest; hypothyroidism: levothyroxine', () => {
    const plans = cohort(2000, (i) => adult(25 + (i % 50)), ['depression']);
    const on = (k: MedicationKey) => share(plans, (p) => takes(p, [k]));
    assert.ok(share(plans, (p) => p.length > 0) > 0.45 && share(plans, (p) => p.length > 0) < 0.7);
    assert.ok(on('sertraline50mgTablets') > on('citalopram20mgTablets') && on('citalopram20mgTablets') > on('mirtazapine15mgTablets'));
    const thyroid = cohort(500, (i) => adult(30 + (i % 50)), ['hypothyroidism']);
    assert.ok(share(thyroid, (p) => p.some((m) => m.medication.startsWith('levothyroxine'))) > 0.9);
  });

  it('multimorbidity: one statin, one RAS blocker, one beta-blocker, one anticoagulant; reasons are the conditions held', () => {
    const prng = Prng.derive(11, 'multimorbid');
    const keys = CHRONIC_CONDITIONS.map((c) => c.key);
    for (let i = 0; i < 3000; i++) {
      const conditions = keys.filter(() => prng.chance(0.3));
      const plan = planRepeatMedicines(prng, { age: prng.int(18, 95), sex: prng.chance(0.5) ? 'male' : 'female', penicillinAllergy: false }, conditions);
      for (const group of [STATINS, RAS_BLOCKERS, BETA_BLOCKERS, ANTICOAGULANTS.filter((k) => k !== 'warfarin3mgTablets')]) {
        assert.ok(plan.filter((m) => group.includes(m.medication)).length <= 1, JSON.stringify(plan));
      }
      assert.equal(new Set(plan.map((m) => m.medication)).size, plan.length, 'each medicine once');
      for (const m of plan) {
        assert.ok(m.medication in MEDICATIONS);
        assert.ok(m.for.length > 0 && m.for.every((c) => conditions.includes(c)), `${m.medication} for ${m.for.join()}`);
      }
    }
  });
});

describe('acute treatment', () => {
  it('penicillin-free when allergic, liquids for young children, UTI treated with nitrofurantoin or trimethoprim', () => {
    const prng = Prng.derive(3, 'acute');
    const uti: MedicationKey[][] = [];
    for (let i = 0; i < 4000; i++) {
      const who: Prescribee = { age: prng.int(1, 90), sex: 'female', penicillinAllergy: prng.chance(0.3) };
      for (const [illness, treat] of Object.entries(ACUTE_TREATMENT)) {
        const meds = treat!(prng, who);
        if (who.penicillinAllergy) assert.ok(!meds.some((m) => PENICILLINS.includes(m)), `${illness}: ${meds.join()}`);
        if (who.age < 12) for (const m of meds) assert.ok(['mL', 'application'].includes(MEDICATIONS[m].dose.unit), `${illness} for a ${who.age}-year-old: ${m}`);
        if (illness === 'urinaryTractInfection' && who.age >= 16) uti.push(meds);
      }
    }
    assert.ok(share(uti, (m) => m.includes('nitrofurantoin100mgMrCapsules') || m.includes('trimethoprim200mgTablets')) > 0.75);
    assert.ok(share(uti, (m) => m.includes('nitrofurantoin100mgMrCapsules')) > share(uti, (m) => m.includes('trimethoprim200mgTablets')));
  });
});

describe('across a generated practice', () => {
  const all = [...generatePractice({ odsCode: 'A81001', name: 'Riverside Medical Practice', patients: 400, seed: 5, today: '2025-03-14' })];
  const byRef = new Map(all.map((r) => [`${r.resourceType}/${r.id}`, r]));
  const codesOf = (r: Resource, field: string) => ((r[field] as { coding?: { system?: string; code?: string }[] } | undefined)?.coding ?? []);
  const prescribed = all.filter((r) => r.resourceType === 'MedicationRequest');
  const dmdCode = (r: Resource) => codesOf(r, 'medicationCodeableConcept').find((c) => c.system === SYSTEM.dmd)?.code;
  const keyOf = new Map(Object.values(MEDICATIONS).map((m) => [m.vpid, m.key]));

  it('every medicine prescribed is a dm+d VMP the terminology holds', () => {
    assert.ok(prescribed.length > 100);
    const store = getTerminology();
    for (const r of prescribed) {
      const code = dmdCode(r);
      assert.ok(code && store.resolve(SYSTEM.dmd, code)?.concept.tags.includes('VMP'), `${r.id}: ${code}`);
    }
  });

  it('every patient on the diabetes register with a glucose-lowering repeat has metformin or a second-line agent; no one else gets one', () => {
    const codeOf = (key: ChronicConditionKey) => CHRONIC_CONDITIONS.find((c) => c.key === key)!.code.code;
    const subjectsWith = (code: string | undefined) =>
      new Set(all.filter((r) => r.resourceType === 'Condition' && codesOf(r, 'code').some((c) => c.code === code)).map((r) => (r.subject as { reference: string }).reference));
    const diabetics = subjectsWith(codeOf('diabetesType2'));
    // SGLT2 inhibitors also treat heart failure (dapagliflozin, NG106).
    const allowed = new Set([codeOf('diabetesType2'), codeOf('heartFailure')]);
    const perPatient = new Map<string, Set<MedicationKey>>();
    for (const r of prescribed) {
      const key = keyOf.get(dmdCode(r) ?? '');
      if (!key || !GLUCOSE_LOWERING.includes(key)) continue;
      const patient = (r.subject as { reference: string }).reference;
      // Issues carry no reasons; the repeat templates (and acute requests) do.
      const reasons = ((r.reasonReference as { reference: string }[] | undefined) ?? []).map((x) => byRef.get(x.reference)!);
      assert.ok(reasons.every((c) => codesOf(c, 'code').some((x) => allowed.has(x.code ?? ''))), `${key} given for something other than diabetes`);
      if (key === 'dapagliflozin10mgTablets' && !diabetics.has(patient)) continue;
      assert.ok(diabetics.has(patient), `${key} for ${patient}, who is not on the diabetes register`);
      perPatient.set(patient, (perPatient.get(patient) ?? new Set()).add(key));
    }
    assert.ok(perPatient.size >= 5, `${perPatient.size} treated diabetics`);
    const onMetformin = [...perPatient.values()].filter((keys) => [...keys].some((k) => METFORMIN.includes(k))).length;
    assert.ok(onMetformin / perPatient.size > 0.6, `${onMetformin} of ${perPatient.size} on metformin`);
  });
});
