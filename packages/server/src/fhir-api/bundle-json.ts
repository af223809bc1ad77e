/**
 * Writes searchset and history Bundles as JSON text, splicing in each resource's stored JSON
 * unchanged — a page of results is never parsed and re-serialised just to be sent.
 */
import { randomUUID } from 'node:crypto';
import type { OperationOutcome } from '@openpractice/fhir';
import { RawJson } from './types';

export interface RawEntry {
  fullUrl?: string;
  /** Stored resource JSON, or null (a deleted version in history). */
  json: string | null;
  search?: { mode: 'match' | 'include' | 'outcome' };
  request?: { method: string; url: string };
  response?: { status: string; etag?: string; lastModified?: string; location?: string };
}

export interface RawBundle {
  type: 'searchset' | 'history';
  total?: number;
  links: { relation: string; url: string }[];
  entries: RawEntry[];
  /** Lenient-handling notes (search.html#errors): an OperationOutcome entry with mode outcome. */
  outcome?: OperationOutcome;
}

export function bundleJson(b: RawBundle): RawJson {
  const head: Record<string, unknown> = {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { lastUpdated: new Date().toISOString() },
    type: b.type,
  };
  if (b.total !== undefined) head.total = b.total;
  if (b.links.length) head.link = b.links;
  const parts: string[] = [];
  for (const e of b.entries) {
    const { json, ...rest } = e;
    const meta = JSON.stringify(rest);
    // Splice `"resource":<json>` into the entry object.
    parts.push(json === null ? meta : meta === '{}' ? `{"resource":${json}}` : `${meta.slice(0, -1)},"resource":${json}}`);
  }
  if (b.outcome) parts.push(JSON.stringify({ resource: b.outcome, search: { mode: 'outcome' } }));
  const headJson = JSON.stringify(head);
  return new RawJson(parts.length ? `${headJson.slice(0, -1)},"entry":[${parts.join(',')}]}` : headJson);
}
