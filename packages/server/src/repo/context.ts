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
  /**
   * Who is acting (token `kind`): staff, a patient (or proxy), a backend system, the operator.
   * Absent for bootstrap tokens, which act as staff with the role's full permissions.
   */
  kind?: 'staff' | 'patient' | 'system' | 'operator';
  /** The token's `scope` (SMART); absent = the role's full permissions. Scopes narrow, never widen. */
  scope?: string;
  /** Patient in context: the signed-in patient, whom a proxy acts for, or the SMART launch patient. */
  patient?: string;
  /** A patient login acting for someone else. */
  proxy?: boolean;
  /** Identity proofing of a patient login (P0, P5, P9); only P9 sees the detailed record. */
  proofing?: 'P0' | 'P5' | 'P9';
  /** The app or system the request came through. */
  clientId?: string;
  /** The acting user as a FHIR reference (Practitioner/…, Patient/…, RelatedPerson/…). */
  fhirUser?: string;
  /** Source network address of the request. */
  ip?: string;
  /** HTTP request id, carried into audit records. */
  requestId?: string;
}

/** What the repository needs from the FHIR layer: validation and search-value extraction. */
export interface RecordRules {
  /** Throws an OperationOutcomeError (400) when the resource is not valid R4. */
  validate(resource: unknown): void;
  /** The search values to index for a resource. */
  extract(resource: Resource): IndexRows;
}
