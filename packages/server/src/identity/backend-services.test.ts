// SMART Backend Services: client credentials with jose-signed private_key_jwt assertions
// (ES384 against a registered JWKS, RS384 against a JWKS URL), and every way one must fail.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ASSERTION_TYPE, claims, clientAssertion, clientKey, identityTestApp, tokenRequest, type IdentityTestApp } from '../../../../test/identity';

let t: IdentityTestApp;
let jwksServer: Server;
let es: Awaited<ReturnType<typeof clientKey>>;
let rs: Awaited<ReturnType<typeof clientKey>>;
let inlineId: string;
let uriId: string;
let offId: string;
let tokenUrl: string;

async function register(ods: string, body: Record<string, unknown>): Promise<string> {
  const res = await t.admin('POST', `/admin/practices/${ods}/clients`, { kind: 'system', name: 'Hospital EPR', scope: 'system/Patient.rs system/Observation.r', ...body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.client.clientId;
}

function request(assertion: string, scope = 'system/Patient.rs') {
  return tokenRequest(t, { grant_type: 'client_credentials', scope, client_assertion_type: ASSERTION_TYPE, client_assertion: assertion });
}

before(async () => {
  t = await identityTestApp();
  tokenUrl = `${t.url}/oauth/token`;
  es = await clientKey('ES384');
  rs = await clientKey('RS384');
  jwksServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rs.jwks)));
  await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
  inlineId = await register('T00001', { jwks: es.jwks });
  uriId = await register('T00001', { jwksUri: `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json` });
  offId = await register('T00002', { jwks: es.jwks });
  assert.equal((await t.admin('PUT', '/admin/practices/T00001/external-access', { enabled: true })).status, 200);
});
after(async () => {
  await new Promise((r) => jwksServer.close(r));
  await t.close();
});

describe('SMART Backend Services', () => {
  it('issues a system token to an ES384 assertion checked against the registered JWKS', async () => {
    const res = await request(await clientAssertion(es, { clientId: inlineId, aud: tokenUrl }));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.scope, 'system/Patient.rs');
    assert.ok(res.body.expires_in > 0 && res.body.expires_in <= 300);
    const c = claims(res.body.access_token);
    assert.deepEqual({ sub: c.sub, client_id: c.client_id, kind: c.kind, role: c.role, practice: c.practice, iss: c.iss, aud: c.aud }, {
      sub: inlineId,
      client_id: inlineId,
      kind: 'system',
      role: 'system',
      practice: 'T00001',
      iss: 'openpractice',
      aud: 'openpractice-fhir',
    });
    assert.equal((await t.fhir('Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9000000009', res.body.access_token)).status, 200);
  });

  it('issues one to an RS384 assertion checked against a JWKS URL', async () => {
    const res = await request(await clientAssertion(rs, { clientId: uriId, aud: tokenUrl }), 'system/Patient.read');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.scope, 'system/Patient.read', 'v1 scope accepted as an alias');
  });

  it('refuses an expired assertion', async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await request(await clientAssertion(es, { clientId: inlineId, aud: tokenUrl, exp: now - 120 }));
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_client');
  });

  it('refuses an assertion living longer than five minutes', async () => {
    const res = await request(await clientAssertion(es, { clientId: inlineId, aud: tokenUrl, expiresIn: 3600 }));
    assert.equal(res.status, 401);
  });

  it('refuses a replayed assertion (jti used before)', async () => {
    const assertion = await clientAssertion(es, { clientId: inlineId, aud: tokenUrl, jti: 'once-only' });
    assert.equal((await request(assertion)).status, 200);
    const again = await request(await clientAssertion(es, { clientId: inlineId, aud: tokenUrl, jti: 'once-only' }));
    assert.equal(again.status, 401);
    assert.equal(again.body.error, 'invalid_client');
  });

  it('refuses an assertion signed by another key', async () => {
    const stranger = await clientKey('ES384');
    const res = await request(await clientAssertion({ ...stranger, kid: es.kid }, { clientId: inlineId, aud: tokenUrl }));
    assert.equal(res.status, 401);
  });

  it('refuses an assertion for another audience', async () => {
    const res = await request(await clientAssertion(es, { clientId: inlineId, aud: 'https://elsewhere.example/token' }));
    assert.equal(res.status, 401);
  });

  it('refuses an unknown client', async () => {
    const res = await request(await clientAssertion(es, { clientId: 'sys-unknown', aud: tokenUrl }));
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_client');
  });

  it('gives no token while the practice has external access off, and records the change when it is switched', async () => {
    const off = await request(await clientAssertion(es, { clientId: offId, aud: tokenUrl }));
    assert.equal(off.status, 400);
    assert.equal(off.body.error, 'unauthorized_client');
    assert.equal((await t.admin('PUT', '/admin/practices/T00002/external-access', { enabled: true })).status, 200);
    assert.equal((await request(await clientAssertion(es, { clientId: offId, aud: tokenUrl }))).status, 200);
    assert.equal((await t.admin('PUT', '/admin/practices/T00002/external-access', { enabled: false })).body.changed, true);
    assert.equal((await request(await clientAssertion(es, { clientId: offId, aud: tokenUrl }))).status, 400);
    const changes = await t.db.withOwner((s) =>
      s.query<{ old_value: boolean; new_value: boolean; changed_by: string }>(
        `SELECT old_value, new_value, changed_by FROM practice_setting_change WHERE practice_id = $1 AND key = 'externalAccess' ORDER BY id`,
        [t.practiceB.id],
      ),
    );
    assert.deepEqual(
      changes.rows.map((r) => [r.old_value, r.new_value]),
      [
        [false, true],
        [true, false],
      ],
    );
    assert.match(changes.rows[0]!.changed_by, /^operator:/);
  });

  it('grants only scopes the registration covers', async () => {
    const res = await request(await clientAssertion(es, { clientId: inlineId, aud: tokenUrl }), 'system/Patient.r system/Condition.rs system/*.cruds');
    assert.equal(res.status, 200);
    assert.equal(res.body.scope, 'system/Patient.r');
    const none = await request(await clientAssertion(es, { clientId: inlineId, aud: tokenUrl }), 'system/Condition.rs');
    assert.equal(none.status, 400);
    assert.equal(none.body.error, 'invalid_scope');
  });

  it('stops a revoked system, and its tokens', async () => {
    const id = await register('T00001', { jwks: es.jwks });
    const res = await request(await clientAssertion(es, { clientId: id, aud: tokenUrl }));
    assert.equal((await t.fhir('Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9000000009', res.body.access_token)).status, 200);
    const revoked = await t.admin('DELETE', `/admin/practices/T00001/clients/${id}`);
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.revokedTokens, 1);
    assert.equal((await t.fhir('Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9000000009', res.body.access_token)).status, 401);
    assert.equal((await request(await clientAssertion(es, { clientId: id, aud: tokenUrl }))).status, 401);
  });
});
