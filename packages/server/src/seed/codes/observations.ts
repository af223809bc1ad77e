/**
 * Observation codes (LOINC, with SNOMED CT values for smoking status) and their UCUM units.
 * Blood pressure is a panel with systolic and diastolic components, as the FHIR vital-signs
 * profile models it (R4 observation-vitalsigns.html).
 */
import { snomed, type Code } from '../fhir';
import { SYSTEM } from './systems';

function loinc(code: string, display: string): Code {
  return { system: SYSTEM.loinc, code, display };
}

export const OBSERVATION_CODE = {
  bloodPressurePanel: loinc('85354-9', 'Blood pressure panel with all children optional'),
  systolic: loinc('8480-6', 'Systolic blood pressure'),
  diastolic: loinc('8462-4', 'Diastolic blood pressure'),
  bodyHeight: loinc('8302-2', 'Body height'),
  bodyWeight: loinc('29463-7', 'Body weight'),
  bmi: loinc('39156-5', 'Body mass index (BMI) [Ratio]'),
  /** HbA1c in mmol/mol (IFCC), the unit UK laboratories report; 4548-4 is the % (DCCT) code. */
  hba1c: loinc('59261-8', 'Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol'),
  egfr: loinc('62238-1', 'Glomerular filtration rate [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI)/1.73 sq M'),
  totalCholesterol: loinc('14647-2', 'Cholesterol [Moles/volume] in Serum or Plasma'),
  tsh: loinc('3016-3', 'Thyrotropin [Units/volume] in Serum or Plasma'),
  smokingStatus: loinc('72166-2', 'Tobacco smoking status'),
} as const;

/** UCUM codes with the unit text shown to people. */
export const UNIT = {
  mmHg: { code: 'mm[Hg]', unit: 'mmHg' },
  cm: { code: 'cm', unit: 'cm' },
  kg: { code: 'kg', unit: 'kg' },
  bmi: { code: 'kg/m2', unit: 'kg/m2' },
  mmolPerMol: { code: 'mmol/mol', unit: 'mmol/mol' },
  egfr: { code: 'mL/min/{1.73_m2}', unit: 'mL/min/1.73m2' },
  mmolPerL: { code: 'mmol/L', unit: 'mmol/L' },
  milliUnitsPerL: { code: 'm[IU]/L', unit: 'mU/L' },
} as const;

export type SmokingStatus = 'current' | 'ex' | 'never';

export const SMOKING_VALUE: Readonly<Record<SmokingStatus, Code>> = {
  current: snomed('77176002', 'Smoker'),
  ex: snomed('8517006', 'Ex-smoker'),
  never: snomed('266919005', 'Never smoked tobacco'),
};

export const OBSERVATION_CATEGORY = {
  vitalSigns: { system: SYSTEM.observationCategory, code: 'vital-signs', display: 'Vital Signs' },
  laboratory: { system: SYSTEM.observationCategory, code: 'laboratory', display: 'Laboratory' },
  socialHistory: { system: SYSTEM.observationCategory, code: 'social-history', display: 'Social History' },
} as const satisfies Record<string, Code>;
