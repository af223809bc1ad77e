/**
 * Vaccines for Immunization.vaccineCode: dm+d products (AMPs), coded in SNOMED CT as the NHS
 * England Immunisation FHIR API does (a dm+d id is a SNOMED CT UK Drug Extension id; UK Core's
 * UKCore-VaccineCode binding asks for dm+d), and the vaccination procedures UK Core carries in
 * Extension-UKCore-VaccinationProcedure.
 *
 * Sources, each named per row:
 * - IMMS_API: NHSDigital/immunisation-fhir-api, tests/e2e_automation/utilities/vaccination_constants.py
 *   (VACCINE_CODE_MAP and VACCINATION_PROCEDURE_MAP; only pairs whose code and display agree there
 *   are used).
 * - IMMS_CLIENT: NHS England's Immunisation FHIR API example client (postvacc.js, vaccine products
 *   and procedures it sends).
 * - MAVIS: NHS England "Manage vaccinations in schools" prototype vaccine table (school-age
 *   products: Gardasil 9, Revaxis, MenQuadfi, M-M-RVAXPRO, Priorix).
 * - UK_CORE: UK Core example resources (shared/data/ukcore-examples), where they are coded in dm+d.
 * - GM_SDE: Greater Manchester Secure Data Environment clinical code sets
 *   (UoM-Data-Science-Platforms/gm-sde shared/clinical-code-sets/procedures/*-vaccination), taken
 *   from OpenSAFELY and NHS England reference sets.
 * - RAVS: NHS England "Record a vaccination" service design history, "Supporting MenB vaccinations
 *   in response to an outbreak" (April 2026).
 * Vaccines whose code could not be checked this way (Vaxelis, Pediacel, Repevax, the 2023
 * XBB.1.5 COVID-19 boosters, children's nasal flu) are left out rather than guessed.
 */
import { snomed, type Code } from '../fhir';

export type VaccineKey =
  | 'infanrixHexa'
  | 'bexsero'
  | 'rotarix'
  | 'prevenar13'
  | 'menitorix'
  | 'mmrvaxpro'
  | 'priorix'
  | 'boostrixIpv'
  | 'gardasil9'
  | 'gardasilQuadrivalent'
  | 'cervarix'
  | 'revaxis'
  | 'menQuadfi'
  | 'nimenrix'
  | 'fluQuadrivalentSanofi'
  | 'fluSplitVirionPfizer'
  | 'vaxzevria'
  | 'comirnaty'
  | 'spikevax'
  | 'comirnatyOriginalOmicronBa1'
  | 'comirnatyJn1';

export interface VaccineDef {
  readonly code: Code;
  /** Given by injection (intramuscular) or by mouth (rotavirus). */
  readonly route: 'intramuscular' | 'oral';
  readonly manufacturer: string;
}

