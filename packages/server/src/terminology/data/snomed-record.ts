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
const GP_PROCEDURE_BLOCKS: readonly SnomedBlock[] = [
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
const GP_ADMIN_BLOCKS: readonly SnomedBlock[] = [
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

const GM_SDE = 'Greater Manchester SDE clinical code sets (UoM-Data-Science-Platforms/gm-sde shared/clinical-code-sets/';
const IMMS_API = 'NHS England Immunisation FHIR API test data (NHSDigital/immunisation-fhir-api tests/e2e_automation/utilities/vaccination_constants.py)';
const IMMS_CLIENT = "NHS England Immunisation FHIR API example client (postvacc.js: the vaccine products and procedures it sends)";

/** Vaccinations: the procedure (Extension-UKCore-VaccinationProcedure) and the route and site. */
export const VACCINATION_BLOCKS: readonly SnomedBlock[] = [
  {
    source: `${GM_SDE}procedures/covid-vaccination, flu-vaccination, human-papilloma-virus-vaccination)`,
    rows: [
      ['1324691000000104', 'Administration of second dose of severe acute respiratory syndrome coronavirus 2 vaccine'],
      ['822851000000102', 'Seasonal influenza vaccination'],
      ['428741008', 'Administration of first dose of vaccine product containing only Human papillomavirus antigen'],
    ],
  },
  {
    source: `${IMMS_API}; ${IMMS_CLIENT}`,
    rows: [
      ['1362591000000103', 'Immunisation course to maintain protection against SARS-CoV-2 (severe acute respiratory syndrome coronavirus 2)'],
      ['720539004', 'Administration of first dose of vaccine product containing only Neisseria meningitidis serogroup B antigen'],
      ['38598009', 'Administration of vaccine product containing only Measles morbillivirus and Mumps orthorubulavirus and Rubella virus antigens'],
      ['170433008', 'Administration of second dose of vaccine product containing only Measles morbillivirus and Mumps orthorubulavirus and Rubella virus antigens', ['38598009']],
    ],
  },
  {
    // The UK Core examples give these with their semantic tags ("(qualifier value)", "(body structure)").
    source: 'UK Core Immunization site and route examples (UKCore-Immunization-Sn-IntramuscularRoute, -Sn-LeftUpperArmStructure), without the semantic tag',
    rows: [
      ['78421000', 'Intramuscular route'],
      ['368208006', 'Left upper arm structure'],
    ],
  },
  {
    source: 'UK Core MedicationRequest, MedicationStatement and MedicationDispense dosage routes (shown there as "Oral"), as the seed codes oral doses',
    rows: [['26643006', 'Oral route', undefined, ['Oral']]],
  },
];

/**
 * Vaccine products (dm+d AMPs, coded as SNOMED CT UK Drug Extension concepts, as the NHS England
 * Immunisation FHIR API codes them) for Immunization.vaccineCode.
 */
export const VACCINE_PRODUCT_BLOCKS: readonly SnomedBlock[] = [
  {
    source: IMMS_API,
    rows: [
      ['34765811000001105', 'Infanrix Hexa vaccine powder and suspension for suspension for injection 0.5ml pre-filled syringes (GlaxoSmithKline UK Ltd)'],
      ['23584211000001109', 'Bexsero vaccine suspension for injection 0.5ml pre-filled syringes (GlaxoSmithKline UK Ltd)'],
      ['34609911000001106', 'Rotarix vaccine live oral suspension 1.5ml tube (GlaxoSmithKline UK Ltd)'],
      ['16649411000001104', 'Prevenar 13 vaccine suspension for injection 0.5ml pre-filled syringes (Pfizer Ltd)'],
      ['9903711000001109', 'Menitorix powder and solvent for solution for injection 0.5ml vials (GlaxoSmithKline)'],
      ['13968211000001108', 'M-M-RVAXPRO vaccine powder and solvent for suspension for injection 0.5ml pre-filled syringes (Merck Sharp & Dohme (UK) Ltd)'],
      ['34925111000001104', 'Priorix vaccine powder and solvent for solution for injection 0.5ml pre-filled syringes (GlaxoSmithKline UK Ltd)'],
      ['26267211000001100', 'Boostrix-IPV suspension for injection 0.5ml pre-filled syringes (GlaxoSmithKline UK Ltd)'],
      ['33493111000001108', 'Gardasil 9 vaccine suspension for injection 0.5ml pre-filled syringes (Merck Sharp & Dohme (UK) Ltd)'],
      ['10880211000001104', 'Gardasil vaccine suspension for injection 0.5ml pre-filled syringes (Merck Sharp & Dohme (UK) Ltd)'],
      ['12238911000001100', 'Cervarix vaccine suspension for injection 0.5ml pre-filled syringes (GlaxoSmithKline)'],
      ['39779611000001104', 'MenQuadfi vaccine solution for injection 0.5ml vials (Sanofi)'],
      ['20517811000001104', 'Nimenrix vaccine powder and solvent for solution for injection 0.5ml pre-filled syringes (GlaxoSmithKline UK Ltd)'],
      ['34680411000001107', 'Quadrivalent influenza vaccine (split virion, inactivated) suspension for injection 0.5ml pre-filled syringes (Sanofi Pasteur)'],
      ['43111411000001101', 'Comirnaty JN.1 COVID-19 mRNA Vaccine 30micrograms/0.3ml dose dispersion for injection multidose vials (Pfizer Ltd)'],
    ],
  },
  {
    source: `${IMMS_CLIENT}; NHS England "Manage vaccinations in schools" prototype vaccine table (Revaxis)`,
    rows: [
      ['7374311000001101', 'Revaxis vaccine suspension for injection 0.5ml pre-filled syringes (Sanofi Pasteur)'],
      ['39326911000001101', 'Spikevax COVID-19 mRNA (nucleoside modified) Vaccine 0.1mg/0.5ml dose dispersion for injection multidose vials (Moderna, Inc)'],
      ['40851611000001102', 'Comirnaty Original/Omicron BA.1 COVID-19 mRNA Vaccine 15micrograms/15micrograms/0.3ml dose dispersion for injection multidose vials (Pfizer Ltd)'],
    ],
  },
  {
    // Coded in https://dmd.nhs.uk there, which the UK Core example check cannot match to SNOMED CT.
    source: 'UK Core Immunization and Medication resources in shared/data/ukcore-examples (InfluenzaVaccine, Sn-AstraZenecaVaccine, COVID-Vaccine), coded there in dm+d',
    rows: [
      ['11278411000001109', 'Influenza vaccine (split virion, inactivated) suspension for injection 0.5ml pre-filled syringes (Pfizer Ltd)'],
      ['39114911000001105', 'COVID-19 Vaccine Vaxzevria (ChAdOx1 S [recombinant]) not less than 2.5x100,000,000 infectious units/0.5ml dose suspension for injection multidose vials (AstraZeneca UK Ltd)'],
      ['39115611000001103', 'Comirnaty COVID-19 mRNA Vaccine 30micrograms/0.3ml dose concentrate for dispersion for injection multidose vials (Pfizer Ltd)'],
    ],
  },
];

/** Referral procedures (ServiceRequest.code) and the referral category. */
export const REFERRAL_BLOCKS: readonly SnomedBlock[] = [
  {
    source: `${GM_SDE}referrals/cancer-referral)`,
    rows: [
      ['199251000000107', 'Fast track cancer referral'],
      ['276491000000101', 'Fast track referral for suspected lung cancer', ['199251000000107']],
      ['276401000000108', 'Fast track referral for suspected colorectal cancer', ['199251000000107']],
      ['276341000000100', 'Fast track referral for suspected breast cancer', ['199251000000107']],
      ['276281000000104', 'Fast track referral for suspected skin cancer', ['199251000000107']],
      ['276551000000108', 'Fast track referral for suspected upper gastrointestinal cancer', ['199251000000107']],
      ['276431000000102', 'Fast track referral for suspected urological cancer', ['199251000000107']],
    ],
  },
  {
    source: `${GM_SDE}referrals/mental-health-service-referral, gynaecology-referral, safeguarding-referral)`,
    rows: [
      ['279381000000103', 'Referral to primary care mental health team'],
      ['24921000000109', 'Referral to community mental health team'],
      ['183549000', 'Referral to gynecology service'],
      ['415272006', 'Referral to genitourinary clinic'],
      ['514331000000104', 'Referral to safeguarding adults team'],
    ],
  },
  {
    source: 'GP record extracts and FHIR examples agreeing on code and term (SNOMED CT usage tables; GP consultation audit examples)',
    rows: [
      ['183519002', 'Referral to cardiology service'],
      ['183545006', 'Referral to orthopaedic service'],
    ],
  },
  { source: `${HL7_EXPANSIONS} (procedure-code expansion)`, rows: [['3457005', 'Referral procedure']] },
  {
    source: 'HL7 Consent examples restricting disclosure of it (several agree on code and term)',
    rows: [['386639001', 'Termination of pregnancy']],
  },
];

/** Record artifacts: the types of correspondence filed, and laboratory reports. */
export const RECORD_ARTIFACT_BLOCKS: readonly SnomedBlock[] = [
  {
    source: UK_CORE,
    rows: [
      ['373942005', 'Discharge summary'],
      ['721981007', 'Diagnostic studies report'],
    ],
  },
  {
    source: 'NHS England FHIR DocumentReference examples and GP-facing letter systems (e.g. Renalware) agreeing on code and term',
    rows: [['823691000000103', 'Clinical letter']],
  },
];

/** Sensitive diagnoses and findings the seed records (always flagged restricted). */
export const SENSITIVE_BLOCKS: readonly SnomedBlock[] = [
  {
    source: `${GM_SDE}conditions/hiv, from the OpenSAFELY HIV codelist; conditions/genital-tract-infections; referrals/safeguarding-referral)`,
    rows: [
      ['86406008', 'Human immunodeficiency virus infection'],
      ['237084006', 'Chlamydial cervicitis'],
      ['236682002', 'Gonococcal urethritis'],
      ['766561000000109', 'Adult safeguarding concern'],
    ],
  },
  {
    source: 'Clinical code tables of several NHS-facing projects agreeing on code and term',
    rows: [['93461009', 'Gender dysphoria']],
  },
];

/**
 * Procedures a GP team records, including vaccinations and referrals. Vaccine products sit here
 * for now so $validate-code and $lookup know them; a vaccines value set would give them their own
 * tag (catalogue.ts).
 */
export const PROCEDURE_BLOCKS: readonly SnomedBlock[] = [...GP_PROCEDURE_BLOCKS, ...VACCINATION_BLOCKS, ...REFERRAL_BLOCKS, ...VACCINE_PRODUCT_BLOCKS];

/**
 * Administrative and record codes: fitness for work, registers, referral sources, record headings,
 * document types, and the sensitive findings (until a problems block of their own is wired in
 * catalogue.ts).
 */
export const ADMIN_BLOCKS: readonly SnomedBlock[] = [...GP_ADMIN_BLOCKS, ...RECORD_ARTIFACT_BLOCKS, ...SENSITIVE_BLOCKS];
