/**
 * Small builders for FHIR R4 datatypes, so resource code reads as data. Builders never emit empty
 * strings, arrays or nulls: optional parts are simply left out.
 */
import type { Coding, Resource } from '@openpractice/fhir';
import { SYSTEM } from './codes/systems';

/** A code from a table: system, code and its display term. */
export interface Code {
  readonly system: string;
  readonly code: string;
  readonly display: string;
}

export interface CodeableConcept {
  coding: Coding[];
  text?: string;
}

export interface Quantity {
  value: number;
  unit: string;
  system?: string;
  code?: string;
}

export function coding(c: Code): Coding {
  return { system: c.system, code: c.code, display: c.display };
}

export function concept(...codes: Code[]): CodeableConcept {
  return { coding: codes.map(coding) };
}

export function snomed(code: string, display: string): Code {
  return { system: SYSTEM.snomed, code, display };
}

/** A literal reference `Type/id` to a resource that has an id. */
export function ref(resource: Resource, display?: string): { reference: string; display?: string } {
  if (!resource.id) throw new Error(`Cannot reference a ${resource.resourceType} without an id`);
  const reference = `${resource.resourceType}/${resource.id}`;
  return display ? { reference, display } : { reference };
}

/** A UCUM quantity. */
export function ucum(value: number, code: string, unit: string = code): Quantity {
  return { value, unit, system: SYSTEM.ucum, code };
}

/** Rounds to `places` decimal places (FHIR decimals keep their precision as written). */
export function round(value: number, places = 0): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}
