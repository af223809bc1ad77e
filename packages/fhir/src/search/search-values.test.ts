import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dateRange, decimalRange, normaliseString, numberRange } from './search-values';

describe('normaliseString', () => {
  it('lower-cases and removes diacritics (search.html#string)', () => {
    assert.equal(normaliseString('Zoë Brontë'), 'zoe bronte');
    assert.equal(normaliseString('ÅNGSTRÖM'), 'angstrom');
    assert.equal(normaliseString('du Marché'), 'du marche');
    assert.equal(normaliseString('Chalmers'), 'chalmers');
  });
});

describe('decimalRange (search.html#number)', () => {
  it('uses half a unit of the last significant digit', () => {
    assert.deepEqual(decimalRange('100'), { value: 100, low: 99.5, high: 100.5 });
    assert.deepEqual(decimalRange('100.00'), { value: 100, low: 99.995, high: 100.005 });
    assert.deepEqual(decimalRange('0.25'), { value: 0.25, low: 0.245, high: 0.255 });
    assert.deepEqual(decimalRange('-5'), { value: -5, low: -5.5, high: -4.5 });
  });

  it('reads exponents as precision: 1e2 is one significant figure', () => {
    assert.deepEqual(decimalRange('1e2'), { value: 100, low: 50, high: 150 });
    assert.deepEqual(decimalRange('1.5e-3'), { value: 0.0015, low: 0.00145, high: 0.00155 });
  });

  it('rejects what is not a decimal', () => {
    for (const bad of ['', 'abc', '1,5', '1.', '.5', '0x10', 'NaN']) assert.equal(decimalRange(bad), undefined, bad);
  });

  it('reads JSON numbers by their shortest representation', () => {
    assert.deepEqual(numberRange(6.3), { value: 6.3, low: 6.25, high: 6.35 });
    assert.equal(numberRange(Number.NaN), undefined);
  });
});

describe('dateRange (search.html#date)', () => {
  const cases: [string, string, string][] = [
    ['1980', '1980-01-01T00:00:00.000Z', '1980-12-31T23:59:59.999Z'],
    ['1980-02', '1980-02-01T00:00:00.000Z', '1980-02-29T23:59:59.999Z'],
    ['1981-02', '1981-02-01T00:00:00.000Z', '1981-02-28T23:59:59.999Z'],
    ['1980-12-31', '1980-12-31T00:00:00.000Z', '1980-12-31T23:59:59.999Z'],
    ['2013-01-14T10:00', '2013-01-14T10:00:00.000Z', '2013-01-14T10:00:59.999Z'],
    ['2013-01-14T10:00:00Z', '2013-01-14T10:00:00.000Z', '2013-01-14T10:00:00.999Z'],
    ['2013-01-14T10:00:00.5Z', '2013-01-14T10:00:00.500Z', '2013-01-14T10:00:00.599Z'],
    ['2013-01-14T10:00:00.123456Z', '2013-01-14T10:00:00.123Z', '2013-01-14T10:00:00.123Z'],
    ['2013-04-02T09:30:10+01:00', '2013-04-02T08:30:10.000Z', '2013-04-02T08:30:10.999Z'],
    ['2013-04-02T23:30:00-05:00', '2013-04-03T04:30:00.000Z', '2013-04-03T04:30:00.999Z'],
    // No offset: read as UTC (documented rule, shared by indexing and searching).
    ['2020-06-01T10:00:00', '2020-06-01T10:00:00.000Z', '2020-06-01T10:00:00.999Z'],
    ['0050', '0050-01-01T00:00:00.000Z', '0050-12-31T23:59:59.999Z'],
  ];
  for (const [text, low, high] of cases) {
    it(`${text} → [${low}, ${high}]`, () => assert.deepEqual(dateRange(text), { low, high }));
  }

  it('rejects what is not a FHIR date/dateTime', () => {
    for (const bad of ['31/12/1980', '1980-13', '1980-02-30', '1981-02-29', '80', '1980-1-1', '2020-01-01T25:00', '2020-01-01T10:00+15:00', '2020-01-01 10:00', 'today']) {
      assert.equal(dateRange(bad), undefined, bad);
    }
  });
});
