// The generator at the size of an average English practice (10,000 patients), without a
// database: QOF prevalence within tolerance, NHS numbers valid and unique across the whole list,
// the same output twice (by digest), and constant memory while streaming.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { onPostgres } from '../../../../test/harness';
import { prevalenceRows, PrevalenceTally, QOF_TARGETS } from '../stats';
import { generatePractice, isValidNhsNumber, type PracticeOptions } from './index';

const OPTIONS: PracticeOptions = { odsCode: 'A81002', name: 'Average Practice', patients: 10_000, seed: 7, today: '2025-03-14' };

// The generator touches no database: run once, in the embedded-database pass.
const skip = onPostgres ? 'generator only: runs in the embedded-database pass' : false;

// A forced collection before each heap reading, so readings measure what is retained, not garbage.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('a 10,000-patient practice', { skip }, () => {
  let firstDigest = '';

  it('has QOF registers within tolerance of England and valid, unique NHS numbers', () => {
    const tally = new PrevalenceTally(OPTIONS.today);
    const numbers = new Set<string>();
    const digest = createHash('sha256');
    for (const r of generatePractice(OPTIONS)) {
      digest.update(JSON.stringify(r)).update('\n');
      tally.add(r);
      if (r.resourceType === 'Patient') {
        const nhs = (r.identifier as { system: string; value: string }[]).find((i) => i.system === 'https://fhir.nhs.uk/Id/nhs-number')?.value ?? '';
        assert.ok(isValidNhsNumber(nhs) && nhs.startsWith('999'), `NHS number ${nhs}`);
        assert.ok(!numbers.has(nhs), `NHS number ${nhs} issued twice`);
        numbers.add(nhs);
      }
    }
    firstDigest = digest.digest('hex');
    const result = tally.result();
    // The registers count the living list: about 1% of the list dies each year of the 3 modelled.
    assert.ok(result.patients.all < 10_000 && result.patients.all > 9_500, `living patients ${result.patients.all}`);
    assert.equal(numbers.size, 10_000);
    const rows = prevalenceRows(result).filter((r) => r.target);
    assert.equal(rows.length, QOF_TARGETS.length);
    // ±25% of England's figure: a 10,000-patient list samples within about ±10% (two standard
    // errors at 2% prevalence), so only a generator that drifted from its tuning fails.
    const off = rows.filter((r) => !r.target!.close).map((r) => `${r.target!.label} ${r.target!.actual.toFixed(2)}% vs ~${r.target!.percent}%`);
    assert.deepEqual(off, [], 'registers off target');
  });

  it('streams in constant memory, and gives the same output again', () => {
    // Retained heap, sampled every 50,000 resources after a forced collection. What may grow is
    // the generator's per-practice bookkeeping (issued NHS numbers, future bookings: ~100 bytes a
    // patient), plus whatever the patient being generated holds at the sample (its plans and
    // recorded conditions). Measured on this practice: 2.0 MiB. Keeping just one resource in
    // 1,000 measures 4.2 MiB, and materialising the practice would retain gigabytes, so 3.5 MiB
    // is well over the real growth and still catches a 0.1% leak.
    const digest = createHash('sha256');
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    let baseline = 0;
    let peak = 0;
    let n = 0;
    for (const r of generatePractice(OPTIONS)) {
      digest.update(JSON.stringify(r)).update('\n');
      if (++n === 50_000) baseline = heap();
      else if (n % 50_000 === 0) peak = Math.max(peak, heap());
    }
    const growthMiB = (peak - baseline) / 2 ** 20;
    // Years of history, mostly medication issues: on the order of 1-3 million resources.
    assert.ok(n > 1_000_000 && n < 3_000_000, `${n} resources`);
    assert.ok(growthMiB < 3.5, `heap grew ${growthMiB.toFixed(1)} MiB while streaming ${n} resources`);
    assert.equal(digest.digest('hex'), firstDigest, 'same options, same output');
  });
});
