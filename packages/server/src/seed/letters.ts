/**
 * What the hospital writes back: clinic letters after a referral (or about a sensitive episode)
 * and discharge summaries after an admission, laid out as UK hospital letters are. The text agrees
 * with the record: the referral's reason, the condition and the dates.
 */
import type { Prng } from './prng';
import type { Code } from './fhir';
import { REFERRALS, SPECIALTY } from './codes/referrals';
import type { ChronicConditionKey } from './codes/conditions';
import type { ChronicPlan } from './clinical-profile';
import type { LetterPlan, SensitiveEntry } from './history';
import type { PatientProfile } from './patient';
import type { PracticeContext } from './context';
import { consultantFor, longDate, shortDate, spacedNhsNumber, type Letter } from './documents';
import { yearsBetween } from './dates';

export interface WrittenLetter {
  readonly letter: Letter;
  readonly description: string;
  readonly specialty?: Code;
  /** The admission, for discharge summaries. */
  readonly period?: { readonly start: number; readonly end: number };
}

const FAST_TRACK_FINDINGS: Readonly<Record<string, readonly string[]>> = {
  fastTrackLung: ['Chest X-ray and CT chest: no suspicious lesion. Mild emphysematous change.', 'CT chest: small nodules below 5mm, no follow-up needed under BTS guidance.'],
  fastTrackColorectal: ['Colonoscopy to caecum: small haemorrhoids, no polyps or tumour.', 'Colonoscopy: mild diverticular disease, no neoplasia. FIT negative.'],
  fastTrackBreast: ['Triple assessment: clinical examination, mammogram and ultrasound show a simple cyst, aspirated.', 'Ultrasound: fibroadenoma (core biopsy B2, benign).'],
  fastTrackSkin: ['Dermoscopy: seborrhoeic keratosis, benign.', 'Dermoscopy: benign compound naevus, reassured.'],
  fastTrackUpperGi: ['OGD: mild gastritis, biopsies negative for malignancy, CLO test negative.', 'OGD: small hiatus hernia, no malignancy.'],
  fastTrackUrological: ['Flexible cystoscopy and CT urogram: normal bladder, no renal mass.', 'Cystoscopy normal; haematuria attributed to urinary infection.'],
};

/** Admissions in which the condition was diagnosed. */
const DISCHARGE: Partial<Record<ChronicConditionKey, (prng: Prng) => { readonly diagnosis: string; readonly course: string; readonly plan: string; readonly specialty: Code; readonly stay: readonly [number, number] }>> = {
  stroke: (prng) => ({
    diagnosis: 'Ischaemic stroke',
    course: `Admitted with sudden ${prng.pick(['left', 'right'])}-sided weakness. CT head: no haemorrhage; MRI confirmed an acute infarct. ${prng.chance(0.3) ? 'Thrombolysed on arrival.' : 'Outside the thrombolysis window.'} Swallow assessed and passed. Carotid doppler: no significant stenosis.`,
    plan: 'Secondary prevention started. Community stroke team to follow up. Not to drive for one month. Stroke clinic in 6 weeks.',
    specialty: SPECIALTY.geriatric,
    stay: [4, 14],
  }),
  coronaryHeartDisease: (prng) => ({
    diagnosis: prng.chance(0.5) ? 'Non-ST elevation myocardial infarction' : 'Unstable angina',
    course: `Presented with central chest pain. Troponin ${prng.chance(0.5) ? 'raised' : 'borderline'}. Coronary angiography: ${prng.pick(['single vessel disease, stent to LAD', 'two vessel disease, stents to RCA and LAD', 'moderate disease, medical management'])}.`,
    plan: 'Dual antiplatelet therapy for 12 months, high-intensity statin. Cardiac rehabilitation referral made. Please check U&E and lipids in 3 months.',
    specialty: SPECIALTY.cardiology,
    stay: [2, 6],
  }),
  heartFailure: (prng) => ({
    diagnosis: 'Heart failure with reduced ejection fraction',
    course: `Admitted breathless with peripheral oedema. NT-proBNP markedly raised. Echocardiogram: LVEF ${prng.int(25, 40)}%. Diuresed with IV furosemide, weight down ${prng.int(3, 8)}kg.`,
    plan: 'Heart failure nurse to follow up. Please titrate treatment as advised and check U&E in 1-2 weeks. Daily weights.',
    specialty: SPECIALTY.cardiology,
    stay: [5, 12],
  }),
};

