/**
 * The free-text note a clinician writes in each consultation, in the history / examination / plan
 * shape GP notes take ("Cough 5 days, no SOB. Chest clear. Advised fluids."), written from what the
 * consultation recorded so the two agree: the diagnosis, the measurements taken (with their
 * values), what was prescribed, re-authorised or given, and who the patient was referred to.
 * Carried as Encounter.text (narrative, status `additional`).
 */
import type { Prng } from './prng';
import type { AcuteConditionKey, ChronicConditionKey } from './codes/conditions';
import type { MedicationDef } from './codes/medications';
import { REFERRALS } from './codes/referrals';
import { VACCINES } from './codes/vaccines';
import type { SmokingStatus } from './codes/observations';
import type { AcutePlan, ChronicPlan } from './clinical-profile';
import type { SensitiveEntry, VisitExtras } from './history';
import type { Measurement, Visit } from './visits';

/** Values measured in the consultation, for the note. */
export interface MeasuredValues {
  bp?: readonly [number, number];
  body?: { readonly heightCm: number; readonly weightKg: number; readonly bmi: number };
  smoking?: SmokingStatus;
  /** Blood tests sent (results come back from the laboratory later). */
  readonly bloods: Measurement[];
}

export interface NoteFacts {
  readonly visit: Visit;
  readonly extras?: VisitExtras;
  readonly age: number;
  readonly sex: 'male' | 'female';
  readonly registration: boolean;
  /** Chronic conditions first recorded in this consultation, and those carried over at registration. */
  readonly diagnosed: readonly ChronicPlan[];
  readonly values: MeasuredValues;
  readonly started: readonly MedicationDef[];
  readonly reauthorised: readonly MedicationDef[];
  readonly acuteMedicines: readonly MedicationDef[];
  /** Who brought a child (for immunisation consent). */
  readonly accompaniedBy?: string;
}

export interface Note {
  readonly history: string;
  readonly examination: string;
  readonly plan: string;
}

function pick<T>(prng: Prng, xs: readonly T[]): T {
  return prng.pick(xs);
}

function days(prng: Prng, min: number, max: number): string {
  const n = prng.int(min, max);
  return n >= 14 && n % 7 === 0 ? `${n / 7}/52` : `${n} days`;
}

function temp(prng: Prng, fever: boolean): string {
  return `Temp ${(fever ? 37.8 + prng.int(0, 9) / 10 : 36.4 + prng.int(0, 8) / 10).toFixed(1)}`;
}

function bpText(v: MeasuredValues): string | undefined {
  return v.bp ? `BP ${v.bp[0]}/${v.bp[1]}` : undefined;
}

function bodyText(v: MeasuredValues): string | undefined {
  return v.body ? `Wt ${v.body.weightKg}kg, BMI ${v.body.bmi}` : undefined;
}

function smokingText(prng: Prng, s: SmokingStatus | undefined): string | undefined {
  if (!s) return undefined;
  if (s === 'current') return pick(prng, ['Current smoker, advised to stop; stop smoking service details given.', 'Smoker. Very brief advice given, not ready to quit.', 'Smokes ~10/day. Offered referral to stop smoking service.']);
  if (s === 'ex') return pick(prng, ['Ex-smoker.', 'Ex-smoker, stopped some years ago.']);
  return 'Never smoked.';
}

const BLOOD_NAMES: Partial<Record<Measurement, string>> = { hba1c: 'HbA1c', egfr: 'U&E/eGFR', totalCholesterol: 'lipids', tsh: 'TFTs' };

function bloodsText(v: MeasuredValues): string | undefined {
  const names = v.bloods.map((b) => BLOOD_NAMES[b]).filter((n): n is string => n !== undefined);
  return names.length > 0 ? `Bloods taken: ${names.join(', ')}.` : undefined;
}

function join(...parts: (string | undefined)[]): string {
  return parts
    .filter((p): p is string => p !== undefined && p.length > 0)
    .map((p) => (/[.!?]$/.test(p) ? p : `${p}.`))
    .join(' ');
}

