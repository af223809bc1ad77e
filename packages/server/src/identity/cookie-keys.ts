/**
 * Keys that sign the sign-in cookies (the provider's session and interaction cookies, and ours).
 * From configuration (`OPENPRACTICE_COOKIE_KEYS`) when set — every process of a scaled deployment
 * must share them — else from `<dataDir>/keys/cookie-keys.json`, created on first use with
 * owner-only permissions, like the signing key. A throwaway in-memory deployment gets random ones.
 * Never logged.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function cookieKeyFile(dataDir: string): string {
  return join(dataDir, 'keys', 'cookie-keys.json');
}

export function loadCookieKeys(options: { cookieKeys: string[] | undefined; dataDir: string }): string[] {
  if (options.cookieKeys?.length) return options.cookieKeys;
  if (options.dataDir.startsWith('memory://')) return [randomBytes(32).toString('base64url')];
  const file = cookieKeyFile(options.dataDir);
  const read = (): string[] | undefined => {
    try {
      const keys = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (Array.isArray(keys) && keys.length > 0 && keys.every((k) => typeof k === 'string' && k.length >= 32)) return keys as string[];
      throw new Error(`${file} must hold a JSON array of secrets of at least 32 characters`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };
  const existing = read();
  if (existing) return existing;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    // 'wx': if another process created it first, use theirs.
    writeFileSync(file, JSON.stringify([randomBytes(32).toString('base64url')]), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return read()!;
}
