// Token lifecycle: introspection, revocation (then refused by /fhir), refresh-token rotation with
// reuse detection revoking the whole family, and how stale another process's revocation list is.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RevocationList } from '../auth/revocations';
import { Browser, claims, exchangeCode, identityTestApp, pkce, signIn, tokenRequest, type IdentityTestApp } from '../../../../test/identity';

const CLIENT = 'openpractice-clinician';
const PASSWORD = 'correct horse battery';

let t: IdentityTestApp;
let secret: string;

before(async () => {
  t = await identityTestApp();
  const res = await t.admin('POST', '/admin/users', { username: 'dr.tokens', displayName: 'Dr Tokens', password: PASSWORD, practices: [{ odsCode: 'T00001', roles: ['gp'] }] });
  secret = res.body.totpSecret;
});
after(() => t.close());

async function tokens(): Promise<Record<string, any>> {
  const redirectUri = `${t.url}/clinician/callback`;
  const { verifier, challenge } = pkce();
  const r = await signIn(t, new Browser(), { clientId: CLIENT, redirectUri, scope: 'openid offline_access user/*.rs', challenge, username: 'dr.tokens', password: PASSWORD, totpSecret: secret });
  const tok = await exchangeCode(t, { code: r.code!, verifier, clientId: CLIENT, redirectUri });
  assert.equal(tok.status, 200);
  return tok.body;
}

const introspect = (token: string, clientId = CLIENT) => tokenRequest(t, { token, client_id: clientId }, '/oauth/token/introspection');
const revoke = (token: string, clientId = CLIENT) => tokenRequest(t, { token, client_id: clientId }, '/oauth/token/revocation');
const refresh = (rt: string) => tokenRequest(t, { grant_type: 'refresh_token', refresh_token: rt, client_id: CLIENT });

describe('introspection', () => {
  it('describes an active access token to the client it was issued to, and only to it', async () => {
    const body = await tokens();
    const mine = await introspect(body.access_token);
    assert.equal(mine.status, 200);
    assert.equal(mine.body.active, true);
    assert.equal(mine.body.scope, 'user/*.rs');
    assert.equal(mine.body.client_id, CLIENT);
    assert.equal(mine.body.practice, 'T00001');
    assert.equal(mine.body.kind, 'staff');
    assert.equal(mine.body.sub, claims(body.access_token).sub);
    assert.equal(typeof mine.body.exp, 'number');
    assert.deepEqual((await introspect(body.access_token, 'openpractice-patient')).body, { active: false });
    assert.deepEqual((await introspect('not-a-token')).body, { active: false });
    const rt = await introspect(body.refresh_token);
    assert.equal(rt.body.active, true, 'refresh tokens are introspected by the provider');
  });
});

describe('revocation', () => {
  it('revokes an access token: the FHIR API then refuses it, introspection says inactive', async () => {
    const body = await tokens();
    assert.equal((await t.fhir('Patient?_summary=count', body.access_token)).status, 200);
    const r = await revoke(body.access_token);
    assert.equal(r.status, 200);
    const res = await t.fhir('Patient?_summary=count', body.access_token);
    assert.equal(res.status, 401);
    assert.match(((await res.json()) as { issue: { diagnostics: string }[] }).issue[0]!.diagnostics, /revoked/);
    assert.deepEqual((await introspect(body.access_token)).body, { active: false });
  });

  it('answers 200 to a token it cannot or may not revoke, and leaves it alone', async () => {
    const body = await tokens();
    assert.equal((await revoke('garbage')).status, 200);
    assert.equal((await revoke(body.access_token, 'openpractice-patient')).status, 200);
    assert.equal((await t.fhir('Patient?_summary=count', body.access_token)).status, 200, 'another client cannot revoke it');
  });

  it('revokes a refresh token and with it the grant’s access tokens', async () => {
    const body = await tokens();
    assert.equal((await revoke(body.refresh_token)).status, 200);
    assert.equal((await refresh(body.refresh_token)).status, 400);
    assert.equal((await t.fhir('Patient?_summary=count', body.access_token)).status, 401);
  });
});

describe('refresh tokens', () => {
  it('rotates on every use; a reused one revokes the whole family', async () => {
    const first = await tokens();
    const second = await refresh(first.refresh_token);
    assert.equal(second.status, 200);
    assert.notEqual(second.body.refresh_token, first.refresh_token, 'rotated');
    assert.equal(claims(second.body.access_token).practice, 'T00001', 'context carried over');
    assert.equal((await t.fhir('Patient?_summary=count', second.body.access_token)).status, 200);

    const reused = await refresh(first.refresh_token);
    assert.equal(reused.status, 400);
    assert.equal(reused.body.error, 'invalid_grant');
    assert.equal((await refresh(second.body.refresh_token)).status, 400, 'the newest refresh token died with the family');
    assert.equal((await t.fhir('Patient?_summary=count', second.body.access_token)).status, 401, 'and so did its access tokens');
  });
});

describe('revocation across processes', () => {
  it('another process refuses a revoked token within its refresh interval, not before', async () => {
    let now = Date.now();
    const other = new RevocationList(t.db, { refreshMs: 5000, now: () => now });
    assert.equal(await other.isRevoked('cross-process'), false);
    const here = new RevocationList(t.db);
    await here.revoke([{ jti: 'cross-process', exp: Math.floor(Date.now() / 1000) + 600 }], 'test');
    assert.equal(await here.isRevoked('cross-process'), true, 'this process: at once');
    now += 4000;
    assert.equal(await other.isRevoked('cross-process'), false, 'the other: stale within the interval');
    now += 1500;
    assert.equal(await other.isRevoked('cross-process'), true, 'the other: seen after the interval');
  });
});
