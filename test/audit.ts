/** Test helpers for the audit trail: a typical audited read, to vary per test. */
import type { AuditRecord } from '../packages/server/src/audit/record';

/** A staff read of one patient's record in `practice` (the deployment's chain when undefined). */
export function auditRecord(practice: { id: number; odsCode: string } | undefined, over: Partial<AuditRecord> = {}): AuditRecord {
  return {
    practiceId: practice?.id ?? 0,
    ...(practice ? { odsCode: practice.odsCode } : {}),
    recorded: new Date(),
    action: 'R',
    subtype: 'read',
    outcome: '0',
    agent: { sub: 'user-1', kind: 'staff', role: 'gp', fhirUser: 'Practitioner/p1', ip: '10.0.0.1' },
    purposeOfUse: 'TREAT',
    patientIds: ['pat-1'],
    entities: ['Patient/pat-1'],
    requestId: 'req-1',
    ...over,
  };
}