export const VACCINES: Readonly<Record<VaccineKey, VaccineDef>> = {
  // IMMS_API, IMMS_CLIENT
  infanrixHexa: {
    code: snomed('34765811000001105', 'Infanrix Hexa vaccine powder and suspension for suspension for injection 0.5ml pre-filled syringes (GlaxoSmithKline UK Ltd)'),
    route: 'intramuscular',
    manufacturer: 'GlaxoSmithKline UK Ltd',
  },
  // IMMS_API, RAVS
  bexsero: { code: snomed('23584211000001109', 'Bexsero vaccine suspension for injection 0.5ml pre-filled syringes (GlaxoSmithKline UK Ltd)'), route: 'intramuscular', manufacturer: 'GlaxoSmithKline UK Ltd' },
  // IMMS_API
  rotarix: { code: snomed('34609911000001106', 'Rotarix vaccine live oral suspension 1.5ml tube (GlaxoSmithKline UK Ltd)'), route: 'oral', manufacturer: 'GlaxoSmithKline UK Ltd' },
  // IMMS_API
  prevenar13: { code: snomed('16649411000001104', 'Prevenar 13 vaccine suspension for injection 0.5ml pre-filled syringes (Pfizer Ltd)'), route: 'intramuscular', manufacturer: 'Pfizer Ltd' },
  // IMMS_API
  menitorix: { code: snomed('9903711000001109', 'Menitorix powder and solvent for solution for injection 0.5ml vials (GlaxoSmithKline)'), route: 'intramuscular', manufacturer: 'GlaxoSmithKline UK Ltd' },
  // IMMS_API, MAVIS, GM_SDE (MMR vaccination code set)
  mmrvaxpro: {
    code: snomed('13968211000001108', 'M-M-RVAXPRO vaccine powder and solvent for suspension for injection 0.5ml pre-filled syringes (Merck Sharp & Dohme (UK) Ltd)'),
    route: 'intramuscular',
    manufacturer: 'Merck Sharp & Dohme (UK) Ltd',
  },
  // IMMS_API, MAVIS, GM_SDE
  priorix: { code: snomed('34925111000001104', 'Priorix vaccine powder and solvent for solution for injection 0.5ml pre-filled syringes (GlaxoSmithKline UK Ltd)'), route: 'intramuscular', manufacturer: 'GlaxoSmithKline UK Ltd' },
  // IMMS_API, IMMS_CLIENT
  boostrixIpv: { code: snomed('26267211000001100', 'Boostrix-IPV suspension for injection 0.5ml pre-filled syringes (GlaxoSmithKline UK Ltd)'), route: 'intramuscular', manufacturer: 'GlaxoSmithKline UK Ltd' },
  // IMMS_API, MAVIS, GM_SDE (HPV vaccination code set)
  gardasil9: {
    code: snomed('33493111000001108', 'Gardasil 9 vaccine suspension for injection 0.5ml pre-filled syringes (Merck Sharp & Dohme (UK) Ltd)'),
    route: 'intramuscular',
    manufacturer: 'Merck Sharp & Dohme (UK) Ltd',
  },
  // IMMS_API, GM_SDE (HPV vaccination code set): the quadrivalent vaccine used 2012-2022.
  gardasilQuadrivalent: {
    code: snomed('10880211000001104', 'Gardasil vaccine suspension for injection 0.5ml pre-filled syringes (Merck Sharp & Dohme (UK) Ltd)'),
    route: 'intramuscular',
    manufacturer: 'Merck Sharp & Dohme (UK) Ltd',
  },
  // IMMS_API, GM_SDE: the bivalent vaccine used 2008-2012.
  cervarix: { code: snomed('12238911000001100', 'Cervarix vaccine suspension for injection 0.5ml pre-filled syringes (GlaxoSmithKline)'), route: 'intramuscular', manufacturer: 'GlaxoSmithKline UK Ltd' },
  // IMMS_CLIENT, MAVIS (the AMP; the API's 7374511000001107 is the pack, which UK Core says not to use)
  revaxis: { code: snomed('7374311000001101', 'Revaxis vaccine suspension for injection 0.5ml pre-filled syringes (Sanofi Pasteur)'), route: 'intramuscular', manufacturer: 'Sanofi' },
  // IMMS_API, MAVIS
  menQuadfi: { code: snomed('39779611000001104', 'MenQuadfi vaccine solution for injection 0.5ml vials (Sanofi)'), route: 'intramuscular', manufacturer: 'Sanofi' },
  // IMMS_API
  nimenrix: {
    code: snomed('20517811000001104', 'Nimenrix vaccine powder and solvent for solution for injection 0.5ml pre-filled syringes (GlaxoSmithKline UK Ltd)'),
    route: 'intramuscular',
    manufacturer: 'GlaxoSmithKline UK Ltd',
  },
  // IMMS_API
  fluQuadrivalentSanofi: {
    code: snomed('34680411000001107', 'Quadrivalent influenza vaccine (split virion, inactivated) suspension for injection 0.5ml pre-filled syringes (Sanofi Pasteur)'),
    route: 'intramuscular',
    manufacturer: 'Sanofi Pasteur',
  },
  // UK_CORE (UKCore-Immunization-InfluenzaVaccine-Example)
  fluSplitVirionPfizer: {
    code: snomed('11278411000001109', 'Influenza vaccine (split virion, inactivated) suspension for injection 0.5ml pre-filled syringes (Pfizer Ltd)'),
    route: 'intramuscular',
    manufacturer: 'Pfizer Ltd',
  },
  // UK_CORE (UKCore-Immunization-Sn-AstraZenecaVaccine-Example), IMMS_CLIENT
  vaxzevria: {
    code: snomed(
      '39114911000001105',
      'COVID-19 Vaccine Vaxzevria (ChAdOx1 S [recombinant]) not less than 2.5x100,000,000 infectious units/0.5ml dose suspension for injection multidose vials (AstraZeneca UK Ltd)',
    ),
    route: 'intramuscular',
    manufacturer: 'AstraZeneca UK Ltd',
  },
  // UK_CORE (UKCore-Medication-COVID-Vaccine-Example)
  comirnaty: {
    code: snomed('39115611000001103', 'Comirnaty COVID-19 mRNA Vaccine 30micrograms/0.3ml dose concentrate for dispersion for injection multidose vials (Pfizer Ltd)'),
    route: 'intramuscular',
    manufacturer: 'Pfizer Ltd',
  },
  // IMMS_CLIENT
  spikevax: {
    code: snomed('39326911000001101', 'Spikevax COVID-19 mRNA (nucleoside modified) Vaccine 0.1mg/0.5ml dose dispersion for injection multidose vials (Moderna, Inc)'),
    route: 'intramuscular',
    manufacturer: 'Moderna, Inc',
  },
  // IMMS_CLIENT
  comirnatyOriginalOmicronBa1: {
    code: snomed(
      '40851611000001102',
      'Comirnaty Original/Omicron BA.1 COVID-19 mRNA Vaccine 15micrograms/15micrograms/0.3ml dose dispersion for injection multidose vials (Pfizer Ltd)',
    ),
    route: 'intramuscular',
    manufacturer: 'Pfizer Ltd',
  },
  // IMMS_API
  comirnatyJn1: {
    code: snomed('43111411000001101', 'Comirnaty JN.1 COVID-19 mRNA Vaccine 30micrograms/0.3ml dose dispersion for injection multidose vials (Pfizer Ltd)'),
    route: 'intramuscular',
    manufacturer: 'Pfizer Ltd',
  },
};

