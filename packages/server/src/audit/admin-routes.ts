/**
 * Audit administration over HTTP, for `openpractice audit verify` while a server holds the
 * embedded database (one process per data directory):
 *
 *   GET /admin/audit/verify[?practice=ODS]   operator tokens only
 *
 * The answer streams NDJSON as the chains are checked — `{"problem": …}` lines as found,
 * `{"chain": …}` after each chain, then `{"done": {"intact": …}}` or `{"error": OperationOutcome}`
 * — so a chain of millions of rows neither buffers nor leaves the client waiting for headers.
 * Problems carry seqs and words, never an event's content.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fail, issue } from '@openpractice/fhir';
import type { TokenClaims } from '../auth/tokens';
import type { Database } from '../db/database';
import { loggableError } from '../http/errors';
import { ODS_CODE } from '../practices';
import type { AuditKey } from './chain';
import { UnknownPracticeError, verifyAudit } from './verify';

export interface AuditAdminDeps {
  db: Database;
  auditKey: AuditKey;
  authenticate(req: FastifyRequest): Promise<TokenClaims>;
}

export function registerAuditAdminRoutes(app: FastifyInstance, deps: AuditAdminDeps): void {
  app.get('/admin/audit/verify', async (req, reply) => {
    const claims = await deps.authenticate(req);
    if (claims.role !== 'operator') throw fail.forbidden('Only an operator token may verify the audit trail');
    const raw = (req.query as { practice?: unknown }).practice;
    if (raw !== undefined && (typeof raw !== 'string' || !ODS_CODE.test(raw.toUpperCase()))) throw fail.badRequest('practice must be an ODS code', ['practice']);
    const practiceOds = typeof raw === 'string' ? raw.toUpperCase() : undefined;

    const out = new PassThrough();
    const line = (value: unknown) => out.write(`${JSON.stringify(value)}\n`);
    void reply.status(200).type('application/x-ndjson').header('Cache-Control', 'no-store').send(out);
    try {
      const result = await verifyAudit(deps.db, deps.auditKey, {
        ...(practiceOds ? { practiceOds } : {}),
        onProblem: (problem) => line({ problem }),
        onChain: (chain) => line({ chain }),
      });
      line({ done: { intact: result.intact } });
    } catch (err) {
      if (err instanceof UnknownPracticeError) line({ error: issue('error', 'not-found', err.message) });
      else {
        req.log.error({ err: loggableError(err) }, 'audit verification failed');
        line({ error: issue('fatal', 'exception', `The verification failed (request ${req.id})`) });
      }
    } finally {
      out.end();
    }
    return reply;
  });
}
