/**
 * Who may do what to which part of the record: the permission matrix the repository enforces on
 * every surface (issue 5). Pure functions of the caller (AccessContext) — no database here; the
 * repository's AccessGuard (repo/access.ts) adds what needs one (break-glass grants, dissent).
 *
 * The matrix is by resource *category*, so a type added later lands in the least-privileged
 * category (clinical) until someone decides otherwise. Permissions are SMART's letters
 * (c create, r read, u update, d delete, s search); a token's scopes narrow them, never widen.
 *
 *  role \ category   clinical medication demographic scheduling booking directory definition messaging consent
 *  gp                cruds    cruds      crus        cruds      cruds   rs        rs         cruds     crus
 *  nurse             crus     crus       crus        cruds      cruds   rs        rs         crus      crus
 *  pharmacist        rs       crus       rs          rs         rs      rs        rs         crus      rs
 *  receptionist      -        rs         crus        cruds      cruds   rs        rs         crus      rs
 *  practice-manager  -        -          rs          cruds      cruds   cruds     rs         crus      rs
 *  admin (staff)     -        -          -           -          rs      cruds     cruds      -         -
 *  system            rs       rs         rs          crus       rs      rs        rs         c         -
 *  patient (P9)      rs       rs         rs          crus       rs      rs        rs         crs       rs
 *  patient (P0/P5)   -        -          rs          crus       rs      rs        rs         crs       -
 *
 * A bootstrap token (no `kind`: minted by `openpractice token` with the server's own key, for
 * scripts, imports and practice switching) acts with the whole record: every permission, nothing
 * withheld. Operators never act inside a practice's record at all.
 *
 * Legitimate relationship: staff act only inside their practice (also enforced by row-level
 * security); a patient or proxy, a `patient/` scope and an external system reach only one
 * patient's compartment, plus the practice's public types (booking, directory, definition).
 */
import { getPatientCompartment } from '@openpractice/fhir';
import type { AccessContext } from '../repo/context';
import { parseScopes, restrictedScopes, scopeAllows, type Scope, type ScopeAction } from './scopes';

export type Action = ScopeAction;

export const CATEGORIES = ['clinical', 'medication', 'demographic', 'scheduling', 'booking', 'directory', 'definition', 'messaging', 'consent'] as const;
export type Category = (typeof CATEGORIES)[number];

const TYPES: Record<Exclude<Category, 'clinical'>, readonly string[]> = {
  medication: ['MedicationRequest', 'MedicationStatement', 'MedicationDispense', 'MedicationAdministration'],
  demographic: ['Patient', 'RelatedPerson', 'EpisodeOfCare', 'Coverage', 'Person'],
  scheduling: ['Appointment', 'AppointmentResponse'],
  booking: ['Slot', 'Schedule', 'HealthcareService'],
  directory: ['Practitioner', 'PractitionerRole', 'Organization', 'Location', 'Endpoint', 'Device'],
  definition: [
    'Medication',
    'Questionnaire',
    'ValueSet',
    'CodeSystem',
    'ConceptMap',
    'StructureDefinition',
    'SearchParameter',
    'OperationDefinition',
    'PlanDefinition',
    'ActivityDefinition',
    'Library',
  ],
  messaging: ['Communication', 'CommunicationRequest', 'Task', 'QuestionnaireResponse'],
  consent: ['Consent'],
};
const CATEGORY_OF = new Map<string, Category>(Object.entries(TYPES).flatMap(([c, types]) => types.map((t) => [t, c as Category] as const)));

/** A resource type's category; types not listed are clinical (the most protected). */
export function categoryOf(type: string): Category {
  return CATEGORY_OF.get(type) ?? 'clinical';
}

