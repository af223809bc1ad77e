/**
 * The security alerts API (JSON):
 *
 *   GET  /security/alerts?status=open|all&_count=N&practice=ODS
 *   POST /security/alerts/{id}/acknowledge
 *
 * A practice's admin or practice manager (a bootstrap token, or a staff sign-in) sees and
 * acknowledges their own practice's alerts; an operator sees every alert, the deployment's own
 * included (optionally one practice's, `practice=ODS`). Everyone else is refused (403). Errors
 * are OperationOutcomes, through the app's one error handler.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fail } from '@openpractice/fhir';
import type { TokenClaims } from '../auth/tokens';
import type { Database } from '../db/database';
import { ODS_CODE, PracticeDirectory } from '../practices';
import { acknowledgeAlert, listAlerts } from './alerts';

export interface SecurityRoutesDeps {
  db: Database;
  authenticate(req: FastifyRequest): Promise<TokenClaims>;
  /** Clock for acknowledgement times (ms); tests inject one. */
  now?: () => number;
}

const PRACTICE_ROLES: readonly string[] = ['admin', 'practice-manager'];
const DEFAULT_COUNT = 50;
const MAX_COUNT = 500;

/** Whose alerts the caller may see: every practice's (operator) or one practice's. */
type Reach = { all: true } | { all: false; practiceId: number };

export function registerSecurityRoutes(app: FastifyInstance, deps: SecurityRoutesDeps): void {
  const practices = new PracticeDirectory(deps.db);
  const now = deps.now ?? Date.now;

  async function reach(req: FastifyRequest): Promise<{ claims: TokenClaims; reach: Reach }> {
    const claims = await deps.authenticate(req);
    if (claims.role === 'operator') return { claims, reach: { all: true } };
    // Staff only: a patient, a backend system or an app acting for a patient never sees alerts.
    if (!claims.practice || !PRACTICE_ROLES.includes(claims.role) || (claims.kind !== undefined && claims.kind !== 'staff')) {
      throw fail.forbidden('Only a practice admin or practice manager, or an operator, may see security alerts');
    }
    const practice = await practices.find(claims.practice);
    if (!practice) throw fail.unauthorized('The token names a practice this server does not hold');
    return { claims, reach: { all: false, practiceId: practice.id } };
  }

  app.get('/security/alerts', async (req) => {
    const { reach: r } = await reach(req);
    const q = req.query as Record<string, unknown>;
    const status = q.status ?? 'open';
    if (status !== 'open' && status !== 'all') throw fail.badRequest('status must be "open" or "all"', ['status']);
    const countRaw = q._count ?? String(DEFAULT_COUNT);
    const count = Number(countRaw);
    if (typeof countRaw !== 'string' || !/^\d+$/.test(countRaw) || count < 1 || count > MAX_COUNT) {
      throw fail.badRequest(`_count must be a whole number from 1 to ${MAX_COUNT}`, ['_count']);
    }
    let practiceId: number | undefined;
    if (q.practice !== undefined) {
      if (typeof q.practice !== 'string' || !ODS_CODE.test(q.practice)) throw fail.badRequest('practice must be an ODS code', ['practice']);
      const p = await practices.find(q.practice);
      if (!p) throw fail.notFound(`No practice ${q.practice}`);
      if (!r.all && p.id !== r.practiceId) throw fail.forbidden('A practice sees only its own alerts');
      practiceId = p.id;
    }
    if (!r.all) practiceId = r.practiceId;
    return { alerts: await listAlerts(deps.db, { ...(practiceId !== undefined ? { practiceId } : {}), status, count }) };
  });

  app.post<{ Params: { id: string } }>('/security/alerts/:id/acknowledge', async (req) => {
    const { claims, reach: r } = await reach(req);
    const id = req.params.id;
    if (!/^\d{1,18}$/.test(id)) throw fail.badRequest('An alert id is a number', ['id']);
    // Another practice's alert is "not found": its existence is not the caller's to know.
    const alert = await acknowledgeAlert(deps.db, id, claims.sub, new Date(now()), r.all ? undefined : r.practiceId);
    if (!alert) throw fail.notFound(`No alert ${id}`);
    return alert;
  });
}
