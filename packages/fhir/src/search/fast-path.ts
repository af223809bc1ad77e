/**
 * A fast path for the search expressions that are plain property walks, which is nearly all of
 * R4's: `Patient.name`, `Observation.value.ofType(Quantity)`, `Patient.telecom.where(system='phone')`,
 * `Observation.subject.where(resolve() is Patient)`, `(Observation.value as Quantity)`. Each is
 * compiled once, against the StructureDefinitions, into a list of steps whose result types are
 * known statically; walking them is a few property reads, against ~10–50 µs per expression for a
 * general FHIRPath evaluation. Anything else returns undefined and is left to `fhirpath`.
 */
import { matchingParen, splitTopLevel, stripWrappingParens } from './search-parameters';
import { choiceKey, type ElementContext, type ElementTypes } from './element-types';

/** A value reached by an expression, with its FHIR type (`HumanName`, `dateTime`, `boolean`…). */
export interface TypedValue {
  value: unknown;
  type: string;
}

type Step =
  /** Read `key`; its values have FHIR type `type`. */
  | { kind: 'field'; key: string; type: string }
  /** A choice element without ofType(): read every `valueX` key with its type. */
  | { kind: 'choice'; candidates: { key: string; type: string }[] }
  /** `where(field = 'literal')` on a primitive field. */
  | { kind: 'where-equals'; field: string; literal: string }
  /** `where(resolve() is Type)` on a Reference, decided from the reference itself. */
  | { kind: 'where-reference-type'; targetType: string };

/** A compiled expression: one step list per union member. */
export type FastPath = readonly (readonly Step[])[];

const IDENT = /^[A-Za-z][A-Za-z0-9_]*$/;
const OF_TYPE = /^(?:ofType|as)\(\s*(?:FHIR\.)?([A-Za-z]+)\s*\)$/;
const WHERE_RESOLVE = /^where\(\s*resolve\(\)\s+is\s+(?:FHIR\.)?([A-Za-z]+)\s*\)$/;
const WHERE_EQUALS = /^where\(\s*([a-z][A-Za-z0-9]*)\s*=\s*'([^'\\]*)'\s*\)$/;
const TRAILING_AS = /^(.*\S)\s+as\s+(?:FHIR\.)?([A-Za-z]+)$/;

/**
 * Rewrites a union member into plain dotted form: `(A.b as T)` → `A.b.ofType(T)` (FHIRPath's
 * `as` requires a singleton in fhirpath.js 5; search semantics are those of ofType, as R4's
 * corrected definitions use), and `(A.b.ofType(T)).c` → `A.b.ofType(T).c`.
 */
export function toDottedForm(member: string): string {
  let text = stripWrappingParens(member);
  const as = TRAILING_AS.exec(text);
  if (as) text = `${stripWrappingParens(as[1] ?? '')}.ofType(${as[2]})`;
  if (text.startsWith('(')) {
    const close = matchingParen(text, 0);
    if (close > 0 && text[close + 1] === '.') text = toDottedForm(text.slice(1, close)) + text.slice(close + 1);
  }
  return text;
}

