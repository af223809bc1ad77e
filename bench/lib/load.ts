/**
 * The two load generators, measured identically: a fixed window of `seconds`, `concurrency`
 * operations always in flight (each worker issues its next operation when the previous one
 * completes), and only operations that complete inside the window are counted.
 *
 * - API: autocannon with `concurrency` keep-alive HTTP connections to the server.
 * - Raw: a `pg.Pool` of `concurrency` connections doing the same row work by hand.
 */
import { randomInt, randomUUID } from 'node:crypto';
import autocannon, { type Request } from 'autocannon';
import type pg from 'pg';
import { makePatient } from './patient';
import { Latencies } from './stats';

export const OPERATIONS = ['create', 'read', 'search'] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface LoadResult {
  /** Operations completed successfully inside the window. */
  ok: number;
  /** Failed operations (non-2xx, connection errors, timeouts, SQL errors). */
  errors: number;
  /** A few distinct error descriptions, for the log. */
  errorKinds: string[];
  seconds: number;
  perSecond: number;
  latency: { p50: number; p95: number; p99: number };
}

export interface ApiTarget {
  url: string;
  token: string;
  odsCode: string;
  /** Patient ids that exist on the server (reads and searches pick from these). */
  ids: readonly string[];
}

const pickId = (ids: readonly string[]) => ids[randomInt(ids.length)]!;

function apiRequest(op: Operation, t: ApiTarget): Request {
  const headers = { authorization: `Bearer ${t.token}`, accept: 'application/fhir+json' };
  switch (op) {
    case 'create':
      return {
        method: 'POST',
        path: '/fhir/Patient',
        headers: { ...headers, 'content-type': 'application/fhir+json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify(makePatient(t.odsCode)) }),
      };
    case 'read':
      return { method: 'GET', headers, setupRequest: (req) => ({ ...req, path: `/fhir/Patient/${pickId(t.ids)}` }) };
    case 'search':
      return { method: 'GET', headers, setupRequest: (req) => ({ ...req, path: `/fhir/Patient?_id=${pickId(t.ids)}` }) };
  }
}

/** Drives the API for `seconds` at `concurrency` connections (autocannon; bounded by its duration). */
export async function apiLoad(op: Operation, t: ApiTarget, concurrency: number, seconds: number): Promise<LoadResult> {
  const lat = new Latencies();
  const kinds = new Set<string>();
  let errors = 0;
  let start = Infinity;
  let end = Infinity;
  const instance = autocannon({
    url: t.url,
    connections: concurrency,
    pipelining: 1,
    // A little longer than the window so the last in-flight operations of the window complete.
    duration: seconds + 0.5,
    timeout: 10,
    requests: [apiRequest(op, t)],
  });
  instance.on('start', () => {
    start = performance.now();
    end = start + seconds * 1000;
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (performance.now() > end) return;
    if (status >= 200 && status < 300) lat.add(ms);
    else {
      errors++;
      kinds.add(`HTTP ${status}`);
    }
  });
  instance.on('reqError', (err: Error) => {
    if (performance.now() > end) return;
    errors++;
    kinds.add(err.message);
  });
  await instance;
  return { ok: lat.count, errors, errorKinds: [...kinds].slice(0, 5), seconds, perSecond: lat.count / seconds, latency: lat.summary() };
}

export interface RawTarget {
  pool: pg.Pool;
  practiceId: number;
  odsCode: string;
  /** Raw row ids that exist (reads and searches pick from these). */
  ids: readonly string[];
}

/** One raw operation: the statement(s) the server's storage needs at minimum for the same effect. */
async function rawOperation(op: Operation, t: RawTarget): Promise<void> {
  switch (op) {
    case 'create': {
      // The same JSON the server stores: the client's Patient stamped with id and meta.
      const id = randomUUID();
      const lastUpdated = new Date().toISOString();
      const { resourceType, meta, ...rest } = makePatient(t.odsCode) as { resourceType: string; meta: object };
      const json = JSON.stringify({ resourceType, id, meta: { ...meta, versionId: '1', lastUpdated }, ...rest });
      await t.pool.query(
        'INSERT INTO raw_resource (practice_id, resource_type, id, version_id, last_updated, content) VALUES ($1, $2, $3, $4, $5, $6)',
        [t.practiceId, 'Patient', id, 1, lastUpdated, json],
      );
      return;
    }
    case 'read':
    case 'search': {
      // The raw side of a search is the same keyed row lookup; it returns the row, not a Bundle.
      const r = await t.pool.query<{ content: string }>(
        'SELECT content FROM raw_resource WHERE practice_id = $1 AND resource_type = $2 AND id = $3',
        [t.practiceId, 'Patient', pickId(t.ids)],
      );
      if (r.rows.length !== 1) throw new Error(`raw ${op} found ${r.rows.length} rows`);
      return;
    }
  }
}

/** Drives raw SQL for `seconds` with `concurrency` workers on a pool of that size; stops by itself. */
export function rawLoad(op: Operation, t: RawTarget, concurrency: number, seconds: number): Promise<LoadResult> {
  return loopLoad(() => rawOperation(op, t), concurrency, seconds);
}

/** `concurrency` workers each running `operation` back to back until the window closes. */
export async function loopLoad(operation: () => Promise<void>, concurrency: number, seconds: number): Promise<LoadResult> {
  const lat = new Latencies();
  const kinds = new Set<string>();
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await operation();
        if (performance.now() <= end) lat.add(performance.now() - t0);
      } catch (err) {
        errors++;
        kinds.add((err as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ok: lat.count, errors, errorKinds: [...kinds].slice(0, 5), seconds, perSecond: lat.count / seconds, latency: lat.summary() };
}
