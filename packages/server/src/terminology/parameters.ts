/**
 * Reading the coded inputs of the terminology operations and writing their Parameters outputs
 * (R4 parameters.html). Shared by $lookup, $validate-code and $expand.
 */
import { fail, type Coding, type Resource } from '@openpractice/fhir';

/** One output parameter (R4 Parameters.parameter), with `value[x]` or `part`. */
export interface ParameterOut {
  name: string;
  valueString?: string;
  valueBoolean?: boolean;
  valueCode?: string;
  valueUri?: string;
  valueInteger?: number;
  valueCoding?: Coding;
  part?: ParameterOut[];
}

/** A Parameters resource from its parameters. */
export function parametersResource(parameter: ParameterOut[]): Resource {
  return { resourceType: 'Parameters', parameter };
}

/** Checks that a complex input is a Coding with string fields, or fails with 400. */
export function asCoding(value: unknown, name: string): Coding {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail.badRequest(`Parameter ${name} must be a Coding`, [name]);
  const c = value as Record<string, unknown>;
  for (const k of ['system', 'code', 'display', 'version'] as const) {
    if (c[k] !== undefined && typeof c[k] !== 'string') throw fail.badRequest(`${name}.${k} must be a string`, [`${name}.${k}`]);
  }
  return c as Coding;
}

/** Checks that a complex input is a CodeableConcept whose codings are Codings, or fails with 400. */
export function asCodings(value: unknown, name: string): Coding[] {
  const coding = (value as { coding?: unknown } | null)?.coding;
  if (typeof value !== 'object' || value === null || !Array.isArray(coding)) {
    throw fail.badRequest(`Parameter ${name} must be a CodeableConcept with codings`, [name]);
  }
  return coding.map((c, i) => asCoding(c, `${name}.coding[${i}]`));
}

/** A non-negative integer input (count, offset), or fails with 400. */
export function nonNegativeInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw fail.badRequest(`Parameter ${name} must be a non-negative integer`, [name]);
  return Number(value);
}
