// Sign-in is audited: success, wrong password, unknown username (under a pseudonym, never the
// name typed), wrong security code and sign-out, each in the right practice's chain; and a
// configuration change (external access) commits with its audit record. The identity routes are
// mounted on a bare Fastify app here with an AuditLog given, as http/app.ts is to do.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair } from 'jose';
import { ensurePractice, issueToken, loadSigningKey, r4Rules, verifyToken, type Practice } from '@openpractice/server';
import { testDatabase, type TestDatabase } from '../../../../test/harness';
import { Browser, pkce, signIn, type Clock, type IdentityTestApp } from '../../../../test/identity';
import { RevocationList } from '../auth/revocations';
import type { SigningKey } from '../auth/keys';
import { loadAuditKey } from '../audit/chain';
import { AuditLog } from '../audit/log';
import { verifyAudit } from '../audit/verify';
import { totpCode } from './credentials';
import { registerIdentityRoutes } from './routes';
import type { IdentityServices } from './services';

const CLIENT = 'openpractice-clinician';
const SCOPE = 'openid fhirUser user/*.cruds';
const PASSWORD = 'correct horse battery';

let tdb: TestDatabase;
let server: Server;
let app: FastifyInstance;
let url: string;
let key: SigningKey;
let log: AuditLog;
let svc: IdentityServices;
let a: Practice;
let userId: string;
let secret: string;
const clock: Clock = {
  now: Date.now(),
  advance(ms) {
    this.now += ms;
  },
};

interface Row {
  practice_id: number;
  subtype: string;
  agent: string;
  agent_kind: string;
  outcome: string;
  json: string;
}

async function events(): Promise<Row[]> {
  return tdb.db.withOwner(async (s) => (await s.query<Row>('SELECT practice_id, subtype, agent, agent_kind, outcome, json FROM audit_event ORDER BY practice_id, seq')).rows.map((r) => ({ ...r, practice_id: Number(r.practice_id) })));
}

function journey(username: string, password: string, totpSecret?: string) {
  const t = { url, clock } as unknown as IdentityTestApp;
  return signIn(t, new Browser(), { clientId: CLIENT, redirectUri: `${url}/clinician/callback`, scope: SCOPE, challenge: pkce().challenge, username, password, ...(totpSecret ? { totpSecret } : {}) });
}

before(async () => {
  tdb = await testDatabase();
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = { ...tdb.config, baseUrl: url, identity: { ...tdb.config.identity, allowPrivateNetwork: true } };
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  key = await loadSigningKey({ signingKey: JSON.stringify(await exportJWK(privateKey)), dataDir: '/nonexistent' });
  log = new AuditLog(tdb.db, loadAuditKey(config, key));
  app = Fastify();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, new URLSearchParams(body as string)));
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body === '' ? undefined : JSON.parse(body as string)));
  svc = await registerIdentityRoutes(app, {
    config,
    db: tdb.db,
    key,
    rules: r4Rules,
    revocations: new RevocationList(tdb.db),
    authenticate: (req) => verifyToken(key, (req.headers.authorization ?? '').replace(/^Bearer /, '')),
    now: () => clock.now,
    audit: log,
  });
  await app.ready();
  server.on('request', (req, res) => app.routing(req, res));
  a = await ensurePractice(tdb.db, 'T00001', 'Test Practice A');
  await ensurePractice(tdb.db, 'T00002', 'Test Practice B');
  const created = await svc.staff.create({ username: 'dr.audit', displayName: 'Dr Audit', password: PASSWORD, memberships: [{ odsCode: 'T00001', roles: ['gp'] }] }, 'test');
  userId = created.user.id;
  secret = created.totpSecret;
});
after(async () => {
  await new Promise((r) => server.close(r));
  await app.close();
  await log.close();
  await tdb.close();
});

describe('sign-in audit', () => {
  it('records a wrong password against the user, in their practice’s chain', async () => {
    const r = await journey('dr.audit', 'not the password');
    assert.equal(r.res.status, 401);
    const failed = (await events()).filter((e) => e.subtype === 'login-failed');
    assert.equal(failed.length, 1);
    assert.deepEqual([failed[0]!.practice_id, failed[0]!.agent, failed[0]!.agent_kind, failed[0]!.outcome], [a.id, userId, 'staff', '4']);
    const event = JSON.parse(failed[0]!.json);
    assert.equal(event.outcomeDesc, 'sign-in failed: wrong password');
    assert.equal(event.agent[0].network.address, '127.0.0.1');
  });

  it('records an unknown username under a stable pseudonym in the deployment’s chain, never the name', async () => {
    await journey('nobody.here@example.com', 'whatever it is');
    await journey('Nobody.Here@example.com', 'another guess');
    const unknown = (await events()).filter((e) => e.agent_kind === 'anonymous');
    assert.equal(unknown.length, 2);
    assert.ok(unknown.every((e) => e.practice_id === 0 && e.subtype === 'login-failed'));
    assert.match(unknown[0]!.agent, /^unknown-user:[A-Za-z0-9_-]{22}$/);
    assert.equal(unknown[0]!.agent, unknown[1]!.agent, 'the same name (any case) gives the same pseudonym');
    assert.ok(unknown.every((e) => !e.json.toLowerCase().includes('nobody')));
  });

  it('records a wrong security code, a sign-in and a sign-out', async () => {
    const browser = new Browser();
    const first = await signIn({ url, clock } as unknown as IdentityTestApp, browser, { clientId: CLIENT, redirectUri: `${url}/clinician/callback`, scope: SCOPE, challenge: pkce().challenge, username: 'dr.audit', password: PASSWORD });
    const page = await first.res.text();
    const action = /<form method="post" action="([^"]+)"/.exec(page)![1]!.replace(/&amp;/g, '&');
    assert.equal((await browser.request(action, { form: { code: totpCode(secret, clock.now + 10 * 60_000) } })).status, 401);
    clock.advance(30_000);
    const ok = await browser.follow(action, `${url}/clinician/callback`, { form: { code: totpCode(secret, clock.now) } });
    assert.match(ok.url, /code=/);
    const out = await browser.request(`${url}/oauth/signout`, { method: 'POST', form: {} });
    assert.equal(out.status, 200);
    const mine = (await events()).filter((e) => e.agent === userId).map((e) => [e.subtype, e.outcome, JSON.parse(e.json).outcomeDesc]);
    assert.deepEqual(mine.slice(1), [
      ['login-failed', '4', 'sign-in failed: wrong or reused security code'],
      ['login', '0', 'signed in (pwd, otp, mfa)'],
      ['logout', '0', 'signed out'],
    ]);
  });

  it('records a configuration change with who made it, and the chains verify', async () => {
    const operator = await issueToken(key, { sub: 'ops-1', role: 'operator' });
    const res = await fetch(`${url}/admin/practices/T00001/external-access`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: true }),
    });
    assert.equal(res.status, 200, await res.text());
    const change = (await events()).filter((e) => e.subtype === 'config-change');
    assert.equal(change.length, 1);
    assert.deepEqual([change[0]!.practice_id, change[0]!.agent, change[0]!.agent_kind], [a.id, 'ops-1', 'operator']);
    assert.equal(JSON.parse(change[0]!.json).outcomeDesc, 'external access switched on');
    assert.equal((await verifyAudit(tdb.db, loadAuditKey(tdb.config, key))).intact, true);
  });
});
