/**
 * A small seeded pseudo-random number generator (sfc32, "Small Fast Counting", from PractRand).
 *
 * Every random choice in the seed generator comes from a `Prng` derived from the practice seed
 * plus labels (`Prng.derive(seed, 'patient', 42)`), so one patient's record never depends on
 * how many random numbers another patient consumed: patients can later be generated in shards or
 * in parallel and still come out byte-identical.
 */
import { createHash } from 'node:crypto';

export class Prng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  /** Seeds the four 32-bit state words directly; prefer `Prng.derive`. */
  constructor(a: number, b: number, c: number, d: number) {
    this.#a = a >>> 0;
    this.#b = b >>> 0;
    this.#c = c >>> 0;
    this.#d = d >>> 0;
    // Mix the state before first use, as the reference implementation recommends.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** An independent stream for `seed` and `labels` (SHA-256 of both gives the initial state). */
  static derive(seed: number, ...labels: (string | number)[]): Prng {
    const digest = createHash('sha256').update(JSON.stringify([seed, ...labels])).digest();
    return new Prng(digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12));
  }

  /** The next unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
    this.#c = (this.#c + t) >>> 0;
    return t;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`Prng.int needs integers with min <= max, got ${min}..${max}`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Prng.pick needs a non-empty array');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One element chosen with probability proportional to `weight(item)`. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    let total = 0;
    for (const item of items) total += weight(item);
    if (!(total > 0)) throw new RangeError('Prng.weighted needs a positive total weight');
    let r = this.next() * total;
    let last: T | undefined;
    for (const item of items) {
      const w = weight(item);
      if (w > 0) last = item;
      r -= w;
      if (r < 0 && w > 0) return item;
    }
    // Rounding can leave r a hair above zero: fall back to the last item that had any weight.
    return last as T;
  }

  /** A normally distributed value (Box–Muller). */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next(); // (0, 1]: keeps log() finite
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A normal value clamped to [min, max]. */
  clampedNormal(mean: number, sd: number, min: number, max: number): number {
    return Math.min(max, Math.max(min, this.normal(mean, sd)));
  }
}
