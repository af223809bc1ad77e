// Staff sign-in (modelled on CIS2) end to end over HTTP: password + TOTP through to a token the
// FHIR API accepts; wrong password, wrong or replayed code, lockout with backoff; a user of two
// practices choosing one; idle and absolute session timeouts on an injected clock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, claims, exchangeCode, formAction, identityTestApp, pkce, signIn, tokenRequest, type IdentityTestApp } from '../../../../test/identity';
import { totpCode } from './credentials';

const CLIENT = 'openpractice-clinician';
const SCOPE = 'openid fhirUser offline_access user/*.cruds';
const PASSWORD = 'correct horse battery';

let t: IdentityTestApp;
let redirectUri: string;
let gpSecret: string;
let multiSecret: string;

async function addUser(username: string, practices: { odsCode: string; roles: string[]; practitionerId?: string }[]): Promise<string> {
  const res = await t.admin('POST', '/admin/users', { username, displayName: `User ${username}`, password: PASSWORD, practices });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.totpSecret as string;
}

before(async () => {
  t = await identityTestApp({ sessionIdleMinutes: 30, sessionMaxHours: 2, loginMaxFailures: 3 });
  redirectUri = `${t.url}/clinician/callback`;
  gpSecret = await addUser('dr.gp', [{ odsCode: 'T00001', roles: ['gp'], practitionerId: 'prac-1' }]);
  multiSecret = await addUser('locum', [
    { odsCode: 'T00001', roles: ['gp'] },
    { odsCode: 'T00002', roles: ['R0260', 'admin'] },
  ]);
});
after(() => t.close());

async function staffToken(browser: Browser, username: string, secret: string, choose?: Record<string, string>) {
  const { verifier, challenge } = pkce();
  const r = await signIn(t, browser, { clientId: CLIENT, redirectUri, scope: SCOPE, challenge, username, password: PASSWORD, totpSecret: secret, ...(choose ? { choose } : {}) });
  assert.ok(r.code, `a code (got ${r.res.status} at ${r.url}: ${r.error ?? ''})`);
  const tok = await exchangeCode(t, { code: r.code!, verifier, clientId: CLIENT, redirectUri });
  assert.equal(tok.status, 200, JSON.stringify(tok.body));
  return tok.body;
}

