// The demo sign-ins the first-start seed creates: staff per practice and four patient logins,
// linked to real records of the generated practice, signing in with the published credentials.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadResources } from '../load';
import { ensurePractice } from '../practices';
import { r4Rules } from '../rules';
import { generatePractice } from '../seed/index';
import { Browser, claims, exchangeCode, identityTestApp, pkce, signIn, type IdentityTestApp } from '../../../../test/identity';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, seedDemoIdentities } from './demo-identities';

const DEMO = { odsCode: 'D00001', name: 'Demo One', patients: 40, seed: 1 } as const;
let t: IdentityTestApp;

before(async () => {
  t = await identityTestApp();
  const practice = await ensurePractice(t.db, DEMO.odsCode, DEMO.name);
  await loadResources(t.db, practice, r4Rules, generatePractice(DEMO), { analyze: false });
});
after(() => t.close());

async function tokenFor(clientId: string, username: string, scope: string, totp?: string) {
  const redirectUri = `${t.url}/${clientId === 'openpractice-clinician' ? 'clinician' : 'patient'}/callback`;
  const { verifier, challenge } = pkce();
  const r = await signIn(t, new Browser(), { clientId, redirectUri, scope, challenge, username, password: DEMO_PASSWORD, ...(totp ? { totpSecret: totp } : {}) });
  assert.ok(r.code, `${username}: ${r.url} ${r.res.status}`);
  return (await exchangeCode(t, { code: r.code!, verifier, clientId, redirectUri })).body.access_token as string;
}

describe('demo sign-ins', () => {
  it('creates staff and patient logins once, linked to the generated records', async () => {
    const created = await seedDemoIdentities(t.db, [DEMO]);
    assert.deepEqual(created, ['gp.d00001', 'reception.d00001', 'manager.d00001', 'patient1@example.com', 'patient2@example.com', 'patient3@example.com', 'proxy@example.com']);
    assert.deepEqual(await seedDemoIdentities(t.db, [DEMO]), [], 'a second run adds nothing');
  });

  it('signs the demo GP in with the published password and TOTP secret, as their Practitioner', async () => {
    const token = await tokenFor('openpractice-clinician', 'gp.d00001', 'openid user/*.cruds', DEMO_TOTP_SECRET);
    const c = claims(token);
    assert.equal(c.role, 'gp');
    assert.match(c.fhirUser!, /^Practitioner\//);
    assert.equal((await t.fhir(c.fhirUser!, token)).status, 200, 'the Practitioner exists in the record');
  });

  it('signs demo patients in: P9 and P5 to their own records, the proxy for someone else', async () => {
    const p1 = claims(await tokenFor('openpractice-patient', 'patient1@example.com', 'openid patient/*.rs'));
    assert.equal(p1.proofing, 'P9');
    const own = await tokenFor('openpractice-patient', 'patient2@example.com', 'openid patient/*.rs');
    assert.equal((await t.fhir(`Patient/${claims(own).patient}`, own)).status, 200);
    assert.equal(claims(await tokenFor('openpractice-patient', 'patient3@example.com', 'openid patient/*.rs')).proofing, 'P5');
    const proxy = claims(await tokenFor('openpractice-patient', 'proxy@example.com', 'openid patient/*.rs'));
    assert.equal(proxy.proxy, true);
    assert.match(proxy.fhirUser!, /^RelatedPerson\//);
  });
});
