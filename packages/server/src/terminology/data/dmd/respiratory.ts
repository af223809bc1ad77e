/**
 * dm+d products of BNF chapter 3: respiratory system (bronchodilators, inhaled corticosteroids and combinations, leukotriene receptor antagonists, antihistamines, cough preparations).
 * Rows cite their source lists (./sources.ts); forms and strengths are as the VMP names state them.
 */
import type { DmdChapter } from '../types';
import { ONE_DAILY } from './doses';
import { LOOKUP, COPD_MEDICINES, SEED, SALBUTAMOL, ICS, ICS_LABA, LAMA, LABA_LAMA, LTRA } from './sources';

export const RESPIRATORY: DmdChapter = {
  vmps: [
    // Respiratory (rows held before this import; sources as named per row).
    { code: '39113611000001102', display: 'Salbutamol 100micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '100micrograms/dose', vtmName: 'Salbutamol', previous: ['320139002'], dose: 'Two puffs to be inhaled up to four times a day when required', source: `${SEED}; previous id from ${COPD_MEDICINES}` },
    { code: '39110911000001100', display: 'Fluticasone 50micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '50micrograms/dose', vtmName: 'Fluticasone', previous: ['320618008'], dose: 'Two puffs to be inhaled twice a day', source: COPD_MEDICINES },
    { code: '39111211000001103', display: 'Fluticasone 125micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '125micrograms/dose', vtmName: 'Fluticasone', previous: ['320614005'], dose: 'Two puffs to be inhaled twice a day', source: COPD_MEDICINES },
    { code: '39111411000001104', display: 'Fluticasone 250micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '250micrograms/dose', vtmName: 'Fluticasone', previous: ['320615006'], dose: 'Two puffs to be inhaled twice a day', source: COPD_MEDICINES },
    { code: '39111011000001108', display: 'Fluticasone 50micrograms/dose / Salmeterol 25micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '50micrograms/dose / 25micrograms/dose', vtmName: 'Fluticasone + Salmeterol', previous: ['320274007'], dose: 'Two puffs to be inhaled twice a day', source: COPD_MEDICINES },
    { code: '39111111000001109', display: 'Fluticasone 125micrograms/dose / Salmeterol 25micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '125micrograms/dose / 25micrograms/dose', vtmName: 'Fluticasone + Salmeterol', previous: ['320275008'], dose: 'Two puffs to be inhaled twice a day', source: COPD_MEDICINES },
    { code: '39111311000001106', display: 'Fluticasone 250micrograms/dose / Salmeterol 25micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '250micrograms/dose / 25micrograms/dose', vtmName: 'Fluticasone + Salmeterol', previous: ['320276009'], dose: 'Two puffs to be inhaled twice a day', source: COPD_MEDICINES },
    { code: '38897611000001100', display: 'Fluticasone propionate 100micrograms/dose / Salmeterol 50micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '100micrograms/dose / 50micrograms/dose', vtmName: 'Fluticasone + Salmeterol', previous: ['320277000'], dose: 'One puff to be inhaled twice a day', source: COPD_MEDICINES },
    { code: '38897511000001104', display: 'Fluticasone propionate 250micrograms/dose / Salmeterol 50micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '250micrograms/dose / 50micrograms/dose', vtmName: 'Fluticasone + Salmeterol', previous: ['320279002'], dose: 'One puff to be inhaled twice a day', source: COPD_MEDICINES },
    { code: '38897411000001103', display: 'Fluticasone propionate 500micrograms/dose / Salmeterol 50micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '500micrograms/dose / 50micrograms/dose', vtmName: 'Fluticasone + Salmeterol', previous: ['320280004'], dose: 'One puff to be inhaled twice a day', source: COPD_MEDICINES },
    { code: '21113911000001100', display: 'Fluticasone 50micrograms/dose / Formoterol 5micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '50micrograms/dose / 5micrograms/dose', vtmName: 'Fluticasone + Formoterol', dose: 'Two puffs to be inhaled twice a day', source: COPD_MEDICINES },
    { code: '21113711000001102', display: 'Fluticasone 125micrograms/dose / Formoterol 5micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '125micrograms/dose / 5micrograms/dose', vtmName: 'Fluticasone + Formoterol', dose: 'Two puffs to be inhaled twice a day', source: COPD_MEDICINES },
    { code: '21113811000001105', display: 'Fluticasone 250micrograms/dose / Formoterol 10micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '250micrograms/dose / 10micrograms/dose', vtmName: 'Fluticasone + Formoterol', dose: 'Two puffs to be inhaled twice a day', source: COPD_MEDICINES },
    { code: '23661411000001103', display: 'Fluticasone furoate 92micrograms/dose / Vilanterol 22micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '92micrograms/dose / 22micrograms/dose', vtmName: 'Fluticasone + Vilanterol', dose: 'One puff to be inhaled once a day', source: COPD_MEDICINES },
    { code: '23661311000001105', display: 'Fluticasone furoate 184micrograms/dose / Vilanterol 22micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '184micrograms/dose / 22micrograms/dose', vtmName: 'Fluticasone + Vilanterol', dose: 'One puff to be inhaled once a day', source: COPD_MEDICINES },
    { code: '38895411000001109', display: 'Mometasone 200micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '200micrograms/dose', vtmName: 'Mometasone', previous: ['408026006', '4053811000001101'], dose: 'One puff to be inhaled once a day in the evening', source: COPD_MEDICINES },
    { code: '9004511000001107', display: 'Ciclesonide 80micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '80micrograms/dose', vtmName: 'Ciclesonide', dose: 'Two puffs to be inhaled once a day', source: COPD_MEDICINES },
    { code: '9004411000001108', display: 'Ciclesonide 160micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '160micrograms/dose', vtmName: 'Ciclesonide', dose: 'One puff to be inhaled once a day', source: COPD_MEDICINES },
    { code: '35923911000001105', display: 'Simple linctus', form: 'Oral solution', vtmName: 'Citric acid', dose: '5ml to be taken three to four times a day', source: LOOKUP },
    { code: '35924211000001103', display: 'Simple linctus sugar free', form: 'Oral solution', vtmName: 'Citric acid', dose: '5ml to be taken three to four times a day', source: LOOKUP },
    { code: '35924011000001108', display: 'Simple linctus paediatric', form: 'Oral solution', vtmName: 'Citric acid', dose: '5ml to be taken three to four times a day', source: LOOKUP },
    // Allergy (rows held before this import; sources as named per row).
    { code: '42186511000001101', display: 'Cetirizine 10mg tablets', form: 'Tablet', strength: '10mg', vtmName: 'Cetirizine', dose: ONE_DAILY, source: LOOKUP },
    { code: '42192711000001108', display: 'Loratadine 10mg tablets', form: 'Tablet', strength: '10mg', vtmName: 'Loratadine', dose: ONE_DAILY, source: LOOKUP },
    { code: '39708211000001102', display: 'Chlorphenamine 4mg tablets', form: 'Tablet', strength: '4mg', vtmName: 'Chlorphenamine', dose: 'One tablet to be taken every four to six hours when required. Maximum 6 tablets in 24 hours', source: LOOKUP },
    { code: '37083111000001107', display: 'Chlorphenamine 2mg/5ml oral solution sugar free', form: 'Oral solution', strength: '2mg/5ml', vtmName: 'Chlorphenamine', dose: '10ml to be taken every four to six hours when required', source: LOOKUP },
    // Short-acting beta2 agonists (SALBUTAMOL): opensafely/metfin_covid codelists/opensafely-asthma-inhaler-salbutamol-medication.csv.
    { code: '39112711000001103', display: 'Salbutamol 100micrograms/dose breath actuated inhaler CFC free', form: 'Pressurised inhalation', strength: '100micrograms/dose', vtmName: 'Salbutamol', previous: ['320151000'], dose: 'One or two puffs to be inhaled up to four times a day when required', source: SALBUTAMOL },
    { code: '9207411000001106', display: 'Salbutamol 100micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '100micrograms/dose', vtmName: 'Salbutamol', dose: 'One or two puffs to be inhaled up to four times a day when required', source: SALBUTAMOL },
    // Inhaled corticosteroids (ICS): opensafely/dmd_codelist_investigation codelists/opensafely-low-and-medium-dose-ics-inhalers_new.csv.
    { code: '35909611000001106', display: 'Beclometasone 50micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '50micrograms/dose', vtmName: 'Beclometasone', dose: 'Two puffs to be inhaled twice a day', source: ICS },
    { code: '35908111000001105', display: 'Beclometasone 100micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '100micrograms/dose', vtmName: 'Beclometasone', dose: 'Two puffs to be inhaled twice a day', source: ICS },
    { code: '10621011000001101', display: 'Beclometasone 200micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '200micrograms/dose', vtmName: 'Beclometasone', dose: 'Two puffs to be inhaled twice a day', source: ICS },
    { code: '35912111000001105', display: 'Budesonide 100micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '100micrograms/dose', vtmName: 'Budesonide', dose: 'One or two puffs to be inhaled twice a day', source: ICS },
    { code: '35912411000001100', display: 'Budesonide 200micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '200micrograms/dose', vtmName: 'Budesonide', dose: 'One or two puffs to be inhaled twice a day', source: ICS },
    // Inhaled corticosteroid with long-acting beta2 agonist (ICS_LABA): opensafely/dmd_codelist_investigation codelists/opensafely-laba-ics-combination-inhaler.csv.
    { code: '12911011000001100', display: 'Beclometasone 100micrograms/dose / Formoterol 6micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '100micrograms/dose / 6micrograms/dose', vtmName: 'Beclometasone + Formoterol', dose: 'One puff to be inhaled twice a day', source: ICS_LABA },
    { code: '31087411000001106', display: 'Beclometasone 200micrograms/dose / Formoterol 6micrograms/dose inhaler CFC free', form: 'Pressurised inhalation', strength: '200micrograms/dose / 6micrograms/dose', vtmName: 'Beclometasone + Formoterol', dose: 'Two puffs to be inhaled twice a day', source: ICS_LABA },
    { code: '26148711000001101', display: 'Beclometasone 100micrograms/dose / Formoterol 6micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '100micrograms/dose / 6micrograms/dose', vtmName: 'Beclometasone + Formoterol', dose: 'One puff to be inhaled twice a day', source: ICS_LABA },
    { code: '31087511000001105', display: 'Beclometasone 200micrograms/dose / Formoterol 6micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '200micrograms/dose / 6micrograms/dose', vtmName: 'Beclometasone + Formoterol', dose: 'Two puffs to be inhaled twice a day', source: ICS_LABA },
    { code: '35912011000001109', display: 'Budesonide 100micrograms/dose / Formoterol 6micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '100micrograms/dose / 6micrograms/dose', vtmName: 'Budesonide + Formoterol', dose: 'One puff to be inhaled twice a day', source: ICS_LABA },
    { code: '134498003', display: 'Budesonide 200micrograms/dose / Formoterol 6micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '200micrograms/dose / 6micrograms/dose', vtmName: 'Budesonide + Formoterol', dose: 'One puff to be inhaled twice a day', source: ICS_LABA },
    { code: '4378111000001103', display: 'Budesonide 400micrograms/dose / Formoterol 12micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '400micrograms/dose / 12micrograms/dose', vtmName: 'Budesonide + Formoterol', dose: 'One puff to be inhaled twice a day', source: ICS_LABA },
    // Long-acting antimuscarinics (LAMA): opensafely/dmd_codelist_investigation codelists/opensafely-single-ingredient-lama-inhalers.csv.
    { code: '9479011000001103', display: 'Tiotropium bromide 18microgram inhalation powder capsules with device', form: 'Inhalation powder hard capsule', strength: '18microgram', vtmName: 'Tiotropium bromide', dose: 'The contents of one capsule to be inhaled once a day', source: LAMA },
    { code: '9478911000001107', display: 'Tiotropium bromide 18microgram inhalation powder capsules', form: 'Inhalation powder hard capsule', strength: '18microgram', vtmName: 'Tiotropium bromide', dose: 'The contents of one capsule to be inhaled once a day', source: LAMA },
    { code: '33596311000001107', display: 'Tiotropium bromide 10microgram inhalation powder capsules with device', form: 'Inhalation powder hard capsule', strength: '10microgram', vtmName: 'Tiotropium bromide', dose: 'The contents of one capsule to be inhaled once a day', source: LAMA },
    { code: '12197411000001102', display: 'Tiotropium bromide 2.5micrograms/dose solution for inhalation cartridge with device CFC free', form: 'Inhalation solution', strength: '2.5micrograms/dose', vtmName: 'Tiotropium bromide', dose: 'Two puffs to be inhaled once a day', source: LAMA },
    { code: '27890611000001109', display: 'Umeclidinium bromide 65micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '65micrograms/dose', vtmName: 'Umeclidinium bromide', dose: 'One puff to be inhaled once a day', source: LAMA },
    { code: '21496211000001102', display: 'Glycopyrronium bromide 55microgram inhalation powder capsules with device', form: 'Inhalation powder hard capsule', strength: '55microgram', vtmName: 'Glycopyrronium bromide', dose: 'The contents of one capsule to be inhaled once a day', source: LAMA },
    { code: '703924000', display: 'Aclidinium bromide 375micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '375micrograms/dose', vtmName: 'Aclidinium bromide', dose: 'One puff to be inhaled twice a day', source: LAMA },
    // Long-acting beta2 agonist with antimuscarinic (LABA_LAMA): opensafely/dmd_codelist_investigation codelists/opensafely-laba-lama-combination-inhaler.csv.
    { code: '24645511000001105', display: 'Umeclidinium bromide 65micrograms/dose / Vilanterol 22micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '65micrograms/dose / 22micrograms/dose', vtmName: 'Umeclidinium bromide + Vilanterol', dose: 'One puff to be inhaled once a day', source: LABA_LAMA },
    { code: '29987211000001108', display: 'Tiotropium bromide 2.5micrograms/dose / Olodaterol 2.5micrograms/dose solution for inhalation cartridge with device CFC free', form: 'Inhalation solution', strength: '2.5micrograms/dose / 2.5micrograms/dose', vtmName: 'Tiotropium bromide + Olodaterol', dose: 'Two puffs to be inhaled once a day', source: LABA_LAMA },
    { code: '28049611000001104', display: 'Indacaterol 85micrograms/dose / Glycopyrronium bromide 54micrograms/dose inhalation powder capsules with device', form: 'Inhalation powder hard capsule', strength: '85micrograms/dose / 54micrograms/dose', vtmName: 'Indacaterol + Glycopyrronium bromide', dose: 'The contents of one capsule to be inhaled once a day', source: LABA_LAMA },
    { code: '28365011000001100', display: 'Aclidinium bromide 396micrograms/dose / Formoterol 11.8micrograms/dose dry powder inhaler', form: 'Inhalation powder', strength: '396micrograms/dose / 11.8micrograms/dose', vtmName: 'Aclidinium bromide + Formoterol', dose: 'One puff to be inhaled twice a day', source: LABA_LAMA },
    // Leukotriene receptor antagonists (LTRA): opensafely/dmd_codelist_investigation codelists/opensafely-leukotriene-receptor-antagonist-medication.csv.
    { code: '320884002', display: 'Montelukast 10mg tablets', form: 'Tablet', strength: '10mg', vtmName: 'Montelukast', dose: 'One tablet to be taken once a day in the evening', source: LTRA },
    { code: '320885001', display: 'Montelukast 5mg chewable tablets sugar free', form: 'Chewable tablet', strength: '5mg', vtmName: 'Montelukast', dose: 'One tablet to be chewed once a day in the evening', source: LTRA },
    { code: '134510006', display: 'Montelukast 4mg chewable tablets sugar free', form: 'Chewable tablet', strength: '4mg', vtmName: 'Montelukast', dose: 'One tablet to be chewed once a day in the evening', source: LTRA },
  ],
  amps: [
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
    ['746811000001100', 'Piriton Allergy 4mg tablets', '39708211000001102'],
    // SALBUTAMOL: opensafely/metfin_covid codelists/opensafely-asthma-inhaler-salbutamol-medication.csv (brand BNF codes name the generic VMP).
    ['222311000001102', 'Ventolin 100micrograms/dose Evohaler (GlaxoSmithKline UK Ltd)', '39113611000001102'],
    ['106511000001103', 'Salamol 100micrograms/dose inhaler CFC free (Teva UK Ltd)', '39113611000001102'],
    ['3215311000001107', 'Salamol 100micrograms/dose Easi-Breathe inhaler (Teva UK Ltd)', '39112711000001103'],
    ['3214311000001108', 'Airomir 100micrograms/dose Autohaler (Teva UK Ltd)', '39112711000001103'],
    ['9205211000001104', 'Easyhaler Salbutamol sulfate 100micrograms/dose dry powder inhaler (Orion Pharma (UK) Ltd)', '9207411000001106'],
    // LAMA: opensafely/dmd_codelist_investigation codelists/opensafely-single-ingredient-lama-inhalers.csv (brand BNF codes name the generic VMP).
    ['3378211000001106', 'Spiriva 18microgram inhalation powder capsules with HandiHaler (Boehringer Ingelheim Ltd)', '9479011000001103'],
    ['12146911000001103', 'Spiriva Respimat 2.5micrograms/dose inhalation solution cartridge with device (Boehringer Ingelheim Ltd)', '12197411000001102'],
    ['27567911000001101', 'Incruse Ellipta 55micrograms/dose dry powder inhaler (GlaxoSmithKline UK Ltd)', '27890611000001109'],
    // LABA_LAMA: opensafely/dmd_codelist_investigation codelists/opensafely-laba-lama-combination-inhaler.csv (brand BNF codes name the generic VMP).
    ['24644611000001108', 'Anoro Ellipta 55micrograms/dose / 22micrograms/dose dry powder inhaler (GlaxoSmithKline UK Ltd)', '24645511000001105'],
    ['29971311000001100', 'Spiolto Respimat 2.5micrograms/dose / 2.5micrograms/dose inhalation solution cartridge with device (Boehringer Ingelheim Ltd)', '29987211000001108'],
    ['28007211000001102', 'Ultibro Breezhaler 85microgram/43microgram inhalation powder capsules with device (Novartis Pharmaceuticals UK Ltd)', '28049611000001104'],
    // LTRA: opensafely/dmd_codelist_investigation codelists/opensafely-leukotriene-receptor-antagonist-medication.csv (brand BNF codes name the generic VMP).
    ['719811000001104', 'Singulair 10mg tablets (Merck Sharp & Dohme Ltd)', '320884002'],
    // ICS_LABA: opensafely/dmd_codelist_investigation codelists/opensafely-laba-ics-combination-inhaler.csv (brand BNF codes name the generic VMP).
    ['25254111000001105', 'DuoResp Spiromax 160micrograms/dose / 4.5micrograms/dose dry powder inhaler (Teva UK Ltd)', '134498003'],
    ['34950311000001108', 'Fobumix Easyhaler 160micrograms/dose / 4.5micrograms/dose dry powder inhaler (Orion Pharma (UK) Ltd)', '134498003'],
    ['3294611000001104', 'Symbicort 200/6 Turbohaler (AstraZeneca UK Ltd)', '134498003'],
    ['25254711000001106', 'DuoResp Spiromax 320micrograms/dose / 9micrograms/dose dry powder inhaler (Teva UK Ltd)', '4378111000001103'],
    ['4373811000001100', 'Symbicort 400/12 Turbohaler (AstraZeneca UK Ltd)', '4378111000001103'],
    ['12906411000001100', 'Fostair 100micrograms/dose / 6micrograms/dose inhaler (Chiesi Ltd)', '12911011000001100'],
    ['31063411000001101', 'Fostair 200micrograms/dose / 6micrograms/dose inhaler (Chiesi Ltd)', '31087411000001106'],
    ['26112111000001106', 'Fostair NEXThaler 100micrograms/dose / 6micrograms/dose dry powder inhaler (Chiesi Ltd)', '26148711000001101'],
    ['31063111000001106', 'Fostair NEXThaler 200micrograms/dose / 6micrograms/dose dry powder inhaler (Chiesi Ltd)', '31087511000001105'],
    ['3294211000001101', 'Symbicort 100/6 Turbohaler (AstraZeneca UK Ltd)', '35912011000001109'],
    // ICS: opensafely/dmd_codelist_investigation codelists/opensafely-low-and-medium-dose-ics-inhalers_new.csv (brand BNF codes name the generic VMP).
    ['10618211000001109', 'Clenil Modulite 100micrograms/dose inhaler (Chiesi Ltd)', '35908111000001105'],
    ['10619311000001107', 'Clenil Modulite 200micrograms/dose inhaler (Chiesi Ltd)', '10621011000001101'],
    ['10617711000001103', 'Clenil Modulite 50micrograms/dose inhaler (Chiesi Ltd)', '35909611000001106'],
    ['10073911000001106', 'Easyhaler Budesonide 100micrograms/dose dry powder inhaler (Orion Pharma (UK) Ltd)', '35912111000001105'],
    ['3113111000001106', 'Pulmicort 100 Turbohaler (AstraZeneca UK Ltd)', '35912111000001105'],
    ['10074611000001102', 'Easyhaler Budesonide 200micrograms/dose dry powder inhaler (Orion Pharma (UK) Ltd)', '35912411000001100'],
    ['3112411000001105', 'Pulmicort 200 Turbohaler (AstraZeneca UK Ltd)', '35912411000001100'],
  ],
};
