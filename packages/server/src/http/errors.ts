/**
 * The one error path (STYLE habit 3): every failure on the FHIR surface becomes an
 * OperationOutcome. Expected ones carry their status; anything else is a 500 that names only the
 * request id. Logs get the error's class and code — never SQL, parameters or patient data.
 */
import { fail, issue, OperationOutcomeError } from '@openpractice/fhir';
import type { FastifyError } from 'fastify';

/** Maps Fastify's own errors (body parsing, limits, content types) to FHIR outcomes. */
export function toOutcomeError(err: unknown, requestId: string): { error: OperationOutcomeError; unexpected: boolean } {
  if (err instanceof OperationOutcomeError) return { error: err, unexpected: false };
  const fe = err as Partial<FastifyError>;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { error: fail.tooLarge('The request body is larger than this server accepts'), unexpected: false };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { error: fail.unsupportedMediaType('Send FHIR as application/fhir+json (or application/json-patch+json for PATCH)'), unexpected: false };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { error: fail.badRequest('The request body is empty'), unexpected: false };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { error: fail.badRequest('The request body is not valid JSON'), unexpected: false };
    default:
      break;
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { error: new OperationOutcomeError(fe.statusCode, issue('error', 'invalid', 'The request could not be processed')), unexpected: false };
  }
  const pgCode = (err as { code?: unknown }).code;
  if (pgCode === '57014') {
    return { error: new OperationOutcomeError(503, issue('error', 'timeout', 'The request took too long and was stopped; narrow it and retry')), unexpected: false };
  }
  if (pgCode === '40001' || pgCode === '40P01') {
    return { error: new OperationOutcomeError(409, issue('error', 'conflict', 'A concurrent change conflicted with this request; retry')), unexpected: false };
  }
  return {
    error: new OperationOutcomeError(500, issue('fatal', 'exception', `Internal server error (request ${requestId})`)),
    unexpected: true,
  };
}

/** What may be logged about an unexpected error: its kind, never its data. */
export function loggableError(err: unknown): Record<string, unknown> {
  const e = err as { name?: unknown; code?: unknown; routine?: unknown; stack?: unknown; severity?: unknown };
  // PostgreSQL errors (they carry `severity`/`routine`) can quote values: keep only their codes.
  if (e.severity !== undefined || e.routine !== undefined) return { kind: 'database', code: e.code, routine: e.routine };
  const stack = typeof e.stack === 'string' ? e.stack.split('\n').slice(1, 8).join('\n') : undefined;
  return { kind: typeof e.name === 'string' ? e.name : 'Error', code: e.code, stack };
}
