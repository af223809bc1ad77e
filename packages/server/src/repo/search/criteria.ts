/**
 * Search criteria as SQL over the extracted index tables (FHIR search.html). Every criterion is an
 * index lookup — `rid IN (SELECT rid FROM idx_… WHERE practice, type, code, value …)` — never a
 * scan of resource JSON, and every nested lookup (chains, `_has`, compartments) stays inside the
 * caller's practice. What is not supported is reported by `unsupported()` so the caller can
 * refuse it (strict) or ignore it and say so (lenient); it is never answered wrongly.
 */
import {
  compositeIndexCode,
  FULL_TEXT_CODES,
  getPatientCompartment,
  identifierIndexCode,
  ofTypeIndexCode,
  type ParsedParameter,
  type ParsedReverseChain,
  type SearchParamType,
  type SearchValue,
} from '@openpractice/fhir';
import { valueSetCodes } from '../../terminology/index';
import type { SqlParams } from './sql-params';
import { INDEX_TABLE, rangePrefixSql, valueSql, type Leaf } from './values';

/** The resource rows a condition is about: a `resource` alias and the types it may have. */
export interface Scope {
  alias: string;
  types: readonly string[];
}

/** The last link of a parameter: where its values and modifier apply. */
export function leafOf(p: ParsedParameter): Leaf {
  const last = p.chain[p.chain.length - 1];
  if (!last) return p;
  return { name: p.name, code: last.code, type: last.type, modifier: last.modifier, targetType: last.targetType, values: p.values };
}

const TERMINOLOGY_MODIFIERS: ReadonlySet<string> = new Set(['in', 'not-in', 'below', 'above']);

/** Why a parsed parameter cannot be answered, or undefined when it can. */
export function unsupported(p: ParsedParameter): string | undefined {
  const leaf = leafOf(p);
  if (leaf.type === 'special') return `special parameters (${leaf.code}) are not supported`;
  if (leaf.type === 'token' && leaf.modifier && TERMINOLOGY_MODIFIERS.has(leaf.modifier)) {
    const why = terminologyUnsupported(leaf);
    if (why) return why;
  }
  if (leaf.type === 'composite' && leaf.modifier === 'missing') return ':missing on composite parameters is not supported';
  for (const v of leaf.values) {
    if (v.kind === 'reference' && v.version) return 'versioned references are not supported in search';
    if (v.kind === 'composite' && v.parts.some((part) => part.kind === 'reference' && part.version)) {
      return 'versioned references are not supported in search';
    }
  }
  return undefined;
}

/**
 * Token modifiers answered from the terminology module (search.html#token): `:below` expands a
 * code to its descendants in the loaded subset, `:above` to its ancestors (the codes subsuming
 * it), `:in`/`:not-in` to a value set's codes.
 */
function terminologyUnsupported(leaf: Leaf): string | undefined {
  for (const v of leaf.values) {
    if ((leaf.modifier === 'below' || leaf.modifier === 'above') && (v.kind !== 'token' || v.anySystem || v.system === null || v.code === null)) {
      return `:${leaf.modifier} needs a system|code value`;
    }
    if ((leaf.modifier === 'in' || leaf.modifier === 'not-in') && (v.kind !== 'uri' || !valueSetCodes(v.value))) {
      return `:${leaf.modifier} names a value set this server does not hold`;
    }
  }
  return undefined;
}

/** Why a `_has` cannot be answered (its innermost parameter), or undefined. */
export function unsupportedHas(h: ParsedReverseChain): string | undefined {
  if (h.has) return unsupportedHas(h.has);
  return h.parameter ? unsupported(h.parameter) : 'empty _has';
}

/**
 * Index tables whose lookups use operators PostgreSQL does not mark leakproof (LIKE, tsvector @@):
 * under row-level security their indexes could only filter, so these lookups read the practice's
 * rows through a view that selects the session's practice itself (migrations/0004).
 */
const SCOPED_VIEW: Readonly<Record<string, string>> = {
  idx_string: 'idx_string_scoped',
  idx_token: 'idx_token_scoped',
  idx_text: 'idx_text_scoped',
};

