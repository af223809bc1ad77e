/**
 * The validator against data nobody here wrote: the 5,306 official R4 examples and the UK Core
 * examples. Every file must be accepted, except the few in known-example-rejections.ts, which
 * must fail with exactly the errors listed there.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { validateResource } from './index';
import { KNOWN_EXAMPLE_REJECTIONS, type KnownRejection } from './known-example-rejections';

const SOURCES: Record<KnownRejection['source'], string> = {
  r4: dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json')),
  'uk-core': join(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data/ukcore-examples'),
};

/** Package metadata, not resources. */
const NOT_RESOURCES: ReadonlySet<string> = new Set(['package.json', '.index.json']);

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** A line per unexpected outcome: an error not listed, or a listed rejection that did not happen. */
function check(source: KnownRejection['source']): { files: number; problems: string[] } {
  const dir = SOURCES[source];
  const expected = new Map(KNOWN_EXAMPLE_REJECTIONS.filter((k) => k.source === source).map((k) => [k.file, k]));
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !NOT_RESOURCES.has(f));
  const problems: string[] = [];
  for (const file of files) {
    const resource: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const errors = validateResource(resource).filter((i) => i.severity === 'error' || i.severity === 'fatal');
    const known = expected.get(file);
    expected.delete(file);
    if (!known) {
      for (const e of errors) problems.push(`${file}: unexpected error at ${e.expression?.[0]}: ${e.diagnostics}`);
      continue;
    }
    const patterns = known.expressions.map(globToRegExp);
    for (const e of errors) {
      if (!patterns.some((p) => p.test(e.expression?.[0] ?? ''))) problems.push(`${file}: unlisted error at ${e.expression?.[0]}: ${e.diagnostics}`);
    }
    for (const [i, p] of patterns.entries()) {
      if (!errors.some((e) => p.test(e.expression?.[0] ?? ''))) problems.push(`${file}: listed rejection ${known.expressions[i]} no longer happens`);
    }
  }
  for (const file of expected.keys()) problems.push(`${file}: listed but not found in ${source}`);
  return { files: files.length, problems };
}

describe('official and UK Core examples', () => {
  it('accepts every official R4 example except the listed, justified rejections', () => {
    const { files, problems } = check('r4');
    assert.ok(files >= 5306, `expected the 5,306 R4 examples, found ${files}`);
    assert.deepEqual(problems, []);
  });

  it('accepts every UK Core example except the listed, justified rejections', () => {
    const { files, problems } = check('uk-core');
    assert.ok(files >= 215, `expected the 215 UK Core examples, found ${files}`);
    assert.deepEqual(problems, []);
  });

  it('gives every listed rejection a reason that cites the specification', () => {
    for (const k of KNOWN_EXAMPLE_REJECTIONS) {
      assert.ok(k.expressions.length > 0, k.file);
      assert.match(k.reason, /\.html|[a-z]{2,4}-\d+:/, `${k.file}: reason must cite the spec`);
    }
  });
});
