/**
 * The audit chain's cryptography: the key, and the hash that links each audit row to the one
 * before it (migrations/0007). Row n's hash is
 *
 *   HMAC-SHA256(key, hash(n-1) ‖ n as 8-byte big-endian ‖ UTF-8 of the row's AuditEvent JSON)
 *
 * and the first row of a chain follows 32 zero bytes. The key is the server's, never stored in
 * the database, so someone who can write SQL can change rows but cannot make the chain agree
 * again: `openpractice audit verify` recomputes it.
 *
 * The key is `OPENPRACTICE_AUDIT_KEY` when set (a random secret shared by every process), else
 * derived with HKDF-SHA256 from the signing key's private scalar, so a deployment that keeps its
 * signing key keeps its audit key with no further setup. Rotating the signing key without setting
 * OPENPRACTICE_AUDIT_KEY to the old derived key would make old chains unverifiable: set
 * OPENPRACTICE_AUDIT_KEY before rotating.
 */
import { createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import type { SigningKey } from '../auth/keys';

export const HASH_BYTES = 32;
/** What the first row of every chain follows. */
export const GENESIS: Buffer = Buffer.alloc(HASH_BYTES);
const HKDF_INFO = 'openpractice audit chain v1';

/** The audit key: a KeyObject, so it never prints (inspect shows no bytes). */
export type AuditKey = KeyObject;

/** The audit key from configuration, or derived from the signing key. */
export function loadAuditKey(config: { auditKey: string | undefined }, signingKey: Pick<SigningKey, 'privateJwk'>): AuditKey {
  if (config.auditKey) return createSecretKey(Buffer.from(config.auditKey, 'utf8'));
  const d = signingKey.privateJwk.d;
  if (!d) throw new Error('The signing key has no private part to derive the audit key from');
  const derived = hkdfSync('sha256', Buffer.from(d, 'base64url'), Buffer.alloc(0), HKDF_INFO, HASH_BYTES);
  return createSecretKey(Buffer.from(derived));
}

/** The hash of row `seq` holding `json`, following `prev`. */
export function rowHash(key: AuditKey, prev: Buffer, seq: number, json: string): Buffer {
  const position = Buffer.alloc(8);
  position.writeBigUInt64BE(BigInt(seq));
  return createHmac('sha256', key).update(prev).update(position).update(json, 'utf8').digest();
}

/**
 * A keyed pseudonym of a value that must not be stored in clear (the username of a failed
 * sign-in): the same value always gives the same pseudonym, so repeated attempts can be counted,
 * but without the audit key no one can test guesses against it.
 */
export function pseudonym(key: AuditKey, purpose: string, value: string): string {
  return createHmac('sha256', key).update(`${purpose}\n${value}`, 'utf8').digest('base64url').slice(0, 22);
}
