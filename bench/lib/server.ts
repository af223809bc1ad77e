/**
 * The system under test as a separate process — exactly what an operator runs
 * (`openpractice serve` on PostgreSQL) — so its memory and CPU can be read from /proc without the
 * load generator's own heap mixed in.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = fileURLToPath(new URL('../../packages/cli/bin/openpractice.js', import.meta.url));
/** The server as `npm start` runs it: the bundled build (scripts/build.mjs), not TypeScript via tsx. */
const SERVER = fileURLToPath(new URL('../../dist/openpractice.mjs', import.meta.url));
const READY = 'OpenPractice is running';

export interface ServerOptions {
  databaseUrl: string;
  dataDir: string;
  /** Extra `node` flags for the server process (e.g. `--cpu-prof`). */
  nodeArgs?: readonly string[];
  startTimeoutMs?: number;
}

export interface RunningServer {
  pid: number;
  /** Always http://127.0.0.1:<port>. */
  url: string;
  env: NodeJS.ProcessEnv;
  /** Output the server wrote, for diagnosing a failed start or a crash. */
  output(): string;
  stop(): Promise<void>;
}

/** A port free right now on the loopback interface (the server binds it a moment later). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const address = srv.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  srv.close();
  await once(srv, 'close');
  return port;
}

/** Starts `openpractice serve` and resolves once it says it is running. */
export async function startServer(o: ServerOptions): Promise<RunningServer> {
  await run(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1', // nothing but this machine can reach the benchmarked server
    DATABASE_URL: o.databaseUrl,
    OPENPRACTICE_SEED: 'none',
    OPENPRACTICE_DATA_DIR: o.dataDir,
    LOG_LEVEL: 'warn',
    // A benchmark is one client at full speed: per-token rate limits would measure 429s.
    OPENPRACTICE_RATE_LIMIT_PER_MINUTE: '0',
  };
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), SERVER, 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = once(child, 'exit');

  try {
    await waitUntil(() => out.includes(READY), child, o.startTimeoutMs ?? 60_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`The server did not start: ${(err as Error).message}\n${out}`);
  }
  return {
    pid: child.pid!,
    url: `http://127.0.0.1:${port}`,
    env,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM'); // graceful: lets a --cpu-prof profile be written
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitUntil(ready: () => boolean, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`no "${READY}" within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `openpractice token …` with the server's environment; the token is the last line of stdout. */
export async function cliToken(env: NodeJS.ProcessEnv, args: readonly string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI, 'token', ...args], { cwd: ROOT, env, timeout: 60_000 });
  const token = stdout.trim().split('\n').at(-1)?.trim();
  if (!token) throw new Error(`openpractice token ${args.join(' ')} printed no token`);
  return token;
}

/** Creates the benchmark practice through the admin API (operator token). */
export async function createPractice(url: string, operatorToken: string, odsCode: string, name: string): Promise<void> {
  const res = await fetch(`${url}/admin/practices`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${operatorToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ odsCode, name }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`POST /admin/practices answered ${res.status}: ${await res.text()}`);
}
