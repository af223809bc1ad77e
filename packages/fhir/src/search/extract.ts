/**
 * Search index extraction (search.html): on every write, evaluate each search parameter of the
 * resource's type and turn what it reaches into IndexRows. Expressions are compiled once per type:
 * plain property walks go through the fast path (fast-path.ts), the rest through `fhirpath`.
 */
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import type { Resource } from '../types';
import { getResourceTypes } from '../definitions';
import type { IndexRows } from './index-rows';
import { ElementTypes } from './element-types';
import { compileFastPath, runFastPath, toDottedForm, type FastPath, type TypedValue } from './fast-path';
import { FullTextExtractor } from './full-text';
import { addValueRows, compositeIndexCode, RowCollector } from './index-values';
import {
  getDefaultSearchParameterRegistry,
  splitTopLevel,
  stripWrappingParens,
  type SearchParameterDefinition,
  type SearchParameterRegistry,
  type SearchParamType,
} from './search-parameters';

/** How one parameter of one type is evaluated. */
export interface CompiledSearchParameter {
  code: string;
  type: SearchParamType;
  expression: string;
  /** 'fast' when the fast path walks it, 'fhirpath' otherwise. */
  engine: 'fast' | 'fhirpath';
  evaluate(resource: Resource): TypedValue[];
}

/**
 * A composite parameter (search.html#composite): the elements its expression reaches and, on each
 * element, the values of each component, so the components can be matched on the same element.
 */
export interface CompiledComposite {
  code: string;
  expression: string;
  engine: 'fast' | 'fhirpath';
  /** The components' parameter types, in SearchParameter.component order. */
  types: SearchParamType[];
  /** Per element reached, per component, the values. */
  evaluate(resource: Resource): TypedValue[][][];
}

/** The compiled parameters of one resource type, and the ones left out with the reason. */
export interface ExtractionPlan {
  parameters: CompiledSearchParameter[];
  composites: CompiledComposite[];
  skipped: { code: string; reason: string }[];
}

export interface IndexExtractorOptions {
  /** Where the parameters come from (default: the official R4 registry). */
  registry?: SearchParameterRegistry;
  /**
   * Called when a FHIRPath evaluation throws for a resource; the parameter is then not indexed
   * for that resource and the write goes on. Default: ignore.
   */
  onExpressionError?: (info: { resourceType: string; code: string; expression: string; error: unknown }) => void;
}

/**
 * `resolve()` cannot fetch anything while indexing, so `resolve() is T` is decided from the
 * reference itself: a literal reference to T (relative, or absolute ending in T/id, optionally
 * versioned), or Reference.type = T. The fast path applies the same rule (referenceTargetType).
 */
export function rewriteResolveIs(expression: string): string {
  return expression.replace(
    /resolve\(\)\s+is\s+(?:FHIR\.)?([A-Za-z]+)/g,
    (_, t: string) => `(reference.matches('(^|/)${t}/[A-Za-z0-9.-]{1,64}(/_history/[^/]+)?$') or type = '${t}')`,
  );
}

/** `(A.b as T)` → `A.b.ofType(T)`: fhirpath.js 5 rejects `as` on collections, which R4 used. */
function rewriteAs(expression: string): string {
  return expression.replace(/\(([^()|]+?)\s+as\s+(?:FHIR\.)?([A-Za-z]+)\)/g, '($1.ofType($2))');
}

const SYSTEM_TYPES: Readonly<Record<string, string>> = {
  'System.String': 'string',
  'System.Boolean': 'boolean',
  'System.Integer': 'integer',
  'System.Decimal': 'decimal',
  'System.Date': 'date',
  'System.DateTime': 'dateTime',
  'System.Time': 'time',
};

/** fhirpath's result nodes as TypedValues (FHIR.HumanName → HumanName, System.String → string). */
function toTypedValues(nodes: unknown[]): TypedValue[] {
  const types = fhirpath.types(nodes);
  const out: TypedValue[] = [];
  nodes.forEach((node, i) => {
    const t = types[i] ?? '';
    const type = t.startsWith('FHIR.') ? t.slice(5) : SYSTEM_TYPES[t];
    if (!type) return; // e.g. System.Quantity: computed, not stored data
    let value: unknown = typeof node === 'object' && node !== null && 'data' in node ? (node as { data: unknown }).data : node;
    // Decimals come back as FP_Decimal objects, dates as FP_DateTime etc.: make them plain JSON.
    if (typeof value === 'object' && value !== null && value.constructor !== Object && !Array.isArray(value)) {
      value = fhirpath.resolveInternalTypes(value);
    }
    if (value !== null && value !== undefined) out.push({ value, type });
  });
  return out;
}

