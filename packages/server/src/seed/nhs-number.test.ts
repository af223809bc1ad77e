import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateNhsNumber, isValidNhsNumber, nhsCheckDigit } from './nhs-number';
import { Prng } from './prng';

test('accepts NHS numbers whose Modulus 11 check digit is right', () => {
  assert.equal(isValidNhsNumber('9434765919'), true); // NHS England's documented test number
  assert.equal(isValidNhsNumber('9990000018'), true);
  // Weighted sum divisible by 11: 11 - 0 = 11, which becomes check digit 0.
  assert.equal(isValidNhsNumber('9990000050'), true);
});

test('rejects a wrong check digit, a remainder giving 10, and anything but ten digits', () => {
  assert.equal(isValidNhsNumber('9434765918'), false);
  assert.equal(isValidNhsNumber('9434765910'), false);
  // 999000000 has a weighted sum leaving remainder 1: check "digit" 10, so no number is valid.
  for (let d = 0; d <= 9; d++) assert.equal(isValidNhsNumber(`999000000${d}`), false);
  assert.equal(nhsCheckDigit('999000000'), undefined);
  for (const bad of ['943 476 5919', '943476591', '94347659190', '', 'abcdefghij', '943476591x']) {
    assert.equal(isValidNhsNumber(bad), false, bad);
  }
});

test('nhsCheckDigit refuses input that is not nine digits', () => {
  assert.throws(() => nhsCheckDigit('12345678'), RangeError);
});

test('generates valid, 999-range numbers, the same ones for the same stream', () => {
  const a = Prng.derive(7, 'nhs');
  const b = Prng.derive(7, 'nhs');
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const n = generateNhsNumber(a);
    assert.equal(n, generateNhsNumber(b));
    assert.match(n, /^999\d{7}$/);
    assert.equal(isValidNhsNumber(n), true, n);
    seen.add(n);
  }
  // 2,000 draws from ~900,000 valid numbers: a handful of repeats at most.
  assert.ok(seen.size > 1990, `only ${seen.size} distinct`);
});
