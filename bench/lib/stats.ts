/** Small statistics, computed the same way for the API and the raw side. */

/** Median of the values (the middle of 3 runs); NaN when empty. */
export function median(values: readonly number[]): number {
  const xs = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}

/** Latency collector: one float per completed operation (a 10 s run holds at most ~10^5–10^6). */
export class Latencies {
  private readonly ms: number[] = [];
  add(ms: number): void {
    this.ms.push(ms);
  }
  get count(): number {
    return this.ms.length;
  }
  /** Nearest-rank percentiles in ms (NaN when nothing completed). */
  summary(): { p50: number; p95: number; p99: number } {
    const sorted = Float64Array.from(this.ms).sort();
    const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN);
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  }
}
