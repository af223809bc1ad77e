/**
 * The terminology service: curated SNOMED CT (UK), dm+d and NHS code systems and value sets, held
 * in memory for the whole deployment (terminology is not per practice). The operations
 * (operations/lookup.ts, validate-code.ts, expand.ts) and the search engine use it through here.
 *
 * The store is built on first use and never changes afterwards; one per process.
 */
import { TerminologyStore, type SubsumptionOutcome } from './store';

export { BASE, SYSTEM } from './catalogue';
export type { CodeSystemDef, ConceptDef, PropertyValue, ValueSetDef } from './catalogue';
export { DEFAULT_PAGE, TerminologyStore } from './store';
export type { Concept, Expansion, ExpandOptions, Resolved, SubsumptionOutcome } from './store';

let store: TerminologyStore | undefined;

/** The deployment's terminology (built once, on first use). */
export function getTerminology(): TerminologyStore {
  store ??= new TerminologyStore();
  return store;
}

/**
 * How code `a` relates to code `b` in `system`'s is-a hierarchy (`subsumes` when `a` is an
 * ancestor of `b`), or undefined when the system or a code is not held. For `:below` searches.
 */
export function subsumes(system: string, a: string, b: string): SubsumptionOutcome | undefined {
  return getTerminology().subsumes(system, a, b);
}

/** `code` and every code below it in `system`, or undefined when not held. For `:below` searches. */
export function codesBelow(system: string, code: string): string[] | undefined {
  return getTerminology().descendants(system, code);
}

/** Whether `system|code` is in the value set at `url`; undefined when the value set is not held. For `:in`. */
export function isInValueSet(url: string, system: string, code: string): boolean | undefined {
  return getTerminology().isInValueSet(url, system, code);
}

/** Every `system|code` of the value set at `url` (for `:in` searches that need the list), or undefined. */
export function valueSetCodes(url: string): { system: string; code: string }[] | undefined {
  const expansion = getTerminology().expand(url, { count: Number.MAX_SAFE_INTEGER });
  return expansion?.contains.map((c) => ({ system: c.system, code: c.code }));
}
