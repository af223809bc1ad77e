/**
 * A word-prefix index: every indexed term, sorted, with the ids of the entries it occurs in.
 * A prefix query is a binary search for the first term at or after the prefix and a walk while
 * terms still start with it, so its cost grows with the number of matching terms, not the index.
 */

export class WordIndex {
  private readonly terms: string[];
  private readonly postings: Int32Array[];

  /** `entries[i]` are the index terms of entry `i`. */
  constructor(entries: readonly (readonly string[])[]) {
    const byTerm = new Map<string, number[]>();
    entries.forEach((terms, id) => {
      for (const t of terms) {
        const list = byTerm.get(t);
        if (!list) byTerm.set(t, [id]);
        else if (list[list.length - 1] !== id) list.push(id);
      }
    });
    this.terms = [...byTerm.keys()].sort();
    this.postings = this.terms.map((t) => Int32Array.from(byTerm.get(t)!));
  }

  /** Number of distinct terms. */
  get size(): number {
    return this.terms.length;
  }

  /** Ids of the entries with a term starting with `prefix`, each once, in ascending order. */
  prefixIds(prefix: string): number[] {
    const ids = new Set<number>();
    for (let i = this.lowerBound(prefix); i < this.terms.length && this.terms[i]!.startsWith(prefix); i++) {
      for (const id of this.postings[i]!) ids.add(id);
    }
    return [...ids].sort((a, b) => a - b);
  }

  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.terms[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
