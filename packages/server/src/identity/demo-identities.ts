/**
 * Demo sign-ins, created with the first-start demo seed (demo.ts) — DEMO ONLY: the passwords and
 * TOTP secret below are fixed and published in the README so anyone can try the system; a real
 * deployment never runs this.
 *
 * Per demo practice: a GP, a receptionist and a practice manager (each linked to a Practitioner
 * of the generated practice in that role). At the first demo practice: two P9 patient logins and
 * one P5, each linked to an adult patient's record, and one proxy acting for a patient (a parent
 * or carer, linked through their RelatedPerson record).
 */
import type { Resource } from '@openpractice/fhir';
import type { Database } from '../db/database';
import { generatePractice } from '../seed/index';
import { Credentials } from './credentials';
import { PatientDirectory } from './patients';
import { StaffDirectory, type StaffRole } from './staff';

/** DEMO ONLY. The password of every demo sign-in. */
export const DEMO_PASSWORD = 'openpractice-demo';
/** DEMO ONLY. The TOTP secret of every demo staff user (base32). */
export const DEMO_TOTP_SECRET = 'DEMOSTAFFTOTPSECRETOPENPRACTICEA';

const STAFF: readonly { prefix: string; role: StaffRole; jobRoles: readonly string[]; title: string }[] = [
  { prefix: 'gp', role: 'gp', jobRoles: ['R0260', 'R0270'], title: 'GP' },
  { prefix: 'reception', role: 'receptionist', jobRoles: ['R1730'], title: 'Receptionist' },
  { prefix: 'manager', role: 'practice-manager', jobRoles: ['R1780'], title: 'Practice manager' },
];

export interface DemoPracticeRef {
  readonly odsCode: string;
  readonly name: string;
  readonly patients: number;
  readonly seed: number;
}

interface Found {
  practitioners: Map<string, string>;
  adults: string[];
  proxy?: { relatedPersonId: string; patientId: string };
}

/** Reads the (deterministic) generated practice for the records the demo sign-ins link to. */
function findRecords(practice: DemoPracticeRef): Found {
  const found: Found = { practitioners: new Map(), adults: [] };
  const names = new Map<string, string>();
  const today = new Date();
  for (const r of generatePractice({ odsCode: practice.odsCode, name: practice.name, patients: practice.patients, seed: practice.seed }) as Iterable<Resource & Record<string, any>>) {
    if (r.resourceType === 'Practitioner') names.set(`Practitioner/${r.id}`, r.id!);
    if (r.resourceType === 'PractitionerRole') {
      const code = r.code?.[0]?.coding?.[0]?.code as string | undefined;
      const ref = r.practitioner?.reference as string | undefined;
      if (code && ref && !found.practitioners.has(code)) found.practitioners.set(code, ref.replace(/^Practitioner\//, ''));
    }
    if (r.resourceType === 'Patient' && found.adults.length < 3 && !r.deceasedBoolean && !r.deceasedDateTime && typeof r.birthDate === 'string') {
      const age = today.getUTCFullYear() - Number(r.birthDate.slice(0, 4));
      if (age >= 18 && age < 80) found.adults.push(r.id!);
    }
    if (r.resourceType === 'RelatedPerson' && !found.proxy && typeof r.patient?.reference === 'string') {
      found.proxy = { relatedPersonId: r.id!, patientId: r.patient.reference.replace(/^Patient\//, '') };
    }
    if (found.adults.length >= 3 && found.proxy) break;
  }
  return found;
}

/**
 * Creates the demo sign-ins (skipping any that exist, so a resumed seed completes them).
 * @returns the usernames created now.
 */
export async function seedDemoIdentities(db: Database, practices: readonly DemoPracticeRef[], log: (line: string) => void = () => undefined): Promise<string[]> {
  const credentials = new Credentials(db, { maxFailures: 5, now: Date.now });
  const staff = new StaffDirectory(db, credentials);
  const patients = new PatientDirectory(db, credentials);
  const created: string[] = [];
  for (const [i, practice] of practices.entries()) {
    const records = findRecords(practice);
    const ods = practice.odsCode.toLowerCase();
    for (const s of STAFF) {
      const username = `${s.prefix}.${ods}`;
      if (await staff.findByUsername(username)) continue;
      const practitionerId = s.jobRoles.map((c) => records.practitioners.get(c)).find(Boolean);
      await staff.create(
        {
          username,
          displayName: `Demo ${s.title} (${practice.name})`,
          password: DEMO_PASSWORD,
          totpSecret: DEMO_TOTP_SECRET,
          memberships: [{ odsCode: practice.odsCode, roles: [s.role], ...(practitionerId ? { practitionerId } : {}) }],
        },
        'demo-seed',
      );
      created.push(username);
    }
    if (i !== 0) continue;
    const logins: { username: string; proofing: 'P5' | 'P9'; patientId?: string; proxy?: Found['proxy'] }[] = [
      { username: 'patient1@example.com', proofing: 'P9', ...(records.adults[0] ? { patientId: records.adults[0] } : {}) },
      { username: 'patient2@example.com', proofing: 'P9', ...(records.adults[1] ? { patientId: records.adults[1] } : {}) },
      { username: 'patient3@example.com', proofing: 'P5', ...(records.adults[2] ? { patientId: records.adults[2] } : {}) },
      { username: 'proxy@example.com', proofing: 'P9', ...(records.proxy ? { proxy: records.proxy } : {}) },
    ];
    for (const l of logins) {
      if (await patients.findByUsername(l.username)) continue;
      const { login } = await patients.create({ username: l.username, displayName: `Demo ${l.username}`, password: DEMO_PASSWORD, proofing: l.proofing }, 'demo-seed');
      if (l.patientId) await patients.link({ loginId: login.id, odsCode: practice.odsCode, patientId: l.patientId, proxy: false }, 'demo-seed');
      if (l.proxy) await patients.link({ loginId: login.id, odsCode: practice.odsCode, patientId: l.proxy.patientId, proxy: true, relatedPersonId: l.proxy.relatedPersonId }, 'demo-seed');
      created.push(l.username);
    }
  }
  if (created.length) log(`Created ${created.length} demo sign-ins (staff and patients; the README lists them)`);
  return created;
}
