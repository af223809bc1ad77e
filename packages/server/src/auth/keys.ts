/**
 * The server's token-signing key (ES256). From configuration (`OPENPRACTICE_SIGNING_KEY`, a
 * private JWK) when set — as every process of a scaled deployment must share one — else from
 * `<dataDir>/keys/signing-key.json`, created on first use with owner-only permissions, so the CLI
 * can mint tokens for a server running on the same data directory.
 */
import type { webcrypto } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

export const SIGNING_ALG = 'ES256';

export interface SigningKey {
  kid: string;
  privateKey: webcrypto.CryptoKey;
  publicKey: webcrypto.CryptoKey;
  /** The public JWK, published at /.well-known/jwks.json. */
  publicJwk: JWK;
  /**
   * The private JWK, for the OpenID provider (identity/provider.ts) to sign access and ID tokens
   * with this same key. Never logged or served.
   */
  privateJwk: JWK;
}

export function keyFile(dataDir: string): string {
  return join(dataDir, 'keys', 'signing-key.json');
}

async function fromJwk(jwk: JWK): Promise<SigningKey> {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d) throw new Error('The signing key must be a private EC P-256 JWK');
  const { d: _d, ...pub } = jwk;
  const publicJwk: JWK = { kty: pub.kty, crv: pub.crv, x: pub.x, y: pub.y };
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicJwk));
  return {
    kid,
    privateKey: (await importJWK(jwk, SIGNING_ALG)) as webcrypto.CryptoKey,
    publicKey: (await importJWK(publicJwk, SIGNING_ALG)) as webcrypto.CryptoKey,
    publicJwk: { ...publicJwk, kid, alg: SIGNING_ALG, use: 'sig' },
    privateJwk: { ...publicJwk, d: jwk.d, kid, alg: SIGNING_ALG, use: 'sig' },
  };
}

/** Loads the configured key, or the data directory's key, creating that on first use. */
export async function loadSigningKey(options: { signingKey: string | undefined; dataDir: string }): Promise<SigningKey> {
  if (options.signingKey) {
    let jwk: JWK;
    try {
      jwk = JSON.parse(options.signingKey) as JWK;
    } catch {
      throw new Error('OPENPRACTICE_SIGNING_KEY must be a JSON private JWK');
    }
    return fromJwk(jwk);
  }
  const file = keyFile(options.dataDir);
  try {
    return await fromJwk(JSON.parse(readFileSync(file, 'utf8')) as JWK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    // 'wx': if another process created it first, use theirs.
    writeFileSync(file, JSON.stringify(jwk), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return fromJwk(JSON.parse(readFileSync(file, 'utf8')) as JWK);
}
