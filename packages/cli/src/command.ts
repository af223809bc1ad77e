/** What every CLI command provides, and the shared ways commands reach a deployment. */
import { request as httpRequest } from 'node:http';
import { createInterface } from 'node:readline';
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

/** A short-lived operator token for talking to a running server (long enough for the command). */
export async function operatorToken(config: Config, ttlSeconds = 300): Promise<string> {
  const key = await loadSigningKey(config);
  return issueToken(key, { sub: 'cli:operator', role: 'operator', ttlSeconds });
}

/** The diagnostics of an OperationOutcome body, or the body itself when it is not one. */
function diagnostics(text: string): string {
  try {
    return (JSON.parse(text) as { issue?: { diagnostics?: string }[] }).issue?.map((i) => i.diagnostics).join('; ') ?? text;
  } catch {
    return text;
  }
}

/** Calls a running server's API; non-2xx is a CliError carrying the server's diagnostics. */
export async function callServer<T>(url: string, token: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, { ...init, headers: { ...(init.headers ?? {}), Authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (!res.ok) throw new CliError(`server answered ${res.status}: ${diagnostics(text).slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * POSTs `items` as NDJSON to a running server, writing only as fast as the server reads (so memory
 * stays flat), and hands each NDJSON line of the streamed answer to `onLine` as it arrives.
 * Errors thrown by `onLine`, and non-2xx answers, abort the upload.
 */
export async function streamNdjson(url: string, token: string, items: Iterable<unknown>, onLine: (value: unknown) => void): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      if (err) {
        req.destroy();
        reject(err instanceof Error ? err : new Error(String(err)));
      } else resolve();
    };
    const req = httpRequest(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+ndjson', Authorization: `Bearer ${token}`, 'Transfer-Encoding': 'chunked' },
    });
    req.on('error', finish);
    req.on('response', (res) => {
      if ((res.statusCode ?? 500) >= 300) {
        let text = '';
        res
          .setEncoding('utf8')
          .on('data', (d: string) => (text += d))
          .on('end', () => finish(new CliError(`server answered ${res.statusCode}: ${diagnostics(text).slice(0, 500)}`)));
        return;
      }
      const lines = createInterface({ input: res, crlfDelay: Infinity });
      lines.on('line', (line) => {
        if (settled || line.trim() === '') return;
        try {
          onLine(JSON.parse(line));
        } catch (err) {
          finish(err);
        }
      });
      lines.on('close', () => finish());
      res.on('error', finish);
    });
    // Write with backpressure: pause the generator whenever the socket buffer is full.
    const iterator = items[Symbol.iterator]();
    const pump = () => {
      try {
        for (;;) {
          if (settled) return;
          const next = iterator.next();
          if (next.done) {
            req.end();
            return;
          }
          if (!req.write(`${JSON.stringify(next.value)}\n`)) {
            req.once('drain', pump);
            return;
          }
        }
      } catch (err) {
        finish(err);
      }
    };
    pump();
  });
}
