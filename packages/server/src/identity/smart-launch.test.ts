// SMART App Launch 2.0 for a practice's app: discovery, PKCE (S256 only), the aud check,
// standalone launch with patient context, consent, scopes limited to the registration, and the
// practice's external-access switch.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, claims, exchangeCode, formAction, identityTestApp, pkce, signIn, type IdentityTestApp } from '../../../../test/identity';

const PASSWORD = 'correct horse battery';
const APP_REDIRECT = 'http://localhost:9999/callback';

let t: IdentityTestApp;
let appId: string;
let gpSecret: string;
let patientId: string;

before(async () => {
  t = await identityTestApp();
  const gp = await t.admin('POST', '/admin/users', { username: 'dr.smart', displayName: 'Dr Smart', password: PASSWORD, practices: [{ odsCode: 'T00001', roles: ['gp'] }] });
  gpSecret = gp.body.totpSecret;
  const reg = await t.admin('POST', '/admin/practices/T00001/clients', {
    kind: 'app',
    audience: 'staff',
    name: 'Growth Charts',
    redirectUris: [APP_REDIRECT],
    scope: 'patient/*.rs user/Patient.rs',
  });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  assert.equal(reg.body.externalAccess, false, 'external access is off by default');
  appId = reg.body.client.clientId;
  const created = await fetch(`${t.url}/fhir/Patient`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await t.token()}`, 'content-type': 'application/fhir+json' },
    body: JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Launch', given: ['Pat'] }] }),
  });
  assert.equal(created.status, 201);
  patientId = ((await created.json()) as { id: string }).id;
});
after(() => t.close());

const launch = (o: { scope?: string; challenge?: string | null; method?: string; aud?: string; choose?: Record<string, string>; consent?: 'allow' | 'deny'; username?: string; secret?: string }) =>
  signIn(t, new Browser(), {
    clientId: appId,
    redirectUri: APP_REDIRECT,
    scope: o.scope ?? 'openid fhirUser launch/patient patient/Observation.rs user/Patient.rs',
    challenge: o.challenge === undefined ? pkce().challenge : o.challenge,
    ...(o.method ? { method: o.method } : {}),
    ...(o.aud ? { aud: o.aud } : {}),
    username: o.username ?? 'dr.smart',
    password: PASSWORD,
    totpSecret: o.secret ?? gpSecret,
    ...(o.choose ? { choose: o.choose } : {}),
    ...(o.consent ? { consent: o.consent } : {}),
  });

describe('SMART discovery', () => {
  it('publishes a real smart-configuration', async () => {
    const res = await fetch(`${t.url}/fhir/.well-known/smart-configuration`);
    assert.equal(res.status, 200);
    const c = (await res.json()) as Record<string, any>;
    assert.equal(c.token_endpoint, `${t.url}/oauth/token`);
    assert.equal(c.authorization_endpoint, `${t.url}/oauth/auth`);
    assert.deepEqual(c.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(c.token_endpoint_auth_signing_alg_values_supported, ['ES384', 'RS384']);
    for (const cap of ['launch-standalone', 'client-public', 'client-confidential-asymmetric', 'context-standalone-patient', 'permission-v2', 'permission-v1', 'sso-openid-connect']) {
      assert.ok(c.capabilities.includes(cap), cap);
    }
    const oidc = (await (await fetch(`${c.issuer}/.well-known/openid-configuration`)).json()) as Record<string, any>;
    assert.equal(oidc.issuer, c.issuer, 'the issuer is a real OpenID provider');
    assert.equal(oidc.token_endpoint, c.token_endpoint);
  });
});

describe('SMART app launch', () => {
  it('gives the practice app nothing while external access is off', async () => {
    const r = await launch({});
    assert.equal(r.error, 'access_denied');
  });

  it('launches standalone with a patient picked, after consent', async () => {
    assert.equal((await t.admin('PUT', '/admin/practices/T00001/external-access', { enabled: true })).body.changed, true);
    const browser = new Browser();
    const { verifier, challenge } = pkce();
    const start = await signIn(t, browser, {
      clientId: appId,
      redirectUri: APP_REDIRECT,
      scope: 'openid fhirUser launch/patient patient/Observation.rs user/Patient.rs user/Observation.cruds',
      challenge,
      username: 'dr.smart',
      password: PASSWORD,
      totpSecret: gpSecret,
    });
    const picker = await start.res.text();
    assert.match(picker, /Choose the patient/);
    const unknown = await browser.request(formAction(picker), { form: { patient: 'no-such-patient' } });
    assert.equal(unknown.status, 400);
    const consent = await browser.request(formAction(picker), { form: { patient: patientId } });
    const consentPage = await consent.text();
    assert.match(consentPage, /Allow Growth Charts/);
    assert.doesNotMatch(consentPage, /user\/Observation\.cruds/, 'a scope outside the registration is not offered');
    const done = await browser.follow(formAction(consentPage), APP_REDIRECT, { form: { decision: 'allow' } });
    const code = new URL(done.url).searchParams.get('code')!;
    assert.equal(new URL(done.url).searchParams.get('state'), 'st');
    const tok = await exchangeCode(t, { code, verifier, clientId: appId, redirectUri: APP_REDIRECT });
    assert.equal(tok.status, 200, JSON.stringify(tok.body));
    assert.equal(tok.body.patient, patientId);
    assert.equal(tok.body.token_type, 'Bearer');
    const granted = new Set(tok.body.scope.split(' '));
    for (const s of ['launch/patient', 'openid', 'fhirUser', 'patient/Observation.rs', 'user/Patient.rs']) assert.ok(granted.has(s), s);
    assert.ok(!granted.has('user/Observation.cruds'));
    const c = claims(tok.body.access_token);
    assert.equal(c.patient, patientId);
    assert.equal(c.client_id, appId);
    assert.equal(c.scope, 'patient/Observation.rs user/Patient.rs');
    assert.equal(tok.body.refresh_token, undefined, 'no offline_access asked: no refresh token');
    const read = await t.fhir(`Patient/${patientId}`, tok.body.access_token);
    assert.equal(read.status, 200);
  });

  it('refuses a missing or plain PKCE challenge', async () => {
    const none = await launch({ challenge: null });
    assert.equal(none.error, 'invalid_request');
    const plain = await launch({ challenge: 'a'.repeat(43), method: 'plain' });
    assert.equal(plain.error, 'invalid_request');
  });

  it('refuses a wrong code_verifier at the token endpoint', async () => {
    const browser = new Browser();
    const { challenge } = pkce();
    const r = await signIn(t, browser, { clientId: appId, redirectUri: APP_REDIRECT, scope: 'openid user/Patient.rs', challenge, username: 'dr.smart', password: PASSWORD, totpSecret: gpSecret });
    assert.ok(r.code, r.url);
    const tok = await exchangeCode(t, { code: r.code!, verifier: pkce().verifier, clientId: appId, redirectUri: APP_REDIRECT });
    assert.equal(tok.status, 400);
    assert.equal(tok.body.error, 'invalid_grant');
  });

  it('refuses an aud naming another FHIR server', async () => {
    const r = await launch({ aud: 'https://elsewhere.example/fhir' });
    assert.equal(r.error, 'invalid_request');
  });

  it('ends with access_denied when the user declines', async () => {
    const r = await launch({ scope: 'openid user/Patient.rs', consent: 'deny' });
    assert.equal(r.error, 'access_denied');
  });

  it('refuses a user who does not work at the app’s practice', async () => {
    const other = await t.admin('POST', '/admin/users', { username: 'dr.elsewhere', displayName: 'B', password: PASSWORD, practices: [{ odsCode: 'T00002', roles: ['gp'] }] });
    const r = await launch({ scope: 'openid user/Patient.rs', username: 'dr.elsewhere', secret: other.body.totpSecret });
    assert.equal(r.error, 'access_denied');
  });

  it('refuses an unregistered redirect URI without redirecting to it', async () => {
    const res = await new Browser().request(
      `${t.url}/oauth/auth?${new URLSearchParams({ response_type: 'code', client_id: appId, redirect_uri: 'https://attacker.example/cb', scope: 'openid', code_challenge: pkce().challenge, code_challenge_method: 'S256' })}`,
    );
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('location'), null);
  });
});
