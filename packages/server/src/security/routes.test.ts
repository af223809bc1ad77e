// The security alerts API over HTTP: who may list and acknowledge which alerts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { issueToken } from '../auth/tokens';
import { json, testApp, type TestApp } from '../../../../test/harness';
import { raiseAlert } from './alerts';

let t: TestApp;
const ids: Record<string, string> = {};
const NOW = Date.parse('2025-03-11T12:00:00Z');

before(async () => {
  t = await testApp();
  // The app serves /security/alerts itself (http/app.ts); acknowledgements are stamped with the real clock.
  const raise = async (name: string, practiceId: number | null, minutesAgo: number) => {
    const { id } = await raiseAlert(
      t.db,
      { practiceId, rule: 'unusual-volume', severity: 'medium', subject: `user-${name}`, summary: `alert ${name}`, details: { n: 1 } },
      new Date(NOW - minutesAgo * 60_000),
      3600_000,
    );
    ids[name] = id;
  };
  await raise('a1', t.practiceA.id, 30);
  await raise('a2', t.practiceA.id, 20);
  await raise('b1', t.practiceB.id, 10);
  await raise('deployment', null, 5);
});
after(() => t.close());

const list = (auth: string | null, query = '') => t.request({ method: 'GET', url: `/security/alerts${query}`, auth });
const ack = (auth: string, id: string) => t.request({ method: 'POST', url: `/security/alerts/${id}/acknowledge`, auth });
const names = (res: Awaited<ReturnType<typeof list>>) => json(res).alerts.map((a: { summary: string }) => a.summary.replace('alert ', ''));

describe('security alerts API', () => {
  it("shows a practice manager their own practice's alerts only, newest first", async () => {
    const res = await list(await t.token({ role: 'practice-manager', sub: 'pm-a' }));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(names(res), ['a2', 'a1']);
    const first = json(res).alerts[0];
    assert.equal(first.practice, 'T00001');
    assert.equal(first.rule, 'unusual-volume');
    assert.equal(first.raisedAt, '2025-03-11T11:40:00.000Z');
    const admin = await list(await t.token({ role: 'admin', practice: 'T00002' }));
    assert.deepEqual(names(admin), ['b1']);
    const other = await list(await t.token({ role: 'practice-manager' }), '?practice=T00002');
    assert.equal(other.statusCode, 403);
  });

  it('refuses everyone else: no token 401, receptionist, GP, patient and system tokens 403', async () => {
    assert.equal((await list(null)).statusCode, 401);
    for (const role of ['receptionist', 'gp', 'system'] as const) {
      const res = await list(await t.token({ role }));
      assert.equal(res.statusCode, 403, role);
      assert.equal(json(res).resourceType, 'OperationOutcome');
    }
    const patient = await issueToken(t.key, { sub: 'login-1', role: 'patient', practice: 'T00001', kind: 'patient' });
    assert.equal((await list(patient)).statusCode, 403);
    const appAsManager = await issueToken(t.key, { sub: 'pm-a', role: 'practice-manager', practice: 'T00001', kind: 'system' });
    assert.equal((await list(appAsManager)).statusCode, 403);
  });

  it("shows an operator every alert, the deployment's included, or one practice's", async () => {
    const operator = await t.token({ role: 'operator' });
    assert.deepEqual(names(await list(operator)), ['deployment', 'b1', 'a2', 'a1']);
    const deployment = json(await list(operator)).alerts[0];
    assert.equal(deployment.practice, null);
    assert.deepEqual(names(await list(operator, '?practice=T00002')), ['b1']);
    assert.deepEqual(names(await list(operator, '?_count=2')), ['deployment', 'b1']);
    assert.equal((await list(operator, '?practice=Z99999')).statusCode, 404);
  });

  it('refuses bad input with 400', async () => {
    const operator = await t.token({ role: 'operator' });
    for (const q of ['?status=closed', '?_count=0', '?_count=501', '?_count=ten', '?practice=nope', '?_count=1&_count=2']) {
      const res = await list(operator, q);
      assert.equal(res.statusCode, 400, q);
      assert.equal(json(res).resourceType, 'OperationOutcome');
    }
    assert.equal((await ack(operator, 'abc')).statusCode, 400);
  });

  it('lets a practice manager acknowledge their own alert (who and when), never another practice’s', async () => {
    const pm = await t.token({ role: 'practice-manager', sub: 'pm-a' });
    const done = await ack(pm, ids.a1!);
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(json(done).acknowledgedBy, 'pm-a');
    assert.ok(Math.abs(Date.parse(json(done).acknowledgedAt) - Date.now()) < 60_000, json(done).acknowledgedAt);
    assert.deepEqual(names(await list(pm)), ['a2'], 'no longer open');
    assert.deepEqual(names(await list(pm, '?status=all')), ['a2', 'a1']);
    const again = await ack(await t.token({ role: 'admin', sub: 'someone-else' }), ids.a1!);
    assert.equal(json(again).acknowledgedBy, 'pm-a', 'the first acknowledgement stands');

    assert.equal((await ack(pm, ids.b1!)).statusCode, 404, "another practice's alert is not found");
    assert.equal((await ack(pm, ids.deployment!)).statusCode, 404);
    assert.equal((await ack(await t.token({ role: 'receptionist' }), ids.a2!)).statusCode, 403);
    assert.equal((await ack(await t.token({ role: 'operator', sub: 'ops' }), ids.deployment!)).statusCode, 200);
    assert.deepEqual(names(await list(await t.token({ role: 'operator' }))), ['b1', 'a2']);
  });
});
