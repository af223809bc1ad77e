/**
 * dm+d products of BNF chapter 1: gastro-intestinal system (antisecretory drugs, laxatives, antidiarrhoeals).
 * Rows cite their source lists (./sources.ts); forms and strengths are as the VMP names state them.
 */
import type { DmdChapter } from '../types';
import { ONE_DAILY, ONE_CAP_DAILY } from './doses';
import { LOOKUP, PPIS, LAXATIVES } from './sources';

export const GASTRO_INTESTINAL: DmdChapter = {
  vmps: [
    // Gastro-intestinal (rows held before this import; sources as named per row).
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
    // Laxatives (LAXATIVES): opensafely/polypharmacy-deprescribing-dementia codelists/user-ZoeMZou-multimorbidity_prescription_chronic_constipation.csv.
    { code: '42358311000001108', display: 'Senna 7.5mg tablets', form: 'Tablet', strength: '7.5mg', vtm: '777515009', dose: 'One or two tablets to be taken at night', source: LAXATIVES },
    { code: '42351711000001102', display: 'Bisacodyl 5mg gastro-resistant tablets', form: 'Gastro-resistant tablet', strength: '5mg', vtmName: 'Bisacodyl', dose: 'One or two tablets to be taken at night', source: LAXATIVES },
    { code: '38897111000001108', display: 'Ispaghula husk 3.5g effervescent granules sachets gluten free sugar free', form: 'Effervescent granules', strength: '3.5g', vtm: '776429004', dose: 'One sachet in water to be taken twice a day', source: LAXATIVES },
  ],
  amps: [
    // opensafely/ckd-deprescribing bristol-proton-pump-inhibitors-dmd.csv.
    ['29411000001106', 'Zoton 15mg gastro-resistant capsules', '42354511000001109'],
    ['217611000001102', 'Zoton 30mg gastro-resistant capsules', '42354611000001108'],
    ['4040911000001100', 'Zoton FasTab 15mg', '4053411000001103'],
    ['4041711000001105', 'Zoton FasTab 30mg', '4053511000001104'],
    ['154111000001106', 'Nexium 20mg gastro-resistant tablets', '42353711000001101'],
    ['240211000001107', 'Nexium 40mg gastro-resistant tablets', '42353811000001109'],
  ],
};
