/**
 * What FHIRPath Patch needs to know about R4 elements: whether a name exists on a type, whether it
 * repeats, whether it is a choice (value[x]) and what type its children have. Taken from the R4
 * model that ships with `fhirpath` (the same model the patch paths are evaluated with), so the
 * element a path selects and the element an `add` creates are described by one source.
 */
import r4 from 'fhirpath/fhir-context/r4';

/** An element of a FHIR type, resolved for one patch value. */
export interface ElementTarget {
  /** The JSON property name, e.g. `birthDate`, or `valueQuantity` for a choice element. */
  key: string;
  /** Max cardinality `*`: the JSON value is an array. */
  repeating: boolean;
  /**
   * The type path of the element's own children, for building complex values from parts:
   * a type name (`HumanName`) or, for anonymous backbone elements, the element path
   * (`Patient.contact`). Undefined for primitives and unknown types.
   */
  childTypePath: string | undefined;
}

/** Why an element could not be resolved; the caller words the 422. */
export type ElementProblem =
  | { problem: 'unknown-element' }
  | { problem: 'choice-needs-type'; choices: readonly string[] }
  | { problem: 'choice-type-not-allowed'; choices: readonly string[] };

const ABSTRACT_ELEMENT_TYPES: ReadonlySet<string> = new Set(['Element', 'BackboneElement']);

/** Own-property lookup: element names come from the client and must never reach `Object.prototype`. */
function own<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

function canonicalPath(path: string): string {
  return own(r4.pathsDefinedElsewhere, path) ?? path;
}

/**
 * The type and its ancestors whose elements a node of `typePath` has: `Patient` → DomainResource →
 * Resource; `Patient.contact` → BackboneElement → Element; `date` → Element.
 */
export function typeChain(typePath: string): string[] {
  const chain: string[] = [];
  let current: string | undefined = canonicalPath(typePath);
  if (current.includes('.')) {
    chain.push(current);
    current = own(r4.path2Type, current) ?? 'BackboneElement';
  }
  while (current && !chain.includes(current)) {
    chain.push(current);
    current = own(r4.type2Parent, current);
  }
  return chain;
}

function childTypePathOf(elementPath: string): string | undefined {
  const type = own(r4.path2Type, elementPath);
  if (!type || type.startsWith('System.')) return undefined;
  return ABSTRACT_ELEMENT_TYPES.has(type) ? elementPath : type;
}

/** Capitalised type suffix of a choice element for a FHIR type code: `dateTime` → `DateTime`. */
export function choiceSuffix(typeCode: string): string {
  return typeCode.charAt(0).toUpperCase() + typeCode.slice(1);
}

/**
 * Resolves element `name` on a node of `typePath`. `name` may be a plain element (`birthDate`), a
 * choice base (`value`, needing `valueType` — the suffix taken from the patch's value[x], e.g.
 * `Quantity`) or an already-typed choice name (`valueQuantity`). Returns undefined when the model
 * does not know `typePath` at all (the caller then falls back to the JSON as it stands).
 */
export function resolveElement(
  typePath: string,
  name: string,
  valueType: string | undefined,
): ElementTarget | ElementProblem | undefined {
  const chain = typeChain(typePath);
  if (!chain.some((t) => Object.hasOwn(r4.type2Parent, t) || Object.hasOwn(r4.path2Type, t))) return undefined;
  for (const type of chain) {
    const path = canonicalPath(`${type}.${name}`);
    const choices = own(r4.choiceTypePaths, path);
    if (choices) {
      if (!valueType) return { problem: 'choice-needs-type', choices };
      if (!choices.includes(valueType)) return { problem: 'choice-type-not-allowed', choices };
      return { key: name + valueType, repeating: false, childTypePath: childTypePathOf(`${path}${valueType}`) ?? valueType };
    }
    const typed = splitChoiceName(type, name);
    if (typed) {
      if (valueType && valueType !== typed.suffix) return { problem: 'choice-type-not-allowed', choices: [typed.suffix] };
      return { key: name, repeating: false, childTypePath: childTypePathOf(path) ?? typed.suffix };
    }
    if (own(r4.path2Type, path) !== undefined) {
      return { key: name, repeating: own(r4.path2Repeating, path) === true, childTypePath: childTypePathOf(path) };
    }
  }
  return { problem: 'unknown-element' };
}

/** `valueQuantity` on a type with choice `value` → { base: 'value', suffix: 'Quantity' }. */
function splitChoiceName(type: string, name: string): { base: string; suffix: string } | undefined {
  for (let i = 1; i < name.length; i++) {
    const ch = name.charAt(i);
    if (ch < 'A' || ch > 'Z') continue;
    const base = name.slice(0, i);
    const suffix = name.slice(i);
    if (own(r4.choiceTypePaths, canonicalPath(`${type}.${base}`))?.includes(suffix)) return { base, suffix };
  }
  return undefined;
}

/**
 * The JSON keys a choice element may occupy on an object of `typePath`: for `Observation` and
 * `valueQuantity` → every `value[x]` key, so `add` can see that a different type is already set.
 */
export function choiceKeys(typePath: string, key: string): string[] {
  for (const type of typeChain(typePath)) {
    const split = splitChoiceName(type, key);
    if (split) return choiceKeysForBase(typePath, split.base) ?? [key];
  }
  return [key];
}

/** Every JSON key of choice element `base` on `typePath` (`value` → `valueQuantity`, …), if a choice. */
export function choiceKeysForBase(typePath: string, base: string): string[] | undefined {
  for (const type of typeChain(typePath)) {
    const choices = own(r4.choiceTypePaths, canonicalPath(`${type}.${base}`));
    if (choices) return choices.map((c) => base + c);
  }
  return undefined;
}
