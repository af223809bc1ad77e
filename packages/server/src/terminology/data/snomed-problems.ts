/**
 * SNOMED CT concepts for the problem list: long-term conditions on the QOF registers and the
 * common acute problems of general practice.
 *
 * Every id and term was read from a published list (named per block): NHS England Primary Care
 * Domain (PCD) reference sets as published in OpenSAFELY codelists (opencodelists.org exports
 * committed to the `opensafely/*` repositories), OpenSAFELY user codelists, HL7's FHIR R4 example
 * ValueSet expansions (package `hl7.fhir.r4.examples`, file Bundle-valueset-expansions.json), the UK
 * Core example resources, and this repository's seed tables. Terms are the UK edition preferred
 * terms where the PCD reference set gave one.
 *
 * Parents are is-a relationships within this fragment, only where the child's term specialises
 * the parent's (e.g. "Diabetes mellitus type 2" is-a "Diabetes mellitus"), following the
 * SNOMED CT hierarchy. SNOMED CT is used under the UK's national licence; this is a curated
 * reference subset, not a SNOMED CT release.
 */
import type { SnomedBlock } from './types';

const PCD = 'NHS England PCD reference set';

export const PROBLEM_BLOCKS: readonly SnomedBlock[] = [
  {
    source: `${PCD} HYP_COD (opensafely/disparities-comparison codelists/nhsd-primary-care-domain-refsets-hyp_cod.csv)`,
    rows: [
      ['38341003', 'Hypertensive disorder, systemic arterial'],
      ['59621000', 'Essential hypertension', ['38341003']],
      ['1201005', 'Benign essential hypertension', ['59621000']],
      ['31992008', 'Secondary hypertension', ['38341003']],
      ['70272006', 'Malignant hypertension', ['38341003']],
      ['56218007', 'Systolic hypertension', ['38341003']],
      ['48146000', 'Diastolic hypertension', ['38341003']],
      ['845891000000103', 'Hypertension resistant to drug therapy', ['38341003']],
      ['843821000000102', 'Stage 1 hypertension (National Institute for Health and Clinical Excellence 2011)'],
      ['846371000000103', 'Stage 2 hypertension (National Institute for Health and Clinical Excellence 2011)'],
      ['843841000000109', 'Severe hypertension (National Institute for Health and Clinical Excellence 2011)'],
      ['706882009', 'Hypertensive crisis'],
    ],
  },
  {
    source: 'HL7 FHIR R4 examples, List-example-double-cousin-relationship.json',
    rows: [['73211009', 'Diabetes mellitus']],
  },
  {
    source: 'HL7 FHIR R4 examples, PlanDefinition-protocol-example.json',
    rows: [['414916001', 'Obesity']],
  },
  {
    source: `${PCD} DMTYPE2_COD (opensafely/zostavax-dementia codelists/nhsd-primary-care-domain-refsets-dmtype2_cod.csv)`,
    rows: [
      ['44054006', 'Diabetes mellitus type 2', ['73211009']],
      ['313436004', 'Type II diabetes mellitus without complication', ['44054006']],
      ['237599002', 'Insulin treated type 2 diabetes mellitus', ['44054006']],
      ['443694000', 'Uncontrolled type 2 diabetes mellitus', ['44054006']],
      ['703138006', 'Type 2 diabetes mellitus in remission'],
      ['1481000119100', 'Diabetes mellitus type 2 without retinopathy', ['44054006']],
    ],
  },
  {
    source: `${PCD} COPD_COD (opensafely/zostavax-dementia codelists/nhsd-primary-care-domain-refsets-copd_cod.csv)`,
    rows: [
      // The international term, as the seed tables record it, kept as a synonym.
      ['13645005', 'Chronic obstructive pulmonary disease', undefined, ['Chronic obstructive lung disease']],
      ['313296004', 'Mild chronic obstructive pulmonary disease', ['13645005']],
      ['313297008', 'Moderate chronic obstructive pulmonary disease', ['13645005']],
      ['313299006', 'Severe chronic obstructive pulmonary disease', ['13645005']],
      ['293991000000106', 'Very severe chronic obstructive pulmonary disease', ['13645005']],
      ['195951007', 'Acute exacerbation of chronic obstructive pulmonary disease', ['13645005']],
      ['87433001', 'Pulmonary emphysema'],
      ['185086009', 'Chronic obstructive bronchitis'],
    ],
  },
  {
    source: `${PCD} AST_COD (opensafely/deaths-at-home-covid19 codelists/nhsd-primary-care-domain-refsets-ast_cod.csv)`,
    rows: [
      ['195967001', 'Asthma'],
      ['233678006', 'Childhood asthma', ['195967001']],
      ['233679003', 'Late onset asthma', ['195967001']],
      ['389145006', 'Allergic asthma', ['195967001']],
      ['266361008', 'Non-allergic asthma', ['195967001']],
      ['31387002', 'Exercise-induced asthma', ['195967001']],
      ['370218001', 'Mild asthma', ['195967001']],
      ['370219009', 'Moderate asthma', ['195967001']],
      ['370221004', 'Severe asthma', ['195967001']],
      ['427603009', 'Intermittent asthma', ['195967001']],
      ['304527002', 'Acute asthma', ['195967001']],
      ['708038006', 'Acute exacerbation of asthma', ['195967001']],
      ['57607007', 'Occupational asthma', ['195967001']],
      ['409663006', 'Cough variant asthma', ['195967001']],
    ],
  },
  {
    source: `${PCD} AFIB_COD (opensafely/zostavax-dementia codelists/nhsd-primary-care-domain-refsets-afib_cod.csv)`,
    rows: [
      ['49436004', 'Atrial fibrillation'],
      ['282825002', 'Paroxysmal atrial fibrillation', ['49436004']],
      ['440059007', 'Persistent atrial fibrillation', ['49436004']],
      ['440028005', 'Permanent atrial fibrillation', ['49436004']],
      ['5370000', 'Atrial flutter'],
      ['195080001', 'Atrial fibrillation and flutter'],
    ],
  },
  {
    source: `${PCD} HF_COD (opensafely/zostavax-dementia codelists/nhsd-primary-care-domain-refsets-hf_cod.csv)`,
    rows: [
      ['84114007', 'Heart failure'],
      ['42343007', 'Congestive heart failure', ['84114007']],
      ['48447003', 'Chronic heart failure', ['84114007']],
      ['85232009', 'Left ventricular failure', ['84114007']],
      ['703272007', 'Heart failure with reduced ejection fraction', ['84114007']],
      ['446221000', 'Heart failure with normal ejection fraction', ['84114007']],
      ['56675007', 'Acute heart failure', ['84114007']],
    ],
  },
  {
    source: `${PCD} CHD_COD (opensafely/zostavax-dementia codelists/nhsd-primary-care-domain-refsets-chd_cod.csv)`,
    rows: [
      ['414545008', 'Ischemic heart disease'],
      ['53741008', 'Coronary arteriosclerosis', ['414545008']],
      ['194828000', 'Angina', ['414545008']],
      ['233819005', 'Stable angina', ['194828000']],
      ['300995000', 'Exercise-induced angina', ['194828000']],
      ['22298006', 'Myocardial infarction', ['414545008']],
      ['57054005', 'Acute myocardial infarction', ['22298006']],
      ['401303003', 'Acute ST segment elevation myocardial infarction', ['57054005']],
      ['401314000', 'Acute non-ST segment elevation myocardial infarction', ['57054005']],
      ['1755008', 'Old myocardial infarction', ['22298006']],
      ['399211009', 'History of myocardial infarction'],
      ['394659003', 'Acute coronary syndrome', ['414545008']],
      ['399261000', 'History of coronary artery bypass grafting'],
    ],
  },
  {
    source: `${PCD} STRK_COD (opensafely/zostavax-dementia codelists/nhsd-primary-care-domain-refsets-strk_cod.csv)`,
    rows: [
      ['230690007', 'Cerebrovascular accident'],
      ['422504002', 'Ischemic stroke', ['230690007']],
      ['1078001000000105', 'Haemorrhagic stroke', ['230690007']],
      ['432504007', 'Cerebral infarction'],
      ['274100004', 'Cerebral hemorrhage'],
      ['230698000', 'Lacunar infarction'],
    ],
  },
  {
    source: `${PCD} TIA_COD (opensafely/zostavax-dementia codelists/nhsd-primary-care-domain-refsets-tia_cod.csv)`,
    rows: [
      ['266257000', 'Transient ischemic attack'],
      ['161511000', 'History of transient ischemic attack'],
    ],
  },
  {
    source: `${PCD} THY_COD (opensafely/zostavax-dementia codelists/nhsd-primary-care-domain-refsets-thy_cod.csv)`,
    rows: [
      ['40930008', 'Hypothyroidism'],
      ['57185003', 'Primary hypothyroidism', ['40930008']],
      ['54823002', 'Subclinical hypothyroidism', ['40930008']],
      ['237519003', 'Autoimmune hypothyroidism', ['40930008']],
      ['27059002', 'Postoperative hypothyroidism', ['40930008']],
      ['3716002', 'Goiter'],
    ],
  },
  {
    source: `${PCD} DEPR_COD (opensafely/deaths-at-home-covid19 codelists/nhsd-primary-care-domain-refsets-depr_cod.csv)`,
    rows: [
      ['35489007', 'Depressive disorder'],
      ['370143000', 'Major depressive disorder', ['35489007']],
      ['310495003', 'Mild depression', ['35489007']],
      ['310496002', 'Moderate depression', ['35489007']],
      ['310497006', 'Severe depression', ['35489007']],
      ['191616006', 'Recurrent depression', ['35489007']],
      ['192080009', 'Chronic depression', ['35489007']],
      ['87414006', 'Reactive depression (situational)', ['35489007']],
      ['78667006', 'Dysthymia', ['35489007']],
      ['231504006', 'Mixed anxiety and depressive disorder'],
      ['247803002', 'Seasonal affective disorder'],
      ['698957003', 'Depressive disorder in remission'],
    ],
  },
  {
    source: `${PCD} EPIL_COD (opensafely/deaths-at-home-covid19 codelists/nhsd-primary-care-domain-refsets-epil_cod.csv)`,
    rows: [
      ['84757009', 'Epilepsy'],
      ['19598007', 'Generalized epilepsy', ['84757009']],
      ['193000002', 'Temporal lobe epilepsy', ['84757009']],
      ['230394006', 'Frontal lobe epilepsy', ['84757009']],
      ['313307000', 'Epileptic seizure'],
    ],
  },
  {
    source: `${PCD} OSTEO_COD (opensafely/deaths-at-home-covid19 codelists/nhsd-primary-care-domain-refsets-osteo_cod.csv)`,
    rows: [
      ['64859006', 'Osteoporosis'],
      ['102447009', 'Postmenopausal osteoporosis', ['64859006']],
      ['18040001', 'Senile osteoporosis', ['64859006']],
      ['390833005', 'Osteoporosis caused by corticosteroid', ['64859006']],
    ],
  },
  {
    source: 'Seed tables (packages/server/src/seed/codes/conditions.ts; SNOMED CT International release ids and preferred terms)',
    rows: [
      ['197480006', 'Anxiety disorder'],
      ['433144002', 'Chronic kidney disease stage 3'],
      ['396275006', 'Osteoarthritis'],
      ['279039007', 'Low back pain'],
    ],
  },
  {
    source: 'UK Core example resources (NHSDigital/FHIR-R4-UKCORE-STAGING-MAIN examples/, as in shared/data/ukcore-examples)',
    rows: [
      ['203082005', 'Fibromyalgia'],
      ['59282003', 'Pulmonary embolism'],
      ['840539006', 'COVID-19'],
      ['400010006', 'Melanocytic naevus of skin'],
    ],
  },
  {
    source: 'OpenSAFELY codelist "Acute respiratory illness - primary care" (opensafely/disparities-comparison codelists/opensafely-acute-respiratory-illness-primary-care.csv)',
    rows: [
      ['54150009', 'Upper respiratory infection'],
      ['54398005', 'Acute upper respiratory infection', ['54150009']],
      ['281794004', 'Viral upper respiratory tract infection', ['54150009']],
      ['82272006', 'Common cold'],
      ['36971009', 'Sinusitis'],
      ['15805002', 'Acute sinusitis', ['36971009']],
      ['444814009', 'Viral sinusitis', ['36971009']],
      ['68272006', 'Acute maxillary sinusitis', ['15805002']],
      ['405737000', 'Pharyngitis'],
      ['363746003', 'Acute pharyngitis', ['405737000']],
      ['195662009', 'Acute viral pharyngitis', ['363746003']],
      ['267102003', 'Sore throat'],
      ['45913009', 'Laryngitis'],
      ['6655004', 'Acute laryngitis', ['45913009']],
      ['32398004', 'Bronchitis'],
      ['10509002', 'Acute bronchitis', ['32398004']],
      ['63480004', 'Chronic bronchitis', ['32398004']],
      ['4120002', 'Bronchiolitis'],
      ['5505005', 'Acute bronchiolitis', ['4120002']],
      ['49727002', 'Cough'],
      ['11833005', 'Dry cough', ['49727002']],
      ['28743005', 'Productive cough', ['49727002']],
      ['70076002', 'Rhinitis'],
      ['51476001', 'Nasopharyngitis'],
    ],
  },
  {
    source: 'OpenSAFELY user codelist "UTI" (opensafely/amr-uom-brit codelists/user-rriefu-uti.csv)',
    rows: [
      ['68566005', 'Urinary tract infectious disease'],
      ['38822007', 'Cystitis', ['68566005']],
      ['68226007', 'Acute cystitis', ['38822007']],
      ['197927001', 'Recurrent urinary tract infection', ['68566005']],
      ['307534009', 'Urinary tract infection in pregnancy', ['68566005']],
      ['236704009', 'Asymptomatic bacteriuria'],
    ],
  },
  {
    source: 'OpenSAFELY user codelist "Otitis media" (opensafely/amr-uom-brit codelists/user-rriefu-otmedia.csv)',
    rows: [
      ['65363002', 'Otitis media'],
      ['42337005', 'Acute suppurative otitis media', ['65363002']],
      ['80327007', 'Serous otitis media', ['65363002']],
      ['194287004', 'Recurrent acute otitis media', ['65363002']],
      ['129127001', 'Infection of ear'],
    ],
  },
];
