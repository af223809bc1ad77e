import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OperationOutcomeError } from '../outcome';
import { parseSearchRequest, type ParsedSearch } from './parse';
import { SEARCH_PREFIXES } from './parse-values';
import { SearchParameterRegistry } from './search-parameters';

function parse(type: string, query: string): ParsedSearch {
  return parseSearchRequest(type, new URLSearchParams(query));
}

/** Asserts a 400 OperationOutcomeError whose issue expression names `param`. */
function assertBadRequest(fn: () => unknown, param: string, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof OperationOutcomeError, String(e));
    assert.equal(e.status, 400);
    assert.deepEqual(e.outcome.issue[0]?.expression, [param]);
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe('parseSearchRequest: names, OR and AND', () => {
  it('parses a string parameter, normalising for comparison', () => {
    const { parameters, unknown } = parse('Patient', 'name=Zoë');
    assert.deepEqual(unknown, []);
    assert.equal(parameters.length, 1);
    assert.equal(parameters[0]?.code, 'name');
    assert.equal(parameters[0]?.type, 'string');
    assert.deepEqual(parameters[0]?.values, [{ kind: 'string', value: 'Zoë', normalised: 'zoe' }]);
  });

  it('splits commas into OR values, honouring \\, escapes', () => {
    assert.deepEqual(parse('Patient', 'name=peter,paul').parameters[0]?.values.map((v) => v.kind === 'string' && v.value), ['peter', 'paul']);
    assert.deepEqual(parse('Patient', String.raw`name=smith\,jones`).parameters[0]?.values.map((v) => v.kind === 'string' && v.value), ['smith,jones']);
    assert.deepEqual(parse('Patient', String.raw`name=a\\,b`).parameters[0]?.values.map((v) => v.kind === 'string' && v.value), ['a\\', 'b']);
  });

  it('keeps repeated parameters as separate AND criteria', () => {
    const { parameters } = parse('Patient', 'birthdate=ge1980&birthdate=lt1990');
    assert.equal(parameters.length, 2);
    assert.deepEqual(parameters.map((p) => p.values[0]?.kind === 'date' && p.values[0].prefix), ['ge', 'lt']);
  });

  it('accepts [name, value] pairs as well as URLSearchParams', () => {
    const r = parseSearchRequest('Patient', [['family', 'Chalmers'], ['_count', '5']]);
    assert.equal(r.parameters[0]?.code, 'family');
    assert.equal(r.control.count, 5);
  });

  it('ignores empty values and empty OR alternatives', () => {
    assert.deepEqual(parse('Patient', 'name=&family=a,,b').parameters.map((p) => [p.code, p.values.length]), [['family', 2]]);
  });

  it('reports unknown parameters and unsupported ones in `unknown`', () => {
    const r = parse('Patient', 'foo=bar&_query=cough&name=x');
    assert.deepEqual(r.unknown.map((u) => u.name), ['foo', '_query']);
    assert.match(r.unknown[0]?.reason ?? '', /Unknown search parameter "foo" for Patient/);
    assert.equal(r.parameters.length, 1);
  });

  it('parses _text and _content as full-text queries, folded, refusing string modifiers', () => {
    const r = parse('Encounter', '_text=Ménière "chest pain" -smoker&_content=asthma,copd&_text:exact=x&_content:missing=true');
    assert.deepEqual(r.parameters.map((p) => [p.code, p.values]), [
      ['_text', [{ kind: 'fulltext', value: 'Ménière "chest pain" -smoker', normalised: 'meniere "chest pain" -smoker' }]],
      ['_content', [{ kind: 'fulltext', value: 'asthma', normalised: 'asthma' }, { kind: 'fulltext', value: 'copd', normalised: 'copd' }]],
      ['_content', [{ kind: 'missing', missing: true }]],
    ]);
    assert.deepEqual(r.unknown.map((u) => u.name), ['_text:exact']);
    // Not a DomainResource: no narrative, so no _text (but _content).
    assert.deepEqual(parse('Binary', '_text=x&_content=y').unknown.map((u) => u.name), ['_text']);
  });

  it('uses the given registry (custom parameters)', () => {
    const registry = new SearchParameterRegistry();
    registry.addSearchParameter({
      resourceType: 'SearchParameter',
      url: 'https://example.org/sp/nhs-number',
      name: 'nhs-number',
      code: 'nhs-number',
      base: ['Patient'],
      type: 'token',
      expression: "Patient.identifier.where(system='https://fhir.nhs.uk/Id/nhs-number')",
    });
    const r = parseSearchRequest('Patient', new URLSearchParams('nhs-number=9000000009'), { registry });
    assert.deepEqual(r.unknown, []);
    assert.deepEqual(r.parameters[0]?.values, [{ kind: 'token', system: null, code: '9000000009', anySystem: true }]);
  });
});