function medicineList(meds: readonly MedicationDef[]): string {
  return meds.map((m) => m.name.replace(/ tablets$/, '').replace(/ dispersible$/, '')).join(', ');
}

const ACUTE: Readonly<Record<AcuteConditionKey, (prng: Prng, f: NoteFacts) => Note>> = {
  viralPharyngitis: (prng) => {
    const fever = prng.chance(0.4);
    return {
      history: join(`Sore throat ${days(prng, 2, 6)}`, fever ? 'Feverish at home' : 'No fever', pick(prng, ['Eating and drinking OK', 'Painful to swallow but managing fluids', 'Hoarse voice, mild cough']), `FeverPAIN ${prng.int(0, 2)}`),
      examination: join(temp(prng, fever), pick(prng, ['Pharynx mildly injected, no exudate', 'Tonsils not enlarged, no exudate', 'Red throat, no pus']), pick(prng, ['No cervical lymphadenopathy', 'Small tender anterior cervical nodes'])),
      plan: join('Viral sore throat, antibiotics not indicated', 'Paracetamol/ibuprofen, fluids, salt water gargles', 'Return if not improving in 1 week or difficulty swallowing'),
    };
  },
  viralSinusitis: (prng) => ({
    history: join(`Facial pain and blocked nose ${days(prng, 5, 14)}`, pick(prng, ['Clear nasal discharge', 'Green nasal discharge', 'Post-nasal drip']), pick(prng, ['No dental pain', 'Frontal headache worse bending forward']), 'No visual symptoms'),
    examination: join(temp(prng, false), pick(prng, ['Tender over maxillary sinuses', 'Mild tenderness over frontal sinuses']), 'Chest clear'),
    plan: join('Acute sinusitis, likely viral', 'Saline nasal rinses, analgesia', 'Explained may last 2-3 weeks', 'Return if worsening after 10 days or if systemically unwell'),
  }),
  acuteBronchitis: (prng) => {
    const sob = prng.chance(0.3);
    return {
      history: join(`Cough ${days(prng, 5, 21)}`, pick(prng, ['productive of clear sputum', 'dry, worse at night', 'productive of yellow sputum']), sob ? 'Mild SOB on exertion' : 'No SOB', 'No chest pain, no haemoptysis'),
      examination: join(`Sats ${prng.int(95, 99)}% on air`, `RR ${prng.int(14, 18)}`, pick(prng, ['Chest clear', 'Scattered wheeze, no crackles', 'Coarse crackles clearing with cough'])),
      plan: join('Acute bronchitis, likely viral, antibiotics not indicated', 'Fluids, honey and lemon', 'Safety-netted: return if SOB, haemoptysis or fever beyond 3 days'),
    };
  },
  urinaryTractInfection: (prng, f) => ({
    history: join(`Dysuria and frequency ${days(prng, 1, 5)}`, pick(prng, ['No haematuria', 'Cloudy offensive urine']), 'No loin pain, no fever', f.sex === 'female' && f.age < 50 ? 'LMP 2 weeks ago, not pregnant' : undefined),
    examination: join(temp(prng, false), 'Abdomen soft, mild suprapubic tenderness, no renal angle tenderness', pick(prng, ['Urine dip: leucocytes +, nitrites +', 'Urine dip: leucocytes ++, nitrites +, blood +'])),
    plan: join('Lower UTI', prng.chance(0.5) ? 'MSU sent' : undefined, 'Advised fluids', 'Return if fever, loin pain or not settling in 48 hours'),
  }),
  lowBackPain: (prng) => ({
    history: join(`Low back pain ${days(prng, 3, 28)}`, pick(prng, ['after lifting', 'after gardening', 'no clear trigger']), pick(prng, ['No leg pain', 'Some right buttock pain, not below the knee', 'Some left buttock pain']), 'No red flags: no saddle anaesthesia, no bladder or bowel change, no weight loss'),
    examination: join(pick(prng, ['Paraspinal tenderness L4/5', 'Tender lumbar paraspinals bilaterally']), 'Reduced lumbar flexion', pick(prng, ['SLR negative bilaterally', 'SLR 70 degrees right, 80 left']), 'Lower limb neurology intact'),
    plan: join('Mechanical low back pain', 'Keep active, simple analgesia', 'Physiotherapy self-referral details given', 'Review if not settling in 6 weeks'),
  }),
};