/** Vaccination procedures (Extension-UKCore-VaccinationProcedure), where one could be checked. */
export const VACCINATION_PROCEDURE = {
  // UK_CORE (Extension-UKCore-VaccinationProcedure-COVID-Example), GM_SDE, IMMS_CLIENT
  covidFirst: snomed('1324681000000101', 'Administration of first dose of severe acute respiratory syndrome coronavirus 2 vaccine'),
  // GM_SDE (COVID vaccination code set), IMMS_CLIENT
  covidSecond: snomed('1324691000000104', 'Administration of second dose of severe acute respiratory syndrome coronavirus 2 vaccine'),
  // IMMS_API, IMMS_CLIENT
  covidBooster: snomed('1362591000000103', 'Immunisation course to maintain protection against SARS-CoV-2 (severe acute respiratory syndrome coronavirus 2)'),
  // GM_SDE (flu vaccination code set)
  seasonalFlu: snomed('822851000000102', 'Seasonal influenza vaccination'),
  // GM_SDE (HPV vaccination code set)
  hpvFirst: snomed('428741008', 'Administration of first dose of vaccine product containing only Human papillomavirus antigen'),
  // IMMS_API (code and term), RAVS (code)
  menBFirst: snomed('720539004', 'Administration of first dose of vaccine product containing only Neisseria meningitidis serogroup B antigen'),
  // IMMS_API
  mmrFirst: snomed('38598009', 'Administration of vaccine product containing only Measles morbillivirus and Mumps orthorubulavirus and Rubella virus antigens'),
  // IMMS_API
  mmrSecond: snomed('170433008', 'Administration of second dose of vaccine product containing only Measles morbillivirus and Mumps orthorubulavirus and Rubella virus antigens'),
} as const satisfies Record<string, Code>;

/** SNOMED CT routes (UK Core Immunization examples: intramuscular; the seed's oral route). */
export const ROUTE = {
  intramuscular: snomed('78421000', 'Intramuscular route'),
  oral: snomed('26643006', 'Oral route'),
} as const;