type Admission = (prng: Prng) => { readonly diagnosis: string; readonly course: string; readonly plan: string; readonly specialty: Code; readonly stay: readonly [number, number] };

/** Admissions of people already known to have the condition. */
const EXACERBATION: Partial<Record<ChronicConditionKey, Admission>> = {
  copd: (prng) => ({
    diagnosis: 'Infective exacerbation of COPD',
    course: `Admitted with increased breathlessness and purulent sputum. Chest X-ray: ${prng.pick(['no consolidation', 'right basal consolidation'])}. Treated with nebulisers, oral steroids and antibiotics; ${prng.chance(0.2) ? 'needed non-invasive ventilation for 24 hours' : 'no ventilatory support needed'}.`,
    plan: 'Completes 5 days of prednisolone at home. Referred for pulmonary rehabilitation. Please review inhaler technique within 2 weeks.',
    specialty: SPECIALTY.respiratory,
    stay: [2, 7],
  }),
  heartFailure: (prng) => ({
    diagnosis: 'Decompensated heart failure',
    course: `Admitted with fluid overload after ${prng.pick(['a chest infection', 'missed diuretic doses', 'new fast atrial fibrillation'])}. IV diuresis, weight down ${prng.int(2, 7)}kg.`,
    plan: 'Diuretic dose increased. Please check U&E in one week. Heart failure nurse to visit.',
    specialty: SPECIALTY.cardiology,
    stay: [4, 10],
  }),
  atrialFibrillation: (prng) => ({
    diagnosis: 'Fast atrial fibrillation',
    course: `Presented with palpitations, ventricular rate ${prng.int(130, 170)}. Rate controlled; no reversible cause found. Anticoagulation continued.`,
    plan: 'Rate control adjusted. Please check pulse and U&E at the practice in 2 weeks.',
    specialty: SPECIALTY.cardiology,
    stay: [1, 4],
  }),
  coronaryHeartDisease: () => ({
    diagnosis: 'Chest pain, acute coronary syndrome excluded',
    course: 'Admitted with chest pain. Serial troponins normal, ECG unchanged. Pain felt to be musculoskeletal.',
    plan: 'No change to cardiac medication. Outpatient exercise assessment if symptoms recur.',
    specialty: SPECIALTY.cardiology,
    stay: [1, 2],
  }),
  diabetesType2: (prng) => ({
    diagnosis: prng.chance(0.5) ? 'Hypoglycaemia' : 'Hyperglycaemia with dehydration',
    course: 'Admitted via the emergency department; glucose corrected, fluids given. Precipitant: intercurrent infection.',
    plan: 'Diabetes specialist nurse review arranged. Please review diabetes treatment and HbA1c in 3 months.',
    specialty: SPECIALTY.generalMedicine,
    stay: [1, 4],
  }),
  stroke: () => ({
    diagnosis: 'Transient neurological symptoms, no new infarct',
    course: 'Admitted with transient speech disturbance. MRI: old infarct only, no new lesion.',
    plan: 'Secondary prevention continued. Stroke clinic follow up in 4 weeks.',
    specialty: SPECIALTY.geriatric,
    stay: [1, 3],
  }),
};

function header(ctx: PracticeContext, p: PatientProfile, service: string, day: number): string[] {
  const gp = p.usualGp.display;
  return [
    (ctx.hospital.name as string | undefined) ?? 'Hospital',
    service,
    '',
    longDate(day),
    '',
    gp,
    ctx.options.name,
    [...ctx.options.address.line, ctx.options.address.city, ctx.options.address.postalCode].join(', '),
    '',
    `Dear Dr ${gp.split(' ').at(-1) ?? gp},`,
    '',
    `Re: ${p.display}, DOB ${shortDate(p.birthDay)}, NHS number ${spacedNhsNumber(p.nhsNumber)}`,
    [...p.address.line, p.address.city, p.address.postalCode].join(', '),
    '',
  ];
}

