/** The FHIR rules the repository applies on every write: R4 validation and search extraction. */
import { assertValidResource, extractIndexRows } from '@openpractice/fhir';
import type { RecordRules } from './repo/context';

export const r4Rules: RecordRules = {
  validate: assertValidResource,
  extract: extractIndexRows,
};
