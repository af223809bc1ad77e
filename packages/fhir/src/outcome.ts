/**
 * OperationOutcome: the one error vocabulary of the FHIR surface (STYLE habit 3).
 * Expected failures are thrown as `OperationOutcomeError` (status + outcome) and rendered by the
 * server's single error handler; nothing else ever reaches a caller.
 */

import type { Resource } from './types';

export type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information';

/** FHIR R4 valueset-issue-type codes used by this server. */
export type IssueCode =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'invariant'
  | 'security'
  | 'login'
  | 'forbidden'
  | 'processing'
  | 'not-supported'
  | 'duplicate'
  | 'multiple-matches'
  | 'not-found'
  | 'deleted'
  | 'too-long'
  | 'code-invalid'
  | 'conflict'
  | 'exception'
  | 'timeout'
  | 'too-costly'
  | 'throttled'
  | 'informational';

export interface OutcomeIssue {
  severity: IssueSeverity;
  code: IssueCode;
  diagnostics?: string;
  /** FHIRPath expressions naming the elements the issue is about (R4 OperationOutcome.issue.expression). */
  expression?: string[];
}

export interface OperationOutcome extends Resource {
  resourceType: 'OperationOutcome';
  issue: OutcomeIssue[];
}

/** Builds an OperationOutcome from issues. */
export function outcome(...issues: OutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}

/** A single-issue outcome; the common case. */
export function issue(
  severity: IssueSeverity,
  code: IssueCode,
  diagnostics: string,
  expression?: string[],
): OperationOutcome {
  return outcome({ severity, code, diagnostics, ...(expression?.length ? { expression } : {}) });
}

/** An expected failure with its HTTP status. Thrown by handlers and the repository, rendered once. */
export class OperationOutcomeError extends Error {
  constructor(
    readonly status: number,
    readonly outcome: OperationOutcome,
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(outcome.issue[0]?.diagnostics ?? 'FHIR error');
    this.name = 'OperationOutcomeError';
  }
}

/** Shorthands for the statuses the REST API uses (FHIR http.html). */
export const fail = {
  badRequest: (msg: string, expression?: string[]) =>
    new OperationOutcomeError(400, issue('error', 'invalid', msg, expression)),
  unprocessable: (o: OperationOutcome) => new OperationOutcomeError(422, o),
  unauthorized: (msg: string) =>
    new OperationOutcomeError(401, issue('error', 'login', msg), { 'WWW-Authenticate': 'Bearer' }),
  forbidden: (msg: string) => new OperationOutcomeError(403, issue('error', 'forbidden', msg)),
  notFound: (msg: string) => new OperationOutcomeError(404, issue('error', 'not-found', msg)),
  gone: (msg: string) => new OperationOutcomeError(410, issue('error', 'deleted', msg)),
  methodNotAllowed: (msg: string) => new OperationOutcomeError(405, issue('error', 'not-supported', msg)),
  conflict: (msg: string) => new OperationOutcomeError(409, issue('error', 'conflict', msg)),
  preconditionFailed: (msg: string) => new OperationOutcomeError(412, issue('error', 'conflict', msg)),
  multipleMatches: (msg: string) => new OperationOutcomeError(412, issue('error', 'multiple-matches', msg)),
  tooLarge: (msg: string) => new OperationOutcomeError(413, issue('error', 'too-long', msg)),
  unsupportedMediaType: (msg: string) => new OperationOutcomeError(415, issue('error', 'not-supported', msg)),
  notSupported: (msg: string) => new OperationOutcomeError(501, issue('error', 'not-supported', msg)),
} as const;

/** True when a value is an OperationOutcome resource. */
export function isOperationOutcome(value: unknown): value is OperationOutcome {
  return typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === 'OperationOutcome';
}
