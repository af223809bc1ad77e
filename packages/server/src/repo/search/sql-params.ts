/** Positional parameters of one search statement (`$1` is always the caller's practice). */
export class SqlParams {
  readonly values: unknown[];
  readonly #text = new Map<string, string>();

  constructor(practiceId: number) {
    this.values = [practiceId];
  }

  /** A new placeholder for `v`. */
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }

  /** A placeholder for a text value compared with text columns; repeated values share one. */
  text(v: string): string {
    let p = this.#text.get(v);
    if (!p) this.#text.set(v, (p = this.add(v)));
    return p;
  }

  /** An independent copy (a page query adds cursor and limit; the count query must not see them). */
  clone(): SqlParams {
    const copy = new SqlParams(0);
    copy.values.splice(0, 1, ...this.values);
    for (const [k, v] of this.#text) copy.#text.set(k, v);
    return copy;
  }
}

/** LIKE pattern escaping. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
