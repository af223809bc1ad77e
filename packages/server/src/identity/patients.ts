/**
 * Patient logins, modelled on NHS login: an account proven to a level (P0 none, P5 basic, P9
 * high — recorded in every token; what each level may see is enforced elsewhere), linked by the
 * practice to the patient's own record and, as a proxy, to the records of people the holder acts
 * for (a child, someone they care for). Links are granted and revoked by the practice; a revoked
 * link stops new tokens and refreshes at once.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database';
import { PROOFING_LEVELS, type ProofingLevel } from '../auth/tokens';
import { newTotpSecret, passwordProblem, totpUri, type Credentials } from './credentials';
import { IdentityError } from './errors';
import { normaliseUsername, practiceIdOf } from './staff';

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export interface PatientLogin {
  id: string;
  username: string;
  displayName: string;
  proofing: ProofingLevel;
  disabled: boolean;
}

export interface PatientLink {
  id: number;
  loginId: string;
  practiceId: number;
  odsCode: string;
  patientId: string;
  proxy: boolean;
  /** For a proxy: the RelatedPerson that is them in the patient's record (their fhirUser). */
  relatedPersonId?: string;
}

export interface NewPatientLogin {
  username: string;
  displayName: string;
  password: string;
  proofing: ProofingLevel;
  /** Ask for a TOTP code at sign-in too (a fixed secret for the demo, else a random one). */
  totp?: boolean | string;
}

export function parseProofing(value: string): ProofingLevel | undefined {
  const v = value.trim().toUpperCase();
  return (PROOFING_LEVELS as readonly string[]).includes(v) ? (v as ProofingLevel) : undefined;
}

export class PatientDirectory {
  constructor(
    private readonly db: Database,
    private readonly credentials: Credentials,
  ) {}

  async create(input: NewPatientLogin, actor: string): Promise<{ login: PatientLogin; totpSecret?: string; totpUri?: string }> {
    const username = normaliseUsername(input.username);
    const displayName = input.displayName.trim();
    if (displayName === '' || displayName.length > 200) throw new IdentityError(400, 'A display name of 1 to 200 characters is required');
    if (!(PROOFING_LEVELS as readonly string[]).includes(input.proofing)) throw new IdentityError(400, 'Proofing is P0, P5 or P9');
    const problem = passwordProblem(input.password);
    if (problem) throw new IdentityError(400, problem);
    const id = `login-${randomUUID()}`;
    await this.db.withOwner(async (s) => {
      const exists = await s.query('SELECT 1 FROM patient_login WHERE username = $1', [username]);
      if (exists.rows.length > 0) throw new IdentityError(409, `A patient login ${username} already exists`);
      await s.query('INSERT INTO patient_login (id, username, display_name, proofing, created_by) VALUES ($1, $2, $3, $4, $5)', [id, username, displayName, input.proofing, actor]);
    });
    await this.credentials.setPassword(id, input.password);
    const login = (await this.get(id))!;
    if (!input.totp) return { login };
    const secret = typeof input.totp === 'string' ? input.totp : newTotpSecret();
    await this.credentials.setTotp(id, secret);
    return { login, totpSecret: secret, totpUri: totpUri(secret, username) };
  }

  async get(id: string): Promise<PatientLogin | undefined> {
    return (await this.select('id = $1', [id]))[0];
  }

  async findByUsername(username: string): Promise<PatientLogin | undefined> {
    return (await this.select('username = $1', [username.trim().toLowerCase()]))[0];
  }

  /** Logins linked (live) to a practice's patients; every login when no practice is given. */
  async list(odsCode?: string): Promise<PatientLogin[]> {
    if (!odsCode) return this.select('true', []);
    return this.select(
      'id IN (SELECT l.login_id FROM patient_link l JOIN practice p ON p.id = l.practice_id WHERE p.ods_code = $1 AND l.revoked_at IS NULL)',
      [odsCode],
    );
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    const r = await this.db.withOwner((s) => s.query(`UPDATE patient_login SET disabled_at = CASE WHEN $2 THEN now() END WHERE id = $1`, [id, disabled]));
    if (r.rowCount === 0) throw new IdentityError(404, 'No such patient login');
  }

