/**
 * What happened, who did it and to whose record: the one shape every surface reports an audited
 * action in (repository reads and writes, sign-in, permission denials, configuration changes,
 * break-glass, exports). audit/ turns each into a FHIR AuditEvent in its practice's hash chain;
 * security/ watches the same stream for misuse. Patient details never appear here beyond ids.
 */
import type { Session } from '../db/database';

/** AuditEvent.action (R4 valueset audit-event-action). */
export type AuditAction = 'C' | 'R' | 'U' | 'D' | 'E';

/** AuditEvent.outcome (R4 valueset audit-event-outcome). */
export type AuditOutcome = '0' | '4' | '8' | '12';

/**
 * AuditEvent.subtype: the RESTful interactions (http://hl7.org/fhir/restful-interaction) plus
 * our own for events that are not interactions.
 */
export type AuditSubtype =
  | 'read'
  | 'vread'
  | 'history-instance'
  | 'history-type'
  | 'history-system'
  | 'search-type'
  | 'search-system'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'batch'
  | 'transaction'
  | 'operation'
  | 'login'
  | 'login-failed'
  | 'logout'
  | 'permission-denied'
  | 'config-change'
  | 'break-glass'
  | 'export';

/** Who acted. */
export interface AuditAgent {
  /** Token `sub`: staff user id, patient login id, client id, or the attempted username's hash for failed sign-ins. */
  sub: string;
  kind: 'staff' | 'patient' | 'system' | 'operator' | 'anonymous';
  role?: string;
  /** App or system the action came through. */
  clientId?: string;
  /** The acting user as a FHIR reference (Practitioner/…, Patient/…, RelatedPerson/…). */
  fhirUser?: string;
  /** For a proxy: acting for someone else. */
  proxy?: boolean;
  /** Source network address. */
  ip?: string;
}

export interface AuditRecord {
  /** Practice whose chain the event joins; 0 for deployment-level events. */
  practiceId: number;
  /** ODS code of that practice (absent for deployment-level events). */
  odsCode?: string;
  recorded: Date;
  action: AuditAction;
  subtype: AuditSubtype;
  outcome: AuditOutcome;
  /** Why it failed or what changed, in words safe to show a practice manager (no patient data). */
  outcomeDesc?: string;
  agent: AuditAgent;
  /** v3 ActReason purpose of use: TREAT (direct care) unless stated, BTG for break-glass. */
  purposeOfUse?: string;
  /** Patients whose record this touched (ids in the practice's record). */
  patientIds: string[];
  /** Resources read, returned, written or denied, as `Type/id` (or `Type` for a type-level action). */
  entities: string[];
  /** Query string of a search or operation (stored in the audit record, never logged). */
  query?: string;
  /** The HTTP request id, to correlate with logs. */
  requestId?: string;
}

/**
 * Where audit records go. `inTransaction` joins the caller's transaction (writes: the record and
 * its audit commit or roll back together); otherwise the sink commits on its own, and resolves
 * only once the records are durable (reads: audited before the response is sent).
 */
export interface AuditSink {
  record(records: readonly AuditRecord[], inTransaction?: Session): Promise<void>;
}

/** Listens to records once they are durable (misuse detection). Must not throw. */
export type AuditListener = (records: readonly AuditRecord[]) => void;
