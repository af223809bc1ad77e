/**
 * The in-memory terminology store: every concept of every code system in one table, a word-prefix
 * index over their displays, and each value set as a membership mask over that table. Built once
 * per process from the catalogue; read-only afterwards, so requests share it without locks.
 */
import { SYSTEM, codeSystems, valueSets, type CodeSystemDef, type ConceptDef, type PropertyValue, type ValueSetDef } from './catalogue';
import { fold, indexTerms, phrase, words } from './normalise';
import { WordIndex } from './word-index';

/** A concept as the store holds it. */
export interface Concept {
  readonly id: number;
  readonly system: string;
  readonly code: string;
  readonly display: string;
  /** Other descriptions (synonyms). */
  readonly designations: readonly string[];
  readonly properties: readonly PropertyValue[];
  readonly parents: readonly number[];
  readonly children: readonly number[];
  /** Which value sets of its system it belongs to (problem, VMP, ...). */
  readonly tags: readonly string[];
  /** `words(text).join(' ')` of the display and each designation, for exact and starts-with ranking. */
  readonly phrases: readonly string[];
  /** The index terms of the display and designations (see normalise.ts). */
  readonly terms: readonly string[];
}

/** A code resolved to its concept; `viaPrevious` when the code is a retired identifier of it. */
export interface Resolved {
  readonly concept: Concept;
  readonly viaPrevious?: string;
}

/** R4 concept-subsumption-outcome codes ($subsumes). */
export type SubsumptionOutcome = 'equivalent' | 'subsumes' | 'subsumed-by' | 'not-subsumed';

export interface ExpandOptions {
  filter?: string;
  offset?: number;
  count?: number;
}

export interface Expansion {
  readonly valueSet: ValueSetDef;
  readonly total: number;
  readonly offset: number;
  readonly contains: readonly Concept[];
}

interface CodeSystemEntry {
  readonly def: CodeSystemDef;
  readonly byCode: ReadonlyMap<string, Resolved>;
}

interface ValueSetEntry {
  readonly def: ValueSetDef;
  /** Member concept ids in definition order. */
  readonly members: Int32Array;
  /** `mask[conceptId] === 1` when the concept is a member. */
  readonly mask: Uint8Array;
}

/** Largest expansion returned in one page when the caller gives no `count`. */
export const DEFAULT_PAGE = 1000;

export class TerminologyStore {
  private readonly concepts: Concept[] = [];
  private readonly systems = new Map<string, CodeSystemEntry>();
  private readonly sets = new Map<string, ValueSetEntry>();
  private readonly index: WordIndex;

  constructor(systemDefs: readonly CodeSystemDef[] = codeSystems(), setDefs: readonly ValueSetDef[] = valueSets()) {
    const terms: string[][] = [];
    const pendingParents: [number, string, string][] = [];
    for (const def of systemDefs) {
      if (this.systems.has(def.url)) throw new Error(`Code system ${def.url} defined twice`);
      const byCode = new Map<string, Resolved>();
      for (const c of def.concepts) {
        if (byCode.has(c.code)) throw new Error(`${def.url}|${c.code} defined twice`);
        const concept = this.add(def.url, c);
        byCode.set(c.code, { concept });
        terms.push(concept.terms as string[]);
        for (const p of c.parents ?? []) pendingParents.push([concept.id, def.url, p]);
      }
      for (const c of def.concepts) {
        for (const prev of c.previous ?? []) {
          if (byCode.has(prev)) throw new Error(`${def.url}|${prev} is both a concept and a previous code`);
          byCode.set(prev, { concept: byCode.get(c.code)!.concept, viaPrevious: prev });
        }
      }
      this.systems.set(def.url, { def, byCode });
    }
    for (const [child, system, parentCode] of pendingParents) {
      const parent = this.systems.get(system)!.byCode.get(parentCode);
      if (!parent || parent.viaPrevious) throw new Error(`${system}|${this.concepts[child]!.code} names unknown parent ${parentCode}`);
      (this.concepts[child]!.parents as number[]).push(parent.concept.id);
      (parent.concept.children as number[]).push(child);
    }
    this.index = new WordIndex(terms);
    for (const def of setDefs) this.sets.set(def.url, this.compose(def));
  }