  /** Links a login to a patient's record: their own, or as a proxy. */
  async link(input: { loginId: string; odsCode: string; patientId: string; proxy: boolean; relatedPersonId?: string }, actor: string): Promise<PatientLink> {
    if (!FHIR_ID.test(input.patientId)) throw new IdentityError(400, 'patient must be a Patient id');
    if (input.relatedPersonId !== undefined && !FHIR_ID.test(input.relatedPersonId)) throw new IdentityError(400, 'relatedPerson must be a RelatedPerson id');
    if (!(await this.get(input.loginId))) throw new IdentityError(404, 'No such patient login');
    const id = await this.db.withOwner(async (s) => {
      const practiceId = await practiceIdOf(s, input.odsCode);
      const live = await s.query('SELECT 1 FROM patient_link WHERE login_id = $1 AND practice_id = $2 AND patient_id = $3 AND revoked_at IS NULL', [input.loginId, practiceId, input.patientId]);
      if (live.rows.length > 0) throw new IdentityError(409, 'That login is already linked to that patient');
      const r = await s.query<{ id: number }>(
        'INSERT INTO patient_link (login_id, practice_id, patient_id, proxy, related_person_id, granted_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
        [input.loginId, practiceId, input.patientId, input.proxy, input.relatedPersonId ?? null, actor],
      );
      return Number(r.rows[0]!.id);
    });
    return (await this.linkById(id))!;
  }

  /** Revokes a link (kept, with who revoked it and when). */
  async revokeLink(linkId: number, odsCode: string, actor: string): Promise<PatientLink> {
    const link = await this.linkById(linkId);
    if (!link || link.odsCode !== odsCode) throw new IdentityError(404, `No link ${linkId} at ${odsCode}`);
    await this.db.withOwner((s) => s.query('UPDATE patient_link SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL', [linkId, actor]));
    return link;
  }

  /** The live links of a login (or of a practice's patients, for administration). */
  async links(filter: { loginId?: string; odsCode?: string }): Promise<PatientLink[]> {
    return this.db.withOwner(async (s) => {
      const r = await s.query<LinkRow>(
        `${LINK_SELECT} WHERE l.revoked_at IS NULL AND ($1::text IS NULL OR l.login_id = $1) AND ($2::text IS NULL OR p.ods_code = $2) ORDER BY l.id`,
        [filter.loginId ?? null, filter.odsCode ?? null],
      );
      return r.rows.map(toLink);
    });
  }

  async linkById(id: number): Promise<PatientLink | undefined> {
    return this.db.withOwner(async (s) => {
      const r = await s.query<LinkRow>(`${LINK_SELECT} WHERE l.id = $1 AND l.revoked_at IS NULL`, [id]);
      return r.rows[0] ? toLink(r.rows[0]) : undefined;
    });
  }

  private async select(where: string, params: unknown[]): Promise<PatientLogin[]> {
    return this.db.withOwner(async (s) => {
      const r = await s.query<{ id: string; username: string; display_name: string; proofing: ProofingLevel; disabled: boolean }>(
        `SELECT id, username, display_name, proofing, disabled_at IS NOT NULL AS disabled FROM patient_login WHERE ${where} ORDER BY username`,
        params,
      );
      return r.rows.map((x) => ({ id: x.id, username: x.username, displayName: x.display_name, proofing: x.proofing, disabled: x.disabled }));
    });
  }
}

interface LinkRow {
  id: number;
  login_id: string;
  practice_id: number;
  ods_code: string;
  patient_id: string;
  proxy: boolean;
  related_person_id: string | null;
}

const LINK_SELECT = `SELECT l.id, l.login_id, l.practice_id, p.ods_code, l.patient_id, l.proxy, l.related_person_id
  FROM patient_link l JOIN practice p ON p.id = l.practice_id`;

function toLink(r: LinkRow): PatientLink {
  return {
    id: Number(r.id),
    loginId: r.login_id,
    practiceId: Number(r.practice_id),
    odsCode: r.ods_code,
    patientId: r.patient_id,
    proxy: r.proxy,
    ...(r.related_person_id ? { relatedPersonId: r.related_person_id } : {}),
  };
}
