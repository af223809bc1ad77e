/**
 * Whether a patient is one of the practice's staff, or of a staff user's family, for the
 * staff-record and family-record rules (security/monitor.ts).
 *
 *   staff:  the Patient matches an active Practitioner of the practice by family name, first
 *           given name and birth date, or by NHS number (an NHS number identifier on the
 *           Practitioner);
 *   family: the Patient shares the user's own Practitioner's family name AND address postcode.
 *
 * Resources are read as the schema owner from the `resource` table. What is kept in memory are
 * salted hashes of those matching keys — never names, dates, postcodes or NHS numbers — cached
 * for a while and bounded in number.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/database';
import { ExpiringCache } from './windows';

const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

interface HumanName {
  family?: string;
  given?: string[];
}

interface Person {
  active?: boolean;
  name?: HumanName[];
  birthDate?: string;
  identifier?: { system?: string; value?: string }[];
  address?: { postalCode?: string }[];
}

/** Hashed matching keys of one person. */
export interface PersonKeys {
  nameDob: string[];
  nhs: string[];
  familyPostcode: string[];
}

interface PracticeStaff {
  nameDob: Set<string>;
  nhs: Set<string>;
  /** Practitioner id → family+postcode keys of that practitioner. */
  familyPostcode: Map<string, string[]>;
}

export type Relation = 'staff' | 'family';

const letters = (s: string | undefined) => (s ?? '').toLowerCase().replace(/[^a-z]/g, '');

export class StaffLookup {
  private readonly salt = randomBytes(16);
  private readonly staff: ExpiringCache<PracticeStaff>;
  private readonly patients: ExpiringCache<PersonKeys | null>;

  constructor(
    private readonly db: Database,
    ttlMs: number,
    maxEntries: number,
  ) {
    this.staff = new ExpiringCache(ttlMs, 1000);
    this.patients = new ExpiringCache(ttlMs, maxEntries);
  }

  /** How the patient relates to the practice's staff or to the user (their Practitioner id), if at all. */
  async relation(practiceId: number, patientId: string, practitionerId: string | undefined, now: number): Promise<Relation | undefined> {
    const patient = await this.patientKeys(practiceId, patientId, now);
    if (!patient) return undefined;
    const staff = await this.practiceStaff(practiceId, now);
    if (patient.nameDob.some((k) => staff.nameDob.has(k)) || patient.nhs.some((k) => staff.nhs.has(k))) return 'staff';
    const own = practitionerId === undefined ? undefined : staff.familyPostcode.get(practitionerId);
    if (own && patient.familyPostcode.some((k) => own.includes(k))) return 'family';
    return undefined;
  }

  private hash(kind: string, value: string): string {
    return createHash('sha256').update(this.salt).update(`${kind}\u0000${value}`).digest('base64url').slice(0, 24);
  }

  private keysOf(p: Person): PersonKeys {
    const keys: PersonKeys = { nameDob: [], nhs: [], familyPostcode: [] };
    const postcodes = (p.address ?? []).map((a) => (a.postalCode ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '')).filter(Boolean);
    for (const n of p.name ?? []) {
      const family = letters(n.family);
      if (!family) continue;
      const given = letters(n.given?.[0]);
      if (given && p.birthDate) keys.nameDob.push(this.hash('name-dob', `${family}|${given}|${p.birthDate}`));
      for (const pc of postcodes) keys.familyPostcode.push(this.hash('family-postcode', `${family}|${pc}`));
    }
    for (const id of p.identifier ?? []) {
      const digits = (id.value ?? '').replace(/\D/g, '');
      if (id.system === NHS_NUMBER_SYSTEM && digits.length === 10) keys.nhs.push(this.hash('nhs', digits));
    }
    return keys;
  }

  private async patientKeys(practiceId: number, patientId: string, now: number): Promise<PersonKeys | undefined> {
    const cacheKey = `${practiceId}/${patientId}`;
    const hit = this.patients.get(cacheKey, now);
    if (hit !== undefined) return hit ?? undefined;
    const row = await this.db.withOwner(async (s) => {
      const r = await s.query<{ content: string | null }>(
        `SELECT content FROM resource WHERE practice_id = $1 AND resource_type = 'Patient' AND id = $2 AND NOT deleted`,
        [practiceId, patientId],
      );
      return r.rows[0];
    });
    const keys = row?.content ? this.keysOf(JSON.parse(row.content) as Person) : null;
    this.patients.set(cacheKey, keys, now);
    return keys ?? undefined;
  }

  private async practiceStaff(practiceId: number, now: number): Promise<PracticeStaff> {
    const hit = this.staff.get(String(practiceId), now);
    if (hit) return hit;
    const rows = await this.db.withOwner(async (s) => {
      const r = await s.query<{ id: string; content: string | null }>(
        `SELECT id, content FROM resource WHERE practice_id = $1 AND resource_type = 'Practitioner' AND NOT deleted`,
        [practiceId],
      );
      return r.rows;
    });
    const staff: PracticeStaff = { nameDob: new Set(), nhs: new Set(), familyPostcode: new Map() };
    for (const row of rows) {
      if (!row.content) continue;
      const person = JSON.parse(row.content) as Person;
      const keys = this.keysOf(person);
      staff.familyPostcode.set(row.id, keys.familyPostcode);
      // A former member of staff (active: false) is no longer staff, but is still the user for `family`.
      if (person.active === false) continue;
      for (const k of keys.nameDob) staff.nameDob.add(k);
      for (const k of keys.nhs) staff.nhs.add(k);
    }
    this.staff.set(String(practiceId), staff, now);
    return staff;
  }
}