function signOff(consultant: string, role: string, copyPatient: boolean): string[] {
  return ['', 'Yours sincerely,', '', consultant, role, ...(copyPatient ? ['', 'cc: Patient'] : [])];
}

function pronoun(p: PatientProfile): string {
  return p.sex === 'female' ? 'woman' : 'man';
}

function sensitiveLetter(prng: Prng, ctx: PracticeContext, p: PatientProfile, e: SensitiveEntry, day: number): WrittenLetter {
  const consultant = consultantFor(ctx.options.seed, 'sexual health', ctx.options.today);
  const age = yearsBetween(p.birthDay, day);
  if (e.kind === 'hiv') {
    return {
      description: 'HIV clinic letter (confidential)',
      specialty: SPECIALTY.genitourinary,
      letter: {
        title: 'HIV clinic letter - confidential',
        lines: [
          ...header(ctx, p, 'Sexual Health and HIV Service', day),
          'CONFIDENTIAL - shared with the patient\'s consent',
          `Diagnosis: HIV-1 infection, diagnosed ${longDate(e.onsetDay)}`,
          '',
          `I saw this ${age}-year-old ${pronoun(p)} following a reactive HIV test, confirmed on a second sample. CD4 count ${prng.int(250, 650)} cells/mm3, viral load detectable.`,
          'Antiretroviral therapy has been started and will be prescribed by this clinic. Please check with us before prescribing anything that may interact.',
          'We recommend annual influenza and pneumococcal vaccination.',
          ...signOff(consultant, 'Consultant in Genitourinary and HIV Medicine', false),
        ],
      },
    };
  }
  // Termination of pregnancy (the only other letter-first sensitive episode).
  return {
    description: 'Termination of pregnancy discharge letter (confidential)',
    specialty: SPECIALTY.sexualHealth,
    letter: {
      title: 'Termination of pregnancy - confidential',
      lines: [
        ...header(ctx, p, 'Pregnancy Advisory Service', day),
        'CONFIDENTIAL',
        `Procedure: ${prng.chance(0.8) ? 'Early medical' : 'Surgical'} termination of pregnancy at ${prng.int(6, 12)} weeks, ${longDate(e.onsetDay)}`,
        '',
        'The procedure was uncomplicated. Contraception was discussed and the patient has chosen an ongoing method.',
        'No follow-up is needed unless symptoms persist.',
        ...signOff(consultantFor(ctx.options.seed, 'pregnancy advisory', ctx.options.today), 'Specialty Doctor, Sexual and Reproductive Health', false),
      ],
    },
  };
}

