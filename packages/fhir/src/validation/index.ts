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
  try {
    walkResource(value, '', issues);
  } catch (err) {
    // Only pathological input gets here (nesting deep enough to exhaust the stack); report it
    // rather than fail the request with a 500.
    const diagnostics = err instanceof RangeError ? 'The resource is nested too deeply to validate' : 'The resource could not be validated';
    issues.push({ severity: 'fatal', code: 'too-costly', diagnostics, expression: ['Resource'] });
  }
  return issues;
}

/** Throws a 400 OperationOutcomeError carrying every error when `value` is not a valid resource. */
export function assertValidResource(value: unknown): void {
  const errors = validateResource(value).filter((i) => i.severity === 'error' || i.severity === 'fatal');
  if (errors.length) throw new OperationOutcomeError(400, outcome(...errors));
}
