/** dm+d Virtual Therapeutic Moieties held, each block naming the list it was read from. */
import type { VtmRow } from '../types';

export const VTMS: readonly VtmRow[] = [
  // UK Core example resources (Medication.code / ingredient codings in the dm+d system).
  ['777067000', 'Paracetamol'],
  ['777773007', 'Timolol'],
  // bennettoxford/openprescribing-hospitals viewer/measures/doacs.sql.
  ['774624002', 'Apixaban'],
  ['777455008', 'Rivaroxaban'],
  ['775732007', 'Edoxaban'],
  ['13568411000001103', 'Dabigatran'],
  // opensafely/metformin_covid codelists/user-alainamstutz-diabetes-sulfonylureas.csv ("(VTM)" rows).
  ['776108001', 'Gliclazide'],
  ['776109009', 'Glimepiride'],
  ['776112007', 'Glipizide'],
  // opensafely/metformin_covid codelists/user-alainamstutz-diabetes-dpp4.csv ("(VTM)" rows).
  ['774490009', 'Alogliptin'],
  ['776541008', 'Linagliptin'],
  ['777501007', 'Saxagliptin'],
  ['777541003', 'Sitagliptin'],
  ['777934001', 'Vildagliptin'],
  // opensafely/polypharmacy-deprescribing-dementia codelists/user-ZoeMZou-multimorbidity_prescription_chronic_constipation.csv.
  ['777515009', 'Senna'],
  ['776429004', 'Ispaghula husk'],
];
