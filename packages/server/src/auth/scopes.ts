/**
 * SMART on FHIR resource scopes (SMART App Launch 2.0, scopes-and-launch-context.html): parsing
 * the `scope` claim of a token into what it permits, for the repository to enforce.
 *
 * A v2 scope is `context/Type.permissions[?query]`: context `patient`, `user` or `system`; Type a
 * resource type or `*`; permissions a subset of `c r u d s` written in that order (create, read,
 * update, delete, search). v1 scopes are accepted as aliases (scopes-and-launch-context.html
 * #scopes-for-requesting-fhir-resources, "SMART 1.0 scopes"): `.read` = `.rs`, `.write` = `.cud`,
 * `.*` = `.cruds`. Other scopes (`openid`, `launch/patient`, `offline_access`, …) are not resource
 * scopes and parse to nothing.
 */

export const SCOPE_ACTIONS = ['c', 'r', 'u', 'd', 's'] as const;
export type ScopeAction = (typeof SCOPE_ACTIONS)[number];

export const SCOPE_CONTEXTS = ['patient', 'user', 'system'] as const;
export type ScopeContext = (typeof SCOPE_CONTEXTS)[number];

export interface Scope {
  /** The scope as written in the token. */
  readonly raw: string;
  readonly context: ScopeContext;
  /** A resource type, or `*` for every type. */
  readonly resourceType: string;
  readonly actions: ReadonlySet<ScopeAction>;
  /**
   * Search parameters that narrow a v2 scope (`patient/Observation.rs?category=…`): the scope
   * permits only resources matching them. Absent for an unrestricted scope.
   */
  readonly query?: ReadonlyMap<string, string>;
  /** 1 for the `.read`/`.write`/`.*` forms, 2 otherwise. */
  readonly version: 1 | 2;
}

const SCOPE_SYNTAX = /^(patient|user|system)\/([A-Z][A-Za-z]{0,63}|\*)\.([a-z*]+)(?:\?(.+))?$/;
const V1_ACTIONS: Record<string, readonly ScopeAction[]> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ['c', 'r', 'u', 'd', 's'],
};

/** Parses one scope; undefined when it is not a resource scope or is malformed. */
export function parseScope(raw: string): Scope | undefined {
  const m = SCOPE_SYNTAX.exec(raw);
  if (!m) return undefined;
  const [, context, resourceType, permissions, queryText] = m as unknown as [string, ScopeContext, string, string, string | undefined];
  const v1 = V1_ACTIONS[permissions];
  if (v1) {
    // v1 scopes never carried a query.
    if (queryText !== undefined) return undefined;
    return { raw, context, resourceType, actions: new Set(v1), version: 1 };
  }
  // v2: a non-empty subset of c r u d s, in that order, each at most once.
  if (!/^c?r?u?d?s?$/.test(permissions) || permissions === '') return undefined;
  const actions = new Set(permissions.split('') as ScopeAction[]);
  if (queryText === undefined) return { raw, context, resourceType, actions, version: 2 };
  const query = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(queryText)) {
    if (k === '' || v === '' || query.has(k)) return undefined;
    query.set(k, v);
  }
  if (query.size === 0) return undefined;
  return { raw, context, resourceType, actions, query, version: 2 };
}

/** The resource scopes in a space-separated `scope` string (others are skipped). */
export function parseScopes(scope: string | undefined): Scope[] {
  if (!scope) return [];
  const out: Scope[] = [];
  for (const raw of scope.split(' ')) {
    const parsed = raw === '' ? undefined : parseScope(raw);
    if (parsed) out.push(parsed);
  }
  return out;
}

/**
 * Whether the scopes permit `action` on every resource of `resourceType` (in their context:
 * a `patient/` scope still only reaches the token's patient compartment — the caller applies
 * that). Query-restricted scopes never answer yes here, since they permit only some resources;
 * see {@link restrictedScopes} for those.
 */
export function scopeAllows(scopes: readonly Scope[], resourceType: string, action: ScopeAction): boolean {
  return scopes.some((s) => s.query === undefined && s.actions.has(action) && (s.resourceType === '*' || s.resourceType === resourceType));
}

/** The query-restricted scopes that permit `action` on some resources of `resourceType`. */
export function restrictedScopes(scopes: readonly Scope[], resourceType: string, action: ScopeAction): Scope[] {
  return scopes.filter((s) => s.query !== undefined && s.actions.has(action) && (s.resourceType === '*' || s.resourceType === resourceType));
}

/**
 * Whether `allowed` (e.g. what a client is registered for) covers everything `requested` asks:
 * same context, same or any type, a subset of the actions, and no narrower query.
 */
export function scopeCovers(allowed: Scope, requested: Scope): boolean {
  if (allowed.context !== requested.context) return false;
  if (allowed.resourceType !== '*' && allowed.resourceType !== requested.resourceType) return false;
  for (const a of requested.actions) if (!allowed.actions.has(a)) return false;
  if (allowed.query) {
    if (!requested.query) return false;
    for (const [k, v] of allowed.query) if (requested.query.get(k) !== v) return false;
  }
  return true;
}
