/**
 * SNOMED CT concepts the rest of a GP record is coded with: observables and measurements,
 * smoking status, allergies and adverse reactions, procedures, and administrative codes.
 *
 * Sources are named per block (NHS England PCD reference sets via OpenSAFELY codelists, OpenSAFELY
 * user codelists, HL7's FHIR R4 example ValueSet expansions, UK Core example resources, this
 * repository's seed tables). Terms are as the source gave them. The HL7 expansions come from a
 * 2016 SNOMED CT edition, so a few of those terms use US spelling. SNOMED CT is used under the
 * UK's national licence; this is a curated reference subset, not a SNOMED CT release.
 */
import type { SnomedBlock } from './types';

const PCD = 'NHS England PCD reference set';
const HL7_EXPANSIONS = 'HL7 FHIR R4 examples, Bundle-valueset-expansions.json';
const UK_CORE = 'UK Core example resources (NHSDigital/FHIR-R4-UKCORE-STAGING-MAIN examples/, as in shared/data/ukcore-examples)';

/** Measurements and observable entities a GP records at the desk or receives from the lab. */
export const OBSERVABLE_BLOCKS: readonly SnomedBlock[] = [
  {
    source: UK_CORE,
    rows: [
      ['75367002', 'Blood pressure'],
      ['72313002', 'Systolic arterial pressure'],
      ['1091811000000102', 'Diastolic arterial pressure'],
      ['314463006', '24 hour blood pressure'],
      ['364075005', 'Heart rate'],
      ['78564009', 'Pulse rate'],
      ['86290005', 'Respiratory rate'],
      ['431314004', 'Peripheral oxygen saturation'],
      ['276885007', 'Core body temperature'],
      ['27113001', 'Body weight'],
      ['50373000', 'Body height measure'],
      ['363812007', 'Head circumference'],
      ['997681000000108', 'Fasting blood glucose level'],
      ['1000651000000109', 'Serum potassium level'],
      ['135842001', 'Serum C reactive protein level'],
      ['26604007', 'Full blood count'],
      ['1082631000000102', 'Alcohol units consumed per day'],
    ],
  },
  {
    source: `${PCD} BMIVAL_COD (opensafely/zostavax-dementia codelists/nhsd-primary-care-domain-refsets-bmival_cod.csv)`,
    rows: [
      ['60621009', 'Body mass index'],
      ['846931000000101', 'Baseline body mass index'],
    ],
  },
  {
    source: `${PCD} IFCCHBAM_COD (milanwiedemann/phc-coding-club codelists/nhsd-primary-care-domain-refsets-ifcchbam_cod.csv)`,
    rows: [['999791000000106', 'Haemoglobin A1c level - International Federation of Clinical Chemistry and Laboratory Medicine standardised']],
  },
  {
    source: 'OpenSAFELY codelist "Chronic kidney disease" (Bristol multimorbidity) (opensafely/polypharmacy-deprescribing-dementia codelists/bristol-multimorbidity_chronic-kidney-disease.csv)',
    rows: [
      [
        '1011481000000105',
        'Estimated glomerular filtration rate using creatinine Chronic Kidney Disease Epidemiology Collaboration equation per 1.73 square metres',
      ],
      ['1107411000000104', 'Estimated glomerular filtration rate by laboratory calculation'],
    ],
  },
];

/** Smoking status (findings), from the PCD smoking clusters and the seed. */
export const SMOKING_BLOCKS: readonly SnomedBlock[] = [
  {
    source: `${PCD} LSMOK_COD (opensafely/zostavax-dementia codelists/nhsd-primary-care-domain-refsets-lsmok_cod.csv)`,
    rows: [
      ['77176002', 'Smoker'],
      ['65568007', 'Cigarette smoker', ['77176002']],
      ['160603005', 'Light cigarette smoker (1-9 cigs/day)', ['65568007']],
      ['160604004', 'Moderate cigarette smoker (10-19 cigs/day)', ['65568007']],
      ['160605003', 'Heavy cigarette smoker (20-39 cigs/day)', ['65568007']],
      ['160606002', 'Very heavy cigarette smoker (40+ cigs/day)', ['65568007']],
      ['59978006', 'Cigar smoker', ['77176002']],
      ['82302008', 'Pipe smoker', ['77176002']],
      ['160616005', 'Trying to give up smoking'],
      ['203191000000107', 'Wants to stop smoking'],
    ],
  },
  {
    source: `${PCD} EXSMOK_COD (opensafely/zostavax-dementia codelists/nhsd-primary-care-domain-refsets-exsmok_cod.csv)`,
    rows: [
      ['8517006', 'Ex-smoker'],
      ['281018007', 'Ex-cigarette smoker', ['8517006']],
      ['160620009', 'Ex-pipe smoker', ['8517006']],
      ['160621008', 'Ex-cigar smoker', ['8517006']],
      ['48031000119106', 'Ex-smoker for more than 1 year', ['8517006']],
      ['735128000', 'Ex-smoker for less than 1 year', ['8517006']],
      ['160617001', 'Stopped smoking'],
    ],
  },
  {
    source: 'Seed tables (packages/server/src/seed/codes/observations.ts)',
    rows: [['266919005', 'Never smoked tobacco']],
  },
];

