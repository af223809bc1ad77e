import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addYears, formatDay, parseDay, ukInstant, ukOffset, weekday, yearsBetween } from './dates';
import { uuidV5 } from './ids';

test('parses and formats ISO dates, rejecting impossible ones', () => {
  assert.equal(formatDay(parseDay('2024-02-29')), '2024-02-29');
  assert.equal(weekday(parseDay('2025-03-14')), 5); // a Friday
  assert.throws(() => parseDay('2025-02-29'), RangeError);
  assert.throws(() => parseDay('14/03/2025'), RangeError);
});

test('UK clock times carry the summer-time offset (last Sundays of March and October)', () => {
  assert.equal(ukOffset(parseDay('2025-03-29')), '+00:00');
  assert.equal(ukOffset(parseDay('2025-03-30')), '+01:00');
  assert.equal(ukOffset(parseDay('2025-10-25')), '+01:00');
  assert.equal(ukOffset(parseDay('2025-10-26')), '+00:00');
  assert.equal(ukInstant(parseDay('2025-07-01'), 8 * 60 + 30), '2025-07-01T08:30:00+01:00');
  assert.equal(ukInstant(parseDay('2025-01-06'), 14 * 60 + 10), '2025-01-06T14:10:00+00:00');
});

test('ages count whole years, and 29 February falls back to the 28th', () => {
  const birth = parseDay('2000-02-29');
  assert.equal(yearsBetween(birth, parseDay('2025-02-28')), 24);
  assert.equal(yearsBetween(birth, parseDay('2025-03-01')), 25);
  assert.equal(formatDay(addYears(birth, 1)), '2001-02-28');
});

test('uuidV5 matches the RFC 9562 algorithm (Python uuid5 reference value)', () => {
  assert.equal(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '886313e1-3b8a-5372-9b90-0c9aee199e5d');
  assert.match(uuidV5('x'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
