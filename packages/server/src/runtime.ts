/**
 * The running-server marker for embedded deployments. PGlite allows one process per data
 * directory, so the server records its pid and URL in `<dataDir>/server.json`; CLI commands that
 * find a live server there go through its API instead of opening the database themselves.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunningServer {
  pid: number;
  url: string;
}

export function serverFile(dataDir: string): string {
  return join(dataDir, 'server.json');
}

export function writeRunningServer(dataDir: string, info: RunningServer): void {
  writeFileSync(serverFile(dataDir), JSON.stringify(info), { mode: 0o600 });
}

export function clearRunningServer(dataDir: string, pid: number): void {
  const current = readRunningServer(dataDir);
  if (current?.pid === pid) rmSync(serverFile(dataDir), { force: true });
}

/** The server running on this data directory, if its process is alive. */
export function readRunningServer(dataDir: string): RunningServer | undefined {
  let info: RunningServer;
  try {
    info = JSON.parse(readFileSync(serverFile(dataDir), 'utf8')) as RunningServer;
  } catch {
    return undefined;
  }
  if (!Number.isInteger(info.pid) || typeof info.url !== 'string') return undefined;
  try {
    process.kill(info.pid, 0);
    return info;
  } catch (err) {
    // EPERM: alive but another user's; ESRCH: gone (stale file).
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? info : undefined;
  }
}
