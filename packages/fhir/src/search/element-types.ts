/**
 * Element type lookup over the R4 StructureDefinitions, for compiling simple search expressions
 * into typed property walks (see fast-path.ts).
 */
import { getStructureDefinitions, type ElementDefinition } from '../definitions';

/** Where navigation currently is: inside the StructureDefinition `sd`, at element path `path`. */
export interface ElementContext {
  sd: string;
  path: string;
}

/** One element's JSON property name(s) and FHIR type(s). */
export interface ElementInfo {
  /** The element name without `[x]`. */
  name: string;
  /** True for choice elements (`value[x]`): the JSON key is name + capitalised type. */
  choice: boolean;
  /** FHIR type codes (`HumanName`, `dateTime`, `BackboneElement`, …). */
  types: string[];
  /** Where the children of this element are defined (when it has one type). */
  childContext: ElementContext | undefined;
}

const FHIR_TYPE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';
const NESTED_TYPES: ReadonlySet<string> = new Set(['BackboneElement', 'Element']);

/** The FHIR type code of an ElementDefinition.type entry (System.String ids → their fhir-type). */
function typeCode(t: NonNullable<ElementDefinition['type']>[number]): string {
  if (!t.code.startsWith('http://hl7.org/fhirpath/System.')) return t.code;
  const ext = (t.extension as { url: string; valueUrl?: string }[] | undefined)?.find((e) => e.url === FHIR_TYPE_EXTENSION);
  return ext?.valueUrl ?? t.code.slice('http://hl7.org/fhirpath/System.'.length).toLowerCase();
}

/** Element lookup, with each StructureDefinition's snapshot indexed by path on first use. */
export class ElementTypes {
  readonly #bySd = new Map<string, Map<string, ElementDefinition>>();

  #elements(sd: string): Map<string, ElementDefinition> | undefined {
    let map = this.#bySd.get(sd);
    if (!map) {
      const def = getStructureDefinitions().get(sd);
      if (!def?.snapshot) return undefined;
      map = new Map(def.snapshot.element.map((e) => [e.path, e]));
      this.#bySd.set(sd, map);
    }
    return map;
  }

  /** The child `name` of the element at `ctx`, or undefined when there is none. */
  child(ctx: ElementContext, name: string): ElementInfo | undefined {
    const elements = this.#elements(ctx.sd);
    if (!elements) return undefined;
    const plain = elements.get(`${ctx.path}.${name}`);
    const choice = plain === undefined;
    let el = plain ?? elements.get(`${ctx.path}.${name}[x]`);
    if (!el) return undefined;
    let childPath = el.path;
    if (el.contentReference) {
      // e.g. Questionnaire.item.item → #Questionnaire.item: same shape, defined once.
      childPath = el.contentReference.slice(1);
      const target = elements.get(childPath);
      if (!target) return undefined;
      el = { ...target, path: childPath };
    }
    const types = (el.type ?? []).map(typeCode);
    let childContext: ElementContext | undefined;
    if (types.length === 1) {
      const [t = ''] = types;
      childContext = NESTED_TYPES.has(t) ? { sd: ctx.sd, path: childPath } : { sd: t, path: t };
    }
    return { name, choice, types, childContext };
  }
}

/** The JSON key of a choice element for one type: value + Quantity → valueQuantity. */
export function choiceKey(name: string, type: string): string {
  return name + type.charAt(0).toUpperCase() + type.slice(1);
}
