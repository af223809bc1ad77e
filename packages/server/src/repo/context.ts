import type { IndexRows, Resource } from '@openpractice/fhir';

/** Who is acting: bound into every Repository, so no surface can act outside its practice. */

export interface AccessContext {
  /** Internal practice (tenant) id; every query is scoped to it. */
  practiceId: number;
  /** ODS code of the practice. */
  odsCode: string;
  /** Stable id of the user or system acting. */
  subject: string;
  /** Role of the user (national RBAC role name, or a system role). */
  role: string;
}

/** What the repository needs from the FHIR layer: validation and search-value extraction. */
export interface RecordRules {
  /** Throws an OperationOutcomeError (400) when the resource is not valid R4. */
  validate(resource: unknown): void;
  /** The search values to index for a resource. */
  extract(resource: Resource): IndexRows;
}
