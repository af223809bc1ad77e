/**
 * One checked request per operation before any load: the load loops only count status codes, so
 * this is where we make sure a 2xx really is the right answer (a created Patient, the same Patient
 * read back, a searchset Bundle holding exactly it).
 */
import { makePatient } from './patient';

async function call(url: string, token: string, init: RequestInit = {}): Promise<{ status: number; body: any; location: string | null }> {
  const res = await fetch(url, {
    ...init,
    headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json', ...(init.headers ?? {}) },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, location: res.headers.get('location') };
}

/** Throws unless create, read and `_id` search answer correctly; returns the probe Patient's id. */
export async function probeApi(base: string, token: string, odsCode: string): Promise<string> {
  const created = await call(`${base}/fhir/Patient`, token, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json' },
    body: JSON.stringify(makePatient(odsCode)),
  });
  if (created.status !== 201 || created.body?.resourceType !== 'Patient' || typeof created.body.id !== 'string' || !created.location) {
    throw new Error(`create answered ${created.status}: ${JSON.stringify(created.body).slice(0, 500)}`);
  }
  const id: string = created.body.id;
  const read = await call(`${base}/fhir/Patient/${id}`, token);
  if (read.status !== 200 || read.body?.id !== id) throw new Error(`read answered ${read.status}: ${JSON.stringify(read.body).slice(0, 500)}`);
  const found = await call(`${base}/fhir/Patient?_id=${id}`, token);
  const b = found.body;
  if (found.status !== 200 || b?.resourceType !== 'Bundle' || b.type !== 'searchset' || b.total !== 1 || b.entry?.[0]?.resource?.id !== id) {
    throw new Error(`_id search answered ${found.status}: ${JSON.stringify(b).slice(0, 500)}`);
  }
  return id;
}