/** One union member's steps; undefined when not a plain walk, null when it can never match. */
function compileMember(member: string, resourceType: string, types: ElementTypes): Step[] | null | undefined {
  const segments = splitTopLevel(toDottedForm(member), '.').map((s) => s.trim());
  if (segments[0] !== resourceType) return undefined;
  const steps: Step[] = [];
  let ctx: ElementContext | undefined = { sd: resourceType, path: resourceType };
  let current: string[] = [resourceType];
  for (const segment of segments.slice(1)) {
    let m: RegExpExecArray | null;
    const last = steps[steps.length - 1];
    if (IDENT.test(segment)) {
      // Children of a primitive (its id/extension) live under `_name` in JSON: leave to fhirpath.
      if (!ctx || last?.kind === 'choice' || current.some((t) => /^[a-z]/.test(t))) return undefined;
      const el = types.child(ctx, segment);
      if (!el || el.types.length === 0) return undefined;
      if (el.choice) {
        steps.push({ kind: 'choice', candidates: el.types.map((t) => ({ key: choiceKey(segment, t), type: t })) });
        ctx = undefined;
      } else {
        if (el.types.length !== 1) return undefined;
        steps.push({ kind: 'field', key: segment, type: el.types[0] ?? '' });
        ctx = el.childContext;
      }
      current = el.types;
    } else if ((m = OF_TYPE.exec(segment))) {
      const wanted = m[1] ?? '';
      if (last?.kind === 'choice') {
        const hit = last.candidates.find((c) => c.type === wanted);
        if (!hit) return null; // cannot match anything
        steps[steps.length - 1] = { kind: 'field', key: hit.key, type: hit.type };
        ctx = { sd: hit.type, path: hit.type };
      } else if (!current.includes(wanted)) {
        return undefined; // a subtype test (e.g. Quantity as Age): let fhirpath decide
      }
      current = [wanted];
    } else if ((m = WHERE_RESOLVE.exec(segment))) {
      if (current.length !== 1 || current[0] !== 'Reference') return undefined;
      steps.push({ kind: 'where-reference-type', targetType: m[1] ?? '' });
    } else if ((m = WHERE_EQUALS.exec(segment))) {
      if (!ctx || last?.kind === 'choice') return undefined;
      const field = types.child(ctx, m[1] ?? '');
      if (!field || field.choice) return undefined;
      steps.push({ kind: 'where-equals', field: m[1] ?? '', literal: m[2] ?? '' });
    } else {
      return undefined;
    }
  }
  return steps;
}

/**
 * Compiles `expression` (already narrowed to `resourceType`) into a FastPath, or returns
 * undefined when any union member is not a plain walk the fast path understands.
 */
export function compileFastPath(expression: string, resourceType: string, types: ElementTypes): FastPath | undefined {
  const members: Step[][] = [];
  for (const member of splitTopLevel(expression, '|')) {
    const steps = compileMember(member, resourceType, types);
    if (steps === undefined) return undefined;
    if (steps !== null) members.push(steps);
  }
  return members;
}

/** The resource type a Reference points at, read from its literal reference or its `type`. */
export function referenceTargetType(ref: unknown): string | undefined {
  if (typeof ref !== 'object' || ref === null) return undefined;
  const r = ref as { reference?: unknown; type?: unknown };
  if (typeof r.reference === 'string') {
    const m = /(?:^|\/)([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[^/]+)?$/.exec(r.reference);
    if (m) return m[1];
  }
  return typeof r.type === 'string' ? r.type : undefined;
}

function walk(steps: readonly Step[], i: number, value: unknown, type: string, out: TypedValue[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const v of value) walk(steps, i, v, type, out);
    return;
  }
  const step = steps[i];
  if (!step) {
    out.push({ value, type });
    return;
  }
  if (typeof value !== 'object') return; // a primitive has no children to step into
  const obj = value as Record<string, unknown>;
  switch (step.kind) {
    case 'field':
      walk(steps, i + 1, obj[step.key], step.type, out);
      return;
    case 'choice':
      for (const c of step.candidates) walk(steps, i + 1, obj[c.key], c.type, out);
      return;
    case 'where-equals':
      if (obj[step.field] === step.literal) walk(steps, i + 1, obj, type, out);
      return;
    case 'where-reference-type':
      if (referenceTargetType(obj) === step.targetType) walk(steps, i + 1, obj, type, out);
      return;
    default: {
      const never: never = step;
      throw new Error(`Unknown step ${JSON.stringify(never)}`);
    }
  }
}

/** Evaluates a compiled FastPath against a resource, appending typed values to `out`. */
export function runFastPath(path: FastPath, resource: object, resourceType: string, out: TypedValue[]): void {
  for (const steps of path) walk(steps, 0, resource, resourceType, out);
}
