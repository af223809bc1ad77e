/**
 * Deployment administration over HTTP, for the CLI while the server owns the embedded database
 * (PGlite allows one process per data directory): list and create practices, and bulk-load a
 * practice's resources. Operator tokens only; operators never read a practice's record here.
 *
 * Loading streams both ways: the request body is NDJSON (one resource per line, any size, read as
 * it arrives) and the answer is NDJSON progress lines, then one final line — `{"done": …}` or
 * `{"error": OperationOutcome}` — so a load of millions of resources neither buffers in memory
 * nor leaves the client waiting minutes for response headers.
 */
import { PassThrough, type Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fail, issue, OperationOutcomeError, type Resource } from '@openpractice/fhir';
import type { TokenClaims } from '../auth/tokens';
import type { Database } from '../db/database';
import { loadResources } from '../load';
import { ensurePractice, listPractices, ODS_CODE } from '../practices';
import { BulkLoadError } from '../repo/bulk-load';
import type { RecordRules } from '../repo/context';
import { loggableError } from './errors';

export const NDJSON_TYPES = ['application/fhir+ndjson', 'application/x-ndjson', 'application/ndjson'];
/** The longest line accepted in a load: one resource (attachments included). */
const MAX_LINE = 16 * 1024 * 1024;

export interface AdminDeps {
  db: Database;
  rules: RecordRules;
  authenticate(req: FastifyRequest): Promise<TokenClaims>;
}

export function registerAdminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  async function operator(req: FastifyRequest, action: string): Promise<void> {
    const claims = await deps.authenticate(req);
    if (claims.role !== 'operator') throw fail.forbidden(`Only an operator token may ${action}`);
  }

  app.get('/admin/practices', async (req) => {
    await operator(req, 'list practices');
    return { practices: (await listPractices(deps.db)).map((p) => ({ odsCode: p.odsCode, name: p.name })) };
  });

  app.post('/admin/practices', async (req, reply) => {
    await operator(req, 'create practices');
    const body = req.body as { odsCode?: unknown; name?: unknown } | undefined;
    if (typeof body?.odsCode !== 'string' || !ODS_CODE.test(body.odsCode)) throw fail.badRequest('odsCode must be an ODS code', ['odsCode']);
    if (typeof body.name !== 'string' || body.name.trim() === '' || body.name.length > 200) throw fail.badRequest('name is required (1–200 characters)', ['name']);
    const p = await ensurePractice(deps.db, body.odsCode, body.name.trim());
    return reply.status(200).send({ odsCode: p.odsCode, name: p.name });
  });

  app.post<{ Params: { ods: string } }>('/admin/practices/:ods/resources', async (req, reply) => {
    await operator(req, 'load resources');
    const ods = req.params.ods;
    if (!ODS_CODE.test(ods)) throw fail.badRequest(`"${ods}" is not an ODS code`);
    const practice = (await listPractices(deps.db)).find((p) => p.odsCode === ods);
    if (!practice) throw fail.notFound(`No practice ${ods}; create it first (POST /admin/practices)`);
    if (!(req.body instanceof Object) || typeof (req.body as Readable).pipe !== 'function') {
      throw fail.unsupportedMediaType('Send resources as application/fhir+ndjson, one per line');
    }
    const out = new PassThrough();
    const line = (value: unknown) => out.write(`${JSON.stringify(value)}\n`);
    void reply.status(200).type('application/x-ndjson').header('Cache-Control', 'no-store').send(out);
    try {
      const summary = await loadResources(deps.db, practice, deps.rules, ndjsonResources(req.body as Readable), {
        onProgress: (p) => line(p),
      });
      line({ done: summary });
    } catch (err) {
      if (err instanceof OperationOutcomeError) line({ error: err.outcome });
      else if (err instanceof BulkLoadError) line({ error: issue('error', 'processing', err.message) });
      else {
        req.log.error({ err: loggableError(err) }, 'bulk load failed');
        line({ error: issue('fatal', 'exception', `The load failed (request ${req.id}); batches before the failure stay loaded`) });
      }
      // Stop reading the rest of the upload.
      (req.body as Readable).destroy();
    } finally {
      out.end();
    }
    return reply;
  });
}

/** Resources from an NDJSON stream; a line that is not a JSON object is a 400 naming the line. */
export async function* ndjsonResources(input: Readable): AsyncGenerator<Resource> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (text.length > MAX_LINE) throw fail.tooLarge(`Line ${n} is longer than ${MAX_LINE} characters`);
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw fail.badRequest(`Line ${n} is not valid JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as Resource).resourceType !== 'string') {
      throw fail.badRequest(`Line ${n} is not a FHIR resource`);
    }
    yield value as Resource;
  }
}
