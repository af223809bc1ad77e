/**
 * The decomposition (`--decompose`): the server's own layers driven in this process, to show where
 * the gap between the API and raw SQL goes.
 *
 * - `repo`: the server's Repository on the server's Database layer (same pool, row-level-security
 *   session, validation, extraction, one-statement write) — everything but HTTP, auth and Bundles.
 * - `sql`: only the server's write statement (resource + history + index rows in one CTE statement,
 *   as the application role under row-level security), with the index rows extracted beforehand.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { openDatabase, r4Rules, type Database } from '@openpractice/server';
import type { Resource } from '@openpractice/fhir';
import { Repository } from '../../packages/server/src/repo/repository';
import { insertResource } from '../../packages/server/src/repo/store-sql';
import type { Operation } from './load';
import { makePatient } from './patient';

export interface LayerTarget {
  practiceId: number;
  odsCode: string;
  ids: readonly string[];
}

const pickId = (ids: readonly string[]) => ids[Math.floor(Math.random() * ids.length)]!;

/** A runner for one layer at one concurrency; `close` releases its connections. */
export interface LayerRunner {
  run(op: Operation): Promise<void>;
  close(): Promise<void>;
}

/** The Repository through the server's PostgreSQL Database (pool of `concurrency`). */
export async function repoRunner(url: string, t: LayerTarget, concurrency: number): Promise<LayerRunner> {
  // Same settings the server uses (config defaults), with the benchmark's pool size.
  const db: Database = await openDatabase({ databaseUrl: url, dataDir: os.tmpdir(), poolSize: concurrency, statementTimeoutMs: 30_000 });
  const context = { practiceId: t.practiceId, odsCode: t.odsCode, subject: 'bench', role: 'admin' };
  return {
    run: (op) =>
      db.withPractice(t.practiceId, async (session) => {
        const repo = new Repository(session, context, r4Rules);
        switch (op) {
          case 'create':
            await repo.create(makePatient(t.odsCode) as unknown as Resource);
            return;
          case 'read':
            await repo.read('Patient', pickId(t.ids));
            return;
          case 'search': {
            const r = await repo.search('Patient', new URLSearchParams({ _id: pickId(t.ids) }));
            if (r.matches.length !== 1) throw new Error(`repo search found ${r.matches.length}`);
            return;
          }
        }
      }),
    close: () => db.close(),
  };
}

/** The server's create statement alone, on connections in the server's tenant context. */
export function sqlRunner(url: string, t: LayerTarget, concurrency: number): LayerRunner {
  // The server's tenant context (db/database.ts applyContext), set at connection start-up.
  const options = `-c TimeZone=UTC -c role=openpractice_app -c openpractice.practice=${t.practiceId}`;
  const pool = new pg.Pool({ connectionString: url, max: concurrency, options });
  const sql = {
    // A `name` makes pg prepare the statement once per connection, as the server's driver does.
    query: async <T>(text: string, params?: readonly unknown[], name?: string) => {
      const values = params as unknown[] | undefined;
      const r = await (name ? pool.query({ name, text, values }) : pool.query(text, values));
      return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
    },
    exec: async (script: string) => {
      await pool.query(script);
    },
  };
  return {
    async run(op) {
      if (op !== 'create') throw new Error('the sql layer only measures creates');
      const id = randomUUID();
      const lastUpdated = new Date().toISOString();
      const { resourceType, meta, ...rest } = makePatient(t.odsCode) as { resourceType: string; meta: object };
      const stamped = { resourceType, id, meta: { ...meta, versionId: '1', lastUpdated }, ...rest } as unknown as Resource;
      await insertResource(sql, {
        practiceId: t.practiceId,
        resourceType: 'Patient',
        id,
        versionId: 1,
        lastUpdated,
        method: 'POST',
        json: JSON.stringify(stamped),
        index: r4Rules.extract(stamped),
      });
    },
    close: () => pool.end(),
  };
}
