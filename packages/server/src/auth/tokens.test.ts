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
