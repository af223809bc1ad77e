/**
 * The audit records identity makes (audit/record.ts): sign-in, failed sign-in and sign-out, and
 * every change of who may reach a practice's record — staff users, patient logins and their
 * links, apps and systems, the external-access switch.
 *
 * Each goes to its practice's chain when the practice is known (the app's practice, the one
 * practice a user works at or a login is linked to, the session's chosen practice, the practice
 * administered), else to the deployment's chain (practice 0).
 *
 * A failed sign-in with a username that matches no one is recorded under a keyed pseudonym of
 * that username (`unknown-user:<HMAC>`), never the name itself: what people type there is often a
 * mistyped password or someone else's email address, and audit rows can never be scrubbed. The
 * pseudonym is stable, so repeated attempts on one name are still counted (misuse detection),
 * and whoever holds the audit key can still test a name they suspect.
 */
import type { FastifyRequest } from 'fastify';
import type { AuditAgent, AuditRecord } from '../audit/record';
import type { IdentityAudit, IdentityServices } from './services';

/** Who made an administrative change: the id recorded in identity tables, and the audit agent. */
export interface AdminActor {
  id: string;
  agent: AuditAgent;
}

export interface PracticeRef {
  practiceId: number;
  odsCode?: string;
}

const DEPLOYMENT: PracticeRef = { practiceId: 0 };

/** The pseudonymous subject of a failed sign-in under a name that matches no one. */
export function unknownUserSubject(audit: IdentityAudit, username: string): string {
  return `unknown-user:${audit.pseudonym('sign-in username', username.trim().toLowerCase())}`;
}

export interface SignInEvent {
  subtype: 'login' | 'login-failed' | 'logout';
  kind: AuditAgent['kind'];
  subjectId: string;
  /** Words safe for a practice manager: how, or why it failed. */
  desc: string;
  clientId?: string;
  role?: string;
  /** The session's practice, when one was chosen. */
  practiceId?: number;
}

/** Records a sign-in, failed sign-in or sign-out (no-op without an audit log). */
export async function auditSignIn(svc: IdentityServices, req: FastifyRequest, e: SignInEvent): Promise<void> {
  if (!svc.audit) return;
  const practice = e.practiceId !== undefined ? await practiceRef(svc, e.practiceId) : await signInPractice(svc, e);
  const record: AuditRecord = {
    practiceId: practice.practiceId,
    ...(practice.odsCode ? { odsCode: practice.odsCode } : {}),
    recorded: new Date(svc.now()),
    action: 'E',
    subtype: e.subtype,
    outcome: e.subtype === 'login-failed' ? '4' : '0',
    outcomeDesc: e.desc,
    agent: { sub: e.subjectId, kind: e.kind, ...(e.role ? { role: e.role } : {}), ...(e.clientId ? { clientId: e.clientId } : {}), ip: req.ip },
    patientIds: [],
    entities: [],
    requestId: req.id,
  };
  await svc.audit.record([record]);
}

/** A configuration change: one record in each practice's chain (or the deployment's). */
export function changeRecords(svc: IdentityServices, actor: AdminActor, practices: PracticeRef[], desc: string, patientIds: string[] = []): AuditRecord[] {
  return (practices.length ? practices : [DEPLOYMENT]).map((p) => ({
    practiceId: p.practiceId,
    ...(p.odsCode ? { odsCode: p.odsCode } : {}),
    recorded: new Date(svc.now()),
    action: 'U',
    subtype: 'config-change',
    outcome: '0',
    outcomeDesc: desc,
    agent: actor.agent,
    patientIds,
    entities: [],
  }));
}

/** Records a configuration change outside any transaction (no-op without an audit log). */
export async function auditChange(svc: IdentityServices, actor: AdminActor, practices: PracticeRef[], desc: string, patientIds: string[] = []): Promise<void> {
  if (svc.audit) await svc.audit.record(changeRecords(svc, actor, practices, desc, patientIds));
}

/** The practice (id and ODS code) with an ODS code, or with an id. */
export async function practiceRef(svc: IdentityServices, by: number | string): Promise<PracticeRef> {
  if (by === 0) return DEPLOYMENT;
  const row = await svc.db.withOwner(async (s) => {
    const r = await s.query<{ id: number; ods_code: string }>(`SELECT id, ods_code FROM practice WHERE ${typeof by === 'number' ? 'id' : 'ods_code'} = $1`, [by]);
    return r.rows[0];
  });
  return row ? { practiceId: Number(row.id), odsCode: row.ods_code } : DEPLOYMENT;
}

/** The practice a sign-in belongs to: the app's, else the user's only practice, else none. */
async function signInPractice(svc: IdentityServices, e: SignInEvent): Promise<PracticeRef> {
  const client = e.clientId ? await svc.clients.get(e.clientId) : undefined;
  if (client && !client.firstParty && client.practiceId !== undefined) return { practiceId: client.practiceId, ...(client.odsCode ? { odsCode: client.odsCode } : {}) };
  let practices: PracticeRef[] = [];
  if (e.kind === 'staff') {
    practices = ((await svc.staff.get(e.subjectId))?.memberships ?? []).map((m) => ({ practiceId: m.practiceId, odsCode: m.odsCode }));
  } else if (e.kind === 'patient') {
    practices = (await svc.patients.links({ loginId: e.subjectId })).map((l) => ({ practiceId: l.practiceId, odsCode: l.odsCode }));
  }
  const distinct = new Map(practices.map((p) => [p.practiceId, p]));
  return distinct.size === 1 ? [...distinct.values()][0]! : DEPLOYMENT;
}
