/**
 * Shapes of the curated terminology tables. Rows are tuples so the tables stay short and easy to
 * review against their sources line by line.
 */

/**
 * One SNOMED CT concept: `[conceptId, term, parents?]`. `parents` names is-a parents *within this
 * fragment* (the nearest ancestor that the subset holds, which may be a grandparent in the full
 * release); leave it out where the relationship was not checked. `synonyms` are other descriptions
 * of the concept found in the sources (e.g. the international term where the UK one differs).
 */
export type SnomedRow = readonly [code: string, display: string, parents?: readonly string[], synonyms?: readonly string[]];

/** A block of rows taken from one source, so every row can be traced back to where it was read. */
export interface SnomedBlock {
  /** Where the codes and terms were read (repository and path, or publication). */
  readonly source: string;
  readonly rows: readonly SnomedRow[];
}

/** A dm+d Virtual Therapeutic Moiety: `[VTMID, name]`. */
export type VtmRow = readonly [code: string, display: string];

/** A dm+d Virtual Medicinal Product with the prescribing facts a picker shows. */
export interface VmpRow {
  /** VPID (a SNOMED CT UK Drug Extension concept id). */
  readonly code: string;
  /** VMP name exactly as dm+d spells it. */
  readonly display: string;
  /** Dose form (dm+d form, as text). */
  readonly form: string;
  /** Strength as written in the VMP name; absent for products without one (e.g. simple linctus). */
  readonly strength?: string;
  /** A usual adult dose written the way English prescriptions are (not a recommendation). */
  readonly dose: string;
  /** VTMID, where the VTM's id was verified. */
  readonly vtm?: string;
  /** The ingredient name as the VMP name gives it, where the VTM's id is not held. */
  readonly vtmName?: string;
  /** Previous VPIDs (dm+d VPIDPREV): records made before a re-identification still resolve. */
  readonly previous?: readonly string[];
  readonly source: string;
}

/** A dm+d Actual Medicinal Product: `[APID, name, VPID]`. */
export type AmpRow = readonly [code: string, display: string, vmp: string];

/** The dm+d rows of one BNF chapter (or group of chapters). */
export interface DmdChapter {
  readonly vmps: readonly VmpRow[];
  readonly amps: readonly AmpRow[];
}

/** A code in a small national code system: `[code, display]`. */
export type CodeRow = readonly [code: string, display: string];
