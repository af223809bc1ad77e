/** The FHIR rules the repository applies on every write: R4 validation and search extraction. */
import { assertValidResource, extractIndexRows, getResourceTypes, validateResource } from '@openpractice/fhir';
import type { RecordRules } from './repo/context';

export const r4Rules: RecordRules = {
  validate: assertValidResource,
  extract: extractIndexRows,
};

/**
 * Loads the definitions and compiles validation schemas and extraction plans for every type
 * (~3 s once per process), so no request pays that cost.
 */
export function warmUpRules(): void {
  for (const resourceType of getResourceTypes()) {
    validateResource({ resourceType });
    extractIndexRows({ resourceType });
  }
}
