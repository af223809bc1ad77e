/**
 * Identity administration, shared by the admin API (admin-routes.ts) and the CLI when no server
 * holds the database: staff users, patient logins and their links (proxy access), apps and
 * systems, and the practice's external-access switch. Who may do what is decided by the caller
 * (admin-routes.ts); `actor` names them in every record made, and every change is audited in the
 * practice's audit chain (identity/audit.ts).
 *
 * Answers are the wire shapes: never a password hash, and a TOTP secret only in the answer that
 * created it.
 */
import { auditChange, changeRecords, practiceRef, type AdminActor, type PracticeRef } from './audit';
import { IdentityError } from './errors';
import { externalAccessEnabled, setExternalAccess, type NewClient, type RegisteredClient } from './clients';
import { revokeIssued } from './grants';
import { parseProofing, type PatientLink, type PatientLogin } from './patients';
import type { IdentityServices } from './services';
import { NATIONAL_JOB_ROLE, parseStaffRole, practiceIdOf, type StaffRole, type StaffUser } from './staff';

export function staffView(u: StaffUser): Record<string, unknown> {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    ...(u.externalId ? { externalId: u.externalId } : {}),
    disabled: u.disabled,
    practices: u.memberships.map((m) => ({
      odsCode: m.odsCode,
      roles: m.roles,
      nationalRoles: m.roles.map((r) => NATIONAL_JOB_ROLE[r]?.code).filter(Boolean),
      ...(m.practitionerId ? { practitionerId: m.practitionerId } : {}),
    })),
  };
}

export function clientView(c: RegisteredClient): Record<string, unknown> {
  return {
    clientId: c.clientId,
    odsCode: c.odsCode,
    kind: c.kind,
    ...(c.audience ? { audience: c.audience } : {}),
    name: c.name,
    redirectUris: c.redirectUris,
    scope: c.scope,
    authentication: c.jwks || c.jwksUri ? 'private_key_jwt' : 'none (public, PKCE)',
    ...(c.jwksUri ? { jwksUri: c.jwksUri } : {}),
    ...(c.jwks ? { jwks: c.jwks } : {}),
    revoked: c.revoked,
  };
}

export function loginView(l: PatientLogin, links: PatientLink[] = []): Record<string, unknown> {
  return {
    id: l.id,
    username: l.username,
    displayName: l.displayName,
    proofing: l.proofing,
    disabled: l.disabled,
    links: links.map((x) => ({ id: x.id, odsCode: x.odsCode, patient: x.patientId, proxy: x.proxy, ...(x.relatedPersonId ? { relatedPerson: x.relatedPersonId } : {}) })),
  };
}

function str(body: Record<string, unknown>, name: string, required = true): string | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw new IdentityError(400, `${name} is required`);
    return undefined;
  }
  if (typeof v !== 'string') throw new IdentityError(400, `${name} must be a string`);
  return v;
}

export class IdentityAdmin {
  constructor(private readonly svc: IdentityServices) {}

  // ——— staff ———

  /** Body: { username, displayName, password, practices: [{ odsCode, roles: [..], practitionerId? }], externalId? }. */
  async addStaff(body: Record<string, unknown>, actor: AdminActor): Promise<Record<string, unknown>> {
    const practices = body.practices;
    if (!Array.isArray(practices) || practices.length === 0) throw new IdentityError(400, 'practices must list where the user works: [{"odsCode": "...", "roles": ["gp"]}]');
    const memberships = practices.map((p: Record<string, unknown>) => {
      const odsCode = str(p, 'odsCode')!.toUpperCase();
      if (!Array.isArray(p.roles) || p.roles.length === 0) throw new IdentityError(400, `roles at ${odsCode} are required`);
      const roles = p.roles.map((r: unknown) => {
        const role = typeof r === 'string' ? parseStaffRole(r) : undefined;
        if (!role) throw new IdentityError(400, `"${String(r)}" is not a staff role (gp, nurse, pharmacist, receptionist, practice-manager, admin, or a national code such as R0260)`);
        return role;
      });
      const practitionerId = str(p, 'practitionerId', false);
      return { odsCode, roles: roles as StaffRole[], ...(practitionerId ? { practitionerId } : {}) };
    });
    const externalId = str(body, 'externalId', false);
    const created = await this.svc.staff.create(
      { username: str(body, 'username')!, displayName: str(body, 'displayName')!, password: str(body, 'password')!, memberships, ...(externalId ? { externalId } : {}) },
      actor.id,
    );
    const roles = created.user.memberships.map((m) => `${m.odsCode}: ${m.roles.join(', ')}`).join('; ');
    await auditChange(this.svc, actor, practicesOf(created.user), `staff user ${created.user.username} added (${roles})`);
    return { user: staffView(created.user), totpSecret: created.totpSecret, totpUri: created.totpUri };
  }

