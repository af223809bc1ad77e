/**
 * The identity administration API (JSON), for practice admins and for the CLI while the server
 * holds the embedded database:
 *
 *   GET  /admin/practices/{ODS}/users                  staff working there
 *   POST /admin/users                                  add a staff user (answer holds the TOTP secret, once)
 *   POST /admin/users/{id|username}/disable | enable | reset-totp
 *   GET  /admin/practices/{ODS}/clients                apps and systems, and the external-access switch
 *   POST /admin/practices/{ODS}/clients                register one
 *   DELETE /admin/practices/{ODS}/clients/{clientId}   revoke it (and its tokens)
 *   GET|PUT /admin/practices/{ODS}/external-access     { "enabled": true|false }
 *   POST /admin/patient-logins                         add a patient login
 *   GET  /admin/practices/{ODS}/patient-logins         logins linked to the practice's patients
 *   POST /admin/practices/{ODS}/patient-links          link a login to a patient (own record or proxy)
 *   DELETE /admin/practices/{ODS}/patient-links/{id}   revoke a link
 *
 * Allowed: an operator token, or a token of the practice's `admin` or `practice-manager` that is
 * not an app's (no client_id, or the first-party clinician app). A user who works at several
 * practices is changed by an operator, or by an admin of each.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fail } from '@openpractice/fhir';
import type { TokenClaims } from '../auth/tokens';
import { ODS_CODE } from '../practices';
import { IdentityAdmin } from './admin';
import type { AdminActor } from './audit';
import { IdentityError } from './errors';
import type { IdentityServices } from './services';

const ADMIN_ROLES = new Set(['admin', 'practice-manager']);
const FIRST_PARTY_STAFF_APP = 'openpractice-clinician';

export function registerIdentityAdminRoutes(app: FastifyInstance, svc: IdentityServices, authenticate: (req: FastifyRequest) => Promise<TokenClaims>): void {
  const admin = new IdentityAdmin(svc);

  /** The acting administrator, allowed for every practice in `practices`; 401/403 otherwise. */
  async function actor(req: FastifyRequest, practices: string[], action: string): Promise<AdminActor> {
    const claims = await authenticate(req);
    if (claims.role === 'operator' && claims.kind !== 'patient') {
      return { id: `operator:${claims.sub}`, agent: { sub: claims.sub, kind: 'operator', role: 'operator', ip: req.ip } };
    }
    const appToken = claims.client_id !== undefined && claims.client_id !== FIRST_PARTY_STAFF_APP;
    const ok = !appToken && (claims.kind === undefined || claims.kind === 'staff') && ADMIN_ROLES.has(claims.role) && practices.length > 0 && practices.every((p) => p === claims.practice);
    if (!ok) throw fail.forbidden(`Only an operator or an admin of ${practices.join(', ') || 'the practice'} may ${action}`);
    return {
      id: claims.sub,
      agent: { sub: claims.sub, kind: 'staff', role: claims.role, ...(claims.client_id ? { clientId: claims.client_id } : {}), ...(claims.fhirUser ? { fhirUser: claims.fhirUser } : {}), ip: req.ip },
    };
  }

  function ods(req: FastifyRequest): string {
    const code = (req.params as { ods: string }).ods.toUpperCase();
    if (!ODS_CODE.test(code)) throw fail.badRequest(`"${code}" is not an ODS code`);
    return code;
  }

  function body(req: FastifyRequest): Record<string, unknown> {
    const b = req.body;
    if (typeof b !== 'object' || b === null || Array.isArray(b) || b instanceof URLSearchParams) throw fail.badRequest('Send a JSON object (Content-Type: application/json)');
    return b as Record<string, unknown>;
  }

  /** IdentityErrors become OperationOutcomes with their status, like every error here. */
  function handle(fn: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) {
    return async (req: FastifyRequest, reply: FastifyReply) => {
      try {
        return await fn(req, reply);
      } catch (err) {
        if (err instanceof IdentityError) {
          throw err.status === 404 ? fail.notFound(err.message) : err.status === 409 ? fail.conflict(err.message) : fail.badRequest(err.message);
        }
        throw err;
      }
    };
  }

  app.get('/admin/practices/:ods/users', handle(async (req) => {
    const code = ods(req);
    await actor(req, [code], 'list staff');
    return { users: await admin.listStaff(code) };
  }));

  app.post('/admin/users', handle(async (req, reply) => {
    const b = body(req);
    const practices = Array.isArray(b.practices) ? b.practices.map((p: { odsCode?: unknown }) => String(p?.odsCode ?? '').toUpperCase()) : [];
    const who = await actor(req, practices, 'add staff users');
    return reply.status(201).send(await admin.addStaff(b, who));
  }));

  for (const op of ['disable', 'enable', 'reset-totp'] as const) {
    app.post(`/admin/users/:user/${op}`, handle(async (req) => {
      const user = await admin.staffByIdOrUsername((req.params as { user: string }).user);
      const who = await actor(req, user.memberships.map((m) => m.odsCode), `${op} this user`);
      return op === 'reset-totp' ? admin.resetTotp(user, who) : { user: await admin.setStaffDisabled(user, op === 'disable', who) };
    }));
  }

  app.get('/admin/practices/:ods/clients', handle(async (req) => {
    const code = ods(req);
    await actor(req, [code], 'list apps and systems');
    return admin.listClients(code);
  }));

  app.post('/admin/practices/:ods/clients', handle(async (req, reply) => {
    const code = ods(req);
    const who = await actor(req, [code], 'register apps and systems');
    return reply.status(201).send(await admin.addClient(code, body(req), who));
  }));

  app.delete('/admin/practices/:ods/clients/:client', handle(async (req) => {
    const code = ods(req);
    const who = await actor(req, [code], 'revoke apps and systems');
    return admin.revokeClient(code, (req.params as { client: string }).client, who);
  }));

  app.get('/admin/practices/:ods/external-access', handle(async (req) => {
    const code = ods(req);
    await actor(req, [code], 'see the external-access setting');
    return { odsCode: code, externalAccess: await admin.externalAccess(code) };
  }));

  app.put('/admin/practices/:ods/external-access', handle(async (req) => {
    const code = ods(req);
    const who = await actor(req, [code], 'switch external access');
    const enabled = body(req).enabled;
    if (typeof enabled !== 'boolean') throw fail.badRequest('enabled must be true or false', ['enabled']);
    return admin.setExternalAccess(code, enabled, who);
  }));

  app.post('/admin/patient-logins', handle(async (req, reply) => {
    const b = body(req);
    const practice = typeof b.odsCode === 'string' ? [b.odsCode.toUpperCase()] : [];
    const who = await actor(req, practice, 'add patient logins');
    return reply.status(201).send(await admin.addPatientLogin(b, who));
  }));

  app.get('/admin/practices/:ods/patient-logins', handle(async (req) => {
    const code = ods(req);
    await actor(req, [code], 'list patient logins');
    return { logins: await admin.listPatientLogins(code) };
  }));

  app.post('/admin/practices/:ods/patient-links', handle(async (req, reply) => {
    const code = ods(req);
    const who = await actor(req, [code], 'grant record access');
    return reply.status(201).send(await admin.linkPatient(code, body(req), who));
  }));

  app.delete('/admin/practices/:ods/patient-links/:link', handle(async (req) => {
    const code = ods(req);
    const who = await actor(req, [code], 'revoke record access');
    const id = Number((req.params as { link: string }).link);
    if (!Number.isInteger(id)) throw fail.badRequest('The link id is a number');
    return admin.revokeLink(code, id, who);
  }));
}
