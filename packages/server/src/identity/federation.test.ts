// Staff sign-in federated to an external OpenID provider (as CIS2 would be), configured only:
// a second oidc-provider plays the external one. The claim it asserts finds the staff user by
// their external id; a user it vouches for that we do not know gets no further.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import Provider from 'oidc-provider';
import { authorizeUrl, Browser, claims, exchangeCode, identityTestApp, pkce, type IdentityTestApp } from '../../../../test/identity';

const CLIENT = 'openpractice-clinician';
const SECRET = 'federation-test-client-secret-0123456789';
let t: IdentityTestApp;
let idpServer: Server;
let idpUrl: string;
let redirectUri: string;

before(async () => {
  idpServer = createServer();
  await new Promise<void>((r) => idpServer.listen(0, '127.0.0.1', r));
  idpUrl = `http://127.0.0.1:${(idpServer.address() as AddressInfo).port}`;
  t = await identityTestApp({ federation: { issuer: idpUrl, clientId: 'openpractice', clientSecret: SECRET, userClaim: 'sub', label: 'Test Care Identity', scope: 'openid' } });
  redirectUri = `${t.url}/clinician/callback`;
  // The external provider: its development sign-in pages accept any login name as the subject.
  const idp = new Provider(idpUrl, {
    clients: [{ client_id: 'openpractice', client_secret: SECRET, redirect_uris: [`${t.url}/oauth/federation/callback`], grant_types: ['authorization_code'], response_types: ['code'] }],
    pkce: { required: () => true },
  });
  idpServer.on('request', idp.callback());
  const created = await t.admin('POST', '/admin/users', {
    username: 'fed.user',
    displayName: 'Federated User',
    password: 'a password never used here',
    externalId: '555123456789',
    practices: [{ odsCode: 'T00001', roles: ['nurse'] }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
});
after(async () => {
  await new Promise((r) => idpServer.close(r));
  await t.close();
});

/** Signs in at the external provider as `login`; returns where our side ends up. */
async function federate(login: string): Promise<{ res: Response; url: string; verifier: string }> {
  const browser = new Browser();
  const { verifier, challenge } = pkce();
  const start = await browser.follow(authorizeUrl(t.url, { clientId: CLIENT, redirectUri, scope: 'openid user/*.rs', challenge }), redirectUri);
  const page = await start.res.text();
  const link = /href="([^"]+\/federate)"/.exec(page);
  assert.ok(link, 'the sign-in page offers the external provider');
  assert.match(page, /Sign in with Test Care Identity/);
  let at = await browser.follow(link[1]!, `${idpUrl}/interaction/`);
  assert.ok(at.url.startsWith(`${idpUrl}/interaction/`), at.url);
  at = await browser.follow(at.url, `${idpUrl}/interaction/`, { form: { prompt: 'login', login, password: 'anything' } });
  at = await browser.follow(at.url, redirectUri, { form: { prompt: 'consent' } });
  return { ...at, verifier };
}

describe('federated staff sign-in', () => {
  it('signs a known user in through the external provider, then on as ever', async () => {
    const { url, verifier } = await federate('555123456789');
    const code = new URL(url).searchParams.get('code');
    assert.ok(code, url);
    const tok = await exchangeCode(t, { code: code!, verifier, clientId: CLIENT, redirectUri });
    assert.equal(tok.status, 200, JSON.stringify(tok.body));
    const c = claims(tok.body.access_token);
    assert.equal(c.kind, 'staff');
    assert.equal(c.role, 'nurse');
    assert.equal(c.practice, 'T00001');
    assert.equal((await t.fhir('Patient?_summary=count', tok.body.access_token)).status, 200);
  });

  it('refuses someone the external provider vouches for but who is not set up here', async () => {
    const { res } = await federate('999999999999');
    assert.equal(res.status, 403);
    assert.match(await res.text(), /not set up for OpenPractice/);
  });
});
