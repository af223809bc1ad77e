/**
 * Medicines the generator prescribes, as dm+d Virtual Medicinal Products (VMPs). A VMP id is also a
 * SNOMED CT (UK Drug Extension) concept id, so each is coded in both systems.
 *
 * Deliberately short: only VMP ids checked against published dm+d extracts or NHS England
 * examples are here. Sertraline, levothyroxine, statins, ACE inhibitors and anticoagulants are
 * wanted next, once their VMP ids are taken from a dm+d release rather than from memory.
 */
import { SYSTEM } from './systems';
import type { ChronicConditionKey } from './conditions';

export type MedicationKey = 'amlodipine5mgTablets' | 'metformin500mgTablets' | 'salbutamolInhaler' | 'paracetamol500mgTablets' | 'aspirin75mgDispersibleTablets';

/** dm+d unit of measure "tablet" (the UDFS unit of tablet VMPs). */
const TABLET_UNIT = { unit: 'tablet', system: SYSTEM.snomed, code: '428673006' } as const;

export interface MedicationDef {
  readonly key: MedicationKey;
  /** dm+d VMP id. */
  readonly vpid: string;
  /** dm+d VMP name. */
  readonly name: string;
  readonly dosageText: string;
  /** Structured dose: `value` units, `frequency` times a day. */
  readonly dose: { readonly value: number; readonly unit: string; readonly system?: string; readonly code?: string };
  readonly frequency: number;
  readonly asNeeded?: boolean;
  /** Quantity per issue and the days it lasts. */
  readonly supply: { readonly value: number; readonly unit: string; readonly system?: string; readonly code?: string; readonly days: number };
}

export const MEDICATIONS: Readonly<Record<MedicationKey, MedicationDef>> = {
  amlodipine5mgTablets: {
    key: 'amlodipine5mgTablets',
    vpid: '319283006',
    name: 'Amlodipine 5mg tablets',
    dosageText: 'One tablet to be taken once a day',
    dose: { value: 1, ...TABLET_UNIT },
    frequency: 1,
    supply: { value: 28, ...TABLET_UNIT, days: 28 },
  },
  metformin500mgTablets: {
    key: 'metformin500mgTablets',
    vpid: '325278007',
    name: 'Metformin 500mg tablets',
    dosageText: 'One tablet to be taken twice a day with meals',
    dose: { value: 1, ...TABLET_UNIT },
    frequency: 2,
    supply: { value: 56, ...TABLET_UNIT, days: 28 },
  },
  salbutamolInhaler: {
    key: 'salbutamolInhaler',
    vpid: '39113611000001102',
    name: 'Salbutamol 100micrograms/dose inhaler CFC free',
    dosageText: 'Two puffs to be inhaled up to four times a day when required',
    dose: { value: 2, unit: 'puff' },
    frequency: 4,
    asNeeded: true,
    supply: { value: 200, unit: 'dose', days: 30 },
  },
  paracetamol500mgTablets: {
    key: 'paracetamol500mgTablets',
    vpid: '322236009',
    name: 'Paracetamol 500mg tablets',
    dosageText: 'Two tablets to be taken up to four times a day when required. Maximum 8 tablets in 24 hours',
    dose: { value: 2, ...TABLET_UNIT },
    frequency: 4,
    asNeeded: true,
    supply: { value: 100, ...TABLET_UNIT, days: 25 },
  },
  aspirin75mgDispersibleTablets: {
    key: 'aspirin75mgDispersibleTablets',
    vpid: '319773006',
    name: 'Aspirin 75mg dispersible tablets',
    dosageText: 'One tablet to be taken once a day',
    dose: { value: 1, ...TABLET_UNIT },
    frequency: 1,
    supply: { value: 28, ...TABLET_UNIT, days: 28 },
  },
};

/** Repeat (continuous) treatment for a chronic condition, and the share of the register on it. */
export const CHRONIC_TREATMENT: Partial<Record<ChronicConditionKey, { readonly medication: MedicationKey; readonly share: number }>> = {
  hypertension: { medication: 'amlodipine5mgTablets', share: 0.55 },
  diabetesType2: { medication: 'metformin500mgTablets', share: 0.8 },
  asthma: { medication: 'salbutamolInhaler', share: 0.9 },
  copd: { medication: 'salbutamolInhaler', share: 0.85 },
  coronaryHeartDisease: { medication: 'aspirin75mgDispersibleTablets', share: 0.6 },
  stroke: { medication: 'aspirin75mgDispersibleTablets', share: 0.3 },
  osteoarthritis: { medication: 'paracetamol500mgTablets', share: 0.4 },
};