type Matrix = Partial<Record<Category, string>>;
const PERMISSIONS: Record<string, Matrix> = {
  gp: { clinical: 'cruds', medication: 'cruds', demographic: 'crus', scheduling: 'cruds', booking: 'cruds', directory: 'rs', definition: 'rs', messaging: 'cruds', consent: 'crus' },
  nurse: { clinical: 'crus', medication: 'crus', demographic: 'crus', scheduling: 'cruds', booking: 'cruds', directory: 'rs', definition: 'rs', messaging: 'crus', consent: 'crus' },
  pharmacist: { clinical: 'rs', medication: 'crus', demographic: 'rs', scheduling: 'rs', booking: 'rs', directory: 'rs', definition: 'rs', messaging: 'crus', consent: 'rs' },
  receptionist: { medication: 'rs', demographic: 'crus', scheduling: 'cruds', booking: 'cruds', directory: 'rs', definition: 'rs', messaging: 'crus', consent: 'rs' },
  'practice-manager': { demographic: 'rs', scheduling: 'cruds', booking: 'cruds', directory: 'cruds', definition: 'rs', messaging: 'crus', consent: 'rs' },
  admin: { booking: 'rs', directory: 'cruds', definition: 'cruds' },
  system: { clinical: 'rs', medication: 'rs', demographic: 'rs', scheduling: 'crus', booking: 'rs', directory: 'rs', definition: 'rs', messaging: 'c' },
  patient: { clinical: 'rs', medication: 'rs', demographic: 'rs', scheduling: 'crus', booking: 'rs', directory: 'rs', definition: 'rs', messaging: 'crs', consent: 'rs' },
  /** A patient login below P9: no detailed record. */
  'patient-basic': { demographic: 'rs', scheduling: 'crus', booking: 'rs', directory: 'rs', definition: 'rs', messaging: 'crs' },
};

/** Roles whose users are clinicians: they see sensitive entries and may break the glass. */
export const CLINICAL_ROLES: ReadonlySet<string> = new Set(['gp', 'nurse', 'pharmacist']);

/** The categories a patient-facing or external caller reaches outside any one patient's record. */
const PUBLIC_CATEGORIES: ReadonlySet<Category> = new Set(['booking', 'directory', 'definition']);

const CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
/** Security labels (meta.security) that mark an entry sensitive: restricted, or no patient access. */
export const SENSITIVE_LABELS: readonly string[] = [`${CONFIDENTIALITY}|R`, `${ACT_CODE}|NOPAT`];
/** The label of an entry its author marked confidential: very restricted, seen only after break-glass. */
export const CONFIDENTIAL_LABELS: readonly string[] = [`${CONFIDENTIALITY}|V`];
/** An entry that holds information about someone else (third party): redacted in the patient's view. */
export const THIRD_PARTY_LABEL = `${ACT_CODE}|REDACT`;

/** Whether the caller acts with a bootstrap token (the whole record, nothing withheld). */
export function isBootstrap(ctx: AccessContext): boolean {
  return ctx.kind === undefined;
}

/** The permission row that applies to the caller. */
function matrixOf(ctx: AccessContext): Matrix | undefined {
  if (ctx.kind === 'patient') return ctx.proofing === 'P9' ? PERMISSIONS.patient : PERMISSIONS['patient-basic'];
  if (ctx.kind === 'system') return PERMISSIONS.system;
  if (ctx.kind === 'operator') return undefined;
  return PERMISSIONS[ctx.role];
}

/** What a permitted action is limited to. */
export interface Grant {
  /** Only this patient's compartment (patient logins, `patient/` scopes, external systems). */
  patient?: string;
  /** Scopes with a query (`patient/Observation.rs?category=…`): only resources matching one of them. */
  restricted: Scope[];
}

export type Decision = { allowed: true; grant: Grant } | { allowed: false; reason: string };

/** The role's permission, before scopes. */
export function rolePermits(ctx: AccessContext, type: string, action: Action): boolean {
  if (isBootstrap(ctx)) return ctx.role !== 'operator';
  return matrixOf(ctx)?.[categoryOf(type)]?.includes(action) === true;
}

/**
 * Whether the caller may do `action` on resources of `type`, and within what. The caller's role
 * decides first; the token's scopes (when it has any) can only take away.
 */
