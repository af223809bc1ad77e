// Every SNOMED CT code the record tables use (vaccines, vaccination procedures, referrals, document
// types, sensitive entries) is held by the terminology service with the same display, so
// $validate-code accepts what the generator writes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeSystems, valueSets } from '../../terminology/catalogue';
import { TerminologyStore } from '../../terminology/store';
import type { Code } from '../fhir';
import { ROUTE, VACCINATION_PROCEDURE, VACCINES } from './vaccines';
import { REFERRAL_CATEGORY, REFERRALS, REFERRED_BY_GP } from './referrals';
import { DOCUMENT_TYPE, LAB_REPORT_CODE, SENSITIVE_CODE } from './record-artifacts';

test('the record tables use only SNOMED CT codes the terminology holds, with the same display', () => {
  const store = new TerminologyStore(codeSystems(), valueSets());
  const codes: Code[] = [
    ...Object.values(VACCINES).map((v) => v.code),
    ...Object.values(VACCINATION_PROCEDURE),
    ROUTE.intramuscular,
    ROUTE.oral,
    ...Object.values(REFERRALS).map((r) => r.code),
    REFERRAL_CATEGORY,
    REFERRED_BY_GP,
    ...Object.values(DOCUMENT_TYPE),
    LAB_REPORT_CODE,
    ...Object.values(SENSITIVE_CODE),
  ];
  assert.ok(codes.length > 50);
  for (const c of codes) {
    const found = store.resolve(c.system, c.code);
    assert.ok(found, `${c.code} ${c.display} is not held`);
    assert.ok(store.displayMatches(found.concept, c.display), `${c.code}: "${c.display}" is not its display`);
  }
});
