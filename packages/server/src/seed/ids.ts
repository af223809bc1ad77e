/**
 * Deterministic resource ids: RFC 9562 version-5 (SHA-1, name-based) UUIDs, so the same practice,
 * seed, kind and key always give the same id, and ids never collide across kinds or practices.
 */
import { createHash } from 'node:crypto';

/** Namespace UUID for OpenPractice synthetic data (random, fixed forever: changing it changes every id). */
export const SEED_NAMESPACE = 'e151c38b-4c97-404a-a9e7-365211b006c5';

/** A version-5 UUID for `name` in `namespace` (RFC 9562 §5.5). */
export function uuidV5(name: string, namespace: string = SEED_NAMESPACE): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replaceAll('-', ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50; // version 5
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Makes the id function for one generated practice. */
export function idFactory(odsCode: string, seed: number): (kind: string, key: string | number) => string {
  return (kind, key) => uuidV5(`${odsCode}/${seed}/${kind}/${key}`);
}
