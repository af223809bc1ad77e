/**
 * Helpers for search tests over HTTP: create resources, run a search expecting a searchset, and
 * read its matches, includes and OperationOutcome notes.
 */
import assert from 'node:assert/strict';
import { json, type TestApp } from './harness';

export const TEST_BASE = 'http://openpractice.test/fhir';

/** POSTs `resource` (or PUTs it when it has an id) and returns the stored resource. */
export async function create(t: TestApp, resource: Record<string, unknown>, auth?: string): Promise<any> {
  const url = resource.id ? `/fhir/${resource.resourceType}/${resource.id}` : `/fhir/${resource.resourceType}`;
  const res = await t.request({ method: resource.id ? 'PUT' : 'POST', url, payload: resource, ...(auth ? { auth } : {}) });
  assert.ok(res.statusCode === 201 || res.statusCode === 200, res.body);
  return json(res);
}

/** GETs `url` (relative to the server, or a Bundle link), checks it is a 200 searchset, returns it. */
export async function searchset(t: TestApp, url: string, options: { auth?: string; headers?: Record<string, string> } = {}): Promise<any> {
  const path = url.startsWith('http://openpractice.test') ? url.slice('http://openpractice.test'.length) : url;
  const res = await t.request({ method: 'GET', url: path, ...(options.auth ? { auth: options.auth } : {}), ...(options.headers ? { headers: options.headers } : {}) });
  assert.equal(res.statusCode, 200, res.body);
  const b = json(res);
  assert.equal(b.resourceType, 'Bundle');
  assert.equal(b.type, 'searchset');
  return b;
}

const entries = (b: any, mode: string): any[] => (b.entry ?? []).filter((e: any) => e.search?.mode === mode).map((e: any) => e.resource);

/** The match resources, in Bundle order. */
export const matches = (b: any): any[] => entries(b, 'match');
/** The included resources, in Bundle order. */
export const included = (b: any): any[] => entries(b, 'include');
/** Sorted ids of the matches. */
export const matchIds = (b: any): string[] => matches(b).map((r) => r.id as string).sort();
/** Sorted `Type/id` of the included resources. */
export const includedRefs = (b: any): string[] => included(b).map((r) => `${r.resourceType}/${r.id}`).sort();
/** The issues of the outcome entry (lenient handling notes), or []. */
export const notes = (b: any): any[] => entries(b, 'outcome')[0]?.issue ?? [];
export const sorted = (...xs: string[]): string[] => [...xs].sort();

/** The `next` link of a Bundle, as a server-relative URL, or undefined. */
export function nextLink(b: any): string | undefined {
  const url = b.link?.find((l: any) => l.relation === 'next')?.url as string | undefined;
  assert.ok(!url || url.startsWith(`${TEST_BASE}/`), url);
  return url?.slice('http://openpractice.test'.length);
}

/** Follows `next` links from `url`, calling `between` after each page; returns the match ids in order. */
export async function walk(t: TestApp, url: string, between: (page: number) => Promise<void> = async () => undefined): Promise<{ ids: string[]; pages: any[] }> {
  const ids: string[] = [];
  const pages: any[] = [];
  let next: string | undefined = url;
  while (next) {
    const b = await searchset(t, next);
    pages.push(b);
    ids.push(...matches(b).map((r) => r.id as string));
    next = nextLink(b);
    await between(pages.length);
    assert.ok(pages.length < 100, 'paging does not end');
  }
  return { ids, pages };
}