describe('staff sign-in', () => {
  it('signs in with password and TOTP to a token the FHIR API accepts', async () => {
    const body = await staffToken(new Browser(), 'dr.gp', gpSecret);
    const c = claims(body.access_token);
    assert.equal(c.iss, 'openpractice');
    assert.equal(c.aud, 'openpractice-fhir');
    assert.equal(c.kind, 'staff');
    assert.equal(c.role, 'gp');
    assert.equal(c.practice, 'T00001');
    assert.equal(c.scope, 'user/*.cruds');
    assert.equal(c.client_id, CLIENT);
    assert.equal(c.fhirUser, 'Practitioner/prac-1');
    assert.match(c.sub!, /^staff-/);
    assert.ok(c.sid && c.jti);
    assert.equal(claims(body.id_token).fhirUser, 'Practitioner/prac-1', 'fhirUser in the ID token (SMART sso-openid-connect)');
    assert.ok(body.refresh_token, 'offline_access gives a refresh token');
    assert.match(body.scope, /openid/);
    const res = await t.fhir('Patient?_summary=count', body.access_token);
    assert.equal(res.status, 200);
  });

  it('refuses a wrong password and a wrong TOTP code, saying no more than that', async () => {
    const browser = new Browser();
    const { challenge } = pkce();
    const wrong = await signIn(t, browser, { clientId: CLIENT, redirectUri, scope: SCOPE, challenge, username: 'dr.gp', password: 'not the password' });
    assert.equal(wrong.res.status, 401);
    assert.match(await wrong.res.text(), /username or password is not right/);
    const unknown = await signIn(t, new Browser(), { clientId: CLIENT, redirectUri, scope: SCOPE, challenge, username: 'nobody', password: 'whatever-it-is' });
    assert.equal(unknown.res.status, 401, 'an unknown user looks the same');

    const b2 = new Browser();
    const start = await signIn(t, b2, { clientId: CLIENT, redirectUri, scope: SCOPE, challenge, username: 'dr.gp', password: PASSWORD });
    const page = await start.res.text();
    assert.match(page, /security code/);
    const bad = await b2.request(formAction(page), { form: { code: totpCode(gpSecret, t.clock.now + 10 * 60_000) } });
    assert.equal(bad.status, 401);
    assert.match(await bad.text(), /not right/);
    t.clock.advance(30_000);
    const good = await b2.request(formAction(page), { form: { code: totpCode(gpSecret, t.clock.now) } });
    assert.equal(good.status, 303, 'the right code still works after one wrong one');
    const b3 = new Browser();
    const page3 = await (await signIn(t, b3, { clientId: CLIENT, redirectUri, scope: SCOPE, challenge, username: 'dr.gp', password: PASSWORD })).res.text();
    const replay = await b3.request(formAction(page3), { form: { code: totpCode(gpSecret, t.clock.now) } });
    assert.equal(replay.status, 401, 'a code is accepted once');
  });

  it('locks the login after repeated failures, then backs off longer', async () => {
    const secret = await addUser('lock.me', [{ odsCode: 'T00001', roles: ['receptionist'] }]);
    const { challenge } = pkce();
    const attempt = (password: string) => signIn(t, new Browser(), { clientId: CLIENT, redirectUri, scope: SCOPE, challenge, username: 'lock.me', password, totpSecret: secret });
    for (let i = 0; i < 3; i++) assert.equal((await attempt('wrong-password-x')).res.status, 401);
    const locked = await attempt(PASSWORD);
    assert.equal(locked.res.status, 429, 'even the right password is refused while locked');
    assert.equal(locked.res.headers.get('retry-after'), '60');
    assert.match(await locked.res.text(), /Too many failed attempts/);
    t.clock.advance(61_000);
    assert.equal((await attempt('wrong-password-y')).res.status, 401);
    const longer = await attempt(PASSWORD);
    assert.equal(longer.res.status, 429);
    assert.equal(longer.res.headers.get('retry-after'), '120', 'each further failure doubles the lock');
    t.clock.advance(121_000);
    const ok = await attempt(PASSWORD);
    assert.ok(ok.code, 'unlocked once the backoff has passed');
  });

  it('lets a user of two practices choose one for the session', async () => {
    const browser = new Browser();
    const { verifier, challenge } = pkce();
    const r = await signIn(t, browser, { clientId: CLIENT, redirectUri, scope: SCOPE, challenge, username: 'locum', password: PASSWORD, totpSecret: multiSecret });
    const page = await r.res.text();
    assert.match(page, /Choose where you are working/);
    assert.match(page, /T00001 — gp/);
    assert.match(page, /T00002 — admin/);
    const chosen = await browser.follow(formAction(page), redirectUri, { form: { choice: `${t.practiceB.id}:admin` } });
    const code = new URL(chosen.url).searchParams.get('code');
    assert.ok(code, chosen.url);
    const tok = await exchangeCode(t, { code: code!, verifier, clientId: CLIENT, redirectUri });
    const c = claims(tok.body.access_token);
    assert.equal(c.practice, 'T00002');
    assert.equal(c.role, 'admin');

    // The same browser session keeps that choice, asking nothing again.
    const again = pkce();
    const second = await signIn(t, browser, { clientId: CLIENT, redirectUri, scope: SCOPE, challenge: again.challenge });
    assert.ok(second.code, 'signed in already: straight back to the app');
    const tok2 = await exchangeCode(t, { code: second.code!, verifier: again.verifier, clientId: CLIENT, redirectUri });
    assert.equal(claims(tok2.body.access_token).practice, 'T00002');
    assert.equal(claims(tok2.body.access_token).sid, c.sid);
  });

  it('refuses a choice the user does not hold', async () => {
    const browser = new Browser();
    const { challenge } = pkce();
    const r = await signIn(t, browser, { clientId: CLIENT, redirectUri, scope: SCOPE, challenge, username: 'locum', password: PASSWORD, totpSecret: multiSecret });
    const forged = await browser.request(formAction(await r.res.text()), { form: { choice: `${t.practiceB.id}:nurse` } });
    assert.equal(forged.status, 400);
  });

  it('ends an idle session: refresh is refused and the browser must sign in again', async () => {
    const browser = new Browser();
    const body = await staffToken(browser, 'dr.gp', gpSecret);
    t.clock.advance(20 * 60_000);
    const refreshed = await tokenRequest(t, { grant_type: 'refresh_token', refresh_token: body.refresh_token, client_id: CLIENT });
    assert.equal(refreshed.status, 200, 'activity within the idle limit keeps the session');
    t.clock.advance(31 * 60_000);
    const idle = await tokenRequest(t, { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token, client_id: CLIENT });
    assert.equal(idle.status, 400);
    assert.equal(idle.body.error, 'invalid_grant');
    const { challenge } = pkce();
    const back = await signIn(t, browser, { clientId: CLIENT, redirectUri, scope: SCOPE, challenge });
    assert.equal(back.res.status, 200);
    assert.match(await back.res.text(), /Sign in to OpenPractice/);
  });

  it('ends a session at its absolute limit however active it is', async () => {
    const browser = new Browser();
    let body = await staffToken(browser, 'dr.gp', gpSecret);
    const end = claims(body.access_token).exp!;
    for (let i = 0; i < 4; i++) {
      t.clock.advance(25 * 60_000);
      const r = await tokenRequest(t, { grant_type: 'refresh_token', refresh_token: body.refresh_token, client_id: CLIENT });
      assert.equal(r.status, 200, `refresh ${i + 1} within 2 hours`);
      body = r.body;
    }
    assert.ok(claims(body.access_token).exp! >= end);
    t.clock.advance(25 * 60_000);
    const over = await tokenRequest(t, { grant_type: 'refresh_token', refresh_token: body.refresh_token, client_id: CLIENT });
    assert.equal(over.status, 400, 'past 2 hours from sign-in');
  });

  it('refuses a disabled user, and ends their tokens', async () => {
    const secret = await addUser('leaver', [{ odsCode: 'T00001', roles: ['nurse'] }]);
    const body = await staffToken(new Browser(), 'leaver', secret);
    assert.equal((await t.fhir('Patient?_summary=count', body.access_token)).status, 200);
    const disabled = await t.admin('POST', '/admin/users/leaver/disable');
    assert.equal(disabled.status, 200);
    assert.equal((await t.fhir('Patient?_summary=count', body.access_token)).status, 401, 'their access token is revoked at once');
    const { challenge } = pkce();
    const again = await signIn(t, new Browser(), { clientId: CLIENT, redirectUri, scope: SCOPE, challenge, username: 'leaver', password: PASSWORD, totpSecret: secret });
    assert.equal(again.res.status, 401);
  });
});
