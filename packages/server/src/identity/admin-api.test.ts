// The identity administration API: who may call it (401/403), what it refuses (400/404/409),
// what it never shows, and that the application role cannot read any identity table.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { issueToken } from '../auth/tokens';
import { clientKey, identityTestApp, type IdentityTestApp } from '../../../../test/identity';

const PASSWORD = 'correct horse battery';
let t: IdentityTestApp;
let adminA: string;

before(async () => {
  t = await identityTestApp();
  adminA = await t.token({ role: 'admin', practice: 'T00001' });
});
after(() => t.close());

const user = (username: string, practices: unknown = [{ odsCode: 'T00001', roles: ['gp'] }], extra: Record<string, unknown> = {}) => ({
  username,
  displayName: 'Someone',
  password: PASSWORD,
  practices,
  ...extra,
});

describe('identity admin API: who may call it', () => {
  it('401 without a token, on every route', async () => {
    for (const [method, path] of [
      ['GET', '/admin/practices/T00001/users'],
      ['POST', '/admin/users'],
      ['GET', '/admin/practices/T00001/clients'],
      ['PUT', '/admin/practices/T00001/external-access'],
      ['POST', '/admin/practices/T00001/patient-links'],
    ] as const) {
      const res = await fetch(`${t.url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: '{}' }) });
      assert.equal(res.status, 401, `${method} ${path}`);
    }
  });

  it('403 for a clinician, for another practice’s admin, and for an app’s token', async () => {
    const gp = await t.token({ role: 'gp', practice: 'T00001' });
    assert.equal((await t.admin('GET', '/admin/practices/T00001/users', undefined, gp)).status, 403);
    const adminB = await t.token({ role: 'admin', practice: 'T00002' });
    assert.equal((await t.admin('GET', '/admin/practices/T00001/clients', undefined, adminB)).status, 403);
    assert.equal((await t.admin('POST', '/admin/users', user('cross'), adminB)).status, 403);
    const appToken = await issueToken(t.key, { sub: 'staff-x', role: 'admin', practice: 'T00001', kind: 'staff', client_id: 'app-third-party', scope: 'user/*.cruds' });
    assert.equal((await t.admin('GET', '/admin/practices/T00001/users', undefined, appToken)).status, 403, 'an app acting for an admin may not administer');
    const patient = await issueToken(t.key, { sub: 'login-x', role: 'patient', practice: 'T00001', kind: 'patient' });
    assert.equal((await t.admin('GET', '/admin/practices/T00001/users', undefined, patient)).status, 403);
  });

  it('lets a practice admin manage their own practice only', async () => {
    const created = await t.admin('POST', '/admin/users', user('own.staff', [{ odsCode: 'T00001', roles: ['receptionist'] }]), adminA);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const both = await t.admin('POST', '/admin/users', user('two.places', [{ odsCode: 'T00001', roles: ['gp'] }, { odsCode: 'T00002', roles: ['gp'] }]), adminA);
    assert.equal(both.status, 403, 'a user of two practices needs an operator (or an admin of each)');
    const listed = await t.admin('GET', '/admin/practices/T00001/users', undefined, adminA);
    assert.equal(listed.status, 200);
    assert.ok(listed.body.users.some((u: { username: string }) => u.username === 'own.staff'));
  });
});

describe('identity admin API: input', () => {
  it('adds a staff user, answering the TOTP secret once and never a password', async () => {
    const res = await t.admin('POST', '/admin/users', user('New.User', [{ odsCode: 'T00001', roles: ['R0260', 'admin'], practitionerId: 'prac-9' }]));
    assert.equal(res.status, 201);
    assert.equal(res.body.user.username, 'new.user');
    assert.deepEqual(res.body.user.practices[0].roles, ['gp', 'admin']);
    assert.deepEqual(res.body.user.practices[0].nationalRoles, ['R0260']);
    assert.match(res.body.totpSecret, /^[A-Z2-7]+=*$/);
    assert.match(res.body.totpUri, /^otpauth:\/\/totp\//);
    const listed = JSON.stringify((await t.admin('GET', '/admin/practices/T00001/users')).body);
    assert.doesNotMatch(listed, new RegExp(res.body.totpSecret));
    assert.doesNotMatch(listed, /password|argon2/i);
    const reset = await t.admin('POST', '/admin/users/new.user/reset-totp');
    assert.equal(reset.status, 200);
    assert.notEqual(reset.body.totpSecret, res.body.totpSecret);
  });

  it('refuses bad staff input with 400, duplicates with 409, unknown practices with 404', async () => {
    assert.equal((await t.admin('POST', '/admin/users', user('no.practice', []))).status, 400);
    assert.equal((await t.admin('POST', '/admin/users', user('bad.role', [{ odsCode: 'T00001', roles: ['wizard'] }]))).status, 400);
    assert.equal((await t.admin('POST', '/admin/users', { ...user('short.pw'), password: 'short' })).status, 400);
    assert.equal((await t.admin('POST', '/admin/users', user('a'))).status, 400, 'username too short');
    assert.equal((await t.admin('POST', '/admin/users', user('nowhere', [{ odsCode: 'Z99999', roles: ['gp'] }]))).status, 404);
    assert.equal((await t.admin('POST', '/admin/users', user('dupe'))).status, 201);
    assert.equal((await t.admin('POST', '/admin/users', user('DUPE'))).status, 409);
    assert.equal((await t.admin('POST', '/admin/users', 'not an object')).status, 400);
    assert.equal((await t.admin('POST', '/admin/users/nobody/disable')).status, 404);
  });

  it('refuses clients that could not work safely', async () => {
    const { jwks } = await clientKey('ES384');
    const bad: Record<string, unknown>[] = [
      { kind: 'system', name: 'No key', scope: 'system/Patient.rs' },
      { kind: 'system', name: 'User scope', scope: 'user/Patient.rs', jwks },
      { kind: 'system', name: 'Bad scope', scope: 'system/Patient.xyz', jwks },
      { kind: 'system', name: 'Unknown type', scope: 'system/Spaceship.rs', jwks },
      { kind: 'system', name: 'Private key', scope: 'system/Patient.rs', jwks: { keys: [{ ...jwks.keys[0], d: 'secret' }] } },
      { kind: 'system', name: 'Weak key', scope: 'system/Patient.rs', jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }] } },
      { kind: 'app', name: 'No redirect', audience: 'staff', scope: 'user/Patient.rs' },
      { kind: 'app', name: 'Http redirect', audience: 'staff', scope: 'user/Patient.rs', redirectUris: ['http://example.com/cb'] },
      { kind: 'app', name: 'Patient app user scope', audience: 'patient', scope: 'user/Patient.rs', redirectUris: ['https://example.com/cb'] },
      { kind: 'app', name: 'No audience', scope: 'patient/Patient.rs', redirectUris: ['https://example.com/cb'] },
      { kind: 'robot', name: 'Kind', scope: 'system/Patient.rs', jwks },
    ];
    for (const body of bad) assert.equal((await t.admin('POST', '/admin/practices/T00001/clients', body)).status, 400, String(body.name));
    assert.equal((await t.admin('POST', '/admin/practices/Z99999/clients', { kind: 'system', name: 'x', scope: 'system/Patient.rs', jwks })).status, 404);
    assert.equal((await t.admin('DELETE', '/admin/practices/T00001/clients/app-nope')).status, 404);
    assert.equal((await t.admin('PUT', '/admin/practices/T00001/external-access', { enabled: 'yes' })).status, 400);
    assert.equal((await t.admin('GET', '/admin/practices/bad code/clients')).status, 400);
  });

  it('refuses bad patient logins and links', async () => {
    assert.equal((await t.admin('POST', '/admin/patient-logins', { username: 'p@example.com', displayName: 'P', password: PASSWORD, proofing: 'P7' })).status, 400);
    assert.equal((await t.admin('POST', '/admin/patient-logins', { username: 'p@example.com', displayName: 'P', password: PASSWORD, proofing: 'P9' })).status, 201);
    assert.equal((await t.admin('POST', '/admin/practices/T00001/patient-links', { login: 'nobody@example.com', patient: 'x' })).status, 404);
    assert.equal((await t.admin('POST', '/admin/practices/T00001/patient-links', { login: 'p@example.com', patient: 'bad id!' })).status, 400);
    assert.equal((await t.admin('POST', '/admin/practices/T00001/patient-links', { login: 'p@example.com', patient: 'pat-1' })).status, 201);
    assert.equal((await t.admin('POST', '/admin/practices/T00001/patient-links', { login: 'p@example.com', patient: 'pat-1' })).status, 409);
    assert.equal((await t.admin('DELETE', '/admin/practices/T00001/patient-links/notanumber')).status, 400);
    const listed = await t.admin('GET', '/admin/practices/T00001/patient-logins');
    assert.equal(listed.body.logins[0].links[0].patient, 'pat-1');
  });
});

describe('identity tables are owner-only', () => {
  it('the application role can read none of them', async () => {
    for (const table of ['staff_user', 'login_credential', 'patient_login', 'patient_link', 'oauth_client', 'signin_session', 'oidc_model', 'revoked_token', 'oauth_grant_context']) {
      await assert.rejects(
        t.db.withPractice(t.practiceA.id, (s) => s.query(`SELECT * FROM ${table} LIMIT 1`)),
        /permission denied/,
        table,
      );
    }
  });
});
