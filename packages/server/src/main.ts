/**
 * Starting the server: config → database → migrations → key → listen → (first start) demo seed,
 * in the background: the server answers at once and the demo practices fill while it runs (a
 * start stopped mid-seed completes the seed on the next start). The only place that listens
 * (STYLE habit 5).
 */
import type { FastifyInstance } from 'fastify';
import { loadSigningKey } from './auth/keys';
import type { Config } from './config';
import type { Database } from './db/database';
import { migrate } from './db/migrate';
import { openDatabase } from './db/open';
import { DEMO_PRACTICES, seedDemoIfEmpty } from './demo';
import { buildApp } from './http/app';
import { r4Rules, warmUpRules } from './rules';
import { clearRunningServer, readRunningServer, writeRunningServer } from './runtime';

export interface RunningApp {
  app: FastifyInstance;
  db: Database;
  url: string;
  /** Settles when the first start's demo seed is done (at once when there is none to do). */
  seeded: Promise<void>;
  close(): Promise<void>;
}

/** Starts the whole system and returns once it is listening. */
export async function startServer(config: Config, log: (line: string) => void = console.log): Promise<RunningApp> {
  const embedded = !config.databaseUrl;
  if (embedded) {
    const other = readRunningServer(config.dataDir);
    if (other && other.pid !== process.pid) {
      throw new Error(`Another OpenPractice server (pid ${other.pid}, ${other.url}) is already running on ${config.dataDir}`);
    }
  }
  const db = await openDatabase(config);
  try {
    await migrate(db);
    warmUpRules();
    const key = await loadSigningKey(config);
    const app = await buildApp(config, { db, key, rules: r4Rules });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://localhost:${port}`;
    if (embedded) writeRunningServer(config.dataDir, { pid: process.pid, url });
    const stopSeeding = new AbortController();
    const seeded: Promise<void> =
      config.seed === 'demo'
        ? seedDemoIfEmpty(db, r4Rules, log, DEMO_PRACTICES, stopSeeding.signal).then(
            (did) => {
              if (did) log('The demo practices are ready: their sign-ins work now.');
            },
            (err: unknown) => {
              if (stopSeeding.signal.aborted) log('Demo seed paused; the next start completes it.');
              else log(`The demo seed failed: ${err instanceof Error ? err.message : String(err)}`);
            },
          )
        : Promise.resolve();
    let closed = false;
    return {
      app,
      db,
      url,
      seeded,
      async close() {
        if (closed) return;
        closed = true;
        stopSeeding.abort();
        await seeded;
        await app.close();
        await db.close();
        if (embedded) clearRunningServer(config.dataDir, process.pid);
      },
    };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