describe('parseSearchRequest: modifiers', () => {
  it('accepts the R4 modifiers of each type', () => {
    const ok = [
      ['Patient', 'name:exact=a'],
      ['Patient', 'name:contains=a'],
      ['Patient', 'identifier:not=a'],
      ['Patient', 'gender:missing=true'],
      ['Observation', 'code:below=http://snomed.info/sct|404684003'],
      ['Observation', 'code:above=http://snomed.info/sct|404684003'],
      ['Observation', 'code:in=http://example.org/ValueSet/x'],
      ['Observation', 'code:not-in=http://example.org/ValueSet/x'],
      ['Observation', 'subject:Patient=1'],
      ['Observation', 'subject:identifier=https://fhir.nhs.uk/Id/nhs-number|9000000009'],
      ['ValueSet', 'url:below=http://example.org/fhir'],
      ['Observation', 'date:missing=false'],
    ];
    for (const [type, q] of ok) assert.deepEqual(parse(type ?? '', q ?? '').unknown, [], q);
  });

  it('reports modifiers that do not apply to the parameter type', () => {
    const r = parse('Patient', 'birthdate:exact=1980&name:text=x&gender:foo=male&general-practitioner:Observation=1&organization:Nope=1');
    assert.deepEqual(r.unknown.map((u) => u.name), ['birthdate:exact', 'name:text', 'gender:foo', 'general-practitioner:Observation', 'organization:Nope']);
    assert.match(r.unknown[0]?.reason ?? '', /Unknown modifier ":exact" for date parameter/);
    assert.equal(r.parameters.length, 0);
  });

  it(':missing takes true or false', () => {
    assert.deepEqual(parse('Patient', 'gender:missing=true').parameters[0]?.values, [{ kind: 'missing', missing: true }]);
    assertBadRequest(() => parse('Patient', 'gender:missing=maybe'), 'gender:missing');
  });

  it('token :text, :of-type and :in', () => {
    assert.deepEqual(parse('Condition', 'code:text=Burnt Éar').parameters[0]?.values, [{ kind: 'text', value: 'Burnt Éar', normalised: 'burnt ear' }]);
    assert.deepEqual(parse('Patient', 'identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|12345').parameters[0]?.values, [
      { kind: 'of-type', system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR', value: '12345' },
    ]);
    assertBadRequest(() => parse('Patient', 'identifier:of-type=MR|12345'), 'identifier:of-type');
    assert.deepEqual(parse('Observation', 'code:in=http://example.org/vs').parameters[0]?.values, [{ kind: 'uri', value: 'http://example.org/vs' }]);
  });
});

describe('parseSearchRequest: values', () => {
  it('token: code, system|code, |code, system|, and escaped |', () => {
    const values = (q: string) => parse('Observation', q).parameters[0]?.values;
    assert.deepEqual(values('code=1234-5'), [{ kind: 'token', system: null, code: '1234-5', anySystem: true }]);
    assert.deepEqual(values('code=http://loinc.org|1234-5'), [{ kind: 'token', system: 'http://loinc.org', code: '1234-5', anySystem: false }]);
    assert.deepEqual(values('code=|1234-5'), [{ kind: 'token', system: null, code: '1234-5', anySystem: false }]);
    assert.deepEqual(values('code=http://loinc.org|'), [{ kind: 'token', system: 'http://loinc.org', code: null, anySystem: false }]);
    assert.deepEqual(values(String.raw`code=a\|b`), [{ kind: 'token', system: null, code: 'a|b', anySystem: true }]);
    assertBadRequest(() => parse('Observation', 'code=a|b|c'), 'code');
  });

  it('number: every prefix, with the precision range', () => {
    for (const prefix of SEARCH_PREFIXES) {
      const v = parse('RiskAssessment', `probability=${prefix}0.5`).parameters[0]?.values[0];
      assert.deepEqual(v, { kind: 'number', prefix, value: 0.5, low: 0.45, high: 0.55 }, prefix);
    }
    assert.deepEqual(parse('RiskAssessment', 'probability=100').parameters[0]?.values[0], { kind: 'number', prefix: 'eq', value: 100, low: 99.5, high: 100.5 });
    assertBadRequest(() => parse('RiskAssessment', 'probability=lots'), 'probability', /Invalid number "lots"/);
    assertBadRequest(() => parse('RiskAssessment', 'probability=xx5'), 'probability');
  });

  it('date: every prefix, partial dates as ranges', () => {
    for (const prefix of SEARCH_PREFIXES) {
      const v = parse('Patient', `birthdate=${prefix}1980`).parameters[0]?.values[0];
      assert.deepEqual(v, { kind: 'date', prefix, low: '1980-01-01T00:00:00.000Z', high: '1980-12-31T23:59:59.999Z' }, prefix);
    }
    assert.deepEqual(parse('Observation', 'date=2013-01-14T10:00').parameters[0]?.values[0], {
      kind: 'date',
      prefix: 'eq',
      low: '2013-01-14T10:00:00.000Z',
      high: '2013-01-14T10:00:59.999Z',
    });
    // `+` in a query string decodes to a space: clients must send %2B for offsets.
    assert.deepEqual(parse('Observation', '_lastUpdated=gt2020-01-01T00:00:00%2B01:00').parameters[0]?.values[0], {
      kind: 'date',
      prefix: 'gt',
      low: '2019-12-31T23:00:00.000Z',
      high: '2019-12-31T23:00:00.999Z',
    });
  });

  it('date: rejects what is not a FHIR date, naming the parameter', () => {
    assertBadRequest(() => parse('Patient', 'birthdate=31/12/1980'), 'birthdate', /Invalid date "31\/12\/1980"/);
    assertBadRequest(() => parse('Patient', 'birthdate=1980-13'), 'birthdate');
    assertBadRequest(() => parse('Patient', 'birthdate=ge1980,tomorrow'), 'birthdate');
  });

  it('quantity: number, number|system|code, number||code, with prefixes', () => {
    const values = (q: string) => parse('Observation', q).parameters[0]?.values[0];
    assert.deepEqual(values('value-quantity=gt5.4|http://unitsofmeasure.org|mg'), {
      kind: 'quantity', prefix: 'gt', value: 5.4, low: 5.35, high: 5.45, system: 'http://unitsofmeasure.org', code: 'mg',
    });
    assert.deepEqual(values('value-quantity=5.4||mg'), { kind: 'quantity', prefix: 'eq', value: 5.4, low: 5.35, high: 5.45, system: null, code: 'mg' });
    assert.deepEqual(values('value-quantity=ap5'), { kind: 'quantity', prefix: 'ap', value: 5, low: 4.5, high: 5.5, system: null, code: null });
    assertBadRequest(() => parse('Observation', 'value-quantity=5.4|mg'), 'value-quantity');
  });

  it('reference: Type/id, id, :Type, absolute URL, canonical version, :identifier', () => {
    const values = (type: string, q: string) => parse(type, q).parameters[0]?.values[0];
    assert.deepEqual(values('Observation', 'subject=Patient/123'), { kind: 'reference', targetType: 'Patient', targetId: '123', url: null, version: null });
    assert.deepEqual(values('Observation', 'subject=Patient/123/_history/2'), { kind: 'reference', targetType: 'Patient', targetId: '123', url: null, version: '2' });
    assert.deepEqual(values('Observation', 'subject=123'), { kind: 'reference', targetType: null, targetId: '123', url: null, version: null });
    assert.deepEqual(values('Observation', 'subject:Patient=123'), { kind: 'reference', targetType: 'Patient', targetId: '123', url: null, version: null });
    assert.equal(parse('Observation', 'subject:Patient=123').parameters[0]?.targetType, 'Patient');
    // Patient.organization targets Organization only, so a bare id is an Organization.
    assert.deepEqual(values('Patient', 'organization=1'), { kind: 'reference', targetType: 'Organization', targetId: '1', url: null, version: null });
    assert.deepEqual(values('Observation', 'subject=https://example.org/fhir/Patient/1'), {
      kind: 'reference', targetType: null, targetId: null, url: 'https://example.org/fhir/Patient/1', version: null,
    });
    assert.deepEqual(values('PlanDefinition', 'derived-from=http://example.org/PlanDefinition/p|2.0'), {
      kind: 'reference', targetType: null, targetId: null, url: 'http://example.org/PlanDefinition/p', version: '2.0',
    });
    assert.deepEqual(values('Observation', 'subject:identifier=https://fhir.nhs.uk/Id/nhs-number|9000000009'), {
      kind: 'token', system: 'https://fhir.nhs.uk/Id/nhs-number', code: '9000000009', anySystem: false,
    });
    assertBadRequest(() => parse('Observation', 'subject=Patient/'), 'subject');
  });

  it('uri and composite', () => {
    assert.deepEqual(parse('ValueSet', 'url=http://example.org/vs').parameters[0]?.values, [{ kind: 'uri', value: 'http://example.org/vs' }]);
    assert.deepEqual(parse('Observation', 'code-value-quantity=http://loinc.org|8480-6$lt60').parameters[0]?.values, [
      {
        kind: 'composite',
        components: ['http://loinc.org|8480-6', 'lt60'],
        parts: [
          { kind: 'token', system: 'http://loinc.org', code: '8480-6', anySystem: false },
          { kind: 'quantity', prefix: 'lt', value: 60, low: 59.5, high: 60.5, system: null, code: null },
        ],
      },
    ]);
    // Each part is parsed by its component's type; a wrong number of parts or a bad part is 400.
    assertBadRequest(() => parse('Observation', 'code-value-quantity=8480-6'), 'code-value-quantity');
    assertBadRequest(() => parse('Observation', 'code-value-quantity=8480-6$high'), 'code-value-quantity');
    assertBadRequest(() => parse('Observation', 'component-code-value-quantity=8480-6$1$2'), 'component-code-value-quantity');
  });
});

describe('parseSearchRequest: chains and _has', () => {
  it('represents a typed chain', () => {
    const p = parse('Observation', 'subject:Patient.name=peter').parameters[0];
    assert.equal(p?.code, 'subject');
    assert.equal(p?.targetType, 'Patient');
    assert.deepEqual(p?.chain, [{ code: 'name', type: 'string', modifier: null, targetType: null, resourceTypes: ['Patient'] }]);
    assert.deepEqual(p?.values, [{ kind: 'string', value: 'peter', normalised: 'peter' }]);
  });

  it('resolves an untyped chain over the parameter’s targets, with a modifier on the last link', () => {
    const p = parse('Observation', 'subject.name:exact=Peter').parameters[0];
    assert.deepEqual(p?.chain, [{ code: 'name', type: 'string', modifier: 'exact', targetType: null, resourceTypes: ['Patient', 'Location'] }]);
  });

  it('chains more than one level, parsing values by the last link', () => {
    const p = parse('Observation', 'patient.organization.name=acme').parameters[0];
    assert.deepEqual(p?.chain.map((l) => [l.code, l.type, l.resourceTypes]), [
      ['organization', 'reference', ['Patient']],
      ['name', 'string', ['Organization']],
    ]);
    const d = parse('Encounter', 'subject:Patient.birthdate=1980').parameters[0];
    assert.equal(d?.values[0]?.kind, 'date');
    assertBadRequest(() => parse('Encounter', 'subject:Patient.birthdate=31/12/1980'), 'subject:Patient.birthdate');
  });

  it('reports chains that cannot be followed', () => {
    const r = parse('Observation', 'status.name=x&subject.nosuch=x&subject:exact.name=x');
    assert.deepEqual(r.unknown.map((u) => u.name), ['status.name', 'subject.nosuch', 'subject:exact.name']);
  });

  it('parses _has, nested', () => {
    const { has, unknown } = parse('Patient', '_has:Observation:patient:code=1234-5&_has:Observation:patient:_has:Provenance:target:agent=Practitioner/1');
    assert.deepEqual(unknown, []);
    assert.equal(has[0]?.resourceType, 'Observation');
    assert.equal(has[0]?.referenceCode, 'patient');
    assert.deepEqual(has[0]?.parameter?.values, [{ kind: 'token', system: null, code: '1234-5', anySystem: true }]);
    assert.equal(has[1]?.has?.resourceType, 'Provenance');
    assert.equal(has[1]?.has?.parameter?.code, 'agent');
    assert.deepEqual(parse('Patient', '_has:Observation:code:status=final').unknown.map((u) => u.name), ['_has:Observation:code:status']);
  });
});

describe('parseSearchRequest: result parameters', () => {
  it('collects them apart from the criteria', () => {
    const r = parse(
      'Observation',
      '_count=20&_sort=-date,code&_include=Observation:patient&_include:iterate=Patient:general-practitioner&_revinclude=Provenance:target' +
        '&_summary=count&_elements=id,code&_total=accurate&_contained=both&_containedType=contained&_format=json&_pretty=true',
    );
    assert.deepEqual(r.parameters, []);
    assert.deepEqual(r.unknown, []);
    assert.deepEqual(r.control, {
      count: 20,
      sort: [{ code: 'date', descending: true }, { code: 'code', descending: false }],
      include: [
        { value: 'Observation:patient', sourceType: 'Observation', code: 'patient', targetType: null, iterate: false },
        { value: 'Patient:general-practitioner', sourceType: 'Patient', code: 'general-practitioner', targetType: null, iterate: true },
      ],
      revinclude: [{ value: 'Provenance:target', sourceType: 'Provenance', code: 'target', targetType: null, iterate: false }],
      summary: 'count',
      elements: ['id', 'code'],
      total: 'accurate',
      contained: 'both',
      containedType: 'contained',
      format: 'json',
      pretty: true,
    });
  });

  it('rejects malformed result parameters with 400', () => {
    assertBadRequest(() => parse('Patient', '_count=-1'), '_count');
    assertBadRequest(() => parse('Patient', '_count=ten'), '_count');
    assertBadRequest(() => parse('Patient', '_summary=brief'), '_summary');
    assertBadRequest(() => parse('Patient', '_total=all'), '_total');
    assertBadRequest(() => parse('Patient', '_include=Observation'), '_include');
  });

  it('reports unknown sort and include parameters', () => {
    const r = parse('Patient', '_sort=nosuch,-birthdate&_include=Patient:name&_include:deep=Patient:organization');
    assert.deepEqual(r.control.sort, [{ code: 'birthdate', descending: true }]);
    assert.deepEqual(r.unknown.map((u) => u.name), ['_sort', '_include', '_include:deep']);
  });
});