const DIAGNOSIS: Readonly<Record<ChronicConditionKey, (prng: Prng, f: NoteFacts) => Note>> = {
  hypertension: (prng, f) => ({
    history: join(pick(prng, ['Raised BP at routine check', 'Raised BP at pharmacy check', 'Headaches, BP checked']), `home readings average ${(f.values.bp?.[0] ?? 150) - prng.int(0, 6)}/${(f.values.bp?.[1] ?? 92) - prng.int(0, 4)}`, 'No chest pain'),
    examination: join(bpText(f.values), bodyText(f.values), 'Heart sounds normal'),
    plan: join('Hypertension', 'Lifestyle advice: salt, alcohol, exercise', 'Bloods and urine ACR', 'QRISK discussed'),
  }),
  diabetesType2: (prng, f) => ({
    history: join(pick(prng, ['Raised HbA1c on routine bloods', 'Thirst and passing urine more', 'Recurrent thrush, tired']), f.values.bloods.includes('hba1c') ? 'HbA1c repeated today' : undefined),
    examination: join(bpText(f.values), bodyText(f.values), 'Feet: pulses present, sensation intact'),
    plan: join('Type 2 diabetes', 'Structured education offered', 'Retinal screening referral', 'Diet and weight loss advice'),
  }),
  asthma: (prng, f) => ({
    history: join(`${pick(prng, ['Recurrent wheeze', 'Night-time cough', 'Chest tightness'])} ${days(prng, 21, 90)}`, pick(prng, ['worse with colds and exercise', 'worse in cold air', 'worse around cats']), f.age < 16 ? 'Father has asthma' : 'Atopic history'),
    examination: join(pick(prng, ['Scattered expiratory wheeze', 'Chest clear today']), `PEFR ${prng.int(65, 85)}% predicted`),
    plan: join('Asthma', 'Inhaler technique checked', 'Personal asthma action plan given', 'Review 4 weeks'),
  }),
  depression: (prng) => ({
    history: join(`Low mood ${days(prng, 28, 84)}`, 'poor sleep, loss of interest', `PHQ-9 ${prng.int(10, 19)}`, pick(prng, ['Work stress', 'Recent bereavement', 'Relationship breakdown', 'Financial worries']), 'No thoughts of self-harm, protective factors: family'),
    examination: join('Appropriately dressed, good eye contact', 'Flat affect', 'No psychotic features'),
    plan: join('Depression', 'Talking therapies information given', 'Sleep hygiene, activity', 'Crisis numbers given', 'Review 2 weeks'),
  }),
  anxiety: (prng) => ({
    history: join(`Constant worry ${days(prng, 42, 120)}`, pick(prng, ['palpitations', 'poor sleep', 'panic attacks in shops']), `GAD-7 ${prng.int(10, 17)}`, 'No self-harm thoughts', 'Caffeine reduced'),
    examination: join('Anxious but engaging', `Pulse ${prng.int(72, 96)} regular`),
    plan: join('Generalised anxiety', 'Self-help and talking therapies discussed', 'Review 4 weeks'),
  }),
  ckdStage3: (prng, f) => ({
    history: join('eGFR reduced on two tests over 3 months apart', 'Asymptomatic', pick(prng, ['No NSAID use', 'Occasional ibuprofen, advised to stop'])),
    examination: join(bpText(f.values)),
    plan: join('CKD stage 3', 'Urine ACR', 'BP target discussed', 'Avoid NSAIDs', 'Annual monitoring'),
  }),
  copd: (prng, f) => ({
    history: join(`Breathless on exertion ${days(prng, 90, 365)}`, 'morning cough with sputum', `${prng.int(20, 50)} pack-year history`),
    examination: join(bodyText(f.values), 'Prolonged expiration, scattered wheeze', `Sats ${prng.int(93, 97)}%`),
    plan: join('COPD, spirometry confirmed', 'Smoking cessation advice', 'Pulmonary rehabilitation offered', 'Rescue pack discussed'),
  }),
  atrialFibrillation: (prng, f) => ({
    history: join(pick(prng, ['Palpitations', 'Irregular pulse found at flu clinic', 'Tired and breathless']), `${days(prng, 7, 42)}`, 'No chest pain or syncope'),
    examination: join(`Pulse ${prng.int(88, 120)} irregularly irregular`, bpText(f.values), 'ECG: atrial fibrillation'),
    plan: join('Atrial fibrillation', 'CHA2DS2-VASc and ORBIT calculated, anticoagulation discussed', 'Bloods including TFTs'),
  }),
  coronaryHeartDisease: (prng, f) => ({
    history: join(pick(prng, ['Exertional chest tightness', 'Chest pain walking uphill, settles with rest']), days(prng, 14, 60), 'No pain at rest'),
    examination: join(bpText(f.values), 'Heart sounds normal, chest clear'),
    plan: join('Stable angina', 'GTN spray use explained', 'Secondary prevention discussed'),
  }),
  stroke: (prng, f) => ({
    history: join('Discharged from stroke unit', pick(prng, ['residual mild left arm weakness', 'speech improving', 'walking with stick']), 'Mood reasonable'),
    examination: join(bpText(f.values), 'Power 4/5 affected side'),
    plan: join('Stroke', 'Secondary prevention reviewed', 'Community stroke team involved', 'Not to drive for 1 month'),
  }),
  heartFailure: (prng, f) => ({
    history: join(`Increasing breathlessness ${days(prng, 14, 60)}`, 'ankle swelling, 2-pillow orthopnoea'),
    examination: join(bpText(f.values), bodyText(f.values), 'Bibasal crackles, pitting oedema to mid-shin'),
    plan: join('Heart failure', 'NT-proBNP and echocardiogram', 'Daily weights, fluid advice'),
  }),
  hypothyroidism: (prng) => ({
    history: join(`Tired ${days(prng, 42, 120)}`, pick(prng, ['weight gain, feels the cold', 'dry skin, constipation', 'low mood, sluggish'])),
    examination: join(pick(prng, ['No goitre', 'Dry skin, no goitre'])),
    plan: join('Hypothyroidism on TFTs', 'Repeat TFTs in 6-8 weeks'),
  }),
  osteoarthritis: (prng) => ({
    history: join(`${pick(prng, ['Right knee', 'Left knee', 'Both knees', 'Right hip', 'Hands'])} pain ${days(prng, 60, 365)}`, 'stiffness under 30 minutes in the morning, worse on walking'),
    examination: join('Crepitus, reduced range of movement, no effusion'),
    plan: join('Osteoarthritis', 'Exercise and weight advice', 'Physiotherapy self-referral', 'Simple analgesia'),
  }),
};