  async listStaff(odsCode?: string): Promise<Record<string, unknown>[]> {
    return (await this.svc.staff.list(odsCode)).map(staffView);
  }

  async staffByIdOrUsername(idOrUsername: string): Promise<StaffUser> {
    const user = (await this.svc.staff.get(idOrUsername)) ?? (await this.svc.staff.findByUsername(idOrUsername));
    if (!user) throw new IdentityError(404, `No staff user ${idOrUsername}`);
    return user;
  }

  /** Disables (or re-enables) a user; disabling ends their sessions and revokes their tokens. */
  async setStaffDisabled(user: StaffUser, disabled: boolean, actor: AdminActor): Promise<Record<string, unknown>> {
    await this.svc.staff.setDisabled(user.id, disabled);
    await auditChange(this.svc, actor, practicesOf(user), `staff user ${user.username} ${disabled ? 'disabled' : 'enabled'}`);
    if (disabled) await this.endSessionsOf(user.id, 'user disabled');
    return staffView((await this.svc.staff.get(user.id))!);
  }

  async resetTotp(user: StaffUser, actor: AdminActor): Promise<Record<string, unknown>> {
    const r = await this.svc.staff.resetTotp(user.id);
    await auditChange(this.svc, actor, practicesOf(user), `second factor of staff user ${user.username} reset`);
    await this.endSessionsOf(user.id, 'second factor reset');
    return { user: staffView(user), ...r };
  }

  private async endSessionsOf(subjectId: string, reason: string): Promise<void> {
    for (const id of await this.svc.sessions.idsOf(subjectId)) {
      await this.svc.sessions.end(id);
      await revokeIssued(this.svc.db, this.svc.revocations, { sessionId: id }, reason);
    }
  }

  // ——— apps and systems ———

  async addClient(odsCode: string, body: Record<string, unknown>, actor: AdminActor): Promise<Record<string, unknown>> {
    const redirectUris = body.redirectUris;
    if (redirectUris !== undefined && (!Array.isArray(redirectUris) || redirectUris.some((u) => typeof u !== 'string'))) throw new IdentityError(400, 'redirectUris must be a list of URLs');
    const jwksUri = str(body, 'jwksUri', false);
    const audience = str(body, 'audience', false);
    const input: NewClient = {
      odsCode,
      kind: str(body, 'kind') as NewClient['kind'],
      name: str(body, 'name')!,
      scope: str(body, 'scope')!,
      ...(audience ? { audience: audience as NonNullable<NewClient['audience']> } : {}),
      ...(redirectUris ? { redirectUris: redirectUris as string[] } : {}),
      ...(body.jwks !== undefined ? { jwks: body.jwks } : {}),
      ...(jwksUri ? { jwksUri } : {}),
    };
    const client = await this.svc.clients.register(input, actor.id);
    await auditChange(this.svc, actor, [await practiceRef(this.svc, odsCode)], `${client.kind} ${client.clientId} (${client.name}) registered with scopes ${client.scope}`);
    return { client: clientView(client), externalAccess: await this.externalAccess(odsCode) };
  }

  async listClients(odsCode: string): Promise<Record<string, unknown>> {
    return { externalAccess: await this.externalAccess(odsCode), clients: (await this.svc.clients.list(odsCode)).map(clientView) };
  }

  /** Revokes a client and every token issued to it. */
  async revokeClient(odsCode: string, clientId: string, actor: AdminActor): Promise<Record<string, unknown>> {
    const client = await this.svc.clients.revoke(clientId, odsCode, actor.id);
    const tokens = await revokeIssued(this.svc.db, this.svc.revocations, { clientId }, 'client revoked');
    await auditChange(this.svc, actor, [await practiceRef(this.svc, odsCode)], `${client.kind} ${client.clientId} (${client.name}) revoked, with ${tokens} live tokens`);
    return { client: clientView(client), revokedTokens: tokens };
  }

