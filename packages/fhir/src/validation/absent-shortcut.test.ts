import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fhirpath from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4';
import { compileAbsentShortcut } from './absent-shortcut';

/** The shortcut may only claim "holds" where the FHIRPath engine does not answer false. */
function assertAgrees(expression: string, node: Record<string, unknown>, expected: boolean, base = 'Period'): void {
  const shortcut = compileAbsentShortcut(expression);
  const claimed = shortcut?.(node) ?? false;
  assert.equal(claimed, expected, `${expression} on ${JSON.stringify(node)}`);
  if (claimed) {
    const result = fhirpath.evaluate(node, { base, expression }, {}, r4Model) as unknown[];
    assert.notDeepEqual(result, [false], `engine says false: ${expression}`);
  }
}

describe('compileAbsentShortcut', () => {
  it('settles guards on absent elements', () => {
    assertAgrees('start.hasValue().not() or end.hasValue().not() or (start <= end)', { end: '2020' }, true); // per-1
    assertAgrees('start.empty() or end.empty()', { end: '2020' }, true);
    assertAgrees('start.exists() implies end.exists()', { end: '2020' }, true);
    assertAgrees('start.where(true).all($this > 1)', { end: '2020' }, true);
    assertAgrees('(start.empty() and id.empty()) or end.exists()', { end: '2020' }, true);
  });

  it('leaves everything else to the engine', () => {
    assertAgrees('start.hasValue().not() or end.hasValue().not() or (start <= end)', { start: '2021', end: '2020' }, false);
    assertAgrees('start.exists()', { end: '2020' }, false); // certainly false: the engine reports it
    assertAgrees('start.empty() and end.empty()', { end: '2020' }, false);
    assertAgrees('Period.start.empty()', { end: '2020' }, false); // a type name, not an element
    assertAgrees('start.count() = 0', { end: '2020' }, false);
    assertAgrees('start.empty() xor end.empty()', { end: '2020' }, false);
    assertAgrees('%resource.start.empty()', { end: '2020' }, false);
  });

  it('counts choice and primitive-extension keys as present', () => {
    assertAgrees('value.empty()', { valueQuantity: { value: 1 } }, false, 'Extension');
    assertAgrees('value.empty()', { _valueString: { id: 'x' } }, false, 'Extension');
    assertAgrees('value.empty()', { url: 'http://x' }, true, 'Extension');
  });
});
