/**
 * dm+d (NHS Dictionary of Medicines and Devices) products prescribed in English general practice:
 * VTMs, VMPs and AMPs. dm+d ids are SNOMED CT UK Drug Extension concept ids.
 *
 * Every id and name was read from a published list, named per row or block:
 * - OpenSAFELY dm+d codelists (opencodelists.org exports, each row carrying dm+d id, name, type and
 *   BNF presentation code): opensafely/ckd-deprescribing `bristol-statins-dmd.csv` and
 *   `bristol-proton-pump-inhibitors-dmd.csv`; opensafely/disparities-comparison
 *   `opensafely-copd-medications-new-dmd.csv`; opensafely/pharmacy-first
 *   `opensafely-pharmacy-first-urinary-tract-infection-treatment-full-dmd-codelist.csv` and
 *   `lib/reference/vmp_vtm_lookup.csv` (VMP, VTM and AMP names).
 * - UK Core example resources (NHSDigital/FHIR-R4-UKCORE-STAGING-MAIN, shared/data/ukcore-examples).
 * - bennettoxford/openprescribing-hospitals `viewer/measures/doacs.sql` (DOAC VTM ids).
 * - This repository's seed tables (packages/server/src/seed/codes/medications.ts).
 *
 * An AMP's VMP is the one whose BNF presentation code its own ends in (the last two characters of a
 * branded BNF code name the generic equivalent), as listed in the same codelist. `previous` ids are
 * the codelists' "VMP previous to …" rows (dm+d VPIDPREV).
 *
 * Forms and strengths are as the VMP name states them. Doses are the usual adult doses written the
 * way English prescriptions are, to seed a prescribing picker; they are defaults to edit, not advice.
 * Left out for now (no verified id at hand): most antihypertensives, antidepressants, antidiabetics
 * other than metformin 500mg, levothyroxine, anticoagulant VMPs, vitamin D, insulins.
 */
import type { AmpRow, VmpRow, VtmRow } from './types';

const LOOKUP = 'opensafely/pharmacy-first lib/reference/vmp_vtm_lookup.csv';
const STATINS = 'opensafely/ckd-deprescribing codelists/bristol-statins-dmd.csv';
const PPIS = 'opensafely/ckd-deprescribing codelists/bristol-proton-pump-inhibitors-dmd.csv';
const RESPIRATORY = 'opensafely/disparities-comparison codelists/opensafely-copd-medications-new-dmd.csv';
const UTI = 'opensafely/pharmacy-first codelists/opensafely-pharmacy-first-urinary-tract-infection-treatment-full-dmd-codelist.csv';
const UK_CORE = 'UK Core example resources';
const SEED = 'seed tables (dm+d extracts and NHS England EPS/GP Connect examples)';

export const VTMS: readonly VtmRow[] = [
  // UK Core example resources (Medication.code / ingredient codings in the dm+d system).
  ['777067000', 'Paracetamol'],
  ['777773007', 'Timolol'],
  // bennettoxford/openprescribing-hospitals viewer/measures/doacs.sql.
  ['774624002', 'Apixaban'],
  ['777455008', 'Rivaroxaban'],
  ['775732007', 'Edoxaban'],
  ['13568411000001103', 'Dabigatran'],
];

const ONE_DAILY = 'One tablet to be taken once a day';
const ONE_AT_NIGHT = 'One tablet to be taken at night';
const ONE_CAP_DAILY = 'One capsule to be taken once a day';

