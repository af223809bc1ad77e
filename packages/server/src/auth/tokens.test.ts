// The verified-token cache: it must save work without ever accepting what verification rejects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportJWK, generateKeyPair } from 'jose';
import { loadSigningKey } from './keys';
import { issueToken, TokenVerifier } from './tokens';

async function key() {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return loadSigningKey({ signingKey: JSON.stringify(await exportJWK(privateKey)), dataDir: '/nonexistent' });
}

describe('TokenVerifier', () => {
  it('returns the claims of a valid token, then serves it from the cache', async () => {
    const k = await key();
    const v = new TokenVerifier(k);
    const token = await issueToken(k, { sub: 'u1', role: 'gp', practice: 'A00001' });
    const first = await v.verify(token);
    assert.equal(first.sub, 'u1');
    assert.equal(first.practice, 'A00001');
    assert.equal(await v.verify(token), first, 'the second call is the cached object');
  });

  it('stops accepting a cached token once it expires', async () => {
    const k = await key();
    let clock = Date.now() / 1000;
    const v = new TokenVerifier(k, 10, () => clock);
    const token = await issueToken(k, { sub: 'u1', role: 'gp', practice: 'A00001', ttlSeconds: 60 });
    await v.verify(token);
    clock += 120;
    await assert.rejects(v.verify(token), /expired/);
  });

  it('never caches a token whose signature is wrong', async () => {
    const k = await key();
    const v = new TokenVerifier(k);
    const token = await issueToken(k, { sub: 'u1', role: 'gp', practice: 'A00001' });
    const tampered = `${token.slice(0, -4)}${token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    await assert.rejects(v.verify(tampered));
    await assert.rejects(v.verify(tampered));
    assert.equal((await v.verify(token)).sub, 'u1');
  });

  it('stays bounded', async () => {
    const k = await key();
    const v = new TokenVerifier(k, 3);
    const tokens = await Promise.all([1, 2, 3, 4, 5].map((i) => issueToken(k, { sub: `u${i}`, role: 'gp', practice: 'A00001' })));
    for (const t of tokens) await v.verify(t);
    assert.equal((v as unknown as { verified: Map<string, unknown> }).verified.size, 3);
  });
});

describe('token claims', () => {
  it('carries the sign-in claims through signing and verification', async () => {
    const k = await key();
    const token = await issueToken(k, {
      sub: 'login-1',
      role: 'patient',
      practice: 'A00001',
      kind: 'patient',
      scope: 'patient/*.rs',
      patient: 'p1',
      proxy: true,
      proofing: 'P9',
      client_id: 'app-1',
      fhirUser: 'RelatedPerson/r1',
      jti: 'j-1',
    });
    const v = await new TokenVerifier(k).verify(token);
    assert.deepEqual(
      { kind: v.kind, scope: v.scope, patient: v.patient, proxy: v.proxy, proofing: v.proofing, client_id: v.client_id, fhirUser: v.fhirUser, jti: v.jti, role: v.role },
      { kind: 'patient', scope: 'patient/*.rs', patient: 'p1', proxy: true, proofing: 'P9', client_id: 'app-1', fhirUser: 'RelatedPerson/r1', jti: 'j-1', role: 'patient' },
    );
  });

  it('leaves a bootstrap token as it was: no scope, no kind', async () => {
    const k = await key();
    const v = await new TokenVerifier(k).verify(await issueToken(k, { sub: 'cli:gp', role: 'gp', practice: 'A00001' }));
    assert.equal(v.scope, undefined);
    assert.equal(v.kind, undefined);
    assert.ok(v.jti, 'every token has a jti, so it can be revoked');
  });

  it('refuses a token whose claims have the wrong shape', async () => {
    const k = await key();
    const bad = await issueToken(k, { sub: 'u', role: 'gp', practice: 'A00001', proofing: 'P7' as never });
    await assert.rejects(new TokenVerifier(k).verify(bad), /proofing/);
  });
});

describe('TokenVerifier and revocation', () => {
  it('refuses a revoked token even when it is cached', async () => {
    const k = await key();
    const revoked = new Set<string>();
    const v = new TokenVerifier(k, 10, undefined, { isRevoked: async (jti) => revoked.has(jti) });
    const token = await issueToken(k, { sub: 'u1', role: 'gp', practice: 'A00001', jti: 'revoke-me' });
    assert.equal((await v.verify(token)).sub, 'u1');
    revoked.add('revoke-me');
    await assert.rejects(v.verify(token), /revoked/);
  });
});