export function decide(ctx: AccessContext, type: string, action: Action): Decision {
  if (!rolePermits(ctx, type, action)) {
    return { allowed: false, reason: `The ${describeCaller(ctx)} may not ${ACTION_WORDS[action]} ${type} resources` };
  }
  const category = categoryOf(type);
  const inCompartment = getPatientCompartment().has(type) && !PUBLIC_CATEGORIES.has(category);
  let patient: string | undefined;
  let restricted: Scope[] = [];
  if (ctx.scope !== undefined) {
    const scopes = parseScopes(ctx.scope);
    const byContext = (context: Scope['context']) => scopes.filter((s) => s.context === context);
    const broad = [...byContext('user'), ...byContext('system')];
    if (scopeAllows(broad, type, action)) {
      // A user or system scope: the role's reach.
    } else if (restrictedScopes(broad, type, action).length > 0) {
      restricted = restrictedScopes(broad, type, action);
    } else if (scopeAllows(byContext('patient'), type, action) || restrictedScopes(byContext('patient'), type, action).length > 0) {
      if (!ctx.patient) return { allowed: false, reason: 'A patient/ scope needs a patient in context (launch/patient)' };
      if (inCompartment) patient = ctx.patient;
      else if (!PUBLIC_CATEGORIES.has(category)) return { allowed: false, reason: `${type} is not part of a patient's record; a patient/ scope does not reach it` };
      if (!scopeAllows(byContext('patient'), type, action)) restricted = restrictedScopes(byContext('patient'), type, action);
    } else {
      return { allowed: false, reason: `The token's scopes do not permit ${ACTION_WORDS[action]} on ${type}` };
    }
  }
  if (ctx.kind === 'patient') {
    if (!ctx.patient) return { allowed: false, reason: 'This sign-in is not linked to a patient record' };
    if (!inCompartment && !PUBLIC_CATEGORIES.has(category)) return { allowed: false, reason: `${type} is not part of your record` };
    if (inCompartment) patient = ctx.patient;
  }
  if (ctx.kind === 'system' && !inCompartment && !PUBLIC_CATEGORIES.has(category)) {
    return { allowed: false, reason: `External systems do not reach ${type} resources` };
  }
  return { allowed: true, grant: { ...(patient ? { patient } : {}), restricted } };
}

/** Whether `type` holds patient data an external system must reach one patient at a time. */
export function needsOnePatient(ctx: AccessContext, type: string): boolean {
  return ctx.kind === 'system' && getPatientCompartment().has(type) && !PUBLIC_CATEGORIES.has(categoryOf(type));
}

/**
 * The security labels withheld from the caller (as `system|code`), given whether a break-glass
 * grant covers the patient in question. Clinicians see sensitive entries but not those marked
 * confidential; non-clinical staff, patients and external systems see neither. Break-glass
 * (clinicians and external systems only) shows both, for one patient, for a while.
 */
export function withheldLabels(ctx: AccessContext, breakGlass: boolean): readonly string[] {
  if (isBootstrap(ctx)) return [];
  if (breakGlass && mayBreakGlass(ctx)) return [];
  if (ctx.kind === 'staff' && CLINICAL_ROLES.has(ctx.role)) return CONFIDENTIAL_LABELS;
  return [...SENSITIVE_LABELS, ...CONFIDENTIAL_LABELS];
}

/** Who may break the glass: clinicians and external (clinical) systems. */
export function mayBreakGlass(ctx: AccessContext): boolean {
  return (ctx.kind === 'staff' && CLINICAL_ROLES.has(ctx.role)) || ctx.kind === 'system';
}

/** Whether third-party information is redacted for the caller: in the patient's own view. */
export function redactsThirdParty(ctx: AccessContext): boolean {
  return ctx.kind === 'patient';
}

const ACTION_WORDS: Record<Action, string> = { c: 'create', r: 'read', u: 'update', d: 'delete', s: 'search' };

function describeCaller(ctx: AccessContext): string {
  if (ctx.kind === 'patient') return ctx.proofing === 'P9' ? 'patient' : `patient at proofing level ${ctx.proofing ?? 'P0'} (P9 sees the detailed record)`;
  if (ctx.kind === 'system') return 'external system';
  return `${ctx.role} role`;
}
