// Patient sign-in (modelled on NHS login) end to end: proofing level in the token, the login
// linked to the patient's record, proxy access granted and revoked by the practice.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, claims, exchangeCode, formAction, identityTestApp, pkce, signIn, tokenRequest, type IdentityTestApp } from '../../../../test/identity';

const CLIENT = 'openpractice-patient';
const SCOPE = 'openid fhirUser offline_access patient/*.rs';
const PASSWORD = 'my long patient password';

let t: IdentityTestApp;
let redirectUri: string;

async function addLogin(username: string, proofing: string, totp = false): Promise<{ id: string; totpSecret?: string }> {
  const res = await t.admin('POST', '/admin/patient-logins', { username, displayName: username, password: PASSWORD, proofing, totp });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.login.id, totpSecret: res.body.totpSecret };
}

async function link(login: string, patient: string, extra: Record<string, unknown> = {}, ods = 'T00001'): Promise<number> {
  const res = await t.admin('POST', `/admin/practices/${ods}/patient-links`, { login, patient, ...extra });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.link[0].id;
}

async function patientToken(username: string, o: { totpSecret?: string; choose?: Record<string, string> } = {}) {
  const { verifier, challenge } = pkce();
  const r = await signIn(t, new Browser(), { clientId: CLIENT, redirectUri, scope: SCOPE, challenge, username, password: PASSWORD, ...o });
  if (!r.code) return { error: r.error, status: r.res.status, page: r.res.status === 200 ? await r.res.text() : '' };
  const tok = await exchangeCode(t, { code: r.code, verifier, clientId: CLIENT, redirectUri });
  assert.equal(tok.status, 200, JSON.stringify(tok.body));
  return { body: tok.body };
}

before(async () => {
  t = await identityTestApp();
  redirectUri = `${t.url}/patient/callback`;
});
after(() => t.close());

describe('patient sign-in', () => {
  it('gives a P9 patient a token for their own record, accepted by the FHIR API', async () => {
    await addLogin('alice@example.com', 'P9');
    await link('alice@example.com', 'pat-alice');
    const { body } = await patientToken('alice@example.com');
    const c = claims(body!.access_token);
    assert.deepEqual(
      { kind: c.kind, role: c.role, practice: c.practice, patient: c.patient, proxy: c.proxy, proofing: c.proofing, fhirUser: c.fhirUser, scope: c.scope },
      { kind: 'patient', role: 'patient', practice: 'T00001', patient: 'pat-alice', proxy: false, proofing: 'P9', fhirUser: 'Patient/pat-alice', scope: 'patient/*.rs' },
    );
    assert.equal(c.sid, undefined, 'sid is for staff');
    assert.equal(body!.patient, 'pat-alice', 'SMART: patient beside the access token');
    assert.equal((await t.fhir('Patient?_summary=count', body!.access_token)).status, 200);
  });

  it('records a lower proofing level as it is (P5)', async () => {
    await addLogin('bob@example.com', 'P5');
    await link('bob@example.com', 'pat-bob');
    const { body } = await patientToken('bob@example.com');
    assert.equal(claims(body!.access_token).proofing, 'P5');
  });

  it('asks for a TOTP code when the login has one', async () => {
    const { totpSecret } = await addLogin('carol@example.com', 'P9', true);
    await link('carol@example.com', 'pat-carol');
    const { body } = await patientToken('carol@example.com', { totpSecret: totpSecret! });
    assert.equal(claims(body!.access_token).patient, 'pat-carol');
  });

  it('lets a proxy choose whom to act for, and says so in the token', async () => {
    const { id } = await addLogin('parent@example.com', 'P9');
    await link(id, 'pat-parent');
    const childLink = await link('parent@example.com', 'pat-child', { proxy: true, relatedPerson: 'rp-parent' });
    const first = await patientToken('parent@example.com');
    assert.match(first.page!, /Whose record do you want to see/);
    const proxied = await patientToken('parent@example.com', { choose: { link: String(childLink) } });
    const c = claims(proxied.body!.access_token);
    assert.equal(c.patient, 'pat-child');
    assert.equal(c.proxy, true);
    assert.equal(c.fhirUser, 'RelatedPerson/rp-parent');
    assert.equal(c.sub, id, 'the sub is still the proxy themselves');

    // The practice withdraws proxy access: the live token and its refresh token stop working.
    assert.equal((await t.fhir('Patient?_summary=count', proxied.body!.access_token)).status, 200);
    const revoked = await t.admin('DELETE', `/admin/practices/T00001/patient-links/${childLink}`);
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.equal((await t.fhir('Patient?_summary=count', proxied.body!.access_token)).status, 401);
    const refresh = await tokenRequest(t, { grant_type: 'refresh_token', refresh_token: proxied.body!.refresh_token, client_id: CLIENT });
    assert.equal(refresh.status, 400);
    const own = await patientToken('parent@example.com');
    assert.equal(claims(own.body!.access_token).patient, 'pat-parent', 'one link left: no choice to make');
  });

  it('refuses a login linked to no record, and a staff user at the patient app', async () => {
    await addLogin('nolink@example.com', 'P0');
    const r = await patientToken('nolink@example.com');
    assert.equal(r.error, 'access_denied');
    const staff = await t.admin('POST', '/admin/users', { username: 'staff.only', displayName: 'S', password: PASSWORD, practices: [{ odsCode: 'T00001', roles: ['gp'] }] });
    assert.equal(staff.status, 201);
    const asPatient = await patientToken('staff.only');
    assert.equal(asPatient.status, 401, 'staff usernames are not patient logins');
  });

  it('refuses a forged record choice', async () => {
    await addLogin('dave@example.com', 'P9');
    await link('dave@example.com', 'pat-dave');
    await link('dave@example.com', 'pat-dave-child', { proxy: true });
    const browser = new Browser();
    const { challenge } = pkce();
    const r = await signIn(t, browser, { clientId: CLIENT, redirectUri, scope: SCOPE, challenge, username: 'dave@example.com', password: PASSWORD });
    const forged = await browser.request(formAction(await r.res.text()), { form: { link: '999999' } });
    assert.equal(forged.status, 200);
    assert.match(await forged.text(), /Whose record/, 'asked again: the choice must be one of their links');
  });
});