/** Extracts search index rows; build one per registry and reuse it (plans are cached). */
export class IndexExtractor {
  readonly #registry: SearchParameterRegistry;
  readonly #onError: IndexExtractorOptions['onExpressionError'];
  readonly #types = new ElementTypes();
  readonly #fullText = new FullTextExtractor(this.#types);
  /** Keyed by the registry's per-type map, so adding a parameter there invalidates the plan. */
  readonly #plans = new WeakMap<ReadonlyMap<string, SearchParameterDefinition>, ExtractionPlan>();
  readonly #compiledFhirPath = new Map<string, (resource: Resource) => unknown[]>();

  constructor(options: IndexExtractorOptions = {}) {
    this.#registry = options.registry ?? getDefaultSearchParameterRegistry();
    this.#onError = options.onExpressionError;
  }

  /** The compiled parameters of `resourceType` (compiled on first use). */
  plan(resourceType: string): ExtractionPlan {
    const params = this.#registry.getSearchParameters(resourceType);
    let plan = this.#plans.get(params);
    if (!plan) {
      plan = this.#compilePlan(resourceType, params);
      this.#plans.set(params, plan);
    }
    return plan;
  }

  #compilePlan(resourceType: string, params: ReadonlyMap<string, SearchParameterDefinition>): ExtractionPlan {
    const plan: ExtractionPlan = { parameters: [], composites: [], skipped: [] };
    for (const [code, def] of params) {
      if (def.type === 'composite') {
        const composite = this.#compileComposite(code, def, resourceType);
        if (typeof composite === 'string') plan.skipped.push({ code, reason: composite });
        else plan.composites.push(composite);
        continue;
      }
      if (def.type === 'special') {
        plan.skipped.push({ code, reason: 'special parameters are not indexed' });
        continue;
      }
      const expression = def.expression;
      if (!expression) {
        plan.skipped.push({ code, reason: `no expression applies to ${resourceType}` });
        continue;
      }
      const fast = compileFastPath(expression, resourceType, this.#types);
      if (fast) {
        plan.parameters.push(fastParameter(code, def.type, expression, fast, resourceType));
        continue;
      }
      try {
        const fn = this.#compileFhirPath(expression);
        plan.parameters.push({
          code,
          type: def.type,
          expression,
          engine: 'fhirpath',
          evaluate: (resource) => {
            try {
              return toTypedValues(fn(resource));
            } catch (error) {
              this.#onError?.({ resourceType, code, expression, error });
              return [];
            }
          },
        });
      } catch (error) {
        plan.skipped.push({ code, reason: `expression does not compile: ${(error as Error).message}` });
      }
    }
    return plan;
  }

