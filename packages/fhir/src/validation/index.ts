/**
 * FHIR R4 resource validation against the official base StructureDefinitions (4.0.1): JSON
 * shape (json.html), cardinality, datatypes, required bindings and invariants.
 *
 * Issue expressions are FHIRPath-style paths from the root resource type using JSON property
 * names, every repeating element indexed: `Patient.name[0].given[1]`,
 * `Observation.valueQuantity.unit`, `Bundle.entry[2].resource.status`; a primitive's extension
 * (JSON `_birthDate`) is addressed on the primitive, `Patient.birthDate.extension[0]`.
 */
import { OperationOutcomeError, outcome, type OutcomeIssue } from '../outcome';
import { walkResource } from './walker';

export { SKIPPED_CONSTRAINTS } from './invariants';

/**
 * Every problem found in `value` as an R4 resource: errors, and warnings for invariants the
 * specification only recommends. Never throws for bad input.
 */
export function validateResource(value: unknown): OutcomeIssue[] {
  const issues: OutcomeIssue[] = [];
  walkResource(value, '', issues);
  return issues;
}

/** Throws a 400 OperationOutcomeError carrying every error when `value` is not a valid resource. */
export function assertValidResource(value: unknown): void {
  const errors = validateResource(value).filter((i) => i.severity === 'error' || i.severity === 'fatal');
  if (errors.length) throw new OperationOutcomeError(400, outcome(...errors));
}