  private add(system: string, c: ConceptDef): Concept {
    const concept: Concept = {
      id: this.concepts.length,
      system,
      code: c.code,
      display: c.display,
      designations: c.designations ?? [],
      properties: c.properties ?? [],
      parents: [],
      children: [],
      tags: c.tags,
      phrases: [c.display, ...(c.designations ?? [])].map(phrase),
      terms: [...new Set([c.display, ...(c.designations ?? [])].flatMap(indexTerms))],
    };
    this.concepts.push(concept);
    return concept;
  }

  private compose(def: ValueSetDef): ValueSetEntry {
    const mask = new Uint8Array(this.concepts.length);
    const members: number[] = [];
    for (const inc of def.include) {
      const cs = this.systems.get(inc.system);
      if (!cs) throw new Error(`Value set ${def.url} includes unknown code system ${inc.system}`);
      for (const { concept, viaPrevious } of cs.byCode.values()) {
        if (viaPrevious || mask[concept.id]) continue;
        if (inc.tags && !inc.tags.some((t) => concept.tags.includes(t))) continue;
        mask[concept.id] = 1;
        members.push(concept.id);
      }
    }
    return { def, members: Int32Array.from(members), mask };
  }

  /** The code systems held, by canonical URL. */
  codeSystem(url: string): CodeSystemDef | undefined {
    return this.systems.get(url)?.def;
  }

  /** The value sets held, by canonical URL. */
  valueSet(url: string): ValueSetDef | undefined {
    return this.sets.get(url)?.def;
  }

  /** Every code system and value set definition, for listing. */
  catalogue(): { codeSystems: CodeSystemDef[]; valueSets: ValueSetDef[] } {
    return { codeSystems: [...this.systems.values()].map((s) => s.def), valueSets: [...this.sets.values()].map((s) => s.def) };
  }

  /**
   * The concept a code names. dm+d ids are SNOMED CT UK Drug Extension ids, so a SNOMED CT code
   * that this subset holds only as a dm+d product resolves to that product.
   */
  resolve(system: string, code: string): Resolved | undefined {
    const found = this.systems.get(system)?.byCode.get(code);
    if (found || system !== SYSTEM.snomed) return found;
    return this.systems.get(SYSTEM.dmd)!.byCode.get(code);
  }

  /** A concept by its store id (parents and children are ids). */
  conceptById(id: number): Concept {
    return this.concepts[id]!;
  }

  /**
   * How `a` and `b` relate in the is-a hierarchy (R4 CodeSystem $subsumes outcomes), or undefined
   * when the system or either code is unknown.
   */
  subsumes(system: string, a: string, b: string): SubsumptionOutcome | undefined {
    const ca = this.resolve(system, a)?.concept;
    const cb = this.resolve(system, b)?.concept;
    if (!ca || !cb) return undefined;
    if (ca.id === cb.id) return 'equivalent';
    if (this.isAncestor(ca.id, cb.id)) return 'subsumes';
    if (this.isAncestor(cb.id, ca.id)) return 'subsumed-by';
    return 'not-subsumed';
  }

  /** The code and every code below it (transitively), or undefined for an unknown code. */
  descendants(system: string, code: string): string[] | undefined {
    const start = this.resolve(system, code)?.concept;
    if (!start) return undefined;
    const seen = new Set<number>([start.id]);
    const queue = [start.id];
    while (queue.length > 0) {
      for (const child of this.concepts[queue.pop()!]!.children) {
        if (!seen.has(child)) {
          seen.add(child);
          queue.push(child);
        }
      }
    }
    return [...seen].map((id) => this.concepts[id]!.code);
  }

