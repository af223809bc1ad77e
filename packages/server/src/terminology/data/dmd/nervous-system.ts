/**
 * dm+d products of BNF chapter 4: central nervous system (antidepressants, analgesics, neuropathic pain).
 * Rows cite their source lists (./sources.ts); forms and strengths are as the VMP names state them.
 */
import type { DmdChapter } from '../types';
import { ONE_DAILY, ONE_AT_NIGHT, ONE_CAP_DAILY, ONE_MORNING, ONE_TWICE, CAP_TWICE, CAP_THREE_TIMES } from './doses';
import { LOOKUP, SEED, ANTIDEPRESSANTS, ANALGESICS, SSRIS, OPIOIDS } from './sources';

export const NERVOUS_SYSTEM: DmdChapter = {
  vmps: [
    // Analgesics (rows held before this import; sources as named per row).
    { code: '42109611000001109', display: 'Paracetamol 500mg tablets', form: 'Tablet', strength: '500mg', vtm: '777067000', previous: ['322236009'], dose: 'One or two tablets to be taken up to four times a day when required. Maximum 8 tablets in 24 hours', source: `${LOOKUP}; previous id from ${SEED}` },
    { code: '42108911000001106', display: 'Paracetamol 250mg/5ml oral suspension', form: 'Oral suspension', strength: '250mg/5ml', vtm: '777067000', dose: '10ml to be taken up to four times a day when required', source: LOOKUP },
    { code: '42010211000001106', display: 'Co-codamol 8mg/500mg tablets', form: 'Tablet', strength: '8mg/500mg', vtmName: 'Co-codamol', dose: 'One or two tablets to be taken up to four times a day when required. Maximum 8 tablets in 24 hours', source: LOOKUP },
    // Antidepressants (ANTIDEPRESSANTS): opensafely/polypharmacy-deprescribing-dementia codelists/user-ZoeMZou-multimorbidity_prescription_anxiolytics_anti_depressants.csv. Current VMP ids; the older ids of the same VMP names in the SSRI export are kept as previous.
    { code: '42269311000001100', display: 'Citalopram 10mg tablets', form: 'Tablet', strength: '10mg', vtmName: 'Citalopram', previous: ['321989000'], dose: ONE_DAILY, source: `${ANTIDEPRESSANTS}; previous id (same VMP name) from ${SSRIS}` },
    { code: '42269411000001107', display: 'Citalopram 20mg tablets', form: 'Tablet', strength: '20mg', vtmName: 'Citalopram', previous: ['321987003'], dose: ONE_DAILY, source: `${ANTIDEPRESSANTS}; previous id (same VMP name) from ${SSRIS}` },
    { code: '42269511000001106', display: 'Citalopram 40mg tablets', form: 'Tablet', strength: '40mg', vtmName: 'Citalopram', previous: ['321991008'], dose: ONE_DAILY, source: `${ANTIDEPRESSANTS}; previous id (same VMP name) from ${SSRIS}` },
    { code: '42271411000001100', display: 'Escitalopram 5mg tablets', form: 'Tablet', strength: '5mg', vtmName: 'Escitalopram', previous: ['409150001'], dose: ONE_DAILY, source: `${ANTIDEPRESSANTS}; previous id (same VMP name) from ${SSRIS}` },
    { code: '42271211000001104', display: 'Escitalopram 10mg tablets', form: 'Tablet', strength: '10mg', vtmName: 'Escitalopram', previous: ['407915000'], dose: ONE_DAILY, source: `${ANTIDEPRESSANTS}; previous id (same VMP name) from ${SSRIS}` },
    { code: '42271311000001107', display: 'Escitalopram 20mg tablets', form: 'Tablet', strength: '20mg', vtmName: 'Escitalopram', previous: ['408067001'], dose: ONE_DAILY, source: `${ANTIDEPRESSANTS}; previous id (same VMP name) from ${SSRIS}` },
    { code: '42271511000001101', display: 'Fluoxetine 10mg capsules', form: 'Capsule', strength: '10mg', vtmName: 'Fluoxetine', previous: ['373959000'], dose: ONE_CAP_DAILY, source: `${ANTIDEPRESSANTS}; previous id (same VMP name) from ${SSRIS}` },
    { code: '42271711000001106', display: 'Fluoxetine 20mg capsules', form: 'Capsule', strength: '20mg', vtmName: 'Fluoxetine', previous: ['321949006'], dose: 'One capsule to be taken each morning', source: `${ANTIDEPRESSANTS}; previous id (same VMP name) from ${SSRIS}` },
    { code: '42271811000001103', display: 'Fluoxetine 20mg/5ml oral solution', form: 'Oral solution', strength: '20mg/5ml', vtmName: 'Fluoxetine', previous: ['321951005'], dose: '5ml to be taken each morning', source: `${ANTIDEPRESSANTS}; previous id (same VMP name) from ${SSRIS}` },
    { code: '42276511000001105', display: 'Paroxetine 20mg tablets', form: 'Tablet', strength: '20mg', vtmName: 'Paroxetine', previous: ['321964006'], dose: ONE_MORNING, source: `${ANTIDEPRESSANTS}; previous id (same VMP name) from ${SSRIS}` },
    { code: '42276611000001109', display: 'Paroxetine 30mg tablets', form: 'Tablet', strength: '30mg', vtmName: 'Paroxetine', previous: ['321966008'], dose: ONE_MORNING, source: `${ANTIDEPRESSANTS}; previous id (same VMP name) from ${SSRIS}` },
    { code: '39704011000001103', display: 'Sertraline 100mg tablets', form: 'Tablet', strength: '100mg', vtmName: 'Sertraline', previous: ['321960002'], dose: ONE_DAILY, source: `${ANTIDEPRESSANTS}; previous id (same VMP name) from ${SSRIS}` },
    { code: '42274511000001104', display: 'Mirtazapine 15mg tablets', form: 'Tablet', strength: '15mg', vtmName: 'Mirtazapine', dose: ONE_AT_NIGHT, source: ANTIDEPRESSANTS },
    { code: '42274711000001109', display: 'Mirtazapine 30mg tablets', form: 'Tablet', strength: '30mg', vtmName: 'Mirtazapine', dose: ONE_AT_NIGHT, source: ANTIDEPRESSANTS },
    { code: '42274811000001101', display: 'Mirtazapine 45mg tablets', form: 'Tablet', strength: '45mg', vtmName: 'Mirtazapine', dose: ONE_AT_NIGHT, source: ANTIDEPRESSANTS },
    { code: '42274411000001103', display: 'Mirtazapine 15mg orodispersible tablets', form: 'Orodispersible tablet', strength: '15mg', vtmName: 'Mirtazapine', dose: 'One tablet to be dissolved on the tongue at night', source: ANTIDEPRESSANTS },
    { code: '42291111000001104', display: 'Amitriptyline 10mg tablets', form: 'Tablet', strength: '10mg', vtmName: 'Amitriptyline', dose: 'One or two tablets to be taken at night', source: ANTIDEPRESSANTS },
    { code: '42291211000001105', display: 'Amitriptyline 25mg tablets', form: 'Tablet', strength: '25mg', vtmName: 'Amitriptyline', dose: ONE_AT_NIGHT, source: ANTIDEPRESSANTS },
    { code: '42291311000001102', display: 'Amitriptyline 50mg tablets', form: 'Tablet', strength: '50mg', vtmName: 'Amitriptyline', dose: ONE_AT_NIGHT, source: ANTIDEPRESSANTS },
    { code: '39701411000001105', display: 'Nortriptyline 10mg tablets', form: 'Tablet', strength: '10mg', vtmName: 'Nortriptyline', dose: ONE_AT_NIGHT, source: ANTIDEPRESSANTS },
    { code: '39701511000001109', display: 'Nortriptyline 25mg tablets', form: 'Tablet', strength: '25mg', vtmName: 'Nortriptyline', dose: ONE_AT_NIGHT, source: ANTIDEPRESSANTS },
    { code: '42294111000001101', display: 'Duloxetine 30mg gastro-resistant capsules', form: 'Gastro-resistant capsule', strength: '30mg', vtmName: 'Duloxetine', dose: ONE_CAP_DAILY, source: ANTIDEPRESSANTS },
    { code: '42294211000001107', display: 'Duloxetine 60mg gastro-resistant capsules', form: 'Gastro-resistant capsule', strength: '60mg', vtmName: 'Duloxetine', dose: ONE_CAP_DAILY, source: ANTIDEPRESSANTS },
    { code: '38750311000001104', display: 'Venlafaxine 75mg modified-release capsules', form: 'Modified-release capsule', strength: '75mg', vtmName: 'Venlafaxine', dose: 'One capsule to be taken once a day with food', source: ANTIDEPRESSANTS },
    { code: '38750411000001106', display: 'Venlafaxine 150mg modified-release capsules', form: 'Modified-release capsule', strength: '150mg', vtmName: 'Venlafaxine', dose: 'One capsule to be taken once a day with food', source: ANTIDEPRESSANTS },
    { code: '42280711000001105', display: 'Trazodone 50mg capsules', form: 'Capsule', strength: '50mg', vtmName: 'Trazodone', dose: 'One or two capsules to be taken at night', source: ANTIDEPRESSANTS },
    // SSRIs (SSRIS): opensafely/dmd_codelist_investigation codelists/opensafely-selective-serotonin-reuptake-inhibitors-dmd_new.csv.
    { code: '39704111000001102', display: 'Sertraline 50mg tablets', form: 'Tablet', strength: '50mg', vtmName: 'Sertraline', dose: ONE_DAILY, source: `${SSRIS}; ${ANTIDEPRESSANTS}` },
    // Analgesics, NSAIDs and neuropathic pain (ANALGESICS): opensafely/polypharmacy-deprescribing-dementia codelists/user-ZoeMZou-multimorbidity_prescription_analgesics_opiods_not_migraine.csv.
    { code: '42109411000001106', display: 'Paracetamol 500mg capsules', form: 'Capsule', strength: '500mg', vtm: '777067000', dose: 'One or two capsules to be taken up to four times a day when required. Maximum 8 capsules in 24 hours', source: ANALGESICS },
    { code: '42108411000001103', display: 'Paracetamol 120mg/5ml oral suspension paediatric', form: 'Oral suspension', strength: '120mg/5ml', vtm: '777067000', dose: '5ml to be taken up to four times a day when required. Maximum 4 doses in 24 hours', source: ANALGESICS },
    { code: '42010311000001103', display: 'Codeine 15mg tablets', form: 'Tablet', strength: '15mg', vtmName: 'Codeine', dose: 'One or two tablets to be taken up to four times a day when required', source: ANALGESICS },
    { code: '42010411000001105', display: 'Codeine 30mg tablets', form: 'Tablet', strength: '30mg', vtmName: 'Codeine', dose: 'One or two tablets to be taken up to four times a day when required. Maximum 8 tablets in 24 hours', source: ANALGESICS },
    { code: '42010511000001109', display: 'Codeine 60mg tablets', form: 'Tablet', strength: '60mg', vtmName: 'Codeine', dose: 'One tablet to be taken up to four times a day when required', source: ANALGESICS },
    { code: '42010611000001108', display: 'Co-dydramol 10mg/500mg tablets', form: 'Tablet', strength: '10mg/500mg', vtmName: 'Co-dydramol', dose: 'One or two tablets to be taken up to four times a day when required. Maximum 8 tablets in 24 hours', source: ANALGESICS },
    { code: '42129511000001104', display: 'Gabapentin 100mg capsules', form: 'Capsule', strength: '100mg', vtmName: 'Gabapentin', dose: CAP_THREE_TIMES, source: ANALGESICS },
    { code: '42129711000001109', display: 'Gabapentin 300mg capsules', form: 'Capsule', strength: '300mg', vtmName: 'Gabapentin', dose: CAP_THREE_TIMES, source: ANALGESICS },
    { code: '42129811000001101', display: 'Gabapentin 400mg capsules', form: 'Capsule', strength: '400mg', vtmName: 'Gabapentin', dose: CAP_THREE_TIMES, source: ANALGESICS },
    { code: '42129911000001106', display: 'Gabapentin 600mg tablets', form: 'Tablet', strength: '600mg', vtmName: 'Gabapentin', dose: 'One tablet to be taken three times a day', source: ANALGESICS },
    { code: '42135411000001103', display: 'Pregabalin 25mg capsules', form: 'Capsule', strength: '25mg', vtmName: 'Pregabalin', dose: CAP_TWICE, source: ANALGESICS },
    { code: '42135611000001100', display: 'Pregabalin 50mg capsules', form: 'Capsule', strength: '50mg', vtmName: 'Pregabalin', dose: CAP_TWICE, source: ANALGESICS },
    { code: '42135711000001109', display: 'Pregabalin 75mg capsules', form: 'Capsule', strength: '75mg', vtmName: 'Pregabalin', dose: CAP_TWICE, source: ANALGESICS },
    { code: '42135011000001107', display: 'Pregabalin 100mg capsules', form: 'Capsule', strength: '100mg', vtmName: 'Pregabalin', dose: CAP_TWICE, source: ANALGESICS },
    { code: '42135111000001108', display: 'Pregabalin 150mg capsules', form: 'Capsule', strength: '150mg', vtmName: 'Pregabalin', dose: CAP_TWICE, source: ANALGESICS },
    { code: '42135511000001104', display: 'Pregabalin 300mg capsules', form: 'Capsule', strength: '300mg', vtmName: 'Pregabalin', dose: CAP_TWICE, source: ANALGESICS },
    { code: '42296811000001101', display: 'Nefopam 30mg tablets', form: 'Tablet', strength: '30mg', vtmName: 'Nefopam', dose: 'One to three tablets to be taken three times a day', source: ANALGESICS },
    // Opioid analgesics (OPIOIDS): opensafely/opioids-covid-research codelists/opensafely-opioid-containing-medicines-oral-excluding-drugs-for-substance-misuse-dmd.csv.
    { code: '42009811000001101', display: 'Co-codamol 30mg/500mg tablets', form: 'Tablet', strength: '30mg/500mg', vtmName: 'Co-codamol', dose: 'One or two tablets to be taken up to four times a day when required. Maximum 8 tablets in 24 hours', source: OPIOIDS },
    { code: '42009511000001104', display: 'Co-codamol 30mg/500mg capsules', form: 'Capsule', strength: '30mg/500mg', vtmName: 'Co-codamol', dose: 'One or two capsules to be taken up to four times a day when required. Maximum 8 capsules in 24 hours', source: OPIOIDS },
    { code: '42009711000001109', display: 'Co-codamol 30mg/500mg effervescent tablets', form: 'Effervescent tablet', strength: '30mg/500mg', vtmName: 'Co-codamol', dose: 'One or two tablets to be dissolved in water and taken up to four times a day when required. Maximum 8 tablets in 24 hours', source: OPIOIDS },
    { code: '42010011000001101', display: 'Co-codamol 8mg/500mg capsules', form: 'Capsule', strength: '8mg/500mg', vtmName: 'Co-codamol', dose: 'One or two capsules to be taken up to four times a day when required. Maximum 8 capsules in 24 hours', source: OPIOIDS },
    { code: '42017811000001106', display: 'Tramadol 50mg capsules', form: 'Capsule', strength: '50mg', vtmName: 'Tramadol', dose: 'One or two capsules to be taken up to four times a day when required. Maximum 8 capsules in 24 hours', source: OPIOIDS },
    { code: '35920311000001103', display: 'Tramadol 100mg modified-release tablets', form: 'Modified-release tablet', strength: '100mg', vtmName: 'Tramadol', dose: ONE_TWICE, source: OPIOIDS },
    { code: '42016011000001103', display: 'Oxycodone 5mg capsules', form: 'Capsule', strength: '5mg', vtmName: 'Oxycodone', dose: 'One capsule to be taken every four to six hours when required', source: OPIOIDS },
    { code: '36129511000001101', display: 'Oxycodone 10mg modified-release tablets', form: 'Modified-release tablet', strength: '10mg', vtmName: 'Oxycodone', dose: ONE_TWICE, source: OPIOIDS },
    { code: '36131211000001102', display: 'Oxycodone 5mg/5ml oral solution sugar free', form: 'Oral solution', strength: '5mg/5ml', vtmName: 'Oxycodone', dose: '2.5ml to 5ml to be taken every four to six hours when required', source: OPIOIDS },
  ],
  amps: [
    // OPIOIDS: opensafely/opioids-covid-research codelists/opensafely-opioid-containing-medicines-oral-excluding-drugs-for-substance-misuse-dmd.csv (brand BNF codes name the generic VMP).
    ['203811000001106', 'Zydol 50mg capsules', '42017811000001106'],
    ['2895711000001105', 'OxyNorm 5mg capsules', '42016011000001103'],
    ['2891711000001108', 'OxyContin 10mg modified-release tablets', '36129511000001101'],
    // SSRIS: opensafely/dmd_codelist_investigation codelists/opensafely-selective-serotonin-reuptake-inhibitors-dmd_new.csv (brand BNF codes name the generic VMP).
    ['847211000001102', 'Cipramil 20mg tablets', '42269411000001107'],
    ['573011000001101', 'Prozac 20mg capsules', '42271711000001106'],
    ['477511000001109', 'Seroxat 20mg tablets', '42276511000001105'],
    ['936411000001108', 'Lustral 50mg tablets', '39704111000001102'],
    ['687611000001102', 'Lustral 100mg tablets', '39704011000001103'],
    ['3388511000001100', 'Cipralex 10mg tablets', '42271211000001104'],
  ],
};