const SENSITIVE: Readonly<Record<SensitiveEntry['kind'], (prng: Prng, f: NoteFacts) => Note>> = {
  sti: (prng, f) => ({
    history: join(
      f.sex === 'female' ? `Vaginal discharge and intermenstrual bleeding ${days(prng, 5, 14)}` : `Dysuria and urethral discharge ${days(prng, 3, 10)}`,
      'New partner in last 3 months',
      'Sexual history taken',
    ),
    examination: join(f.sex === 'female' ? 'Cervix contact bleeding, swabs taken' : 'Urethral discharge noted, first-void urine NAAT sent'),
    plan: join('Likely sexually transmitted infection', 'Sexual health clinic for treatment and partner notification', 'Abstain until treated', 'Discussed confidentiality'),
  }),
  hiv: () => ({
    history: join('Letter from sexual health clinic: new HIV diagnosis', 'Under the HIV clinic, antiretroviral therapy prescribed there', 'Coping, good support'),
    examination: join('Well'),
    plan: join('HIV added to problem list as confidential', 'Check interactions before any new prescription', 'Flu and pneumococcal vaccines advised', 'Discussed who can see this record'),
  }),
  safeguarding: (prng) => ({
    history: join(pick(prng, ['Concerns raised by relative about money being taken', 'Unexplained bruising noted by carer', 'Self-neglect, not eating, house cold']), 'Seen alone, has capacity for this decision'),
    examination: join(pick(prng, ['Bruising to both forearms, various ages', 'Thin, unkempt', 'No injuries seen'])),
    plan: join('Adult safeguarding concern', 'Consent to share obtained', 'Referred to local authority safeguarding team', 'Review 2 weeks'),
  }),
  genderDysphoria: () => ({
    history: join('Attends to discuss gender identity', 'Long-standing distress with assigned gender', 'Using chosen name socially', 'Mood OK, no self-harm'),
    examination: join('Well, engaging'),
    plan: join('Gender dysphoria', 'Referral to gender identity clinic explained, long waiting time', 'Support organisations given', 'Preferences for name and pronouns recorded'),
  }),
  top: () => ({ history: 'Termination of pregnancy.', examination: '', plan: '' }),
};