/** Whether the values of `leaf` are matched by a text operator (substring or full text). */
function matchesText(leaf: Leaf): boolean {
  return (
    FULL_TEXT_CODES.has(leaf.code) ||
    (leaf.type === 'string' && leaf.modifier === 'contains') ||
    (leaf.type === 'token' && leaf.modifier === 'text')
  );
}

/** The index table of a composite part, by the kind its value was parsed as. */
const PART_TABLE: Readonly<Partial<Record<SearchValue['kind'], [string, SearchParamType]>>> = {
  token: ['idx_token', 'token'],
  string: ['idx_string', 'string'],
  reference: ['idx_reference', 'reference'],
  date: ['idx_date', 'date'],
  number: ['idx_number', 'number'],
  quantity: ['idx_quantity', 'quantity'],
  uri: ['idx_uri', 'uri'],
};

/** Builds criteria into one statement's parameters; aliases are unique within the statement. */
export class CriteriaPlanner {
  #n = 0;

  constructor(readonly params: SqlParams) {}

  #alias(prefix: string): string {
    return `${prefix}${++this.#n}`;
  }

  /** `col` is one of `types`. */
  typeIn(col: string, types: readonly string[]): string {
    const [only] = types;
    return types.length === 1 && only !== undefined ? `${col} = ${this.params.text(only)}` : `${col} = ANY(${this.params.add(types)}::text[])`;
  }

  /** One parameter (chained or not) as a condition on the scope's rows. */
  parameter(p: ParsedParameter, scope: Scope): string {
    return this.#link(p, 0, scope);
  }

  /**
   * Link `k` of a chain (search.html#chaining): a reference whose targets, among the next link's
   * resource types, satisfy the rest of the chain; the last link holds the values.
   */
  #link(p: ParsedParameter, k: number, scope: Scope): string {
    if (k === p.chain.length) return this.leaf(k === 0 ? p : leafOf(p), scope);
    const code = k === 0 ? p.code : (p.chain[k - 1]?.code ?? '');
    const targets = p.chain[k]?.resourceTypes ?? [];
    const i = this.#alias('i');
    const t = this.#alias('t');
    const rest = this.#link(p, k + 1, { alias: t, types: targets });
    return (
      `${scope.alias}.rid IN (SELECT ${i}.rid FROM idx_reference ${i} WHERE ${i}.practice_id = $1 AND ${this.typeIn(`${i}.resource_type`, scope.types)}` +
      ` AND ${i}.code = ${this.params.text(code)} AND ${this.typeIn(`${i}.target_type`, targets)}` +
      ` AND (${i}.target_type, ${i}.target_id) IN (SELECT ${t}.resource_type, ${t}.id FROM resource ${t}` +
      ` WHERE ${t}.practice_id = $1 AND ${this.typeIn(`${t}.resource_type`, targets)} AND NOT ${t}.deleted AND ${rest}))`
    );
  }

  /** `_has:Type:ref:…` (search.html#has): referenced by a `Type` whose `ref` points here and that matches the rest. */
  has(h: ParsedReverseChain, scope: Scope): string {
    const i = this.#alias('i');
    const r = this.#alias('h');
    const inner: Scope = { alias: r, types: [h.resourceType] };
    const rest = h.has ? this.has(h.has, inner) : h.parameter ? this.parameter(h.parameter, inner) : 'false';
    const target = scope.types.length === 1 ? `${scope.alias}.id` : `(${scope.alias}.resource_type, ${scope.alias}.id)`;
    const select = scope.types.length === 1 ? `${i}.target_id` : `${i}.target_type, ${i}.target_id`;
    return (
      `${target} IN (SELECT ${select} FROM idx_reference ${i} WHERE ${i}.practice_id = $1 AND ${i}.resource_type = ${this.params.text(h.resourceType)}` +
      ` AND ${i}.code = ${this.params.text(h.referenceCode)} AND ${this.typeIn(`${i}.target_type`, scope.types)}` +
      ` AND ${i}.rid IN (SELECT ${r}.rid FROM resource ${r} WHERE ${r}.practice_id = $1 AND ${r}.resource_type = ${this.params.text(h.resourceType)}` +
      ` AND NOT ${r}.deleted AND ${rest}))`
    );
  }

  /**
   * In the compartment of Patient `id` (compartmentdefinition-patient): one of its type's
   * compartment parameters references the patient; a patient is also in its own compartment.
   * `types` are the searched types (several for `Patient/{id}/*`).
   */
  patientCompartment(types: readonly string[], id: string, scope: Scope): string {
    const compartment = getPatientCompartment();
    const i = this.#alias('i');
    const target = `${i}.practice_id = $1 AND ${i}.target_type = 'Patient' AND ${i}.target_id = ${this.params.add(id)}`;
    const [only] = types;
    let linked: string;
    if (types.length === 1 && only !== undefined) {
      const codes = compartment.get(only) ?? [];
      linked = `SELECT ${i}.rid FROM idx_reference ${i} WHERE ${target} AND ${i}.resource_type = ${this.params.text(only)} AND ${i}.code = ANY(${this.params.add(codes)}::text[])`;
    } else {
      const pairs = types.flatMap((t) => (compartment.get(t) ?? []).map((code) => [t, code] as const));
      linked =
        `SELECT ${i}.rid FROM idx_reference ${i} WHERE ${target} AND (${i}.resource_type, ${i}.code) IN ` +
        `(SELECT * FROM unnest(${this.params.add(pairs.map(([t]) => t))}::text[], ${this.params.add(pairs.map(([, c]) => c))}::text[]))`;
    }
    if (!types.includes('Patient')) return `${scope.alias}.rid IN (${linked})`;
    const p = this.#alias('p');
    // A union, so each side uses its own index (an OR of the two would scan the practice's patients).
    const self = `SELECT ${p}.rid FROM resource ${p} WHERE ${p}.practice_id = $1 AND ${p}.resource_type = 'Patient' AND ${p}.id = ${this.params.add(id)}`;
    return `${scope.alias}.rid IN (${self} UNION ${linked})`;
  }

  /** The values of `leaf` (OR-ed) on the scope's rows. */
  leaf(leaf: Leaf, scope: Scope): string {
    if (leaf.code === '_id') return this.#id(leaf, scope);
    if (leaf.code === '_lastUpdated') return this.#lastUpdated(leaf, scope);
    if (leaf.type === 'composite') return this.#composite(leaf, scope);
    let table = FULL_TEXT_CODES.has(leaf.code) ? 'idx_text' : INDEX_TABLE[leaf.type];
    let code = leaf.code;
    if (leaf.type === 'reference' && leaf.modifier === 'identifier') [table, code] = ['idx_token', identifierIndexCode(leaf.code)];
    if (leaf.type === 'token' && leaf.modifier === 'of-type') [table, code] = ['idx_token', ofTypeIndexCode(leaf.code)];
    if (!table) throw new Error(`no index table for ${leaf.type}`);
    const i = this.#alias('i');
    const lookup = (tbl: string, c: string, cond: string, practice = '$1') =>
      `${scope.alias}.rid IN (SELECT ${i}.rid FROM ${tbl} ${i} WHERE ${i}.practice_id = ${practice} AND ${this.typeIn(`${i}.resource_type`, scope.types)}` +
      ` AND ${i}.code = ${this.params.text(c)}${cond ? ` AND (${cond})` : ''})`;
    // Negative criteria as NOT EXISTS by row id: PostgreSQL can plan it as an anti-join probing the
    // rid index per candidate, where NOT IN would read every row of the positive value.
    const none = (tbl: string, c: string, cond: string) =>
      `NOT EXISTS (SELECT 1 FROM ${tbl} ${i} WHERE ${i}.rid = ${scope.alias}.rid AND ${i}.practice_id = $1` +
      ` AND ${i}.code = ${this.params.text(c)}${cond ? ` AND (${cond})` : ''})`;

    const missing = leaf.values.find((v) => v.kind === 'missing');
    if (missing?.kind === 'missing') {
      // A reference given only as Reference.identifier is present too (it is indexed as a token).
      const identifier = leaf.type === 'reference' ? identifierIndexCode(leaf.code) : undefined;
      if (missing.missing) return identifier ? `${none(table, code, '')} AND ${none('idx_token', identifier, '')}` : none(table, code, '');
      return identifier ? `(${lookup(table, code, '')} OR ${lookup('idx_token', identifier, '')})` : lookup(table, code, '');
    }
    const alternatives = leaf.values.map((v) => valueSql(leaf, v, this.params, i));
    const any = alternatives.length === 1 ? (alternatives[0] ?? 'false') : alternatives.map((a) => `(${a})`).join(' OR ');
    // token :not — resources with no matching value, including those with no value (search.html#token).
    if (leaf.modifier === 'not' || leaf.modifier === 'not-in') return none(table, code, any);
    const view = matchesText(leaf) ? SCOPED_VIEW[table] : undefined;
    // Through a view, the practice is compared with an InitPlan value rather than $1: `= $1` would
    // put the index row's practice in one equivalence class with the outer resource's, whose
    // RLS policy makes every clause derived from that class a security qual, and under those the
    // text condition would again be demoted to a filter.
    return view ? lookup(view, code, any, '(SELECT $1::integer)') : lookup(table, code, any);
  }

  /**
   * A composite (search.html#composite): every part matches a row of its component from the same
   * element (`comp`), so `component-code-value-quantity=8480-6$gt140` never pairs one component's
   * code with another's value.
   */
  #composite(leaf: Leaf, scope: Scope): string {
    const alternatives = leaf.values.map((v) => {
      if (v.kind !== 'composite') throw new Error('composite parameters take composite values');
      const aliases = v.parts.map(() => this.#alias('c'));
      const conds = v.parts.map((part, k) => {
        const [table = '', type = 'special'] = PART_TABLE[part.kind] ?? [];
        if (!table) throw new Error(`no index table for composite part ${part.kind}`);
        const a = aliases[k] ?? '';
        const partLeaf: Leaf = { name: leaf.name, code: compositeIndexCode(leaf.code, k), type, modifier: null, targetType: null, values: [part] };
        return { table, a, cond: `${a}.code = ${this.params.text(partLeaf.code)} AND (${valueSql(partLeaf, part, this.params, a)})` };
      });
      const [first, ...rest] = conds;
      if (!first) return 'false';
      const joins = rest.map(
        (c) => ` JOIN ${c.table} ${c.a} ON ${c.a}.rid = ${first.a}.rid AND ${c.a}.comp = ${first.a}.comp AND ${c.a}.practice_id = $1 AND ${c.cond}`,
      );
      return (
        `${scope.alias}.rid IN (SELECT ${first.a}.rid FROM ${first.table} ${first.a}${joins.join('')}` +
        ` WHERE ${first.a}.practice_id = $1 AND ${this.typeIn(`${first.a}.resource_type`, scope.types)} AND ${first.cond})`
      );
    });
    return alternatives.length === 1 ? (alternatives[0] ?? 'false') : `(${alternatives.join(' OR ')})`;
  }

  #id(leaf: Leaf, scope: Scope): string {
    const missing = leaf.values.find((v) => v.kind === 'missing');
    if (missing?.kind === 'missing') return missing.missing ? 'false' : 'true'; // every resource has an id
    const ids = leaf.values.flatMap((v) => (v.kind === 'token' && v.code !== null ? [v.code] : []));
    const cond = `${scope.alias}.id = ANY(${this.params.add(ids)}::text[])`;
    return leaf.modifier === 'not' ? `NOT (${cond})` : cond;
  }

  #lastUpdated(leaf: Leaf, scope: Scope): string {
    const col = `${scope.alias}.last_updated`;
    const alts = leaf.values.map((v) => {
      if (v.kind === 'missing') return v.missing ? 'false' : 'true';
      if (v.kind !== 'date') throw new Error('_lastUpdated takes dates');
      // An instant is a point: the range [t, t].
      return rangePrefixSql(v.prefix, col, col, this.params, v);
    });
    return alts.length === 1 ? (alts[0] ?? 'false') : alts.map((a) => `(${a})`).join(' OR ');
  }
}
