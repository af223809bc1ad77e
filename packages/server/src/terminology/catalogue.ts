/**
 * What the terminology service holds: the code systems built from the curated tables in data/,
 * HL7's own R4 code systems the record needs (from the official definitions package), and the
 * value sets composed over them. Pure definitions; the store (store.ts) indexes them.
 *
 * Canonical URLs: a code system or value set that really exists keeps its real URL (SNOMED CT,
 * dm+d, UK Core, Care Connect, HL7). Ours live under one base, BASE below: the `.example` top-level
 * domain is reserved (RFC 2606), so the URLs can never collide with a real publisher's.
 */
import { getTerminologyResources } from '@openpractice/fhir';
import { AMPS, VMPS, VTMS } from './data/dmd/index';
import { ETHNIC_CATEGORY_ENGLAND, ETHNIC_CATEGORY_WALES, NATIONAL_SLOT_TYPE_CATEGORY, REGISTRATION_TYPE } from './data/nhs';
import { PROBLEM_BLOCKS } from './data/snomed-problems';
import { ADMIN_BLOCKS, ALLERGY_BLOCKS, OBSERVABLE_BLOCKS, PROCEDURE_BLOCKS, REACTION_BLOCKS, SMOKING_BLOCKS } from './data/snomed-record';
import type { CodeRow, SnomedBlock } from './data/types';

/** Base of this deployment's own canonical URLs. */
export const BASE = 'https://openpractice.nhs.example';

export const SYSTEM = {
  snomed: 'http://snomed.info/sct',
  dmd: 'https://dmd.nhs.uk',
  ethnicCategoryEngland: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland',
  ethnicCategoryWales: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryWales',
  registrationType: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-RegistrationType-1',
  nationalSlotTypeCategory: `${BASE}/CodeSystem/national-slot-type-category`,
  appointmentStatus: 'http://hl7.org/fhir/appointmentstatus',
  slotStatus: 'http://hl7.org/fhir/slotstatus',
} as const;

export type PropertyType = 'code' | 'string' | 'boolean';

export interface PropertyValue {
  readonly code: string;
  readonly type: PropertyType;
  readonly value: string | boolean;
}

export interface ConceptDef {
  readonly code: string;
  readonly display: string;
  /** Codes of is-a parents within this code system. */
  readonly parents?: readonly string[];
  /** Other descriptions of the concept (searchable, and accepted as a display). */
  readonly designations?: readonly string[];
  /** Retired identifiers that still resolve to this concept (dm+d VPIDPREV). */
  readonly previous?: readonly string[];
  /** Which value sets of this system it belongs to (problem, allergy, VMP, ...). */
  readonly tags: readonly string[];
  readonly properties?: readonly PropertyValue[];
  /** Where the code and display were read. */
  readonly source?: string;
}

export interface CodeSystemDef {
  readonly url: string;
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly version: string;
  readonly content: 'complete' | 'fragment';
  readonly description: string;
  readonly copyright?: string;
  /** R4 CodeSystem.property declarations for the properties $lookup returns. */
  readonly properties: readonly { code: string; type: PropertyType; description: string }[];
  readonly concepts: readonly ConceptDef[];
}

export interface ValueSetDef {
  readonly url: string;
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly version: string;
  readonly description: string;
  /** Concepts of `system` carrying any of `tags` (all of the system's concepts without tags). */
  readonly include: readonly { system: string; tags?: readonly string[] }[];
}

const SUBSET_VERSION = 'openpractice-subset-2026-11';

const HIERARCHY_PROPERTIES = [
  { code: 'parent', type: 'code', description: 'An is-a parent within this subset' },
  { code: 'child', type: 'code', description: 'An is-a child within this subset' },
] as const;

function snomedConcepts(groups: readonly (readonly [tag: string, blocks: readonly SnomedBlock[]])[]): ConceptDef[] {
  const out = new Map<string, { def: ConceptDef; tags: string[] }>();
  for (const [tag, blocks] of groups) {
    for (const block of blocks) {
      for (const [code, display, parents, synonyms] of block.rows) {
        const seen = out.get(code);
        if (seen) {
          // The same concept may serve two pickers (a finding that is also an admin code).
          if (seen.def.display !== display) throw new Error(`SNOMED CT ${code} has two displays: ${seen.def.display} / ${display}`);
          seen.tags.push(tag);
          continue;
        }
        const tags = [tag];
        const def = { code, display, tags, source: block.source, ...(parents ? { parents } : {}), ...(synonyms ? { designations: synonyms } : {}) };
        out.set(code, { def, tags });
      }
    }
  }
  return [...out.values()].map((v) => v.def);
}

