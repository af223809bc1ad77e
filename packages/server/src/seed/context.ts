/**
 * What patient generation needs to know about the practice: the options, the id function and the
 * practice-level resources patients refer to. Built once, read-only afterwards.
 */
import type { Resource } from '@openpractice/fhir';
import type { StaffKind } from './codes/staff';
import type { ResolvedOptions } from './options';

export interface StaffMember {
  readonly kind: StaffKind;
  readonly practitioner: Resource;
  readonly role: Resource;
  /** Name as shown in Reference.display, e.g. "Dr Amina Hassan". */
  readonly display: string;
}

export interface PracticeContext {
  readonly options: ResolvedOptions;
  readonly id: (kind: string, key: string | number) => string;
  readonly organization: Resource;
  /** The local hospital trust (referrals, letters, discharge summaries). */
  readonly hospital: Resource;
  /** Its pathology laboratory (issues laboratory reports). */
  readonly laboratory: Resource;
  readonly locations: readonly Resource[];
  readonly staff: readonly StaffMember[];
  readonly gps: readonly StaffMember[];
  readonly nurses: readonly StaffMember[];
  readonly pharmacists: readonly StaffMember[];
}

/** Clinicians who hold appointment sessions. */
export function clinicians(ctx: PracticeContext): StaffMember[] {
  return [...ctx.gps, ...ctx.nurses, ...ctx.pharmacists];
}
