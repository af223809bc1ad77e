/**
 * Staff users, modelled on NHS CIS2: one identity, working at one or more practices, in national
 * RBAC roles at each; at sign-in a user working in several practices (or roles) picks one for the
 * session. Passwords and TOTP secrets live in credentials.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Session } from '../db/database';
import type { Role } from '../auth/tokens';
import { newTotpSecret, passwordProblem, totpUri, type Credentials } from './credentials';
import { IdentityError } from './errors';

/** The roles a staff user may hold (the token's `role`). */
export const STAFF_ROLES = ['gp', 'nurse', 'pharmacist', 'receptionist', 'practice-manager', 'admin'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * National RBAC job roles (SDS job role codes, as CIS2 and Smartcards assert them) for our roles.
 * `admin` (system administration within a practice) has no single national job role.
 */
export const NATIONAL_JOB_ROLE: Readonly<Record<StaffRole, { code: string; display: string } | undefined>> = {
  gp: { code: 'R0260', display: 'General Medical Practitioner' },
  nurse: { code: 'R0620', display: 'Staff Nurse' },
  pharmacist: { code: 'R1290', display: 'Pharmacist' },
  receptionist: { code: 'R1730', display: 'Receptionist' },
  'practice-manager': { code: 'R1780', display: 'Manager' },
  admin: undefined,
};

/** A role given by our name or by its national job role code. */
export function parseStaffRole(value: string): StaffRole | undefined {
  const v = value.trim();
  if ((STAFF_ROLES as readonly string[]).includes(v.toLowerCase())) return v.toLowerCase() as StaffRole;
  return STAFF_ROLES.find((r) => NATIONAL_JOB_ROLE[r]?.code === v.toUpperCase());
}

export const USERNAME = /^[a-z0-9][a-z0-9._@-]{2,99}$/;

export interface Membership {
  practiceId: number;
  odsCode: string;
  roles: StaffRole[];
  /** The Practitioner that is this user in the practice's record. */
  practitionerId?: string;
}

export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  externalId?: string;
  disabled: boolean;
  memberships: Membership[];
}

export interface NewStaffUser {
  username: string;
  displayName: string;
  password: string;
  memberships: { odsCode: string; roles: StaffRole[]; practitionerId?: string }[];
  externalId?: string;
  /** A fixed TOTP secret (the demo's); otherwise a random one. */
  totpSecret?: string;
}

export interface CreatedStaffUser {
  user: StaffUser;
  /** Shown once, to set up the user's authenticator app; never stored anywhere readable again. */
  totpSecret: string;
  totpUri: string;
}

/** Normalises and checks a username: lower case, 3–100 of letters, digits and . _ @ -. */
export function normaliseUsername(username: string): string {
  const u = username.trim().toLowerCase();
  if (!USERNAME.test(u)) throw new IdentityError(400, 'A username is 3 to 100 letters, digits, dots, dashes, underscores or @, starting with a letter or digit');
  return u;
}

export class StaffDirectory {
  constructor(
    private readonly db: Database,
    private readonly credentials: Credentials,
  ) {}

  async create(input: NewStaffUser, actor: string): Promise<CreatedStaffUser> {
    const username = normaliseUsername(input.username);
    const displayName = input.displayName.trim();
    if (displayName === '' || displayName.length > 200) throw new IdentityError(400, 'A display name of 1 to 200 characters is required');
    const problem = passwordProblem(input.password);
    if (problem) throw new IdentityError(400, problem);
    if (input.memberships.length === 0) throw new IdentityError(400, 'A staff user works at one practice at least');
    for (const m of input.memberships) {
      if (m.roles.length === 0) throw new IdentityError(400, `Give the user a role at ${m.odsCode}`);
      if (m.practitionerId !== undefined && !/^[A-Za-z0-9\-.]{1,64}$/.test(m.practitionerId)) throw new IdentityError(400, 'A Practitioner id is a FHIR id');
    }
    const id = `staff-${randomUUID()}`;
    await this.db.withOwner((s) =>
      s.transaction(async (tx) => {
        const exists = await tx.query('SELECT 1 FROM staff_user WHERE username = $1 OR ($2::text IS NOT NULL AND external_id = $2)', [username, input.externalId ?? null]);
        if (exists.rows.length > 0) throw new IdentityError(409, `A staff user ${username} (or with that external id) already exists`);
        await tx.query('INSERT INTO staff_user (id, username, display_name, external_id, created_by) VALUES ($1, $2, $3, $4, $5)', [
          id,
          username,
          displayName,
          input.externalId ?? null,
          actor,
        ]);
        for (const m of input.memberships) {
          const practiceId = await practiceIdOf(tx, m.odsCode);
          await tx.query('INSERT INTO staff_membership (user_id, practice_id, roles, practitioner_id) VALUES ($1, $2, $3, $4)', [id, practiceId, [...new Set(m.roles)], m.practitionerId ?? null]);
        }
      }),
    );
    await this.credentials.setPassword(id, input.password);
    const totpSecret = input.totpSecret ?? newTotpSecret();
    await this.credentials.setTotp(id, totpSecret);
    return { user: (await this.get(id))!, totpSecret, totpUri: totpUri(totpSecret, username) };
  }