/** Allergies, intolerances and their reactions. */
export const ALLERGY_BLOCKS: readonly SnomedBlock[] = [
  {
    source: 'Seed tables (packages/server/src/seed/codes/allergies.ts)',
    rows: [
      ['91936005', 'Allergy to penicillin'],
      ['91935009', 'Allergy to peanut'],
      ['300916003', 'Latex allergy'],
      ['716186003', 'No known allergy'],
    ],
  },
  {
    source: UK_CORE,
    rows: [['409137002', 'No known drug allergy']],
  },
  {
    source: `${HL7_EXPANSIONS} (allergyintolerance-code expansion)`,
    rows: [
      ['293586001', 'Aspirin allergy'],
      ['293585002', 'Salicylate allergy'],
      ['293584003', 'Acetaminophen allergy'],
      ['293587005', 'Opioid analgesic allergy'],
      ['293610009', 'Non-steroidal anti-inflammatory drug allergy'],
      ['293619005', 'Ibuprofen allergy', ['293610009']],
      ['293613006', 'Diclofenac allergy', ['293610009']],
      ['293625009', 'Naproxen allergy', ['293610009']],
      ['293637006', 'Contrast media allergy'],
      ['293654003', 'Proton pump inhibitor allergy'],
      ['293655002', 'Omeprazole allergy', ['293654003']],
      ['293656001', 'Lansoprazole allergy', ['293654003']],
      ['293668005', 'Loperamide allergy'],
      ['293675006', 'Metoclopramide allergy'],
      ['293681003', 'Lactulose allergy'],
      ['213020009', 'Egg protein allergy'],
      ['232346004', 'Allergy to cat dander'],
      ['232349006', 'House dust allergy'],
      ['232350006', 'House dust mite allergy'],
      ['232348003', 'Feather allergy'],
      ['15911003', "Cow's milk protein sensitivity"],
      ['235719002', 'Food intolerance'],
      ['190751001', 'Primary lactose intolerance'],
    ],
  },
];

/** Reactions (AllergyIntolerance.reaction.manifestation). */
export const REACTION_BLOCKS: readonly SnomedBlock[] = [
  {
    source: 'Seed tables (packages/server/src/seed/codes/allergies.ts)',
    rows: [
      ['271807003', 'Eruption of skin'],
      ['247472004', 'Wheal'],
      ['39579001', 'Anaphylaxis'],
    ],
  },
  { source: 'HL7 FHIR R4 examples, AllergyIntolerance-example.json', rows: [['64305001', 'Urticaria']] },
  { source: 'HL7 FHIR R4 examples, Condition-f201.json', rows: [['386661006', 'Fever']] },
  { source: `${HL7_EXPANSIONS} (clinical-findings expansion)`, rows: [['2919008', 'Nausea, vomiting and diarrhea']] },
];

/** Procedures and regime/therapy codes a GP team records. */
export const PROCEDURE_BLOCKS: readonly SnomedBlock[] = [
  {
    source: UK_CORE,
    rows: [
      ['268400002', '12 lead ECG'],
      ['29303009', 'Electrocardiographic procedure'],
      ['28520004', 'Venipuncture for blood test'],
      ['278450005', 'Finger-prick sampling'],
      ['73416001', 'Urine specimen collection, clean catch'],
      ['73761001', 'Colonoscopy'],
      ['169069000', 'Computed tomography of chest'],
      ['710081004', 'Smoking cessation therapy'],
      ['1324681000000101', 'Administration of first dose of severe acute respiratory syndrome coronavirus 2 vaccine'],
      ['33633005', 'Prescription of drug'],
    ],
  },
  {
    source: `${HL7_EXPANSIONS} (procedure-code expansion)`,
    rows: [
      ['27171005', 'Urinalysis'],
      ['30549001', 'Removal of sutures'],
      ['409063005', 'Counseling'],
    ],
  },
  { source: 'HL7 FHIR R4 examples, Encounter-f201.json', rows: [['11429006', 'Consultation']] },
  { source: 'HL7 FHIR R4 examples, ActivityDefinition-referralPrimaryCareMentalHealth.json', rows: [['306206005', 'Referral to service']] },
  {
    source: 'OpenSAFELY user codelist "All medication reviews" (opensafely/medication-reviews codelists/user-chriswood-all-medication-reviews.csv)',
    rows: [
      ['182836005', 'Review of medication'],
      ['1239511000000100', 'Structured medication review', ['182836005']],
      ['314530002', 'Medication review done'],
      ['88551000000109', 'Medication review with patient', ['182836005']],
      ['391156007', 'Medication review without patient', ['182836005']],
      ['394720003', 'Asthma medication review', ['182836005']],
      ['394725008', 'Diabetes medication review', ['182836005']],
      ['473225006', 'Hypertension medication review', ['182836005']],
      ['473223004', 'Chronic obstructive lung disorder medication review', ['182836005']],
      ['413974004', 'Depression medication review', ['182836005']],
      ['870661000000100', 'Polypharmacy medication review', ['182836005']],
      ['526421000000109', 'Medicines reconciliation completed'],
      ['381351000000107', 'High risk drug monitoring annual review'],
    ],
  },
];

/** Administrative codes: fitness for work, registers, referral sources, record headings. */
export const ADMIN_BLOCKS: readonly SnomedBlock[] = [
  {
    source: UK_CORE,
    rows: [
      ['160910001', 'Unfit for work'],
      ['225891002', 'Fit for work with restrictions'],
      ['365524007', 'Fitness for work - finding'],
      ['526631000000108', 'On end of life care register'],
      ['108161000000109', 'Referred by general practitioner'],
      ['887031000000108', 'Consent for information sharing'],
      ['886921000000105', 'Allergies and adverse reactions'],
      ['18381000000107', 'Sickness certificates'],
      ['1321851000000109', 'Provision of advice, assessment or treatment delayed due to COVID-19 pandemic'],
    ],
  },
];