  async externalAccess(odsCode: string): Promise<boolean> {
    const practiceId = await this.svc.db.withOwner((s) => practiceIdOf(s, odsCode));
    return externalAccessEnabled(this.svc.db, practiceId);
  }

  async setExternalAccess(odsCode: string, enabled: boolean, actor: AdminActor): Promise<Record<string, unknown>> {
    const audit = this.svc.audit;
    const { changed } = await setExternalAccess(this.svc.db, odsCode, enabled, actor.id, async (tx, practiceId) => {
      // In the change's transaction: the switch and its audit record commit together.
      await audit?.record(changeRecords(this.svc, actor, [{ practiceId, odsCode }], `external access switched ${enabled ? 'on' : 'off'}`), tx);
    });
    return { odsCode, externalAccess: enabled, changed };
  }

  // ——— patient logins and links ———

  /** Body: { username, displayName, password, proofing: P0|P5|P9, totp?: boolean }. */
  async addPatientLogin(body: Record<string, unknown>, actor: AdminActor): Promise<Record<string, unknown>> {
    const proofing = parseProofing(str(body, 'proofing')!);
    if (!proofing) throw new IdentityError(400, 'proofing is P0, P5 or P9');
    const r = await this.svc.patients.create(
      { username: str(body, 'username')!, displayName: str(body, 'displayName')!, password: str(body, 'password')!, proofing, totp: body.totp === true },
      actor.id,
    );
    // No username: a patient's may be their email address.
    const practice = typeof body.odsCode === 'string' ? [await practiceRef(this.svc, body.odsCode.toUpperCase())] : [];
    await auditChange(this.svc, actor, practice, `patient login ${r.login.id} added (proofing ${r.login.proofing})`);
    return { login: loginView(r.login), ...(r.totpSecret ? { totpSecret: r.totpSecret, totpUri: r.totpUri } : {}) };
  }

  async listPatientLogins(odsCode: string): Promise<Record<string, unknown>[]> {
    const links = await this.svc.patients.links({ odsCode });
    return (await this.svc.patients.list(odsCode)).map((l) => loginView(l, links.filter((x) => x.loginId === l.id)));
  }

  /** Body: { login (id or username), patient, proxy?: boolean, relatedPerson? }. */
  async linkPatient(odsCode: string, body: Record<string, unknown>, actor: AdminActor): Promise<Record<string, unknown>> {
    const ref = str(body, 'login')!;
    const login = (await this.svc.patients.get(ref)) ?? (await this.svc.patients.findByUsername(ref));
    if (!login) throw new IdentityError(404, `No patient login ${ref}`);
    const relatedPersonId = str(body, 'relatedPerson', false);
    const link = await this.svc.patients.link({ loginId: login.id, odsCode, patientId: str(body, 'patient')!, proxy: body.proxy === true, ...(relatedPersonId ? { relatedPersonId } : {}) }, actor.id);
    await auditChange(this.svc, actor, [{ practiceId: link.practiceId, odsCode: link.odsCode }], `record access granted to patient login ${login.id} (${link.proxy ? 'as a proxy' : 'their own record'})`, [link.patientId]);
    return { link: loginView(login, [link]).links };
  }

  /** Revokes a link (e.g. proxy access withdrawn): its grants stop at the next refresh, its live tokens now. */
  async revokeLink(odsCode: string, linkId: number, actor: AdminActor): Promise<Record<string, unknown>> {
    const link = await this.svc.patients.revokeLink(linkId, odsCode, actor.id);
    const grants = await this.svc.db.withOwner(async (s) =>
      (await s.query<{ grant_id: string }>('SELECT grant_id FROM oauth_grant_context WHERE subject_id = $1 AND practice_id = $2 AND patient_id = $3', [link.loginId, link.practiceId, link.patientId])).rows,
    );
    let tokens = 0;
    for (const g of grants) tokens += await revokeIssued(this.svc.db, this.svc.revocations, { grantId: g.grant_id }, 'patient link revoked');
    await auditChange(this.svc, actor, [{ practiceId: link.practiceId, odsCode: link.odsCode }], `record access of patient login ${link.loginId} revoked (link ${linkId})`, [link.patientId]);
    return { revoked: linkId, revokedTokens: tokens };
  }
}

function practicesOf(user: StaffUser): PracticeRef[] {
  return user.memberships.map((m) => ({ practiceId: m.practiceId, odsCode: m.odsCode }));
}