function dmdConcepts(): ConceptDef[] {
  const vtms: ConceptDef[] = VTMS.map(([code, display]) => ({
    code,
    display,
    tags: ['VTM'],
    properties: [{ code: 'class', type: 'code', value: 'VTM' }],
  }));
  const vmps: ConceptDef[] = VMPS.map((v) => ({
    code: v.code,
    display: v.display,
    tags: ['VMP'],
    source: v.source,
    ...(v.vtm ? { parents: [v.vtm] } : {}),
    ...(v.previous ? { previous: v.previous } : {}),
    properties: [
      { code: 'class', type: 'code', value: 'VMP' },
      { code: 'form', type: 'string', value: v.form },
      ...(v.strength ? [{ code: 'strength', type: 'string' as const, value: v.strength }] : []),
      { code: 'dose', type: 'string', value: v.dose },
      ...(v.vtmName ? [{ code: 'vtmName', type: 'string' as const, value: v.vtmName }] : []),
      ...(v.previous ?? []).map((p) => ({ code: 'previousCode', type: 'code' as const, value: p })),
    ],
  }));
  const amps: ConceptDef[] = AMPS.map(([code, display, vmp]) => ({
    code,
    display,
    tags: ['AMP'],
    parents: [vmp],
    properties: [{ code: 'class', type: 'code', value: 'AMP' }],
  }));
  return [...vtms, ...vmps, ...amps];
}

function flat(rows: readonly CodeRow[]): ConceptDef[] {
  return rows.map(([code, display]) => ({ code, display, tags: [] }));
}

/** An HL7 R4 code system from the official definitions, as shipped (content complete). */
function hl7CodeSystem(url: string, id: string): CodeSystemDef {
  const cs = getTerminologyResources().get(`CodeSystem|${url}`) as
    | { name?: string; title?: string; version?: string; description?: string; concept?: { code: string; display?: string }[] }
    | undefined;
  if (!cs?.concept) throw new Error(`The R4 definitions have no CodeSystem ${url}`);
  return {
    url,
    id,
    name: cs.name ?? id,
    title: cs.title ?? cs.name ?? id,
    version: cs.version ?? '4.0.1',
    content: 'complete',
    description: `${cs.description ?? ''} (HL7 FHIR R4 4.0.1, from the official definitions)`.trim(),
    properties: [],
    concepts: cs.concept.map((c) => ({ code: c.code, display: c.display ?? c.code, tags: [] })),
  };
}

/** Every code system the service holds. */
export function codeSystems(): CodeSystemDef[] {
  return [
    {
      url: SYSTEM.snomed,
      id: 'snomed-ct-subset',
      name: 'SNOMED_CT',
      title: 'SNOMED CT (UK) - OpenPractice curated subset',
      version: `${SUBSET_VERSION} (NHS England PCD reference sets, UK Core and HL7 R4 examples; see terminology/README.md)`,
      content: 'fragment',
      description:
        'SNOMED CT concepts a GP uses daily, each checked against a published list. A curated reference subset, not a SNOMED CT release.',
      copyright:
        'SNOMED CT is owned by SNOMED International and used in the UK under the NHS England national licence; its use requires a licence in other countries.',
      properties: HIERARCHY_PROPERTIES,
      concepts: snomedConcepts([
        ['problem', PROBLEM_BLOCKS],
        ['observable', OBSERVABLE_BLOCKS],
        ['smoking', SMOKING_BLOCKS],
        ['allergy', ALLERGY_BLOCKS],
        ['reaction', REACTION_BLOCKS],
        ['procedure', PROCEDURE_BLOCKS],
        ['admin', ADMIN_BLOCKS],
      ]),
    },
    {
      url: SYSTEM.dmd,
      id: 'dmd-subset',
      name: 'DMD',
      title: 'dm+d - OpenPractice curated subset',
      version: `${SUBSET_VERSION} (OpenSAFELY dm+d codelists and UK Core examples; see terminology/README.md)`,
      content: 'fragment',
      description:
        'NHS Dictionary of Medicines and Devices products (VTM, VMP, AMP) prescribed in English general practice, with form, strength and a usual dose.',
      copyright: 'dm+d is published by the NHS Business Services Authority under the Open Government Licence; its ids are SNOMED CT UK Drug Extension ids.',
      properties: [
        ...HIERARCHY_PROPERTIES,
        { code: 'class', type: 'code', description: 'VTM, VMP or AMP' },
        { code: 'form', type: 'string', description: 'Dose form' },
        { code: 'strength', type: 'string', description: 'Strength as stated in the VMP name' },
        { code: 'dose', type: 'string', description: 'A usual adult dose, as prescription text' },
        { code: 'vtmName', type: 'string', description: 'Name of the VTM' },
        { code: 'previousCode', type: 'code', description: 'A previous identifier (VPIDPREV) of this VMP' },
        { code: 'currentCode', type: 'code', description: 'The current identifier, when the code looked up is a previous one' },
      ],
      concepts: dmdConcepts(),
    },
    {
      url: SYSTEM.ethnicCategoryEngland,
      id: 'UKCore-EthnicCategoryEngland',
      name: 'UKCoreEthnicCategoryEngland',
      title: 'UK Core Ethnic Category England',
      version: '1.0.0',
      content: 'complete',
      description: 'The ethnicity of a person, as specified by the person, for use in England (UK Core).',
      properties: [],
      concepts: flat(ETHNIC_CATEGORY_ENGLAND),
    },
    {
      url: SYSTEM.ethnicCategoryWales,
      id: 'UKCore-EthnicCategoryWales',
      name: 'UKCoreEthnicCategoryWales',
      title: 'UK Core Ethnic Category Wales',
      version: '1.0.0',
      content: 'complete',
      description: 'The ethnicity of a person, as specified by the person, for use in Wales (UK Core).',
      properties: [],
      concepts: flat(ETHNIC_CATEGORY_WALES),
    },
    {
      url: SYSTEM.registrationType,
      id: 'CareConnect-RegistrationType-1',
      name: 'CareConnectRegistrationType',
      title: 'Care Connect Registration Type',
      version: '1.0.0',
      content: 'complete',
      description: 'The type of registration for a patient at a healthcare organisation (HL7 UK Care Connect, used by GP Connect).',
      properties: [],
      concepts: flat(REGISTRATION_TYPE),
    },
    {
      url: SYSTEM.nationalSlotTypeCategory,
      id: 'national-slot-type-category',
      name: 'NationalSlotTypeCategory',
      title: 'National slot type category (Appointments in General Practice)',
      version: '1',
      content: 'complete',
      description:
        "NHS England's national slot type categories, published as names only; the codes are OpenPractice's, derived from the names.",
      properties: [],
      concepts: flat(NATIONAL_SLOT_TYPE_CATEGORY),
    },
    hl7CodeSystem(SYSTEM.appointmentStatus, 'appointmentstatus'),
    hl7CodeSystem(SYSTEM.slotStatus, 'slotstatus'),
  ];
}

