/**
 * Bounded in-memory state for misuse detection: rolling windows and caches that never grow with
 * traffic. Each is a Map kept in last-touched order, so expiry and eviction take from the front.
 */

/** Distinct keys (patient ids) seen in a rolling window, each with the last time it was seen. */
export class DistinctWindow {
  private readonly seen = new Map<string, number>();
  private latest = -Infinity;

  constructor(
    private readonly windowMs: number,
    private readonly maxKeys: number,
  ) {}

  add(key: string, at: number): void {
    // Keep the map in time order even when a batch arrives slightly out of order: a key is
    // stamped no earlier than the newest already held (the window can only look longer).
    this.latest = Math.max(this.latest, at);
    this.seen.delete(key);
    this.seen.set(key, this.latest);
    if (this.seen.size > this.maxKeys) this.seen.delete(this.seen.keys().next().value!);
  }

  /** How many distinct keys were seen in the window ending at `now`. */
  count(now: number): number {
    const cutoff = now - this.windowMs;
    for (const [key, at] of this.seen) {
      if (at > cutoff) break;
      this.seen.delete(key);
    }
    return this.seen.size;
  }

  get empty(): boolean {
    return this.seen.size === 0;
  }
}

/** Events in a rolling window, keeping only the newest `limit` (all a threshold needs). */
export class EventWindow {
  private times: number[] = [];

  constructor(
    private readonly windowMs: number,
    private readonly limit: number,
  ) {}

  /** Records an event and answers how many fell in the window ending at it. */
  add(at: number): number {
    this.times.push(at);
    if (this.times.length > this.limit) this.times.shift();
    return this.count(at);
  }

  count(now: number): number {
    const cutoff = now - this.windowMs;
    this.times = this.times.filter((t) => t > cutoff);
    return this.times.length;
  }

  /** Forgets the events (after an alert, so the next one needs a fresh run of them). */
  clear(): void {
    this.times = [];
  }
}

/** A cache whose entries expire after `ttlMs`, holding at most `maxEntries` (oldest dropped). */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(key: string, now: number): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (now - hit.at >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.value;
  }

  set(key: string, value: V, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: now });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Per-subject state kept while the subject is active: touching moves it to the back, and
 * `sweep` drops everyone idle for longer than `idleMs` (or the oldest, beyond `maxEntries`).
 */
export class ActiveSubjects<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();

  constructor(
    private readonly idleMs: number,
    private readonly maxEntries: number,
  ) {}

  /** The subject's state, created by `make` when absent; marks it active at `now`. */
  touch(key: string, now: number, make: () => V): V {
    const hit = this.entries.get(key);
    const value = hit ? hit.value : make();
    this.entries.delete(key);
    this.entries.set(key, { value, at: Math.max(now, hit?.at ?? now) });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  sweep(now: number): void {
    for (const [key, e] of this.entries) {
      if (now - e.at <= this.idleMs) break;
      this.entries.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