  private isAncestor(ancestor: number, of: number): boolean {
    const queue = [...this.concepts[of]!.parents];
    const seen = new Set<number>();
    while (queue.length > 0) {
      const id = queue.pop()!;
      if (id === ancestor) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      queue.push(...this.concepts[id]!.parents);
    }
    return false;
  }

  /** Whether `system|code` is in the value set; undefined when the value set is unknown. */
  isInValueSet(url: string, system: string, code: string): boolean | undefined {
    const vs = this.sets.get(url);
    if (!vs) return undefined;
    const found = this.resolve(system, code);
    return found !== undefined && vs.mask[found.concept.id] === 1;
  }

  /** A value set's member concepts resolving `code` (any system when `system` is absent). */
  findInValueSet(url: string, code: string, system?: string): Resolved | undefined {
    const vs = this.sets.get(url);
    if (!vs) return undefined;
    const systems = system ? [system] : [...new Set(vs.def.include.map((i) => i.system))];
    for (const s of systems) {
      const found = this.resolve(s, code);
      if (found && vs.mask[found.concept.id] === 1) return found;
    }
    return undefined;
  }

  /**
   * The value set's members, or those matching `filter` (R4 ValueSet $expand): every word of the
   * filter must start a word of the display, case- and accent-insensitively, so "diab typ 2" finds
   * "Diabetes mellitus type 2". Ranked: display equal to the filter, then displays starting with
   * it, then the rest; shorter displays first within each; then alphabetically.
   */
  expand(url: string, options: ExpandOptions = {}): Expansion | undefined {
    const vs = this.sets.get(url);
    if (!vs) return undefined;
    const offset = Math.max(0, options.offset ?? 0);
    const count = Math.max(0, options.count ?? DEFAULT_PAGE);
    const queryWords = options.filter === undefined ? [] : words(options.filter);
    if (queryWords.length === 0) {
      const page = Array.from(vs.members.subarray(offset, offset + count), (id) => this.concepts[id]!);
      return { valueSet: vs.def, total: vs.members.length, offset, contains: page };
    }
    const matches = this.match(queryWords, vs.mask);
    const query = queryWords.join(' ');
    const ranked = matches
      .map((id) => this.concepts[id]!)
      .map((c) => ({ c, rank: Math.min(...c.phrases.map((p) => (p === query ? 0 : p.startsWith(query) ? 1 : 2))) }))
      .sort(
        (x, y) => x.rank - y.rank || x.c.display.length - y.c.display.length || (x.c.display < y.c.display ? -1 : x.c.display > y.c.display ? 1 : 0),
      );
    return { valueSet: vs.def, total: ranked.length, offset, contains: ranked.slice(offset, offset + count).map((r) => r.c) };
  }

  /** Ids of the members whose display has, for every query word, a word starting with it. */
  private match(queryWords: string[], mask: Uint8Array): number[] {
    // Candidates from the longest word (usually the most selective), then check the others on
    // each candidate's own words, which are few.
    const [first, ...rest] = [...queryWords].sort((a, b) => b.length - a.length) as [string, ...string[]];
    const out: number[] = [];
    for (const id of this.index.prefixIds(first)) {
      if (mask[id] !== 1) continue;
      if (rest.length > 0) {
        const terms = this.concepts[id]!.terms;
        if (!rest.every((q) => terms.some((t) => t.startsWith(q)))) continue;
      }
      out.push(id);
    }
    return out;
  }

  /** True when `display` names the concept: its display or a designation, case- and space-insensitively. */
  displayMatches(concept: Concept, display: string): boolean {
    const norm = (s: string) => fold(s).replace(/\s+/g, ' ').trim();
    const wanted = norm(display);
    return [concept.display, ...concept.designations].some((d) => norm(d) === wanted);
  }
}