  #compileFhirPath(expression: string): (resource: Resource) => unknown[] {
    let fn = this.#compiledFhirPath.get(expression);
    if (!fn) {
      const compiled = fhirpath.compile(rewriteResolveIs(rewriteAs(expression)), r4, { resolveInternalTypes: false });
      fn = (resource) => compiled(resource) as unknown[];
      this.#compiledFhirPath.set(expression, fn);
    }
    return fn;
  }

  /**
   * A composite parameter, or the reason it cannot be indexed. Component expressions are relative
   * to the elements the composite's expression reaches (`Observation.component` → `code`,
   * `value.ofType(Quantity)`); plain walks go through the fast path, the rest through fhirpath.
   */
  #compileComposite(code: string, def: SearchParameterDefinition, resourceType: string): CompiledComposite | string {
    const expression = def.expression;
    if (!expression) return `no expression applies to ${resourceType}`;
    const components = def.component ?? [];
    const types = components.map((c) => this.#registry.tryGetByUrl(c.definition)?.type);
    if (components.length === 0 || types.some((t) => t === undefined || t === 'composite' || t === 'special')) {
      return 'composite whose components are not all known search parameters';
    }
    const known = types as SearchParamType[];
    const fast = compileCompositeFastPath(expression, components.map((c) => c.expression), resourceType, this.#types);
    if (fast) {
      return {
        code,
        expression,
        engine: 'fast',
        types: known,
        evaluate: (resource) => {
          const out: TypedValue[][][] = [];
          for (const member of fast) {
            const elements: TypedValue[] = [];
            runFastPath(member.element, resource, resourceType, elements);
            for (const el of elements) {
              out.push(
                member.components.map((path) => {
                  const values: TypedValue[] = [];
                  runFastPath(path, el.value as object, el.type, values);
                  return values;
                }),
              );
            }
          }
          return out;
        },
      };
    }
    try {
      const elementsOf = this.#compileFhirPath(expression);
      const componentFns = components.map((c) =>
        fhirpath.compile(rewriteResolveIs(rewriteAs(c.expression)), r4, { resolveInternalTypes: false }),
      );
      return {
        code,
        expression,
        engine: 'fhirpath',
        types: known,
        evaluate: (resource) => {
          try {
            // Each element node is evaluated in place, so its type (and %resource) are known.
            return elementsOf(resource).map((node) =>
              componentFns.map((fn) => toTypedValues(fn(node as Resource, { resource }) as unknown[])),
            );
          } catch (error) {
            this.#onError?.({ resourceType, code, expression, error });
            return [];
          }
        },
      };
    } catch (error) {
      return `expression does not compile: ${(error as Error).message}`;
    }
  }

  /**
   * Every search index row of `resource` (search.html), for the server to store on write: its
   * parameters' values, its full text (`_text`, `_content`), and the rows of each contained
   * resource that has an id (search.html#contained; one without an id cannot be referenced, dom-3).
   */
  extract(resource: Resource): IndexRows {
    const rows = this.#own(resource);
    const contained = (resource as { contained?: unknown }).contained;
    if (Array.isArray(contained)) {
      contained.forEach((c: unknown, index) => {
        const r = c as Partial<Resource> | null;
        if (typeof r?.resourceType !== 'string' || typeof r.id !== 'string' || !getResourceTypes().has(r.resourceType)) return;
        rows.contained.push({ resourceType: r.resourceType, id: r.id, index, rows: this.#own(r as Resource) });
      });
    }
    return rows;
  }

  #own(resource: Resource): IndexRows {
    const collector = new RowCollector();
    const plan = this.plan(resource.resourceType);
    for (const p of plan.parameters) {
      for (const v of p.evaluate(resource)) addValueRows(collector, p.code, p.type, v);
    }
    for (const c of plan.composites) addCompositeRows(collector, c, resource);
    collector.rows.text.push(...this.#fullText.rows(resource));
    return collector.rows;
  }
}

/**
 * The rows of one composite parameter: each element's component values under
 * compositeIndexCode(code, k), numbered by element. An element lacking a component can never
 * match a composite search, so it is left out.
 */
function addCompositeRows(collector: RowCollector, c: CompiledComposite, resource: Resource): void {
  c.evaluate(resource).forEach((components, n) => {
    const element = new RowCollector(n);
    components.forEach((values, k) => {
      for (const v of values) addValueRows(element, compositeIndexCode(c.code, k), c.types[k] ?? 'special', v);
    });
    const codes = new Set(Object.values(element.rows).flatMap((rows: { code: string }[]) => rows.map((r) => r.code)));
    if (c.types.every((_, k) => codes.has(compositeIndexCode(c.code, k)))) collector.append(element.rows);
  });
}

/** A composite's expression member: the walk to its elements and each component's walk from there. */
interface CompositeMember {
  element: FastPath;
  components: FastPath[];
}

/**
 * Fast paths for a composite whose expression members and component expressions are all plain
 * walks: each component is compiled with the member's path in front (so its element types are
 * known), then the member's own steps are cut off, leaving the walk from the element.
 */
function compileCompositeFastPath(
  expression: string,
  componentExpressions: readonly string[],
  resourceType: string,
  types: ElementTypes,
): CompositeMember[] | undefined {
  const members: CompositeMember[] = [];
  for (const raw of splitTopLevel(expression, '|')) {
    const member = toDottedForm(raw.trim());
    const element = compileFastPath(member, resourceType, types);
    if (!element || element.length > 1) return undefined;
    const [prefix] = element;
    if (!prefix) continue; // can never match
    const components: FastPath[] = [];
    for (const c of componentExpressions) {
      const full = splitTopLevel(c, '|')
        .map((m) => `${member}.${toDottedForm(stripWrappingParens(m.trim()))}`)
        .join(' | ');
      const path = compileFastPath(full, resourceType, types);
      if (!path) return undefined;
      const relative = path.map((steps) => {
        const head = JSON.stringify(steps.slice(0, prefix.length));
        return head === JSON.stringify(prefix) ? steps.slice(prefix.length) : undefined;
      });
      if (relative.some((r) => r === undefined)) return undefined;
      components.push(relative as FastPath[number][]);
    }
    members.push({ element, components });
  }
  return members;
}

function fastParameter(
  code: string,
  type: SearchParamType,
  expression: string,
  fast: FastPath,
  resourceType: string,
): CompiledSearchParameter {
  return {
    code,
    type,
    expression,
    engine: 'fast',
    evaluate: (resource) => {
      const out: TypedValue[] = [];
      runFastPath(fast, resource, resourceType, out);
      return out;
    },
  };
}

let defaultExtractor: IndexExtractor | undefined;

/**
 * The search index rows of `resource` for the official R4 parameters. Servers with custom
 * parameters use `new IndexExtractor({ registry })` instead.
 */
export function extractIndexRows(resource: Resource): IndexRows {
  defaultExtractor ??= new IndexExtractor();
  return defaultExtractor.extract(resource);
}
