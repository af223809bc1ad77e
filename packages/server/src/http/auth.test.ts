// Authentication on the FHIR surface: public endpoints, and every failure mode of the bearer token.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { json, testApp, type TestApp } from '../../../../test/harness';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

describe('public endpoints', () => {
  it('serves metadata, SMART configuration and the JWKS without a token', async () => {
    for (const url of ['/fhir/metadata', '/fhir/.well-known/smart-configuration', '/.well-known/jwks.json']) {
      const res = await t.request({ method: 'GET', url, auth: null });
      assert.equal(res.statusCode, 200, url);
    }
    const jwks = json(await t.request({ method: 'GET', url: '/.well-known/jwks.json', auth: null }));
    assert.equal(jwks.keys[0].kty, 'EC');
    assert.equal(jwks.keys[0].d, undefined, 'the private part is never published');
  });
});

describe('bearer tokens', () => {
  it('401 with an OperationOutcome and WWW-Authenticate when no token is sent', async () => {
    const res = await t.request({ method: 'GET', url: '/fhir/Patient', auth: null });
    assert.equal(res.statusCode, 401);
    assert.equal(res.headers['www-authenticate'], 'Bearer');
    assert.equal(json(res).resourceType, 'OperationOutcome');
    assert.equal(json(res).issue[0].code, 'login');
  });

  it('401 for garbage, a token signed by another key, an expired token and a wrong audience', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const foreign = await new SignJWT({ role: 'admin', practice: 'T00001' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('openpractice')
      .setAudience('openpractice-fhir')
      .setSubject('x')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const expired = await t.token({ ttlSeconds: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    const cases: [string, string][] = [
      ['garbage', 'not-a-jwt'],
      ['foreign key', foreign],
      ['expired', expired],
      ['alg none', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","role":"admin","practice":"T00001"}').toString('base64url')}.`],
    ];
    for (const [name, token] of cases) {
      const res = await t.request({ method: 'GET', url: '/fhir/Patient', auth: token });
      assert.equal(res.statusCode, 401, name);
      assert.equal(json(res).resourceType, 'OperationOutcome', name);
    }
    assert.match(json(await t.request({ method: 'GET', url: '/fhir/Patient', auth: expired })).issue[0].diagnostics, /expired/);
  });

  it('401 for a token naming a practice this server does not hold; 403 for an operator token', async () => {
    const unknown = await t.token({ practice: 'ZZ9999' });
    assert.equal((await t.request({ method: 'GET', url: '/fhir/Patient', auth: unknown })).statusCode, 401);
    const operator = await t.token({ role: 'operator' });
    assert.equal((await t.request({ method: 'GET', url: '/fhir/Patient', auth: operator })).statusCode, 403);
  });

  it('only an operator may use the deployment administration API', async () => {
    const admin = await t.request({ method: 'GET', url: '/admin/practices' });
    assert.equal(admin.statusCode, 403);
    const operator = await t.token({ role: 'operator' });
    const res = await t.request({ method: 'GET', url: '/admin/practices', auth: operator });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(json(res).practices.map((p: any) => p.odsCode), ['T00001', 'T00002']);
    const bad = await t.request({ method: 'POST', url: '/admin/practices', auth: operator, headers: { 'content-type': 'application/json' }, payload: { odsCode: 'bad code', name: 'x' } });
    assert.equal(bad.statusCode, 400);
  });

  it('sends security headers and a request id on every response', async () => {
    const res = await t.request({ method: 'GET', url: '/fhir/metadata', auth: null, headers: { 'x-request-id': 'abc-123' } });
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-request-id'], 'abc-123');
    const unsafe = await t.request({ method: 'GET', url: '/fhir/metadata', auth: null, headers: { 'x-request-id': 'bad id <script>' } });
    assert.notEqual(unsafe.headers['x-request-id'], 'bad id <script>');
  });
});

describe('key handling', () => {
  it('never accepts a public JWK as the signing key', async () => {
    const { loadSigningKey } = await import('../auth/keys');
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    await assert.rejects(loadSigningKey({ signingKey: JSON.stringify(await exportJWK(publicKey)), dataDir: '/nonexistent' }));
  });
});