export const VMPS: readonly VmpRow[] = [
  // Analgesics and antipyretics.
  { code: '42109611000001109', display: 'Paracetamol 500mg tablets', form: 'Tablet', strength: '500mg', vtm: '777067000', previous: ['322236009'], dose: 'One or two tablets to be taken up to four times a day when required. Maximum 8 tablets in 24 hours', source: `${LOOKUP}; previous id from ${SEED}` },
  { code: '42108911000001106', display: 'Paracetamol 250mg/5ml oral suspension', form: 'Oral suspension', strength: '250mg/5ml', vtm: '777067000', dose: '10ml to be taken up to four times a day when required', source: LOOKUP },
  { code: '42010211000001106', display: 'Co-codamol 8mg/500mg tablets', form: 'Tablet', strength: '8mg/500mg', vtmName: 'Co-codamol', dose: 'One or two tablets to be taken up to four times a day when required. Maximum 8 tablets in 24 hours', source: LOOKUP },
  { code: '42104811000001109', display: 'Ibuprofen 200mg tablets', form: 'Tablet', strength: '200mg', vtmName: 'Ibuprofen', dose: 'One or two tablets to be taken three times a day with or after food when required', source: LOOKUP },
  { code: '42104911000001104', display: 'Ibuprofen 400mg tablets', form: 'Tablet', strength: '400mg', vtmName: 'Ibuprofen', dose: 'One tablet to be taken three times a day with or after food', source: LOOKUP },
  { code: '39108111000001104', display: 'Ibuprofen 100mg/5ml oral suspension sugar free', form: 'Oral suspension', strength: '100mg/5ml', vtmName: 'Ibuprofen', dose: '5ml to be taken three times a day when required', source: LOOKUP },
  { code: '42100111000001106', display: 'Benzydamine 0.15% oromucosal spray sugar free', form: 'Oromucosal spray', strength: '0.15%', vtmName: 'Benzydamine', dose: 'Four to eight sprays onto the affected area every 1.5 to 3 hours', source: LOOKUP },

  // Cardiovascular.
  { code: '319283006', display: 'Amlodipine 5mg tablets', form: 'Tablet', strength: '5mg', vtmName: 'Amlodipine', dose: ONE_DAILY, source: SEED },
  { code: '319773006', display: 'Aspirin 75mg dispersible tablets', form: 'Dispersible tablet', strength: '75mg', vtmName: 'Aspirin', dose: 'One tablet to be taken once a day', source: SEED },
  { code: '39695411000001103', display: 'Atorvastatin 10mg tablets', form: 'Tablet', strength: '10mg', vtmName: 'Atorvastatin', dose: ONE_DAILY, source: STATINS },
  { code: '39733011000001106', display: 'Atorvastatin 20mg tablets', form: 'Tablet', strength: '20mg', vtmName: 'Atorvastatin', dose: ONE_DAILY, source: STATINS },
  { code: '39733111000001107', display: 'Atorvastatin 40mg tablets', form: 'Tablet', strength: '40mg', vtmName: 'Atorvastatin', dose: ONE_DAILY, source: STATINS },
  { code: '39733211000001101', display: 'Atorvastatin 80mg tablets', form: 'Tablet', strength: '80mg', vtmName: 'Atorvastatin', dose: ONE_DAILY, source: STATINS },
  { code: '42381911000001105', display: 'Simvastatin 10mg tablets', form: 'Tablet', strength: '10mg', vtmName: 'Simvastatin', dose: ONE_AT_NIGHT, source: STATINS },
  { code: '42382111000001102', display: 'Simvastatin 20mg tablets', form: 'Tablet', strength: '20mg', vtmName: 'Simvastatin', dose: ONE_AT_NIGHT, source: STATINS },
  { code: '42382311000001100', display: 'Simvastatin 40mg tablets', form: 'Tablet', strength: '40mg', vtmName: 'Simvastatin', dose: ONE_AT_NIGHT, source: STATINS },
  { code: '42379811000001108', display: 'Pravastatin 10mg tablets', form: 'Tablet', strength: '10mg', vtmName: 'Pravastatin', dose: ONE_AT_NIGHT, source: STATINS },
  { code: '42379911000001103', display: 'Pravastatin 20mg tablets', form: 'Tablet', strength: '20mg', vtmName: 'Pravastatin', dose: ONE_AT_NIGHT, source: STATINS },
  { code: '42380011000001102', display: 'Pravastatin 40mg tablets', form: 'Tablet', strength: '40mg', vtmName: 'Pravastatin', dose: ONE_AT_NIGHT, source: STATINS },
  { code: '42381811000001100', display: 'Rosuvastatin 5mg tablets', form: 'Tablet', strength: '5mg', vtmName: 'Rosuvastatin', dose: ONE_DAILY, source: STATINS },
  { code: '42297211000001100', display: 'Rosuvastatin 10mg tablets', form: 'Tablet', strength: '10mg', vtmName: 'Rosuvastatin', dose: ONE_DAILY, source: STATINS },
  { code: '42297311000001108', display: 'Rosuvastatin 20mg tablets', form: 'Tablet', strength: '20mg', vtmName: 'Rosuvastatin', dose: ONE_DAILY, source: STATINS },
  { code: '42297411000001101', display: 'Rosuvastatin 40mg tablets', form: 'Tablet', strength: '40mg', vtmName: 'Rosuvastatin', dose: ONE_DAILY, source: STATINS },

  // Gastro-intestinal.
  { code: '42356211000001101', display: 'Omeprazole 10mg gastro-resistant capsules', form: 'Gastro-resistant capsule', strength: '10mg', vtmName: 'Omeprazole', dose: ONE_CAP_DAILY, source: PPIS },
  { code: '42356411000001102', display: 'Omeprazole 20mg gastro-resistant capsules', form: 'Gastro-resistant capsule', strength: '20mg', vtmName: 'Omeprazole', dose: 'One capsule to be taken once a day before breakfast', source: PPIS },
  { code: '42356611000001104', display: 'Omeprazole 40mg gastro-resistant capsules', form: 'Gastro-resistant capsule', strength: '40mg', vtmName: 'Omeprazole', dose: ONE_CAP_DAILY, source: PPIS },
  { code: '42356311000001109', display: 'Omeprazole 10mg gastro-resistant tablets', form: 'Gastro-resistant tablet', strength: '10mg', vtmName: 'Omeprazole', dose: ONE_DAILY, source: PPIS },
  { code: '42356511000001103', display: 'Omeprazole 20mg gastro-resistant tablets', form: 'Gastro-resistant tablet', strength: '20mg', vtmName: 'Omeprazole', dose: ONE_DAILY, source: PPIS },
  { code: '42356711000001108', display: 'Omeprazole 40mg gastro-resistant tablets', form: 'Gastro-resistant tablet', strength: '40mg', vtmName: 'Omeprazole', dose: ONE_DAILY, source: PPIS },
  { code: '42354511000001109', display: 'Lansoprazole 15mg gastro-resistant capsules', form: 'Gastro-resistant capsule', strength: '15mg', vtmName: 'Lansoprazole', dose: 'One capsule to be taken once a day in the morning', source: PPIS },
  { code: '42354611000001108', display: 'Lansoprazole 30mg gastro-resistant capsules', form: 'Gastro-resistant capsule', strength: '30mg', vtmName: 'Lansoprazole', dose: 'One capsule to be taken once a day in the morning', source: PPIS },
  { code: '4053411000001103', display: 'Lansoprazole 15mg orodispersible tablets', form: 'Orodispersible tablet', strength: '15mg', vtmName: 'Lansoprazole', dose: 'One tablet to be dissolved on the tongue once a day in the morning', source: PPIS },
  { code: '4053511000001104', display: 'Lansoprazole 30mg orodispersible tablets', form: 'Orodispersible tablet', strength: '30mg', vtmName: 'Lansoprazole', dose: 'One tablet to be dissolved on the tongue once a day in the morning', source: PPIS },
  { code: '42353711000001101', display: 'Esomeprazole 20mg gastro-resistant tablets', form: 'Gastro-resistant tablet', strength: '20mg', vtmName: 'Esomeprazole', dose: ONE_DAILY, source: PPIS },
  { code: '42353811000001109', display: 'Esomeprazole 40mg gastro-resistant tablets', form: 'Gastro-resistant tablet', strength: '40mg', vtmName: 'Esomeprazole', dose: ONE_DAILY, source: PPIS },
  { code: '17631311000001107', display: 'Esomeprazole 20mg gastro-resistant capsules', form: 'Gastro-resistant capsule', strength: '20mg', vtmName: 'Esomeprazole', dose: ONE_CAP_DAILY, source: PPIS },
  { code: '17631411000001100', display: 'Esomeprazole 40mg gastro-resistant capsules', form: 'Gastro-resistant capsule', strength: '40mg', vtmName: 'Esomeprazole', dose: ONE_CAP_DAILY, source: PPIS },
  { code: '42354411000001105', display: 'Lactulose 3.1-3.7g/5ml oral solution', form: 'Oral solution', strength: '3.1-3.7g/5ml', vtmName: 'Lactulose', dose: '15ml to be taken twice a day', source: LOOKUP },
  { code: '42354711000001104', display: 'Loperamide 2mg capsules', form: 'Capsule', strength: '2mg', vtmName: 'Loperamide', dose: 'Two capsules to be taken at once, then one after each loose stool. Maximum 8 capsules in 24 hours', source: LOOKUP },

  // Respiratory.
  { code: '39113611000001102', display: 'Salbutamol 100micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '100micrograms/dose', vtmName: 'Salbutamol', previous: ['320139002'], dose: 'Two puffs to be inhaled up to four times a day when required', source: `${SEED}; previous id from ${RESPIRATORY}` },
  { code: '39110911000001100', display: 'Fluticasone 50micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '50micrograms/dose', vtmName: 'Fluticasone', previous: ['320618008'], dose: 'Two puffs to be inhaled twice a day', source: RESPIRATORY },
  { code: '39111211000001103', display: 'Fluticasone 125micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '125micrograms/dose', vtmName: 'Fluticasone', previous: ['320614005'], dose: 'Two puffs to be inhaled twice a day', source: RESPIRATORY },
  { code: '39111411000001104', display: 'Fluticasone 250micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '250micrograms/dose', vtmName: 'Fluticasone', previous: ['320615006'], dose: 'Two puffs to be inhaled twice a day', source: RESPIRATORY },
  { code: '39111011000001108', display: 'Fluticasone 50micrograms/dose / Salmeterol 25micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '50micrograms/dose / 25micrograms/dose', vtmName: 'Fluticasone + Salmeterol', previous: ['320274007'], dose: 'Two puffs to be inhaled twice a day', source: RESPIRATORY },
  { code: '39111111000001109', display: 'Fluticasone 125micrograms/dose / Salmeterol 25micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '125micrograms/dose / 25micrograms/dose', vtmName: 'Fluticasone + Salmeterol', previous: ['320275008'], dose: 'Two puffs to be inhaled twice a day', source: RESPIRATORY },
  { code: '39111311000001106', display: 'Fluticasone 250micrograms/dose / Salmeterol 25micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '250micrograms/dose / 25micrograms/dose', vtmName: 'Fluticasone + Salmeterol', previous: ['320276009'], dose: 'Two puffs to be inhaled twice a day', source: RESPIRATORY },
  { code: '38897611000001100', display: 'Fluticasone propionate 100micrograms/dose / Salmeterol 50micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '100micrograms/dose / 50micrograms/dose', vtmName: 'Fluticasone + Salmeterol', previous: ['320277000'], dose: 'One puff to be inhaled twice a day', source: RESPIRATORY },
  { code: '38897511000001104', display: 'Fluticasone propionate 250micrograms/dose / Salmeterol 50micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '250micrograms/dose / 50micrograms/dose', vtmName: 'Fluticasone + Salmeterol', previous: ['320279002'], dose: 'One puff to be inhaled twice a day', source: RESPIRATORY },
  { code: '38897411000001103', display: 'Fluticasone propionate 500micrograms/dose / Salmeterol 50micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '500micrograms/dose / 50micrograms/dose', vtmName: 'Fluticasone + Salmeterol', previous: ['320280004'], dose: 'One puff to be inhaled twice a day', source: RESPIRATORY },
  { code: '21113911000001100', display: 'Fluticasone 50micrograms/dose / Formoterol 5micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '50micrograms/dose / 5micrograms/dose', vtmName: 'Fluticasone + Formoterol', dose: 'Two puffs to be inhaled twice a day', source: RESPIRATORY },
  { code: '21113711000001102', display: 'Fluticasone 125micrograms/dose / Formoterol 5micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '125micrograms/dose / 5micrograms/dose', vtmName: 'Fluticasone + Formoterol', dose: 'Two puffs to be inhaled twice a day', source: RESPIRATORY },
  { code: '21113811000001105', display: 'Fluticasone 250micrograms/dose / Formoterol 10micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '250micrograms/dose / 10micrograms/dose', vtmName: 'Fluticasone + Formoterol', dose: 'Two puffs to be inhaled twice a day', source: RESPIRATORY },
  { code: '23661411000001103', display: 'Fluticasone furoate 92micrograms/dose / Vilanterol 22micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '92micrograms/dose / 22micrograms/dose', vtmName: 'Fluticasone + Vilanterol', dose: 'One puff to be inhaled once a day', source: RESPIRATORY },
  { code: '23661311000001105', display: 'Fluticasone furoate 184micrograms/dose / Vilanterol 22micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '184micrograms/dose / 22micrograms/dose', vtmName: 'Fluticasone + Vilanterol', dose: 'One puff to be inhaled once a day', source: RESPIRATORY },
  { code: '38895411000001109', display: 'Mometasone 200micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '200micrograms/dose', vtmName: 'Mometasone', previous: ['408026006', '4053811000001101'], dose: 'One puff to be inhaled once a day in the evening', source: RESPIRATORY },
  { code: '9004511000001107', display: 'Ciclesonide 80micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '80micrograms/dose', vtmName: 'Ciclesonide', dose: 'Two puffs to be inhaled once a day', source: RESPIRATORY },
  { code: '9004411000001108', display: 'Ciclesonide 160micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '160micrograms/dose', vtmName: 'Ciclesonide', dose: 'One puff to be inhaled once a day', source: RESPIRATORY },
  { code: '39109911000001109', display: 'Mometasone 50micrograms/dose nasal spray', form: 'Nasal spray', strength: '50micrograms/dose', vtmName: 'Mometasone', dose: 'Two sprays into each nostril once a day', source: LOOKUP },
  { code: '35923911000001105', display: 'Simple linctus', form: 'Oral solution', vtmName: 'Citric acid', dose: '5ml to be taken three to four times a day', source: LOOKUP },
  { code: '35924211000001103', display: 'Simple linctus sugar free', form: 'Oral solution', vtmName: 'Citric acid', dose: '5ml to be taken three to four times a day', source: LOOKUP },
  { code: '35924011000001108', display: 'Simple linctus paediatric', form: 'Oral solution', vtmName: 'Citric acid', dose: '5ml to be taken three to four times a day', source: LOOKUP },

  // Allergy.
  { code: '42186511000001101', display: 'Cetirizine 10mg tablets', form: 'Tablet', strength: '10mg', vtmName: 'Cetirizine', dose: ONE_DAILY, source: LOOKUP },
  { code: '42192711000001108', display: 'Loratadine 10mg tablets', form: 'Tablet', strength: '10mg', vtmName: 'Loratadine', dose: ONE_DAILY, source: LOOKUP },
  { code: '39708211000001102', display: 'Chlorphenamine 4mg tablets', form: 'Tablet', strength: '4mg', vtmName: 'Chlorphenamine', dose: 'One tablet to be taken every four to six hours when required. Maximum 6 tablets in 24 hours', source: LOOKUP },
  { code: '37083111000001107', display: 'Chlorphenamine 2mg/5ml oral solution sugar free', form: 'Oral solution', strength: '2mg/5ml', vtmName: 'Chlorphenamine', dose: '10ml to be taken every four to six hours when required', source: LOOKUP },

  // Infections.
  { code: '39732411000001106', display: 'Amoxicillin 500mg capsules', form: 'Capsule', strength: '500mg', vtmName: 'Amoxicillin', dose: 'One capsule to be taken three times a day for 5 days', source: `${LOOKUP}; ${UK_CORE}` },
  { code: '39732311000001104', display: 'Amoxicillin 250mg capsules', form: 'Capsule', strength: '250mg', vtmName: 'Amoxicillin', dose: 'One capsule to be taken three times a day', source: UK_CORE },
  { code: '41941111000001109', display: 'Amoxicillin 250mg/5ml oral suspension', form: 'Oral suspension', strength: '250mg/5ml', vtmName: 'Amoxicillin', dose: '5ml to be taken three times a day', source: LOOKUP },
  { code: '39021911000001105', display: 'Amoxicillin 250mg/5ml oral suspension sugar free', form: 'Oral suspension', strength: '250mg/5ml', vtmName: 'Amoxicillin', dose: '5ml to be taken three times a day', source: LOOKUP },
  { code: '41953811000001101', display: 'Phenoxymethylpenicillin 250mg tablets', form: 'Tablet', strength: '250mg', vtmName: 'Phenoxymethylpenicillin', dose: 'Two tablets to be taken four times a day for 5 to 10 days', source: LOOKUP },
  { code: '41953911000001106', display: 'Phenoxymethylpenicillin 250mg/5ml oral solution', form: 'Oral solution', strength: '250mg/5ml', vtmName: 'Phenoxymethylpenicillin', dose: '10ml to be taken four times a day', source: LOOKUP },
  { code: '9215211000001101', display: 'Phenoxymethylpenicillin 250mg/5ml oral solution sugar free', form: 'Oral solution', strength: '250mg/5ml', vtmName: 'Phenoxymethylpenicillin', dose: '10ml to be taken four times a day', source: LOOKUP },
  { code: '39692211000001107', display: 'Flucloxacillin 500mg capsules', form: 'Capsule', strength: '500mg', vtmName: 'Flucloxacillin', dose: 'One capsule to be taken four times a day on an empty stomach for 7 days', source: LOOKUP },
  { code: '41946511000001109', display: 'Clarithromycin 500mg tablets', form: 'Tablet', strength: '500mg', vtmName: 'Clarithromycin', dose: 'One tablet to be taken twice a day for 5 days', source: `${LOOKUP}; ${UK_CORE}` },
  { code: '41948311000001104', display: 'Doxycycline 100mg capsules', form: 'Capsule', strength: '100mg', vtmName: 'Doxycycline', dose: 'Two capsules to be taken on the first day, then one capsule once a day', source: UK_CORE },
  { code: '39687811000001107', display: 'Ciprofloxacin 500mg tablets', form: 'Tablet', strength: '500mg', vtmName: 'Ciprofloxacin', dose: 'One tablet to be taken twice a day', source: UK_CORE },
  { code: '41953111000001108', display: 'Nitrofurantoin 50mg capsules', form: 'Capsule', strength: '50mg', vtmName: 'Nitrofurantoin', previous: ['324570005'], dose: 'One capsule to be taken four times a day for 3 days', source: UTI },
  { code: '41953211000001102', display: 'Nitrofurantoin 50mg tablets', form: 'Tablet', strength: '50mg', vtmName: 'Nitrofurantoin', previous: ['324558006'], dose: 'One tablet to be taken four times a day for 3 days', source: UTI },
  { code: '39108511000001108', display: 'Nitrofurantoin 100mg modified-release capsules', form: 'Modified-release capsule', strength: '100mg', vtmName: 'Nitrofurantoin', previous: ['324568001'], dose: 'One capsule to be taken twice a day for 3 days', source: `${LOOKUP}; ${UTI}` },
  { code: '41787011000001104', display: 'Fluconazole 150mg capsules', form: 'Capsule', strength: '150mg', vtmName: 'Fluconazole', dose: 'One capsule to be taken as a single dose', source: LOOKUP },
  { code: '41485911000001101', display: 'Aciclovir 800mg tablets', form: 'Tablet', strength: '800mg', vtmName: 'Aciclovir', dose: 'One tablet to be taken five times a day for 7 days', source: LOOKUP },

  // Skin, eye and ear.
  { code: '41900511000001104', display: 'Hydrocortisone 1% cream', form: 'Cream', strength: '1%', vtmName: 'Hydrocortisone', dose: 'Apply thinly to the affected area once or twice a day', source: LOOKUP },
  { code: '41894811000001103', display: 'Clotrimazole 1% cream', form: 'Cream', strength: '1%', vtmName: 'Clotrimazole', dose: 'Apply to the affected area two to three times a day', source: LOOKUP },
  { code: '38083011000001101', display: 'Permethrin 5% cream', form: 'Cream', strength: '5%', vtmName: 'Permethrin', dose: 'Apply over the whole body, wash off after 8 to 12 hours, repeat after 7 days', source: LOOKUP },
  { code: '42186611000001102', display: 'Chloramphenicol 0.5% eye drops', form: 'Eye drops', strength: '0.5%', vtmName: 'Chloramphenicol', dose: 'One drop to be put into the affected eye every two hours for 2 days, then four times a day', source: LOOKUP },
  { code: '42186711000001106', display: 'Chloramphenicol 1% eye ointment', form: 'Eye ointment', strength: '1%', vtmName: 'Chloramphenicol', dose: 'Apply to the affected eye three to four times a day', source: LOOKUP },
  { code: '16132411000001105', display: 'Olive oil ear drops', form: 'Ear drops', vtmName: 'Olive oil', dose: 'Two to three drops to be put into the affected ear twice a day', source: LOOKUP },

  // Endocrine.
  { code: '325278007', display: 'Metformin 500mg tablets', form: 'Tablet', strength: '500mg', vtmName: 'Metformin', dose: 'One tablet to be taken twice a day with meals', source: SEED },
];

export const AMPS: readonly AmpRow[] = [
  // opensafely/ckd-deprescribing bristol-statins-dmd.csv (brand BNF codes map to the generic VMP).
  ['643911000001108', 'Lipitor 10mg tablets', '39695411000001103'],
  ['232011000001102', 'Lipitor 20mg tablets', '39733011000001106'],
  ['484211000001108', 'Lipitor 40mg tablets', '39733111000001107'],
  ['756111000001109', 'Lipitor 80mg tablets', '39733211000001101'],
  ['9747511000001107', 'Crestor 5mg tablets', '42381811000001100'],
  ['4171011000001104', 'Crestor 10mg tablets', '42297211000001100'],
  ['4171311000001101', 'Crestor 20mg tablets', '42297311000001108'],
  ['4172111000001108', 'Crestor 40mg tablets', '42297411000001101'],
  ['802411000001108', 'Lipostat 10mg tablets', '42379811000001108'],
  ['454111000001107', 'Lipostat 20mg tablets', '42379911000001103'],
  ['535011000001102', 'Lipostat 40mg tablets', '42380011000001102'],
  // opensafely/ckd-deprescribing bristol-proton-pump-inhibitors-dmd.csv.
  ['29411000001106', 'Zoton 15mg gastro-resistant capsules', '42354511000001109'],
  ['217611000001102', 'Zoton 30mg gastro-resistant capsules', '42354611000001108'],
  ['4040911000001100', 'Zoton FasTab 15mg', '4053411000001103'],
  ['4041711000001105', 'Zoton FasTab 30mg', '4053511000001104'],
  ['154111000001106', 'Nexium 20mg gastro-resistant tablets', '42353711000001101'],
  ['240211000001107', 'Nexium 40mg gastro-resistant tablets', '42353811000001109'],
  // opensafely/disparities-comparison opensafely-copd-medications-new-dmd.csv.
  ['3186911000001100', 'Seretide 100 Accuhaler', '38897611000001100'],
  ['3187211000001106', 'Seretide 250 Accuhaler', '38897511000001104'],
  ['3188311000001102', 'Seretide 500 Accuhaler', '38897411000001103'],
  ['453611000001102', 'Seretide 50 Evohaler', '39111011000001108'],
  ['810211000001105', 'Seretide 125 Evohaler', '39111111000001109'],
  ['539811000001106', 'Seretide 250 Evohaler', '39111311000001106'],
  ['726611000001102', 'Flixotide 50micrograms/dose Evohaler', '39110911000001100'],
  ['398511000001105', 'Flixotide 125micrograms/dose Evohaler', '39111211000001103'],
  ['2831211000001109', 'Flixotide 250micrograms/dose Evohaler', '39111411000001104'],
  ['21020611000001104', 'Flutiform 50micrograms/dose / 5micrograms/dose inhaler', '21113911000001100'],
  ['21019411000001101', 'Flutiform 125micrograms/dose / 5micrograms/dose inhaler', '21113711000001102'],
  ['21019711000001107', 'Flutiform 250micrograms/dose / 10micrograms/dose inhaler', '21113811000001105'],
  ['23622011000001107', 'Relvar Ellipta 92micrograms/dose / 22micrograms/dose dry powder inhaler', '23661411000001103'],
  ['23621711000001102', 'Relvar Ellipta 184micrograms/dose / 22micrograms/dose dry powder inhaler', '23661311000001105'],
  ['4045711000001107', 'Asmanex 200micrograms/dose Twisthaler', '38895411000001109'],
  ['9003911000001102', 'Alvesco 80 inhaler', '9004511000001107'],
  ['9004211000001109', 'Alvesco 160 inhaler', '9004411000001108'],
  // opensafely/pharmacy-first vmp_vtm_lookup.csv and the UTI treatment codelist.
  ['517311000001102', 'Macrobid 100mg modified-release capsules (Advanz Pharma)', '39108511000001108'],
  ['746811000001100', 'Piriton Allergy 4mg tablets', '39708211000001102'],
  ['123711000001109', 'Nasonex 50micrograms/dose nasal spray', '39109911000001109'],
  ['9361811000001108', 'Optrex Infected Eyes 0.5% eye drops', '42186611000001102'],
  ['531611000001106', 'Difflam 0.15% spray', '42100111000001106'],
  ['3387811000001101', 'Lyclear 5% dermal cream', '38083011000001101'],
  // UK Core example resources.
  ['18460411000001105', 'Ciprofloxacin 500mg tablets (Accord-UK Ltd)', '39687811000001107'],
  ['22608811000001102', 'Amoxicillin 500mg capsules (DE Pharmaceuticals)', '39732411000001106'],
];
