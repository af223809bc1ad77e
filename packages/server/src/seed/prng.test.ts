import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Prng } from './prng';

function take(p: Prng, n: number): number[] {
  return Array.from({ length: n }, () => p.nextUint32());
}

test('the same seed and labels give the same stream; any difference gives another', () => {
  assert.deepEqual(take(Prng.derive(1, 'patient', 3), 50), take(Prng.derive(1, 'patient', 3), 50));
  assert.notDeepEqual(take(Prng.derive(1, 'patient', 3), 50), take(Prng.derive(1, 'patient', 4), 50));
  assert.notDeepEqual(take(Prng.derive(1, 'patient', 3), 50), take(Prng.derive(2, 'patient', 3), 50));
  // Labels are not concatenated ambiguously: ('a1') differs from ('a', 1).
  assert.notDeepEqual(take(Prng.derive(1, 'a1'), 10), take(Prng.derive(1, 'a', 1), 10));
});

test('int covers its inclusive range and nothing outside it', () => {
  const p = Prng.derive(9, 'int');
  const seen = new Set<number>();
  for (let i = 0; i < 5000; i++) {
    const v = p.int(-2, 3);
    assert.ok(Number.isInteger(v) && v >= -2 && v <= 3, String(v));
    seen.add(v);
  }
  assert.equal(seen.size, 6);
  assert.throws(() => p.int(3, 2), RangeError);
});

test('next stays in [0, 1) with a uniform-looking mean', () => {
  const p = Prng.derive(5, 'uniform');
  let sum = 0;
  for (let i = 0; i < 20000; i++) {
    const v = p.next();
    assert.ok(v >= 0 && v < 1);
    sum += v;
  }
  assert.ok(Math.abs(sum / 20000 - 0.5) < 0.01);
});

test('weighted follows the weights; normal has the asked mean and spread', () => {
  const p = Prng.derive(11, 'weighted');
  const counts = { a: 0, b: 0, c: 0 };
  const items = [
    { k: 'a' as const, w: 1 },
    { k: 'b' as const, w: 3 },
    { k: 'c' as const, w: 0 },
  ];
  for (let i = 0; i < 8000; i++) counts[p.weighted(items, (x) => x.w).k]++;
  assert.equal(counts.c, 0);
  assert.ok(Math.abs(counts.b / counts.a - 3) < 0.3, JSON.stringify(counts));
  assert.throws(() => p.weighted([], () => 1), RangeError);

  const values = Array.from({ length: 20000 }, () => p.normal(10, 2));
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  assert.ok(Math.abs(mean - 10) < 0.1 && Math.abs(sd - 2) < 0.1, `${mean} ${sd}`);
  assert.ok(values.every(Number.isFinite));
});
