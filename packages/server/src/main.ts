/**
 * Starting the server: config → database → migrations → key → (first start) demo seed → listen.
 * The only place that listens (STYLE habit 5).
 */
import type { FastifyInstance } from 'fastify';
import { loadSigningKey } from './auth/keys';
import type { Config } from './config';
import type { Database } from './db/database';
import { migrate } from './db/migrate';
import { openDatabase } from './db/open';
import { seedDemoIfEmpty } from './demo';
import { buildApp } from './http/app';
import { r4Rules, warmUpRules } from './rules';
import { clearRunningServer, readRunningServer, writeRunningServer } from './runtime';

export interface RunningApp {
  app: FastifyInstance;
  db: Database;
  url: string;
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
    if (config.seed === 'demo') await seedDemoIfEmpty(db, r4Rules, log);
    const app = await buildApp(config, { db, key, rules: r4Rules });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://localhost:${port}`;
    if (embedded) writeRunningServer(config.dataDir, { pid: process.pid, url });
    let closed = false;
    return {
      app,
      db,
      url,
      async close() {
        if (closed) return;
        closed = true;
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