/** How GPs write each condition in a note. */
const CONDITION_LABEL: Readonly<Record<ChronicConditionKey, string>> = {
  hypertension: 'Hypertension',
  diabetesType2: 'Type 2 diabetes',
  asthma: 'Asthma',
  depression: 'Depression',
  anxiety: 'Anxiety',
  ckdStage3: 'CKD 3',
  copd: 'COPD',
  atrialFibrillation: 'AF',
  coronaryHeartDisease: 'IHD',
  stroke: 'Stroke',
  heartFailure: 'Heart failure',
  hypothyroidism: 'Hypothyroidism',
  osteoarthritis: 'Osteoarthritis',
};

/** The note for a consultation. */
export function consultationNote(prng: Prng, f: NoteFacts): Note {
  const v = f.values;
  const e = f.extras;
  const parts: Note[] = [];

  if (f.registration) {
    const pmh = f.diagnosed.map((c) => CONDITION_LABEL[c.def.key]).join(', ');
    parts.push({
      history: join('New patient registration check', pmh ? `PMH: ${pmh}` : 'No significant PMH', f.visit.allergies.length > 0 ? `Allergies: ${f.visit.allergies.map((a) => a.def.code.display).join(', ')}` : f.visit.noKnownAllergies ? 'NKDA' : undefined, smokingText(prng, v.smoking)),
      examination: join(bpText(v), bodyText(v)),
      plan: join('Previous records requested', f.started.length > 0 ? `Repeat medication transferred: ${medicineList(f.started)}` : undefined),
    });
  }
  for (const s of e?.sensitive ?? []) parts.push(SENSITIVE[s.kind](prng, f));
  if (!f.registration) for (const c of f.diagnosed) parts.push(DIAGNOSIS[c.def.key](prng, f));
  for (const a of f.visit.acute) parts.push(ACUTE[(a as AcutePlan).def.key](prng, f));
  if (e?.complaint) {
    parts.push({
      history: join(`${e.complaint[0]!.toUpperCase()}${e.complaint.slice(1)} ${days(prng, 14, 56)}`, pick(prng, ['No weight loss', 'Some weight loss', 'Appetite reduced']), 'Worried'),
      examination: join(pick(prng, ['Examination findings as above documented', 'Examined with chaperone offered', 'Clinical findings warrant urgent assessment'])),
      plan: join('Urgent suspected cancer referral made and explained', 'Patient aware of appointment within 2 weeks', 'Safety-netted'),
    });
  }
  if (e && e.reviewed.length > 0) {
    parts.push({
      history: join(
        `${e.reviewed.map((c) => CONDITION_LABEL[c.def.key]).join(', ')} review`,
        pick(prng, ['Feeling well', 'No new symptoms', 'Some tiredness', 'Managing well', 'Busy year, coping', 'Sleeping poorly lately', 'Keeping active, walks daily', 'Knees limiting walking']),
        f.reauthorised.length > 0 ? pick(prng, ['Taking medication regularly, no side effects', 'Adherent, no side effects', 'Occasionally forgets doses', 'Uses a weekly pill box']) : undefined,
        smokingText(prng, v.smoking),
        pick(prng, ['Diet discussed', 'Alcohol within guidelines', 'Care plan agreed', 'Questions answered', '']),
      ),
      examination: join(bpText(v), bodyText(v)),
      plan: join(bloodsText(v), f.reauthorised.length > 0 ? `Medication reviewed; repeats re-authorised for 12 months: ${medicineList(f.reauthorised)}` : 'Lifestyle advice', 'Review in 12 months'),
    });
  }
  if (e && e.immunisations.length > 0) {
    const given = e.immunisations.map((i) => shortVaccineName(i.vaccine)).join(', ');
    const child = f.age < 16;
    parts.push({
      history: join(
        e.label ?? 'Immunisation',
        child ? `Attended with ${f.accompaniedBy ?? 'parent'}, consent given` : pick(prng, ['Consent given', 'Verbal consent', 'Consent given, leaflet offered']),
        pick(prng, ['No contraindications, well today', 'Well, no fever, no previous reactions', 'No allergies to vaccine components', 'Previous vaccines tolerated']),
      ),
      examination: '',
      plan: join(
        `Given: ${given}${child && f.age < 1 ? pick(prng, [' (thighs)', ' (L and R anterolateral thigh)']) : pick(prng, [' (L deltoid)', ' (R deltoid)', ''])}`,
        child ? pick(prng, ['Post-vaccination advice given', 'Advice on fever and sore leg given', 'Parent happy, leaflet given']) : pick(prng, ['No immediate reaction', 'Observed, no reaction', 'Advised arm may ache for a day or two']),
        e.immunisations.some((i) => i.vaccine === 'bexsero' && i.doseNumber < 3) ? 'Paracetamol after MenB explained' : undefined,
      ),
    });
  }
  if (parts.length === 0) {
    // Checks with nothing else recorded: NHS Health Check, blood pressure checks, unlabelled visits.
    parts.push({
      history: join(f.visit.description, smokingText(prng, v.smoking), pick(prng, ['Exercise: walks most days', 'Alcohol within guidelines', 'Alcohol 20 units/week, advised to cut down'])),
      examination: join(bpText(v), bodyText(v)),
      plan: join(bloodsText(v), f.visit.description.startsWith('NHS Health Check') ? 'Cardiovascular risk discussed, lifestyle advice' : 'Results to follow'),
    });
  }
  const meds = [...(f.registration ? [] : f.started.map((m) => `Started ${m.name} (${m.dosageText})`)), ...f.acuteMedicines.map((m) => `Rx ${m.name} (${m.dosageText})`)];
  const referrals = (e?.referrals ?? []).map((r) => `Referred to ${REFERRALS[r.key].service}${REFERRALS[r.key].priority === 'urgent' ? ' (urgent)' : ''}`);
  return {
    history: parts.map((p) => p.history).filter((s) => s).join(' '),
    examination: parts.map((p) => p.examination).filter((s) => s).join(' '),
    plan: [...parts.map((p) => p.plan), join(...meds), join(...referrals)].filter((s) => s).join(' '),
  };
}

function shortVaccineName(key: keyof typeof VACCINES): string {
  const display = VACCINES[key].code.display;
  return display.split(/ (vaccine|powder|suspension|COVID-19 mRNA|solution)/)[0] ?? display;
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The note as R4 Narrative: XHTML, one paragraph per heading (narrative.html#xhtml). */
export function noteNarrative(note: Note): { status: 'additional'; div: string } {
  const paragraph = (heading: string, text: string) => (text ? `<p><b>${heading}:</b> ${escape(text)}</p>` : '');
  return {
    status: 'additional',
    div: `<div xmlns="http://www.w3.org/1999/xhtml">${paragraph('History', note.history)}${paragraph('Examination', note.examination)}${paragraph('Plan', note.plan)}</div>`,
  };
}
