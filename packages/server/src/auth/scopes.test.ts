// SMART v2 scope parsing, v1 aliases, and what a parsed scope permits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScope, parseScopes, restrictedScopes, scopeAllows, scopeCovers } from './scopes';

const actions = (raw: string) => [...parseScope(raw)!.actions].join('');

describe('parseScopes', () => {
  it('parses v2 scopes in every context', () => {
    const [obs, all, sys] = parseScopes('patient/Observation.rs user/*.cruds system/Patient.r');
    assert.deepEqual([obs!.context, obs!.resourceType, [...obs!.actions], obs!.version], ['patient', 'Observation', ['r', 's'], 2]);
    assert.deepEqual([all!.context, all!.resourceType, [...all!.actions]], ['user', '*', ['c', 'r', 'u', 'd', 's']]);
    assert.deepEqual([sys!.context, sys!.resourceType, [...sys!.actions]], ['system', 'Patient', ['r']]);
  });

  it('accepts v1 .read, .write and .* as aliases', () => {
    assert.equal(actions('patient/Observation.read'), 'rs');
    assert.equal(actions('user/Patient.write'), 'cud');
    assert.equal(actions('system/*.*'), 'cruds');
    assert.equal(parseScope('user/Patient.read')!.version, 1);
  });

  it('skips non-resource scopes and refuses malformed ones', () => {
    assert.deepEqual(parseScopes('openid fhirUser launch/patient offline_access online_access launch'), []);
    for (const bad of ['patient/Observation.sr', 'patient/Observation.rr', 'patient/Observation.x', 'patient/Observation.', 'practice/Patient.r', 'patient/observation.r', 'patient/Observation.read?code=1', 'patient/Observation.rs?', 'Observation.rs']) {
      assert.equal(parseScope(bad), undefined, bad);
    }
    assert.deepEqual(parseScopes(undefined), []);
    assert.deepEqual(parseScopes(''), []);
  });

  it('keeps the query of a v2 scope that narrows it', () => {
    const s = parseScope('patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory')!;
    assert.equal(s.query!.get('category'), 'http://terminology.hl7.org/CodeSystem/observation-category|laboratory');
  });
});

describe('scopeAllows', () => {
  const scopes = parseScopes('patient/Observation.rs user/Patient.cu system/*.r patient/Condition.rs?clinical-status=active');

  it('answers per type and action, with * for every type', () => {
    assert.equal(scopeAllows(scopes, 'Observation', 's'), true);
    assert.equal(scopeAllows(scopes, 'Observation', 'u'), false);
    assert.equal(scopeAllows(scopes, 'Patient', 'c'), true);
    assert.equal(scopeAllows(scopes, 'Patient', 'd'), false);
    assert.equal(scopeAllows(scopes, 'Appointment', 'r'), true, 'system/*.r');
    assert.equal(scopeAllows(scopes, 'Appointment', 's'), false);
    assert.equal(scopeAllows([], 'Patient', 'r'), false);
  });

  it('never wholly allows through a query-restricted scope, but names it', () => {
    assert.equal(scopeAllows(scopes, 'Condition', 's'), false);
    assert.deepEqual(restrictedScopes(scopes, 'Condition', 's').map((s) => s.raw), ['patient/Condition.rs?clinical-status=active']);
  });
});

describe('scopeCovers', () => {
  it('covers the same or narrower scopes in the same context', () => {
    const allowed = parseScope('system/*.rs')!;
    assert.equal(scopeCovers(allowed, parseScope('system/Patient.r')!), true);
    assert.equal(scopeCovers(allowed, parseScope('system/Patient.read')!), true);
    assert.equal(scopeCovers(allowed, parseScope('system/Patient.cr')!), false);
    assert.equal(scopeCovers(allowed, parseScope('user/Patient.r')!), false);
    assert.equal(scopeCovers(parseScope('system/Patient.r')!, parseScope('system/*.r')!), false);
    const narrow = parseScope('patient/Observation.rs?category=laboratory')!;
    assert.equal(scopeCovers(narrow, parseScope('patient/Observation.rs')!), false);
    assert.equal(scopeCovers(narrow, parseScope('patient/Observation.r?category=laboratory')!), true);
  });
});
