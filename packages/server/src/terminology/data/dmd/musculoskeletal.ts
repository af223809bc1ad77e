/**
 * dm+d products of BNF chapter 10: musculoskeletal and joint diseases (oral and topical NSAIDs).
 * Rows cite their source lists (./sources.ts); forms and strengths are as the VMP names state them.
 */
import type { DmdChapter } from '../types';
import { ONE_DAILY, ONE_CAP_DAILY, CAP_TWICE } from './doses';
import { LOOKUP, ANALGESICS } from './sources';

export const MUSCULOSKELETAL: DmdChapter = {
  vmps: [
    // Analgesics (NSAIDs) (rows held before this import; sources as named per row).
    { code: '42104811000001109', display: 'Ibuprofen 200mg tablets', form: 'Tablet', strength: '200mg', vtmName: 'Ibuprofen', dose: 'One or two tablets to be taken three times a day with or after food when required', source: LOOKUP },
    { code: '42104911000001104', display: 'Ibuprofen 400mg tablets', form: 'Tablet', strength: '400mg', vtmName: 'Ibuprofen', dose: 'One tablet to be taken three times a day with or after food', source: LOOKUP },
    { code: '39108111000001104', display: 'Ibuprofen 100mg/5ml oral suspension sugar free', form: 'Oral suspension', strength: '100mg/5ml', vtmName: 'Ibuprofen', dose: '5ml to be taken three times a day when required', source: LOOKUP },
    // Analgesics, NSAIDs and neuropathic pain (ANALGESICS): opensafely/polypharmacy-deprescribing-dementia codelists/user-ZoeMZou-multimorbidity_prescription_analgesics_opiods_not_migraine.csv.
    { code: '42104711000001101', display: 'Ibuprofen 200mg capsules', form: 'Capsule', strength: '200mg', vtmName: 'Ibuprofen', dose: 'One or two capsules to be taken three times a day with or after food when required', source: ANALGESICS },
    { code: '42105311000001101', display: 'Ibuprofen 600mg tablets', form: 'Tablet', strength: '600mg', vtmName: 'Ibuprofen', dose: 'One tablet to be taken three times a day with or after food', source: ANALGESICS },
    { code: '42107511000001103', display: 'Naproxen 250mg tablets', form: 'Tablet', strength: '250mg', vtmName: 'Naproxen', dose: 'One or two tablets to be taken twice a day with or after food', source: ANALGESICS },
    { code: '42107811000001100', display: 'Naproxen 500mg tablets', form: 'Tablet', strength: '500mg', vtmName: 'Naproxen', dose: 'One tablet to be taken twice a day with or after food', source: ANALGESICS },
    { code: '42107611000001104', display: 'Naproxen 500mg gastro-resistant tablets', form: 'Gastro-resistant tablet', strength: '500mg', vtmName: 'Naproxen', dose: 'One tablet to be taken twice a day with or after food', source: ANALGESICS },
    { code: '42101911000001102', display: 'Diclofenac sodium 50mg gastro-resistant tablets', form: 'Gastro-resistant tablet', strength: '50mg', vtmName: 'Diclofenac sodium', dose: 'One tablet to be taken three times a day with or after food', source: ANALGESICS },
    { code: '42106811000001102', display: 'Meloxicam 7.5mg tablets', form: 'Tablet', strength: '7.5mg', vtmName: 'Meloxicam', dose: 'One tablet to be taken once a day with or after food', source: ANALGESICS },
    { code: '42106611000001101', display: 'Meloxicam 15mg tablets', form: 'Tablet', strength: '15mg', vtmName: 'Meloxicam', dose: 'One tablet to be taken once a day with or after food', source: ANALGESICS },
    { code: '42103311000001102', display: 'Etoricoxib 60mg tablets', form: 'Tablet', strength: '60mg', vtmName: 'Etoricoxib', dose: ONE_DAILY, source: ANALGESICS },
    { code: '42103411000001109', display: 'Etoricoxib 90mg tablets', form: 'Tablet', strength: '90mg', vtmName: 'Etoricoxib', dose: ONE_DAILY, source: ANALGESICS },
    { code: '42100411000001101', display: 'Celecoxib 100mg capsules', form: 'Capsule', strength: '100mg', vtmName: 'Celecoxib', dose: CAP_TWICE, source: ANALGESICS },
    { code: '42100511000001102', display: 'Celecoxib 200mg capsules', form: 'Capsule', strength: '200mg', vtmName: 'Celecoxib', dose: ONE_CAP_DAILY, source: ANALGESICS },
    { code: '42106411000001104', display: 'Mefenamic acid 500mg tablets', form: 'Tablet', strength: '500mg', vtmName: 'Mefenamic acid', dose: 'One tablet to be taken three times a day with or after food', source: ANALGESICS },
    { code: '41740811000001103', display: 'Ibuprofen 5% gel', form: 'Gel', strength: '5%', vtmName: 'Ibuprofen', dose: 'Apply to the affected area up to three times a day', source: ANALGESICS },
    { code: '41740611000001102', display: 'Ibuprofen 10% gel', form: 'Gel', strength: '10%', vtmName: 'Ibuprofen', dose: 'Apply to the affected area up to three times a day', source: ANALGESICS },
    { code: '41741511000001108', display: 'Ketoprofen 2.5% gel', form: 'Gel', strength: '2.5%', vtmName: 'Ketoprofen', dose: 'Apply to the affected area two to four times a day', source: ANALGESICS },
  ],
  amps: [

  ],
};
