/**
 * dm+d products of BNF chapter 5: infections (antibacterials, antifungals, antivirals).
 * Rows cite their source lists (./sources.ts); forms and strengths are as the VMP names state them.
 */
import type { DmdChapter } from '../types';
import { ONE_AT_NIGHT } from './doses';
import { LOOKUP, UTI, UK_CORE, AZITHROMYCIN, TRIMETHOPRIM, CO_AMOXICLAV } from './sources';

export const INFECTIONS: DmdChapter = {
  vmps: [
    // Infections (rows held before this import; sources as named per row).
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
    // Trimethoprim (TRIMETHOPRIM): opensafely/amr-uom-brit codelists/opensafely-trimethoprim.csv.
    { code: '324430000', display: 'Trimethoprim 100mg tablets', form: 'Tablet', strength: '100mg', vtmName: 'Trimethoprim', dose: ONE_AT_NIGHT, source: TRIMETHOPRIM },
    { code: '324431001', display: 'Trimethoprim 200mg tablets', form: 'Tablet', strength: '200mg', vtmName: 'Trimethoprim', dose: 'One tablet to be taken twice a day for 3 days', source: TRIMETHOPRIM },
    // Co-amoxiclav (CO_AMOXICLAV): opensafely/amr-uom-brit codelists/opensafely-co-amoxiclav-cephalosporins-and-quinolones.csv.
    { code: '39732111000001101', display: 'Co-amoxiclav 250mg/125mg tablets', form: 'Tablet', strength: '250mg/125mg', vtmName: 'Co-amoxiclav', dose: 'One tablet to be taken three times a day', source: CO_AMOXICLAV },
    { code: '39732211000001107', display: 'Co-amoxiclav 500mg/125mg tablets', form: 'Tablet', strength: '500mg/125mg', vtmName: 'Co-amoxiclav', dose: 'One tablet to be taken three times a day for 5 days', source: CO_AMOXICLAV },
    { code: '37083611000001104', display: 'Co-amoxiclav 250mg/62mg/5ml oral suspension sugar free', form: 'Oral suspension', strength: '250mg/62mg/5ml', vtmName: 'Co-amoxiclav', dose: '5ml to be taken three times a day', source: CO_AMOXICLAV },
    // Macrolides (AZITHROMYCIN): opensafely/dmd_codelist_investigation codelists/opensafely-azithromycin-medication_new.csv.
    { code: '11034311000001100', display: 'Azithromycin 250mg tablets', form: 'Tablet', strength: '250mg', vtmName: 'Azithromycin', dose: 'Two tablets to be taken once a day for 3 days', source: AZITHROMYCIN },
    { code: '39733511000001103', display: 'Azithromycin 500mg tablets', form: 'Tablet', strength: '500mg', vtmName: 'Azithromycin', dose: 'One tablet to be taken once a day for 3 days', source: AZITHROMYCIN },
    { code: '324252006', display: 'Azithromycin 250mg capsules', form: 'Capsule', strength: '250mg', vtmName: 'Azithromycin', dose: 'Two capsules to be taken once a day for 3 days', source: AZITHROMYCIN },
  ],
  amps: [
    // opensafely/pharmacy-first vmp_vtm_lookup.csv and the UTI treatment codelist.
    ['517311000001102', 'Macrobid 100mg modified-release capsules (Advanz Pharma)', '39108511000001108'],
    // UK Core example resources.
    ['18460411000001105', 'Ciprofloxacin 500mg tablets (Accord-UK Ltd)', '39687811000001107'],
    ['22608811000001102', 'Amoxicillin 500mg capsules (DE Pharmaceuticals)', '39732411000001106'],
    // CO_AMOXICLAV: opensafely/amr-uom-brit codelists/opensafely-co-amoxiclav-cephalosporins-and-quinolones.csv (brand BNF codes name the generic VMP).
    ['292511000001103', 'Augmentin 625mg tablets', '39732211000001107'],
    // AZITHROMYCIN: opensafely/dmd_codelist_investigation codelists/opensafely-azithromycin-medication_new.csv (brand BNF codes name the generic VMP).
    ['794511000001102', 'Zithromax 500mg tablets (Pfizer Ltd)', '39733511000001103'],
  ],
};
