/**
 * Invariants (`ElementDefinition.constraint`) from the official snapshots, evaluated with the
 * `fhirpath` engine and its R4 model (FHIR conformance-rules.html#constraints). Each expression
 * is compiled once per (FHIRPath base, expression) and cached.
 */
import fhirpath from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4';
import { readR4Definition, type ElementDefinition } from '../definitions';
import { compileAbsentShortcut } from './absent-shortcut';

export interface Invariant {
  readonly key: string;
  readonly severity: 'error' | 'warning';
  readonly human: string;
  readonly expression: string;
  /** FHIRPath base of the evaluation context (type name or element path); undefined for a resource. */
  readonly base: string | undefined;
}

/**
 * Constraint keys not evaluated with FHIRPath, each with the reason. The first group is
 * implemented natively in the walker (they apply to nearly every element, or their 4.0.1
 * expression needs correcting); the rest are deliberately not checked.
 */
export const SKIPPED_CONSTRAINTS: Readonly<Record<string, string>> = {
  // Native (see walker.ts).
  'ele-1': 'native: every element needs a value or children (json.html: no empty objects, arrays or strings)',
  'ext-1': 'native: an extension has either extensions or value[x], not both (extensibility.html)',
  'dom-3':
    'native: contained resources must be referenced from the container or reference it (references.html#contained); ' +
    'the R4 expression walks descendants() four times per resource',
  'ref-1':
    'native, as corrected in R4B/R5: the 4.0.1 expression rejects "#" (a contained resource referring to its container), ' +
    'which references.html#contained and dom-3 allow',
  // Deliberately skipped: the 4.0.1 expression is wrong or cannot run here.
  'que-7':
    "R4 expression `answer is Boolean` names the System type, which a FHIR boolean is not (fhirpath.html#types), " +
    'so it rejects every valid enableWhen with operator exists; R4B and R5 correct it to `answer is boolean`',
  'eld-16': 'regex escapes (`\\@`) invalid in the Unicode-mode JavaScript regexes FHIRPath matches() uses (fhirpath.html#functions)',
  'eld-19': 'regex escapes (`\\\'`) invalid in the Unicode-mode JavaScript regexes FHIRPath matches() uses',
  'eld-20': 'warning-level; regex `(\\[x])` invalid in Unicode-mode JavaScript regexes (lone `]`)',
  'ctm-1': 'needs resolve() of CareTeam.participant.member, which cannot be evaluated without fetching other resources',
};

type Evaluator = (node: unknown, env: Record<string, unknown>) => unknown[];

/** undefined = not compiled yet; null = the expression does not compile (skipped). */
const compiled = new Map<string, Evaluator | null>();

/** Builds invariants from ElementDefinition.constraint, leaving out skipped ones. */
export function toInvariants(constraints: ElementDefinition['constraint'], base: string | undefined): Invariant[] {
  const out: Invariant[] = [];
  for (const c of constraints ?? []) {
    if (!c.expression || c.key in SKIPPED_CONSTRAINTS) continue;
    if (c.severity !== 'error' && c.severity !== 'warning') continue;
    out.push({ key: c.key, severity: c.severity, human: c.human, expression: c.expression, base });
  }
  return out;
}

function getEvaluator(inv: Invariant): Evaluator | null {
  const cacheKey = `${inv.base ?? ''}|${inv.expression}`;
  let fn = compiled.get(cacheKey);
  if (fn === undefined) {
    try {
      const path = inv.base ? { base: inv.base, expression: inv.expression } : inv.expression;
      // Several R4 expressions call trace(); keep it off the console.
      fn = fhirpath.compile(path, r4Model, { traceFn: () => undefined }) as Evaluator;
    } catch {
      fn = null;
    }
    compiled.set(cacheKey, fn);
  }
  return fn;
}

/** undefined = not compiled yet; null = no shortcut for this expression. */
const shortcuts = new Map<string, ((node: unknown) => boolean) | null>();

function getShortcut(expression: string): ((node: unknown) => boolean) | null {
  let fn = shortcuts.get(expression);
  if (fn === undefined) {
    fn = compileAbsentShortcut(expression) ?? null;
    shortcuts.set(expression, fn);
  }
  return fn;
}

/** FHIRPath environment: %resource and %rootResource (fhirpath.html#vars). */
export interface InvariantEnv {
  resource: unknown;
  rootResource: unknown;
}

/**
 * Evaluates one invariant at one node: true = holds, false = violated. An expression that throws
 * or yields a non-boolean is not held against the resource (returns true), because a few 4.0.1
 * expressions are known not to evaluate; an empty result counts as holding, as FHIRPath `implies`
 * yields empty when its consequent is empty.
 */
export function holds(inv: Invariant, node: unknown, env: InvariantEnv): boolean {
  if (getShortcut(inv.expression)?.(node)) return true;
  const fn = getEvaluator(inv);
  if (!fn) return true;
  try {
    const result = fn(node, env as unknown as Record<string, unknown>);
    return !(result.length === 1 && result[0] === false);
  } catch {
    return true;
  }
}

// The profiles on element types in the base spec (only SimpleQuantity and MoneyQuantity) are
// excluded by definitions.ts, which keeps base types only; their root constraints are read here.
let profileConstraints: Map<string, Invariant[]> | undefined;

/** Root invariants of a base-spec constraint profile on a type (e.g. SimpleQuantity's sqty-1). */
export function getProfileConstraints(url: string): readonly Invariant[] {
  if (!profileConstraints) {
    profileConstraints = new Map();
    const bundle = readR4Definition<{
      entry: { resource: { resourceType: string; url?: string; type?: string; derivation?: string; snapshot?: { element: ElementDefinition[] } } }[];
    }>('profiles-types.json');
    for (const { resource: sd } of bundle.entry) {
      if (sd.resourceType !== 'StructureDefinition' || sd.derivation !== 'constraint' || !sd.url || !sd.type) continue;
      const root = sd.snapshot?.element[0];
      profileConstraints.set(sd.url, toInvariants(root?.constraint, sd.type));
    }
  }
  return profileConstraints.get(url) ?? [];
}
