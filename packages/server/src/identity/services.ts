/**
 * The identity layer's parts, built once per app and passed around (no module state): stores,
 * the sign-in session table, the revocation list, the clock and the audit trail.
 */
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { SigningKey } from '../auth/keys';
import type { RevocationList } from '../auth/revocations';
import type { RecordRules } from '../repo/context';
import type { AuditTrail } from '../audit/log';
import { ClientRegistry } from './clients';
import { Credentials } from './credentials';
import { PatientDirectory } from './patients';
import { SignInSessions } from './sessions';
import { StaffDirectory } from './staff';

/** What identity needs of the audit log (identity/audit.ts makes the records). */
export type IdentityAudit = Pick<AuditTrail, 'record' | 'pseudonym'>;

export interface IdentityServices {
  config: Config;
  db: Database;
  key: SigningKey;
  rules: RecordRules;
  /** Milliseconds since the epoch: injectable so timeouts and lockout can be tested. */
  now: () => number;
  credentials: Credentials;
  staff: StaffDirectory;
  patients: PatientDirectory;
  clients: ClientRegistry;
  sessions: SignInSessions;
  revocations: RevocationList;
  /** `${baseUrl}/fhir`: the resource every access token is for. */
  fhirBase: string;
  /** `${baseUrl}/oauth`: the OpenID provider's issuer. */
  issuer: string;
  /** Where sign-ins and configuration changes are audited (identity/audit.ts); none when absent. */
  audit?: IdentityAudit;
}

export function identityServices(o: {
  config: Config;
  db: Database;
  key: SigningKey;
  rules: RecordRules;
  now: () => number;
  cookieKeys: string[];
  revocations: RevocationList;
  audit?: IdentityAudit;
}): IdentityServices {
  const credentials = new Credentials(o.db, { maxFailures: o.config.identity.loginMaxFailures, now: o.now });
  return {
    config: o.config,
    db: o.db,
    key: o.key,
    rules: o.rules,
    now: o.now,
    credentials,
    staff: new StaffDirectory(o.db, credentials),
    patients: new PatientDirectory(o.db, credentials),
    clients: new ClientRegistry(o.db, { baseUrl: o.config.baseUrl, allowPrivateNetwork: o.config.identity.allowPrivateNetwork }),
    sessions: new SignInSessions(o.db, o.config.identity, o.cookieKeys, o.now),
    revocations: o.revocations,
    fhirBase: `${o.config.baseUrl}/fhir`,
    issuer: `${o.config.baseUrl}/oauth`,
    ...(o.audit ? { audit: o.audit } : {}),
  };
}
