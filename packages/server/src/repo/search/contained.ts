/**
 * Searching contained resources (search.html#contained). Each contained resource with an id has
 * a `contained_resource` row whose row id comes from the resource sequence, and its own index
 * rows under that id and its own type (index-sql.ts), so the criteria planner treats it like any
 * resource row: these relations give contained resources the columns a search reads, and a
 * search without `_contained` (which reads `resource` only) never meets them.
 */

/** `_contained` and `_containedType` as the search applies them. */
export interface ContainedMode {
  /** `false` (the default): top-level resources only; `true`: contained only; `both`. */
  search: 'false' | 'true' | 'both';
  /** `container` (the default): return the containers of matching contained resources; `contained`: return them alone. */
  returns: 'container' | 'contained';
}

/**
 * Contained resources as search rows: their own type and local id, the container's version and
 * lastUpdated (a contained resource has no meta of its own, dom-4), their JSON read out of the
 * container, and which container holds them (for the Bundle's fullUrl).
 */
export const CONTAINED_ROWS =
  `SELECT c.rid, c.practice_id, c.resource_type, c.id, cr.version_id, cr.last_updated, cr.deleted, ` +
  `((cr.content::json) -> 'contained' -> c.position)::text AS content, ` +
  `c.container_rid, cr.resource_type AS container_type, cr.id AS container_id ` +
  `FROM contained_resource c JOIN resource cr ON cr.rid = c.container_rid AND cr.practice_id = c.practice_id`;

/** Top-level and contained resources together (`_contained=both&_containedType=contained`), one row space. */
export const TOP_AND_CONTAINED_ROWS =
  `SELECT t.rid, t.practice_id, t.resource_type, t.id, t.version_id, t.last_updated, t.deleted, t.content, ` +
  `NULL::bigint AS container_rid, NULL::text AS container_type, NULL::text AS container_id FROM resource t ` +
  `UNION ALL ${CONTAINED_ROWS}`;

/** Why a feature cannot be combined with searching contained resources, or undefined. */
export function containedUnsupported(mode: ContainedMode, feature: 'has'): string | undefined {
  // _has matches by the referenced resource's id: a contained resource's local id is no target.
  if (feature === 'has' && mode.search !== 'false') return '_has cannot be combined with _contained';
  return undefined;
}