  async get(id: string): Promise<StaffUser | undefined> {
    return (await this.select('u.id = $1', [id]))[0];
  }

  async findByUsername(username: string): Promise<StaffUser | undefined> {
    return (await this.select('u.username = $1', [username.trim().toLowerCase()]))[0];
  }

  async findByExternalId(externalId: string): Promise<StaffUser | undefined> {
    return (await this.select('u.external_id = $1', [externalId]))[0];
  }

  /** The users working at a practice (every user when no practice is given). */
  async list(odsCode?: string): Promise<StaffUser[]> {
    if (!odsCode) return this.select('true', []);
    return this.select('u.id IN (SELECT m.user_id FROM staff_membership m JOIN practice p ON p.id = m.practice_id WHERE p.ods_code = $1)', [odsCode]);
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    const r = await this.db.withOwner((s) => s.query(`UPDATE staff_user SET disabled_at = CASE WHEN $2 THEN now() END WHERE id = $1`, [id, disabled]));
    if (r.rowCount === 0) throw new IdentityError(404, 'No such staff user');
  }

  /** Gives the user a new TOTP secret (their old authenticator entry stops working). */
  async resetTotp(id: string): Promise<{ totpSecret: string; totpUri: string }> {
    const user = await this.get(id);
    if (!user) throw new IdentityError(404, 'No such staff user');
    const secret = newTotpSecret();
    await this.credentials.setTotp(id, secret);
    return { totpSecret: secret, totpUri: totpUri(secret, user.username) };
  }

  private async select(where: string, params: unknown[]): Promise<StaffUser[]> {
    return this.db.withOwner(async (s) => {
      const r = await s.query<{
        id: string;
        username: string;
        display_name: string;
        external_id: string | null;
        disabled: boolean;
        practice_id: number | null;
        ods_code: string | null;
        roles: string[] | null;
        practitioner_id: string | null;
      }>(
        `SELECT u.id, u.username, u.display_name, u.external_id, u.disabled_at IS NOT NULL AS disabled,
                m.practice_id, p.ods_code, m.roles, m.practitioner_id
         FROM staff_user u
         LEFT JOIN staff_membership m ON m.user_id = u.id
         LEFT JOIN practice p ON p.id = m.practice_id
         WHERE ${where}
         ORDER BY u.username, p.ods_code`,
        params,
      );
      const users = new Map<string, StaffUser>();
      for (const row of r.rows) {
        let user = users.get(row.id);
        if (!user) {
          user = { id: row.id, username: row.username, displayName: row.display_name, disabled: row.disabled, memberships: [], ...(row.external_id ? { externalId: row.external_id } : {}) };
          users.set(row.id, user);
        }
        if (row.practice_id !== null) {
          user.memberships.push({
            practiceId: Number(row.practice_id),
            odsCode: row.ods_code!,
            roles: (row.roles ?? []).filter((x): x is StaffRole => (STAFF_ROLES as readonly string[]).includes(x)),
            ...(row.practitioner_id ? { practitionerId: row.practitioner_id } : {}),
          });
        }
      }
      return [...users.values()];
    });
  }
}

/** The internal id of a practice by ODS code; 404 when the deployment has no such practice. */
export async function practiceIdOf(s: Session, odsCode: string): Promise<number> {
  const r = await s.query<{ id: number }>('SELECT id FROM practice WHERE ods_code = $1', [odsCode]);
  if (!r.rows[0]) throw new IdentityError(404, `No practice ${odsCode} in this deployment`);
  return Number(r.rows[0].id);
}
