/**
 * The deployment's practices (tenants): ODS code → internal id. Administration runs as the schema
 * owner; request handling only ever resolves the caller's own practice.
 */
import type { Database } from './db/database';

export interface Practice {
  id: number;
  odsCode: string;
  name: string;
}

/** ODS organisation codes: 3–10 upper-case letters and digits (e.g. A81001). */
export const ODS_CODE = /^[A-Z0-9]{3,10}$/;

export async function listPractices(db: Database): Promise<Practice[]> {
  return db.withOwner(async (s) => {
    const r = await s.query<{ id: number; ods_code: string; name: string }>('SELECT id, ods_code, name FROM practice ORDER BY ods_code');
    return r.rows.map((p) => ({ id: Number(p.id), odsCode: p.ods_code, name: p.name }));
  });
}

/** Creates a practice, or returns the existing one with that ODS code. */
export async function ensurePractice(db: Database, odsCode: string, name: string): Promise<Practice> {
  if (!ODS_CODE.test(odsCode)) throw new Error(`"${odsCode}" is not an ODS code (3–10 capital letters and digits)`);
  return db.withOwner(async (s) => {
    await s.query('INSERT INTO practice (ods_code, name) VALUES ($1, $2) ON CONFLICT (ods_code) DO NOTHING', [odsCode, name]);
    const r = await s.query<{ id: number; ods_code: string; name: string }>('SELECT id, ods_code, name FROM practice WHERE ods_code = $1', [odsCode]);
    const p = r.rows[0]!;
    return { id: Number(p.id), odsCode: p.ods_code, name: p.name };
  });
}

/** Caches ODS code → practice, so authenticating a request costs no query after the first. */
export class PracticeDirectory {
  private readonly cache = new Map<string, Practice>();
  constructor(private readonly db: Database) {}

  async find(odsCode: string): Promise<Practice | undefined> {
    const hit = this.cache.get(odsCode);
    if (hit) return hit;
    if (!ODS_CODE.test(odsCode)) return undefined;
    const found = await this.db.withOwner(async (s) => {
      const r = await s.query<{ id: number; ods_code: string; name: string }>('SELECT id, ods_code, name FROM practice WHERE ods_code = $1', [odsCode]);
      return r.rows[0];
    });
    if (!found) return undefined;
    const p = { id: Number(found.id), odsCode: found.ods_code, name: found.name };
    this.cache.set(odsCode, p);
    return p;
  }
}