/** Writes a letter the plan calls for. */
export function writeLetter(prng: Prng, ctx: PracticeContext, p: PatientProfile, plan: LetterPlan): WrittenLetter {
  const age = yearsBetween(p.birthDay, plan.day);
  if (plan.type === 'dischargeSummary') {
    const condition = plan.about as ChronicPlan;
    const templates = plan.admission === 'exacerbation' ? EXACERBATION : DISCHARGE;
    const d = (templates[condition.def.key] ?? EXACERBATION.heartFailure!)(prng);
    const discharged = plan.day - prng.int(0, 2);
    const admitted = discharged - prng.int(d.stay[0], d.stay[1]);
    const consultant = consultantFor(ctx.options.seed, d.specialty.display, ctx.options.today);
    return {
      description: `Discharge summary: ${d.diagnosis}`,
      specialty: d.specialty,
      period: { start: admitted, end: discharged },
      letter: {
        title: `Discharge summary - ${d.diagnosis}`,
        lines: [
          ...header(ctx, p, `${d.specialty.display} - Inpatient Discharge Summary`, plan.day),
          `Admitted: ${longDate(admitted)}    Discharged: ${longDate(discharged)}`,
          `Diagnosis: ${d.diagnosis}`,
          '',
          d.course,
          '',
          `Plan: ${d.plan}`,
          ...signOff(consultant, `Consultant in ${d.specialty.display}`, true),
        ],
      },
    };
  }
  if (!plan.referral && plan.about && 'kind' in plan.about) return sensitiveLetter(prng, ctx, p, plan.about, plan.day);
  const r = plan.referral!;
  const def = REFERRALS[r.key];
  const consultant = consultantFor(ctx.options.seed, def.service, ctx.options.today);
  const seen = r.seenDay ?? plan.day;
  const reason = r.reasonText ?? (r.reason && 'def' in r.reason ? r.reason.def.code.display.toLowerCase() : r.reason && 'code' in r.reason ? r.reason.code.display.toLowerCase() : 'your referral');
  const role = def.specialty ? `Consultant, ${def.specialty.display}` : 'Clinical lead';
  const findings = FAST_TRACK_FINDINGS[r.key];
  let body: string[];
  if (findings) {
    body = [
      `Thank you for referring this ${age}-year-old ${pronoun(p)} on the urgent suspected cancer pathway with ${reason}. I saw them in clinic on ${longDate(seen)}.`,
      prng.pick(findings),
      'There is no evidence of cancer. I have explained this and discharged them back to your care; please re-refer if symptoms persist.',
    ];
  } else if (r.key === 'cardiology') {
    body = [
      `Thank you for referring this ${age}-year-old ${pronoun(p)} with ${reason}. Seen in the cardiology clinic on ${longDate(seen)}.`,
      `ECG: ${prng.pick(['rate-controlled atrial fibrillation', 'sinus rhythm, no acute changes', 'left ventricular hypertrophy by voltage criteria'])}. Echocardiogram: ${prng.pick(['structurally normal heart', 'mild left ventricular impairment', 'moderately dilated left atrium, preserved LV function'])}.`,
      `Plan: ${prng.pick(['continue current treatment, I have discharged them to your care', 'we will review in clinic in 6 months', 'for CT coronary angiography, results to follow'])}.`,
    ];
  } else if (r.key === 'orthopaedics') {
    body = [
      `Thank you for referring this ${age}-year-old ${pronoun(p)} with ${reason}. Seen on ${longDate(seen)}.`,
      `X-ray: ${prng.pick(['moderate osteoarthritis with joint space narrowing', 'mild degenerative change', 'severe osteoarthritis, bone on bone medially'])}.`,
      `Plan: ${prng.pick(['physiotherapy and weight management; we will see again if not improving', 'added to the waiting list for joint replacement after discussion of risks and benefits', 'steroid injection given today; discharged'])}.`,
    ];
  } else if (r.key === 'communityMentalHealth') {
    body = [
      `Thank you for referring this ${age}-year-old ${pronoun(p)} with ${reason}. Assessed by the team on ${longDate(seen)}.`,
      'Mood low with anxious features; no current risk to self or others identified.',
      'Plan: psychological therapy and care coordination for 3 months; we will write again at discharge.',
    ];
  } else if (r.key === 'genitourinary') {
    body = [
      'CONFIDENTIAL - shared with the patient\'s consent',
      `Seen in the sexual health clinic on ${longDate(seen)}. Tests confirmed the infection you suspected; treated today according to BASHH guidance.`,
      'Partner notification completed. HIV and syphilis tests negative.',
    ];
  } else if (r.key === 'genderIdentity') {
    body = [
      'CONFIDENTIAL',
      `First assessment at the gender identity clinic on ${longDate(seen)}, after ${Math.round((seen - (r.reason && 'onsetDay' in r.reason ? r.reason.onsetDay : seen)) / 7)} weeks on the waiting list.`,
      'Assessment will continue over further appointments. Please record the patient\'s chosen name and pronouns.',
    ];
  } else {
    body = [`Thank you for referring this ${age}-year-old ${pronoun(p)} with ${reason}. Seen on ${longDate(seen)}.`, 'Assessment completed; plan discussed with the patient.'];
  }
  return {
    description: `${def.specialty?.display ?? def.service} clinic letter${plan.sensitive ? ' (confidential)' : ''}`,
    ...(def.specialty ? { specialty: def.specialty } : {}),
    letter: {
      title: `${def.specialty?.display ?? def.service} clinic letter`,
      lines: [...header(ctx, p, `${def.specialty?.display ?? def.service} Department`, plan.day), `Clinic date: ${longDate(seen)}`, '', ...body, ...signOff(consultant, role, !plan.sensitive)],
    },
  };
}
