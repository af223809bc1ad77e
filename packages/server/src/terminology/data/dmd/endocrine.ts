/**
 * dm+d products of BNF chapter 6: endocrine system (antidiabetic drugs and insulins, thyroid hormones, corticosteroids).
 * Rows cite their source lists (./sources.ts); forms and strengths are as the VMP names state them.
 */
import type { DmdChapter } from '../types';
import { ONE_DAILY, ONE_MORNING, ONE_TWICE, WITH_BREAKFAST } from './doses';
import { SEED, PREDNISOLONE, METFORMIN, METFORMIN_MR, SGLT2, DPP4, DPP4_BRISTOL, SULFONYLUREAS, INSULINS, LEVOTHYROXINE } from './sources';

export const ENDOCRINE: DmdChapter = {
  vmps: [
    // Endocrine (rows held before this import; sources as named per row).
    { code: '42084911000001109', display: 'Metformin 500mg tablets', form: 'Tablet', strength: '500mg', vtmName: 'Metformin', previous: ['325278007'], dose: 'One tablet to be taken twice a day with meals', source: `${METFORMIN}; previous id from ${SEED}` },
    // Metformin (METFORMIN): opensafely/metfin_covid codelists/user-john-tazare-metformin-dmd.csv.
    { code: '42085111000001105', display: 'Metformin 850mg tablets', form: 'Tablet', strength: '850mg', vtmName: 'Metformin', previous: ['325279004'], dose: 'One tablet to be taken twice a day with meals', source: METFORMIN },
    { code: '38893811000001107', display: 'Metformin 750mg modified-release tablets', form: 'Modified-release tablet', strength: '750mg', vtmName: 'Metformin', previous: ['409361001'], dose: 'One tablet to be taken once a day with the evening meal', source: METFORMIN },
    { code: '38893711000001104', display: 'Metformin 1g modified-release tablets', form: 'Modified-release tablet', strength: '1g', vtmName: 'Metformin', previous: ['411533003'], dose: 'One tablet to be taken once a day with the evening meal', source: METFORMIN },
    { code: '42085011000001109', display: 'Metformin 500mg/5ml oral solution', form: 'Oral solution', strength: '500mg/5ml', vtmName: 'Metformin', previous: ['409197000', '8664311000001109'], dose: '5ml to be taken twice a day with meals', source: METFORMIN },
    // Metformin (METFORMIN_MR): opensafely/metformin_covid codelists/user-alex-walker-metformin-dmd.csv.
    { code: '39461411000001102', display: 'Metformin 1g tablets', form: 'Tablet', strength: '1g', vtmName: 'Metformin', dose: 'One tablet to be taken twice a day with meals', source: METFORMIN_MR },
    { code: '39113511000001101', display: 'Metformin 500mg modified-release tablets', form: 'Modified-release tablet', strength: '500mg', vtmName: 'Metformin', previous: ['386047000', '8991411000001102'], dose: 'One tablet to be taken once a day with the evening meal', source: METFORMIN_MR },
    // Sulfonylureas (SULFONYLUREAS): opensafely/metformin_covid codelists/user-alainamstutz-diabetes-sulfonylureas.csv.
    { code: '16702011000001102', display: 'Gliclazide 40mg tablets', form: 'Tablet', strength: '40mg', vtm: '776108001', dose: WITH_BREAKFAST, source: SULFONYLUREAS },
    { code: '42082911000001100', display: 'Gliclazide 80mg tablets', form: 'Tablet', strength: '80mg', vtm: '776108001', dose: 'One tablet to be taken twice a day with meals', source: SULFONYLUREAS },
    { code: '38896211000001104', display: 'Gliclazide 30mg modified-release tablets', form: 'Modified-release tablet', strength: '30mg', vtm: '776108001', dose: WITH_BREAKFAST, source: SULFONYLUREAS },
    { code: '22226111000001104', display: 'Gliclazide 60mg modified-release tablets', form: 'Modified-release tablet', strength: '60mg', vtm: '776108001', dose: WITH_BREAKFAST, source: SULFONYLUREAS },
    { code: '42083011000001108', display: 'Glimepiride 1mg tablets', form: 'Tablet', strength: '1mg', vtm: '776109009', dose: WITH_BREAKFAST, source: SULFONYLUREAS },
    { code: '42083111000001109', display: 'Glimepiride 2mg tablets', form: 'Tablet', strength: '2mg', vtm: '776109009', dose: WITH_BREAKFAST, source: SULFONYLUREAS },
    { code: '42083211000001103', display: 'Glimepiride 3mg tablets', form: 'Tablet', strength: '3mg', vtm: '776109009', dose: WITH_BREAKFAST, source: SULFONYLUREAS },
    { code: '42083311000001106', display: 'Glimepiride 4mg tablets', form: 'Tablet', strength: '4mg', vtm: '776109009', dose: WITH_BREAKFAST, source: SULFONYLUREAS },
    { code: '42083511000001100', display: 'Glipizide 5mg tablets', form: 'Tablet', strength: '5mg', vtm: '776112007', dose: 'One tablet to be taken once a day before breakfast', source: SULFONYLUREAS },
    // SGLT2 inhibitors (SGLT2): opensafely/metformin_covid codelists/user-alex-walker-sglt-2-inhibitors-dmd.csv.
    { code: '39689911000001109', display: 'Dapagliflozin 5mg tablets', form: 'Tablet', strength: '5mg', vtmName: 'Dapagliflozin', previous: ['21635211000001102', '703679006'], dose: ONE_DAILY, source: SGLT2 },
    { code: '39689811000001104', display: 'Dapagliflozin 10mg tablets', form: 'Tablet', strength: '10mg', vtmName: 'Dapagliflozin', previous: ['21635011000001107', '703680009'], dose: ONE_DAILY, source: SGLT2 },
    { code: '25290511000001101', display: 'Empagliflozin 10mg tablets', form: 'Tablet', strength: '10mg', vtmName: 'Empagliflozin', dose: ONE_DAILY, source: SGLT2 },
    { code: '25290611000001102', display: 'Empagliflozin 25mg tablets', form: 'Tablet', strength: '25mg', vtmName: 'Empagliflozin', dose: ONE_DAILY, source: SGLT2 },
    { code: '39734511000001100', display: 'Canagliflozin 100mg tablets', form: 'Tablet', strength: '100mg', vtmName: 'Canagliflozin', previous: ['24104411000001102', '703682001'], dose: 'One tablet to be taken once a day before breakfast', source: SGLT2 },
    // DPP-4 inhibitors (DPP4_BRISTOL): opensafely/metformin_covid codelists/user-alainamstutz-diabetes-dpp4.csv.
    { code: '42089911000001105', display: 'Sitagliptin 50mg tablets', form: 'Tablet', strength: '50mg', vtm: '777541003', dose: ONE_DAILY, source: DPP4_BRISTOL },
    { code: '42089711000001108', display: 'Sitagliptin 100mg tablets', form: 'Tablet', strength: '100mg', vtm: '777541003', dose: ONE_DAILY, source: DPP4_BRISTOL },
    // DPP-4 inhibitors (DPP4): opensafely/metformin_covid codelists/user-alex-walker-dpp-4-inhibitors-dmd.csv.
    { code: '19525211000001103', display: 'Linagliptin 5mg tablets', form: 'Tablet', strength: '5mg', vtm: '776541008', dose: ONE_DAILY, source: DPP4 },
    { code: '23637311000001105', display: 'Alogliptin 12.5mg tablets', form: 'Tablet', strength: '12.5mg', vtm: '774490009', dose: ONE_DAILY, source: DPP4 },
    { code: '23637411000001103', display: 'Alogliptin 25mg tablets', form: 'Tablet', strength: '25mg', vtm: '774490009', dose: ONE_DAILY, source: DPP4 },
    { code: '39703911000001101', display: 'Saxagliptin 5mg tablets', form: 'Tablet', strength: '5mg', vtm: '777501007', previous: ['16037911000001107', '443713000'], dose: ONE_DAILY, source: DPP4 },
    { code: '13412911000001100', display: 'Vildagliptin 50mg tablets', form: 'Tablet', strength: '50mg', vtm: '777934001', dose: ONE_TWICE, source: DPP4 },
    // Insulins (INSULINS): opensafely/dmd_codelist_investigation codelists/opensafely-insulin-medication_new.csv.
    { code: '3468611000001108', display: 'Insulin aspart 100units/ml solution for injection 3ml cartridges', form: 'Solution for injection', strength: '100units/ml', vtmName: 'Insulin aspart', dose: 'Inject subcutaneously as directed immediately before meals', source: INSULINS },
    { code: '3468711000001104', display: 'Insulin aspart 100units/ml solution for injection 3ml pre-filled disposable devices', form: 'Solution for injection', strength: '100units/ml', vtmName: 'Insulin aspart', dose: 'Inject subcutaneously as directed immediately before meals', source: INSULINS },
    { code: '36047811000001104', display: 'Insulin lispro 100units/ml solution for injection 3ml pre-filled disposable devices', form: 'Solution for injection', strength: '100units/ml', vtmName: 'Insulin lispro', dose: 'Inject subcutaneously as directed immediately before meals', source: INSULINS },
    { code: '3468911000001102', display: 'Insulin aspart biphasic 30/70 100units/ml suspension for injection 3ml pre-filled disposable devices', form: 'Suspension for injection', strength: '100units/ml', vtmName: 'Insulin aspart biphasic', dose: 'Inject subcutaneously as directed twice a day with breakfast and evening meal', source: INSULINS },
    { code: '3470911000001108', display: 'Insulin isophane biphasic human 30/70 100units/ml suspension for injection 3ml cartridges', form: 'Suspension for injection', strength: '100units/ml', vtmName: 'Insulin isophane biphasic human', dose: 'Inject subcutaneously as directed twice a day before breakfast and evening meal', source: INSULINS },
    { code: '3473511000001107', display: 'Insulin lispro biphasic 25/75 100units/ml suspension for injection 3ml pre-filled disposable devices', form: 'Suspension for injection', strength: '100units/ml', vtmName: 'Insulin lispro biphasic', dose: 'Inject subcutaneously as directed twice a day with breakfast and evening meal', source: INSULINS },
    { code: '36047311000001108', display: 'Insulin isophane human 100units/ml suspension for injection 3ml cartridges', form: 'Suspension for injection', strength: '100units/ml', vtmName: 'Insulin isophane human', dose: 'Inject subcutaneously as directed once or twice a day', source: INSULINS },
    { code: '36047411000001101', display: 'Insulin isophane human 100units/ml suspension for injection 3ml pre-filled disposable devices', form: 'Suspension for injection', strength: '100units/ml', vtmName: 'Insulin isophane human', dose: 'Inject subcutaneously as directed once or twice a day', source: INSULINS },
    { code: '400780006', display: 'Insulin glargine 100units/ml solution for injection 3ml cartridges', form: 'Solution for injection', strength: '100units/ml', vtmName: 'Insulin glargine', dose: 'Inject subcutaneously as directed once a day at the same time each day', source: INSULINS },
    { code: '38897011000001107', display: 'Insulin glargine 100units/ml solution for injection 3ml pre-filled disposable devices', form: 'Solution for injection', strength: '100units/ml', vtmName: 'Insulin glargine', dose: 'Inject subcutaneously as directed once a day at the same time each day', source: INSULINS },
    { code: '29903611000001103', display: 'Insulin glargine 300units/ml solution for injection 1.5ml pre-filled disposable devices', form: 'Solution for injection', strength: '300units/ml', vtmName: 'Insulin glargine', dose: 'Inject subcutaneously as directed once a day at the same time each day', source: INSULINS },
    { code: '7594211000001102', display: 'Insulin detemir 100units/ml solution for injection 3ml pre-filled disposable devices', form: 'Solution for injection', strength: '100units/ml', vtmName: 'Insulin detemir', dose: 'Inject subcutaneously as directed once or twice a day', source: INSULINS },
    { code: '21939611000001101', display: 'Insulin degludec 100units/ml solution for injection 3ml pre-filled disposable devices', form: 'Solution for injection', strength: '100units/ml', vtmName: 'Insulin degludec', dose: 'Inject subcutaneously as directed once a day', source: INSULINS },
    // Thyroid hormones (LEVOTHYROXINE): opensafely/Shared-Care-Monitoring codelists/opensafely-levothyroxine.csv. Only the 9-digit VMP ids are taken: the export rounded its longer ids through a spreadsheet float.
    { code: '374294006', display: 'Levothyroxine sodium 25microgram tablets', form: 'Tablet', strength: '25microgram', vtmName: 'Levothyroxine sodium', dose: ONE_MORNING, source: LEVOTHYROXINE },
    { code: '374295007', display: 'Levothyroxine sodium 50microgram tablets', form: 'Tablet', strength: '50microgram', vtmName: 'Levothyroxine sodium', dose: ONE_MORNING, source: LEVOTHYROXINE },
    { code: '376988009', display: 'Levothyroxine sodium 75microgram tablets', form: 'Tablet', strength: '75microgram', vtmName: 'Levothyroxine sodium', dose: ONE_MORNING, source: LEVOTHYROXINE },
    { code: '374296008', display: 'Levothyroxine sodium 100microgram tablets', form: 'Tablet', strength: '100microgram', vtmName: 'Levothyroxine sodium', dose: ONE_MORNING, source: LEVOTHYROXINE },
    // Oral corticosteroids (PREDNISOLONE): opensafely/metfin_covid codelists/opensafely-asthma-oral-prednisolone-medication.csv.
    { code: '42087311000001104', display: 'Prednisolone 5mg tablets', form: 'Tablet', strength: '5mg', vtmName: 'Prednisolone', previous: ['325427002'], dose: 'Eight tablets to be taken once a day in the morning for 5 days', source: PREDNISOLONE },
    { code: '39722711000001103', display: 'Prednisolone 5mg soluble tablets', form: 'Soluble tablet', strength: '5mg', vtmName: 'Prednisolone', previous: ['325444003'], dose: 'Eight tablets to be dissolved in water and taken once a day in the morning for 5 days', source: PREDNISOLONE },
  ],
  amps: [
    // METFORMIN: opensafely/metfin_covid codelists/user-john-tazare-metformin-dmd.csv (brand BNF codes name the generic VMP).
    ['363211000001102', 'Glucophage 500mg tablets', '42084911000001109'],
    ['365111000001109', 'Glucophage 850mg tablets', '42085111000001105'],
    ['8990711000001100', 'Glucophage SR 500mg tablets', '39113511000001101'],
    ['13748611000001107', 'Glucophage SR 750mg tablets', '38893811000001107'],
    ['15367811000001105', 'Glucophage SR 1000mg tablets', '38893711000001104'],
    // SGLT2: opensafely/metformin_covid codelists/user-alex-walker-sglt-2-inhibitors-dmd.csv (brand BNF codes name the generic VMP).
    ['21609511000001105', 'Forxiga 5mg tablets', '39689911000001109'],
    ['21609811000001108', 'Forxiga 10mg tablets', '39689811000001104'],
    ['24088611000001101', 'Invokana 100mg tablets', '39734511000001100'],
    ['25238811000001107', 'Jardiance 10mg tablets', '25290511000001101'],
    ['25239711000001108', 'Jardiance 25mg tablets', '25290611000001102'],
    // DPP4: opensafely/metformin_covid codelists/user-alex-walker-dpp-4-inhibitors-dmd.csv (brand BNF codes name the generic VMP).
    ['13411611000001100', 'Galvus 50mg tablets', '13412911000001100'],
    ['15993011000001101', 'Onglyza 5mg tablets', '39703911000001101'],
    ['19492811000001108', 'Trajenta 5mg tablets', '19525211000001103'],
    ['23636311000001107', 'Vipidia 25mg tablets', '23637411000001103'],
    // INSULINS: opensafely/dmd_codelist_investigation codelists/opensafely-insulin-medication_new.csv (brand BNF codes name the generic VMP).
    ['3284211000001102', 'Lantus 100units/ml solution for injection 3ml cartridges (Sanofi)', '400780006'],
    ['11933011000001106', 'Lantus 100units/ml solution for injection 3ml pre-filled SoloStar pens (Sanofi)', '38897011000001107'],
    ['30171811000001105', 'Abasaglar KwikPen 100units/ml solution for injection 3ml pre-filled pens (Eli Lilly and Company Ltd)', '38897011000001107'],
    ['29866811000001104', 'Toujeo 300units/ml solution for injection 1.5ml pre-filled SoloStar pens (Sanofi)', '29903611000001103'],
    ['3277211000001104', 'NovoMix 30 FlexPen 100units/ml suspension for injection 3ml pre-filled pens (Novo Nordisk Ltd)', '3468911000001102'],
    ['7589411000001100', 'Levemir FlexPen 100units/ml solution for injection 3ml pre-filled pens (Novo Nordisk Ltd)', '7594211000001102'],
    ['21930011000001100', 'Tresiba FlexTouch 100units/ml solution for injection 3ml pre-filled pens (Novo Nordisk Ltd)', '21939611000001101'],
    ['3264211000001104', 'Humulin I 100units/ml suspension for injection 3ml cartridges (Eli Lilly and Company Ltd)', '36047311000001108'],
    ['17608511000001103', 'Humulin I KwikPen 100units/ml suspension for injection 3ml pre-filled pens (Eli Lilly and Company Ltd)', '36047411000001101'],
    ['13884711000001104', 'Humalog Mix25 KwikPen 100units/ml suspension for injection 3ml pre-filled pens (Eli Lilly and Company Ltd)', '3473511000001107'],
  ],
};