function ours(id: string, title: string, description: string, include: ValueSetDef['include']): ValueSetDef {
  const name = title.replace(/[^A-Za-z0-9]/g, '');
  return { url: `${BASE}/ValueSet/${id}`, id, name, title, version: SUBSET_VERSION, description, include };
}

/** Every value set the service can expand and validate against. */
export function valueSets(): ValueSetDef[] {
  const snomed = (...tags: string[]) => [{ system: SYSTEM.snomed, tags }];
  return [
    ours('problems', 'Problems', 'Conditions and findings for the problem list: long-term conditions and common acute problems.', snomed('problem')),
    ours('observables', 'Observables', 'Measurements and observable entities: blood pressure, BMI, HbA1c, eGFR and the like.', snomed('observable')),
    ours('smoking-status', 'Smoking status', 'Smoking status findings.', snomed('smoking')),
    ours('allergies', 'Allergies and adverse reactions', 'Allergies, intolerances and "no known allergy".', snomed('allergy')),
    ours('allergy-reactions', 'Allergy reactions', 'Reactions recorded against an allergy or intolerance.', snomed('reaction')),
    ours('procedures', 'Procedures', 'Procedures and reviews a GP team records.', snomed('procedure')),
    ours('administrative', 'Administrative codes', 'Fitness for work, registers, referral sources and record headings.', snomed('admin')),
    ours('medicines', 'Medicines', 'Prescribable dm+d products: VMPs and AMPs.', [{ system: SYSTEM.dmd, tags: ['VMP', 'AMP'] }]),
    ours('medicine-vtms', 'Medicine moieties', 'dm+d VTMs, for recording allergies and intolerances to a drug.', [{ system: SYSTEM.dmd, tags: ['VTM'] }]),
    ours('ethnic-category-england', 'Ethnic category (England)', 'The 2001 census ethnic categories used in England.', [
      { system: SYSTEM.ethnicCategoryEngland },
    ]),
    ours('registration-type', 'Registration type', 'The type of a patient registration at the practice.', [{ system: SYSTEM.registrationType }]),
    ours('national-slot-type-category', 'National slot type category', 'National categories for appointment slot types.', [
      { system: SYSTEM.nationalSlotTypeCategory },
    ]),
    {
      url: 'https://fhir.hl7.org.uk/ValueSet/UKCore-EthnicCategory',
      id: 'UKCore-EthnicCategory',
      name: 'UKCoreEthnicCategory',
      title: 'UK Core Ethnic Category',
      version: '2.2.0',
      description: 'A set of codes that define the ethnicity of a person, as specified by the person (UK Core).',
      include: [{ system: SYSTEM.ethnicCategoryEngland }, { system: SYSTEM.ethnicCategoryWales }],
    },
    {
      url: 'http://hl7.org/fhir/ValueSet/appointmentstatus',
      id: 'appointmentstatus',
      name: 'AppointmentStatus',
      title: 'AppointmentStatus',
      version: '4.0.1',
      description: 'The free/busy status of an appointment (HL7 FHIR R4).',
      include: [{ system: SYSTEM.appointmentStatus }],
    },
    {
      url: 'http://hl7.org/fhir/ValueSet/slotstatus',
      id: 'slotstatus',
      name: 'SlotStatus',
      title: 'SlotStatus',
      version: '4.0.1',
      description: 'The free/busy status of a slot (HL7 FHIR R4).',
      include: [{ system: SYSTEM.slotStatus }],
    },
  ];
}
