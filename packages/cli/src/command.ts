/** What every CLI command provides, and the shared ways commands reach a deployment. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  loadConfig,
  loadSigningKey,
  issueToken,
  migrate,
  openDatabase,
  readRunningServer,
  type Config,
  type Database,
} from '@openpractice/server';

export interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

/** A usage or input error: printed without a stack, exit code 2. */
export class CliError extends Error {
  override name = 'CliError';
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/**
 * How a command reaches the deployment: directly through the database, or — when a server is
 * running on the same embedded data directory (which only one process may open) — over its API.
 */
export type Target = { kind: 'database'; config: Config; db: Database } | { kind: 'server'; config: Config; url: string };

export async function reachDeployment(config: Config = loadConfig()): Promise<Target> {
  if (!config.databaseUrl) {
    const running = readRunningServer(config.dataDir);
    if (running) return { kind: 'server', config, url: running.url };
  }
  const db = await openDatabase(config);
  await migrate(db);
  return { kind: 'database', config, db };
}

/** A short-lived operator token for talking to a running server. */
export async function operatorToken(config: Config): Promise<string> {
  const key = await loadSigningKey(config);
  return issueToken(key, { sub: 'cli:operator', role: 'operator', ttlSeconds: 300 });
}

/** Calls a running server's API; non-2xx is a CliError carrying the server's diagnostics. */
export async function callServer<T>(url: string, token: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, { ...init, headers: { ...(init.headers ?? {}), Authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (!res.ok) {
    let msg = text;
    try {
      const body = JSON.parse(text) as { issue?: { diagnostics?: string }[] };
      msg = body.issue?.map((i) => i.diagnostics).join('; ') ?? text;
    } catch {
      // not JSON: keep the text
    }
    throw new CliError(`server answered ${res.status}: ${msg.slice(0, 500)}`);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}
