/**
 * Where the dm+d rows were read. Every id and name in ./*.ts was read from one of these published
 * lists; rows name theirs. Most are OpenSAFELY codelists (opencodelists.org exports kept in study
 * repositories, each row carrying a dm+d id, name and type, usually with its BNF presentation code).
 *
 * Reading rules, applied the same way in every chapter:
 * - A "VMP subsequent to X" row gives the current VPID of the VMP that X was; X is kept as `previous`
 *   (dm+d VPIDPREV), as are the list's "VMP previous to" rows.
 * - Where a newer export gives a VMP a new id under the same VMP name, the older export's id is kept
 *   as `previous` and the row says so.
 * - An AMP's VMP is the one whose BNF presentation code its own ends in (the last two characters of a
 *   branded BNF code name the generic equivalent), as listed in the same codelist.
 * - Every id passes the SNOMED CT Verhoeff check (data.test.ts); one export that had rounded its
 *   17-18 digit ids through spreadsheet floats is used only for its 9-digit ids.
 */
export const LOOKUP = 'opensafely/pharmacy-first lib/reference/vmp_vtm_lookup.csv';
export const STATINS = 'opensafely/ckd-deprescribing codelists/bristol-statins-dmd.csv';
export const PPIS = 'opensafely/ckd-deprescribing codelists/bristol-proton-pump-inhibitors-dmd.csv';
export const COPD_MEDICINES = 'opensafely/disparities-comparison codelists/opensafely-copd-medications-new-dmd.csv';
export const UTI = 'opensafely/pharmacy-first codelists/opensafely-pharmacy-first-urinary-tract-infection-treatment-full-dmd-codelist.csv';
export const UK_CORE = 'UK Core example resources';
export const SEED = 'seed tables (dm+d extracts and NHS England EPS/GP Connect examples)';
export const CCB = 'opensafely/polypharmacy-deprescribing-dementia codelists/opensafely-calcium-channel-blockers.csv';
export const BETA_BLOCKERS = 'opensafely/polypharmacy-deprescribing-dementia codelists/opensafely-beta-blocker-medications.csv';
export const THIAZIDES = 'opensafely/polypharmacy-deprescribing-dementia codelists/opensafely-thiazide-type-diuretic-medication.csv';
export const ALPHA_BLOCKERS = 'opensafely/polypharmacy-deprescribing-dementia codelists/opensafely-alpha-adrenoceptor-blocking-drugs.csv';
export const POTASSIUM_SPARING = 'opensafely/polypharmacy-deprescribing-dementia codelists/user-robert_porteous-potassium-sparing-diuretics-aldosterone-antagonists-and-compounds-dmd.csv';
export const ANTIDEPRESSANTS = 'opensafely/polypharmacy-deprescribing-dementia codelists/user-ZoeMZou-multimorbidity_prescription_anxiolytics_anti_depressants.csv';
export const ANALGESICS = 'opensafely/polypharmacy-deprescribing-dementia codelists/user-ZoeMZou-multimorbidity_prescription_analgesics_opiods_not_migraine.csv';
export const LAXATIVES = 'opensafely/polypharmacy-deprescribing-dementia codelists/user-ZoeMZou-multimorbidity_prescription_chronic_constipation.csv';
export const ACE_INHIBITORS = 'opensafely/FLUCATS codelists/opensafely-ace-inhibitor-medications.csv';
export const ARBS = 'xixiong1/ehrql-tutorial codelists/opensafely-angiotensin-ii-receptor-blockers-arbs.csv';
export const DOACS = 'opensafely/metfin_covid codelists/opensafely-direct-acting-oral-anticoagulants-doac.csv';
export const WARFARIN = 'opensafely/metfin_covid codelists/opensafely-warfarin.csv';
export const SALBUTAMOL = 'opensafely/metfin_covid codelists/opensafely-asthma-inhaler-salbutamol-medication.csv';
export const PREDNISOLONE = 'opensafely/metfin_covid codelists/opensafely-asthma-oral-prednisolone-medication.csv';
export const METFORMIN = 'opensafely/metfin_covid codelists/user-john-tazare-metformin-dmd.csv';
export const METFORMIN_MR = 'opensafely/metformin_covid codelists/user-alex-walker-metformin-dmd.csv';
export const SGLT2 = 'opensafely/metformin_covid codelists/user-alex-walker-sglt-2-inhibitors-dmd.csv';
export const DPP4 = 'opensafely/metformin_covid codelists/user-alex-walker-dpp-4-inhibitors-dmd.csv';
export const DPP4_BRISTOL = 'opensafely/metformin_covid codelists/user-alainamstutz-diabetes-dpp4.csv';
export const SULFONYLUREAS = 'opensafely/metformin_covid codelists/user-alainamstutz-diabetes-sulfonylureas.csv';
export const INSULINS = 'opensafely/dmd_codelist_investigation codelists/opensafely-insulin-medication_new.csv';
export const SSRIS = 'opensafely/dmd_codelist_investigation codelists/opensafely-selective-serotonin-reuptake-inhibitors-dmd_new.csv';
export const ANTIPLATELETS = 'opensafely/dmd_codelist_investigation codelists/opensafely-antiplatelets_new.csv';
export const ICS = 'opensafely/dmd_codelist_investigation codelists/opensafely-low-and-medium-dose-ics-inhalers_new.csv';
export const ICS_LABA = 'opensafely/dmd_codelist_investigation codelists/opensafely-laba-ics-combination-inhaler.csv';
export const LAMA = 'opensafely/dmd_codelist_investigation codelists/opensafely-single-ingredient-lama-inhalers.csv';
export const LABA_LAMA = 'opensafely/dmd_codelist_investigation codelists/opensafely-laba-lama-combination-inhaler.csv';
export const LTRA = 'opensafely/dmd_codelist_investigation codelists/opensafely-leukotriene-receptor-antagonist-medication.csv';
export const AZITHROMYCIN = 'opensafely/dmd_codelist_investigation codelists/opensafely-azithromycin-medication_new.csv';
export const LEVOTHYROXINE = 'opensafely/Shared-Care-Monitoring codelists/opensafely-levothyroxine.csv';
export const OPIOIDS = 'opensafely/opioids-covid-research codelists/opensafely-opioid-containing-medicines-oral-excluding-drugs-for-substance-misuse-dmd.csv';
export const TRIMETHOPRIM = 'opensafely/amr-uom-brit codelists/opensafely-trimethoprim.csv';
export const CO_AMOXICLAV = 'opensafely/amr-uom-brit codelists/opensafely-co-amoxiclav-cephalosporins-and-quinolones.csv';
export const PINCER_DIURETICS = 'opensafely/pincer-measures codelists/pincer-diur.csv';
