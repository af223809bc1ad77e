/**
 * A cheap pre-check that proves an invariant holds without running the FHIRPath engine, when the
 * elements it guards on are absent from the node. Most invariants are written as
 * `x.empty() or …`, `x.exists() implies …` or `x.all(…)`; on the usual node, where `x` is absent,
 * FHIRPath's empty-collection rules (fhirpath.html#boolean-logic, #functions) settle them. The
 * expression's AST (from `fhirpath.parse`) is compiled into a three-valued closure once; anything
 * it does not understand is "unknown", and the engine decides.
 */
import fhirpath from 'fhirpath';

/** T true, F false, E empty, OK true-or-empty (never false), U unknown. */
type Tri = 'T' | 'F' | 'E' | 'OK' | 'U';
type Check = (node: Record<string, unknown>) => Tri;

interface AstNode {
  type: string;
  text?: string;
  children?: AstNode[];
}

const UNKNOWN: Check = () => 'U';

/** Functions that map an empty input collection to an empty result. */
const EMPTY_PRESERVING: ReadonlySet<string> = new Set([
  'where', 'select', 'ofType', 'as', 'first', 'last', 'tail', 'trace', 'distinct', 'children', 'descendants', 'repeat', 'not',
]);
/** Functions whose result on an empty input collection is a known boolean. */
const ON_EMPTY: ReadonlyMap<string, Tri> = new Map([
  ['empty', 'T'], ['all', 'T'], ['isDistinct', 'T'], ['exists', 'F'], ['hasValue', 'F'],
]);

/**
 * Compiles an invariant's expression into a shortcut: returns true only when the invariant
 * certainly holds on the node (result true or empty). Returns undefined when it never can.
 */
export function compileAbsentShortcut(expression: string): ((node: unknown) => boolean) | undefined {
  let check: Check;
  try {
    check = compile(fhirpath.parse(expression) as AstNode);
  } catch {
    return undefined;
  }
  if (check === UNKNOWN) return undefined;
  return (node) => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return false;
    const r = check(node as Record<string, unknown>);
    return r === 'T' || r === 'E' || r === 'OK';
  };
}

function only(node: AstNode | undefined): AstNode | undefined {
  return node?.children?.length === 1 ? node.children[0] : undefined;
}

function compile(node: AstNode | undefined): Check {
  if (!node) return UNKNOWN;
  const [a, b] = node.children ?? [];
  switch (node.type) {
    case 'EntireExpression':
    case 'TermExpression':
    case 'ParenthesizedTerm':
      return node.children?.length === 1 ? compile(a) : UNKNOWN;
    case 'OrExpression':
      return node.text === 'or' ? binary(compile(a), compile(b), or) : UNKNOWN;
    case 'AndExpression':
      return binary(compile(a), compile(b), and);
    case 'ImpliesExpression':
      return binary(compile(a), compile(b), implies);
    case 'InvocationExpression':
    case 'InvocationTerm':
      return chain(node);
    default:
      return UNKNOWN;
  }
}

function binary(left: Check, right: Check, op: (x: Tri, y: Tri) => Tri): Check {
  if (left === UNKNOWN && right === UNKNOWN) return UNKNOWN;
  return (n) => op(left(n), right(n));
}

function or(x: Tri, y: Tri): Tri {
  if (x === 'T' || y === 'T') return 'T';
  if (x === 'F') return y;
  if (y === 'F') return x;
  // Both are E, OK or U: `{} or v` is true or empty, never false.
  return x === 'E' && y === 'E' ? 'E' : x === 'U' && y === 'U' ? 'U' : 'OK';
}

function and(x: Tri, y: Tri): Tri {
  if (x === 'F' || y === 'F') return 'F';
  if (x === 'T') return y;
  if (y === 'T') return x;
  if (x === 'U' || y === 'U') return 'U';
  return x === 'E' && y === 'E' ? 'E' : 'OK';
}

function implies(x: Tri, y: Tri): Tri {
  if (x === 'F' || y === 'T') return 'T';
  if (x === 'T') return y;
  if (x === 'E') return y === 'F' || y === 'E' ? 'E' : 'OK';
  return 'U';
}

/**
 * A member path from the context node, through empty-preserving functions, optionally ending in
 * a function with a known result on empty, then optionally `.not()`: `a.b.where(…).exists().not()`.
 * Only a path whose first element is absent from the node is evaluated (as empty).
 */
function chain(node: AstNode): Check {
  const steps: AstNode[] = [];
  let cur: AstNode | undefined = node;
  while (cur?.type === 'InvocationExpression') {
    const [left, step]: (AstNode | undefined)[] = cur.children ?? [];
    if (!step) return UNKNOWN;
    steps.unshift(step);
    cur = left?.type === 'TermExpression' ? only(left) : left;
  }
  const root = cur?.type === 'InvocationTerm' ? only(cur) : undefined;
  if (root?.type !== 'MemberInvocation' || !root.text) return UNKNOWN;
  const name = root.text.replace(/`/g, '');
  // Element names start lower-case; an upper-case start is a type name (`Patient.name`).
  if (!/^[a-z]/.test(name)) return UNKNOWN;
  let whenAbsent: Tri = 'E';
  for (const step of steps) {
    if (step.type === 'MemberInvocation') {
      if (whenAbsent !== 'E') return UNKNOWN;
      continue;
    }
    const fn = step.type === 'FunctionInvocation' ? step.text : undefined;
    if (!fn) return UNKNOWN;
    if (whenAbsent === 'E' && EMPTY_PRESERVING.has(fn)) continue;
    if (whenAbsent === 'E' && ON_EMPTY.has(fn)) whenAbsent = ON_EMPTY.get(fn) ?? 'U';
    else if (fn === 'not' && (whenAbsent === 'T' || whenAbsent === 'F')) whenAbsent = whenAbsent === 'T' ? 'F' : 'T';
    else return UNKNOWN;
  }
  const result = whenAbsent;
  return (n) => (isAbsent(n, name) ? result : 'U');
}

/** Conservative: any key starting with the name (`value`, `valueQuantity`, `_value`) counts as present. */
function isAbsent(node: Record<string, unknown>, name: string): boolean {
  for (const key in node) {
    if (key.startsWith(name) || (key.charCodeAt(0) === 95 && key.startsWith(name, 1))) return false;
  }
  return true;
}
