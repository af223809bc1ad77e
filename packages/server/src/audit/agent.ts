/** Who acted, for an audit record: the AuditAgent of a caller bound to the record (AccessContext). */
import type { AccessContext } from '../repo/context';
import type { AuditAgent } from './record';

/** The caller as an audit agent; bootstrap tokens (no `kind`) act as staff. */
export function agentOf(c: AccessContext): AuditAgent {
  return {
    sub: c.subject,
    kind: c.kind ?? 'staff',
    role: c.role,
    ...(c.clientId ? { clientId: c.clientId } : {}),
    ...(c.fhirUser ? { fhirUser: c.fhirUser } : {}),
    ...(c.proxy ? { proxy: true } : {}),
    ...(c.ip ? { ip: c.ip } : {}),
  };
}
