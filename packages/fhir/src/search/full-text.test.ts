import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractIndexRows } from './extract';
import { FullTextExtractor, MAX_INDEXED_TEXT, narrativeText } from './full-text';
import { loadExample } from './test-examples';
import type { Resource } from '../types';

const fullText = new FullTextExtractor();
const text = (r: Record<string, unknown>, code: '_text' | '_content') =>
  extractIndexRows(r as unknown as Resource).text.find((t) => t.code === code)?.value;

describe('narrativeText', () => {
  it('drops markup and comments, decodes entities, keeps words apart', () => {
    assert.equal(
      narrativeText('<div xmlns="http://www.w3.org/1999/xhtml"><p>Wheezing&nbsp;&amp; cough</p><!-- x --><p>since <b>Monday</b>&#8212;&#x2013;</p></div>'),
      'Wheezing & cough since Monday \u2014\u2013',
    );
    assert.equal(narrativeText('<p>asthma</p><p>review</p>'), 'asthma review');
    assert.equal(narrativeText('&unknown; &#0; &#xD800;'), '&unknown;');
  });
});

describe('_text and _content rows', () => {
  const encounter = {
    resourceType: 'Encounter',
    status: 'finished',
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Reviewed <b>Ménière’s</b> disease</div>' },
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'Ambulatory' },
    reasonCode: [{ coding: [{ system: 'http://snomed.info/sct', code: '195967001', display: 'Asthma' }], text: 'Asthma review' }],
    subject: { reference: 'Patient/p1', display: 'Zoë Brontë' },
    extension: [{ url: 'https://example.org/note', valueString: 'Inhaler technique checked' }],
    meta: { tag: [{ code: 'x', display: 'Tag display' }] },
  };

  it('_text is the narrative only, folded', () => {
    assert.equal(text(encounter, '_text'), 'reviewed meniere’s disease');
  });

  it('_content is every string and markdown value and the narrative, never codes, URIs, ids or references', () => {
    const content = text(encounter, '_content') ?? '';
    for (const word of ['reviewed meniere', 'ambulatory', 'asthma review', 'zoe bronte', 'inhaler technique checked']) assert.ok(content.includes(word), word);
    const words = content.split(/\s+/);
    for (const word of ['finished', 'amb', '195967001', 'patient/p1', 'http://snomed.info/sct', 'https://example.org/note', 'tag']) assert.ok(!words.includes(word), word);
  });

  it('a resource with no text has no rows', () => {
    assert.deepEqual(extractIndexRows({ resourceType: 'Encounter', status: 'finished' } as unknown as Resource).text, []);
  });

  it('walks choice elements and nested backbone elements by type (Observation example)', () => {
    const { text: _narrative, ...obs } = loadExample('Observation-example.json') as Resource & { text?: unknown };
    const content = fullText.content(obs as Resource);
    assert.match(content, /Body Weight/);
    assert.match(content, /^lbs$/m, 'valueQuantity.unit, reached through value[x]');
    assert.doesNotMatch(content, /29463-7|loinc/, 'codes and systems are not text');
  });

  it('keeps at most MAX_INDEXED_TEXT characters', () => {
    const long = { resourceType: 'Basic', code: { text: 'word '.repeat(MAX_INDEXED_TEXT / 2) } };
    assert.ok((text(long, '_content') ?? '').length <= MAX_INDEXED_TEXT);
  });
});

describe('contained resources', () => {
  const request = {
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    medicationReference: { reference: '#med1' },
    contained: [
      { resourceType: 'Medication', id: 'med1', code: { coding: [{ system: 'http://snomed.info/sct', code: '39720311000001101', display: 'Paracetamol 500mg tablets' }] } },
      { resourceType: 'Medication', code: { text: 'no id: cannot be referenced, not indexed' } },
    ],
  };

  it('indexes each contained resource with an id under its own type, apart from the container', () => {
    const rows = extractIndexRows(request as unknown as Resource);
    assert.deepEqual(rows.contained.map((c) => [c.resourceType, c.id, c.index]), [['Medication', 'med1', 0]]);
    const med = rows.contained[0]!.rows;
    assert.deepEqual(med.token.filter((t) => t.code === 'code').map((t) => t.value), ['39720311000001101']);
    assert.deepEqual(med.contained, []);
    assert.ok(!rows.token.some((t) => t.value === '39720311000001101'), 'the container does not carry the contained code');
    // The container's _content covers its contained resources' text (they are part of it).
    assert.match(rows.text.find((t) => t.code === '_content')?.value ?? '', /paracetamol 500mg tablets/);
  });
});
