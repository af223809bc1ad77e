/** Allergy codes (SNOMED CT "allergy to …" findings) and reaction manifestations. */
import { snomed, type Code } from '../fhir';

export interface AllergyDef {
  readonly code: Code;
  readonly category: 'medication' | 'food' | 'environment';
  /** Share of people with a recorded allergy of this kind. */
  readonly prevalence: number;
  readonly criticality: 'low' | 'high';
  /** Reactions, each with the share of cases recording it. */
  readonly reactions: readonly { readonly manifestation: Code; readonly severity: 'mild' | 'moderate' | 'severe'; readonly weight: number }[];
  readonly minAge: number;
}

export const MANIFESTATION = {
  rash: snomed('271807003', 'Eruption of skin'),
  urticaria: snomed('247472004', 'Wheal'),
  anaphylaxis: snomed('39579001', 'Anaphylaxis'),
} as const;

export const ALLERGIES: readonly AllergyDef[] = [
  {
    // Roughly one person in ten in England carries a penicillin allergy label.
    code: snomed('91936005', 'Allergy to penicillin'),
    category: 'medication',
    prevalence: 0.08,
    criticality: 'high',
    reactions: [
      { manifestation: MANIFESTATION.rash, severity: 'mild', weight: 6 },
      { manifestation: MANIFESTATION.urticaria, severity: 'moderate', weight: 3 },
      { manifestation: MANIFESTATION.anaphylaxis, severity: 'severe', weight: 1 },
    ],
    minAge: 1,
  },
  {
    code: snomed('91935009', 'Allergy to peanut'),
    category: 'food',
    prevalence: 0.015,
    criticality: 'high',
    reactions: [
      { manifestation: MANIFESTATION.urticaria, severity: 'moderate', weight: 3 },
      { manifestation: MANIFESTATION.anaphylaxis, severity: 'severe', weight: 1 },
    ],
    minAge: 1,
  },
  {
    code: snomed('300916003', 'Latex allergy'),
    category: 'environment',
    prevalence: 0.01,
    criticality: 'low',
    reactions: [{ manifestation: MANIFESTATION.rash, severity: 'mild', weight: 1 }],
    minAge: 16,
  },
];

/** Recorded when a patient has been asked and reports no allergies. */
export const NO_KNOWN_ALLERGY = snomed('716186003', 'No known allergy');
