// Text search over HTTP (R4 search.html): `_text` (the narrative) and `_content` (all of the
// resource's text) with English stemming, phrases, OR and -negation, accent folding; string
// `:contains` and token `:text`; with other criteria, across writes and deletes, and per practice.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, testApp, type TestApp } from '../../../../test/harness';
import { create, matchIds, notes, searchset, sorted } from '../../../../test/search';

let t: TestApp;
let tokenB: string;
const ids: Record<string, string> = {};
const SCT = 'http://snomed.info/sct';

const div = (html: string) => ({ status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${html}</div>` });

/** A consultation of `patient` with narrative `html` and an optional coded reason. */
const encounter = (patient: string, html: string, reason?: { code: string; display: string; text?: string }) => ({
  resourceType: 'Encounter',
  status: 'finished',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
  subject: { reference: `Patient/${patient}` },
  text: div(html),
  ...(reason ? { reasonCode: [{ coding: [{ system: SCT, code: reason.code, display: reason.display }], ...(reason.text ? { text: reason.text } : {}) }] } : {}),
});

async function found(url: string, auth?: string): Promise<string[]> {
  return matchIds(await searchset(t, url, { ...(auth ? { auth } : {}), headers: { prefer: 'handling=strict' } }));
}

before(async () => {
  t = await testApp();
  tokenB = await t.token({ practice: 'T00002' });
  ids.ann = (await create(t, { resourceType: 'Patient', name: [{ family: 'Ó Súilleabháin', given: ['Áine'] }] })).id;
  ids.bob = (await create(t, { resourceType: 'Patient', name: [{ family: 'Blacksmith', given: ['Robert'] }] })).id;
  ids.wheezing = (await create(t, encounter(ids.ann!, '<p>Wheezing at night; <b>chest pain</b> on exertion.</p>', { code: '195967001', display: 'Asthma' }))).id;
  ids.asthmaReview = (await create(t, encounter(ids.ann!, '<p>Asthma review. Inhaler technique good. Non-smoker.</p>'))).id;
  ids.smoker = (await create(t, encounter(ids.ann!, '<p>Pain in chest. Smoker, advised to stop.</p>'))).id;
  ids.meniere = (await create(t, encounter(ids.ann!, '<p>Ménière&#8217;s disease: vertigo.</p>'))).id;
  ids.bobWheeze = (await create(t, encounter(ids.bob!, '<p>Wheeze heard on auscultation.</p>', { code: '49727002', display: 'Cough', text: 'Persistent cough' }))).id;
  // No narrative at all; text only in a display and a note.
  ids.noNarrative = (
    await create(t, {
      resourceType: 'Condition',
      subject: { reference: `Patient/${ids.bob}` },
      code: { coding: [{ system: SCT, code: '38341003', display: 'Hypertensive disorder' }] },
      note: [{ text: 'Family history of stroke' }],
    })
  ).id;
  // Practice B: the same words, which practice A must never see.
  ids.bWheeze = (await create(t, encounter(ids.ann!, '<p>Wheezing and asthma, chest pain.</p>'), tokenB)).id;
  ids.bPatient = (await create(t, { resourceType: 'Patient', name: [{ family: 'Blacksmith' }] }, tokenB)).id;
});
after(() => t.close());

describe('_text: the narrative, stemmed', () => {
  it('matches a word by its stem: wheezing finds wheeze and wheezing', async () => {
    assert.deepEqual(await found('/fhir/Encounter?_text=wheezing'), sorted(ids.wheezing!, ids.bobWheeze!));
    assert.deepEqual(await found('/fhir/Encounter?_text=wheeze'), sorted(ids.wheezing!, ids.bobWheeze!));
  });

  it('needs every word (AND), a "quoted phrase" in order, OR for alternatives, -word to exclude', async () => {
    assert.deepEqual(await found('/fhir/Encounter?_text=chest%20pain'), sorted(ids.wheezing!, ids.smoker!));
    assert.deepEqual(await found(`/fhir/Encounter?_text=${encodeURIComponent('"chest pain"')}`), [ids.wheezing]);
    assert.deepEqual(await found('/fhir/Encounter?_text=vertigo%20or%20inhaler'), sorted(ids.meniere!, ids.asthmaReview!));
    assert.deepEqual(await found('/fhir/Encounter?_text=chest%20-smoker'), [ids.wheezing]);
  });

  it('ORs comma values and ANDs repeated parameters (search.html)', async () => {
    assert.deepEqual(await found('/fhir/Encounter?_text=vertigo,inhaler'), sorted(ids.meniere!, ids.asthmaReview!));
    assert.deepEqual(await found('/fhir/Encounter?_text=chest&_text=night'), [ids.wheezing]);
  });

  it('ignores accents and case, on either side', async () => {
    assert.deepEqual(await found('/fhir/Encounter?_text=MENIERE'), [ids.meniere]);
    assert.deepEqual(await found(`/fhir/Encounter?_text=${encodeURIComponent('ménière’s')}`), [ids.meniere]);
  });

  it('searches the narrative only: a coded display is not narrative', async () => {
    assert.deepEqual(await found('/fhir/Encounter?_text=cough'), []);
    assert.deepEqual(await found('/fhir/Condition?_text=hypertensive'), []);
  });

  it('combines with other criteria: one patient’s consultations (Encounter?patient=…&_text=…)', async () => {
    assert.deepEqual(await found(`/fhir/Encounter?patient=Patient/${ids.ann}&_text=wheeze`), [ids.wheezing]);
    assert.deepEqual(await found(`/fhir/Encounter?patient=Patient/${ids.bob}&_text=wheeze`), [ids.bobWheeze]);
    assert.deepEqual(await found(`/fhir/Patient/${ids.ann}/Encounter?_text=asthma`), [ids.asthmaReview]);
  });

  it(':missing finds resources without a narrative', async () => {
    assert.deepEqual(await found('/fhir/Condition?_text:missing=true'), [ids.noNarrative]);
    assert.deepEqual(await found('/fhir/Encounter?_text:missing=true'), []);
  });

  it('refuses string modifiers (strict) and is unknown on types without narrative', async () => {
    const res = await t.request({ method: 'GET', url: '/fhir/Encounter?_text:exact=x', headers: { prefer: 'handling=strict' } });
    assert.equal(res.statusCode, 400);
    assert.ok(notes(await searchset(t, '/fhir/Binary?_text=x')).some((n: any) => n.expression?.[0] === '_text'));
  });
});

describe('_content: all of the resource’s text', () => {
  it('matches displays, CodeableConcept.text, notes and narrative, stemmed', async () => {
    assert.deepEqual(await found('/fhir/Encounter?_content=coughing'), [ids.bobWheeze]);
    assert.deepEqual(await found('/fhir/Encounter?_content=persistent'), [ids.bobWheeze]);
    assert.deepEqual(await found('/fhir/Encounter?_content=asthma'), sorted(ids.wheezing!, ids.asthmaReview!));
    assert.deepEqual(await found('/fhir/Condition?_content=strokes'), [ids.noNarrative]);
    assert.deepEqual(await found('/fhir/Condition?_content=hypertensive'), [ids.noNarrative]);
  });

  it('does not match codes, systems or references', async () => {
    assert.deepEqual(await found('/fhir/Encounter?_content=195967001'), []);
    assert.deepEqual(await found('/fhir/Encounter?_content=finished'), []);
    assert.deepEqual(await found(`/fhir/Encounter?_content=${ids.ann}`), []);
  });

  it('follows chains: Encounters whose patient’s record mentions a word', async () => {
    assert.deepEqual(await found('/fhir/Encounter?subject:Patient._content=blacksmith'), [ids.bobWheeze]);
  });
});

describe('text search follows writes', () => {
  it('an update replaces the indexed text; a delete removes it; history keeps the old text', async () => {
    const id = (await create(t, encounter(ids.bob!, '<p>Sprained ankle.</p>'))).id;
    assert.deepEqual(await found('/fhir/Encounter?_text=ankle'), [id]);
    const res = await t.request({ method: 'PUT', url: `/fhir/Encounter/${id}`, payload: { ...encounter(ids.bob!, '<p>Fractured wrist.</p>'), id } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(await found('/fhir/Encounter?_text=ankle'), []);
    assert.deepEqual(await found('/fhir/Encounter?_text=fracture'), [id]);
    assert.equal((await t.request({ method: 'DELETE', url: `/fhir/Encounter/${id}` })).statusCode, 200);
    assert.deepEqual(await found('/fhir/Encounter?_text=fracture'), []);
    const v1 = json(await t.request({ method: 'GET', url: `/fhir/Encounter/${id}/_history/1` }));
    assert.match(v1.text.div, /Sprained ankle/);
  });
});

describe('string :contains and token :text', () => {
  it(':contains matches anywhere in a string, mid-word, ignoring case and accents', async () => {
    assert.deepEqual(await found('/fhir/Patient?name:contains=smit'), [ids.bob]);
    assert.deepEqual(await found('/fhir/Patient?family:contains=ksmi'), [ids.bob]);
    assert.deepEqual(await found('/fhir/Patient?name:contains=SUILL'), [ids.ann]);
    assert.deepEqual(await found('/fhir/Patient?name:contains=ne'), [ids.ann], 'shorter than a trigram still matches');
    assert.deepEqual(await found('/fhir/Patient?name:contains=xyz'), []);
  });

  it(':contains treats LIKE wildcards literally', async () => {
    assert.deepEqual(await found('/fhir/Patient?name:contains=b%25ck'), []);
    assert.deepEqual(await found('/fhir/Patient?name:contains=b_a'), []);
  });

  it('token :text matches the start of a display or text, ignoring case', async () => {
    assert.deepEqual(await found('/fhir/Encounter?reason-code:text=asth'), [ids.wheezing]);
    assert.deepEqual(await found('/fhir/Encounter?reason-code:text=persistent%20c'), [ids.bobWheeze]);
    assert.deepEqual(await found('/fhir/Encounter?reason-code:text=thma'), []);
  });
});

describe('tenancy', () => {
  it('never matches another practice’s text, strings or displays', async () => {
    assert.deepEqual(await found('/fhir/Encounter?_text=wheezing'), sorted(ids.wheezing!, ids.bobWheeze!));
    assert.deepEqual(await found('/fhir/Encounter?_text=wheezing', tokenB), [ids.bWheeze]);
    assert.deepEqual(await found('/fhir/Encounter?_content=cough', tokenB), []);
    assert.deepEqual(await found('/fhir/Patient?name:contains=smit', tokenB), [ids.bPatient]);
    assert.deepEqual(await found('/fhir/Encounter?reason-code:text=asth', tokenB), []);
  });
});
