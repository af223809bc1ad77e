/**
 * The search index values extracted from a resource at write time (FHIR search.html). The server
 * stores each kind in its own indexed table, so searches are index lookups, never JSON scans.
 * `code` is the SearchParameter code (e.g. "identifier", "subject", "birthdate").
 *
 * Composite parameters (search.html#composite) are indexed as their components' rows under
 * `compositeIndexCode(code, k)`, with `comp` numbering the element they came from, so a search
 * joins its component criteria on the same element. Plain rows carry no `comp`.
 */

/** token: Coding, CodeableConcept, Identifier, ContactPoint, code, boolean, id, uri-as-token. */
export interface TokenValue {
  code: string;
  /** The system, or null when the element carries none. */
  system: string | null;
  /** The code/value, or null (e.g. an Identifier with a system only). */
  value: string | null;
  /** Display/text for `:text` searches, lower-cased; null when none. */
  text: string | null;
  /** The element of a composite parameter the row belongs to (composite rows only). */
  comp?: number;
}

/** string: normalised for case- and accent-insensitive matching (lower-case, diacritics removed). */
export interface StringValue {
  code: string;
  value: string;
  /** The string as written, for `:exact` (search.html#string). */
  exact?: string;
  comp?: number;
}

/** reference: a resolved literal reference (Type/id), or an absolute/canonical URL. */
export interface ReferenceValue {
  code: string;
  targetType: string | null;
  targetId: string | null;
  /** The original reference string when it is absolute or canonical (no local Type/id). */
  url: string | null;
  comp?: number;
}

/** date: every date-like value as an inclusive range of instants (ISO 8601, UTC, ms precision). */
export interface DateValue {
  code: string;
  /** Earliest instant covered, or null for an open start (e.g. Period without start). */
  low: string | null;
  /** Latest instant covered, or null for an open end. */
  high: string | null;
  comp?: number;
}

/** number: the value and the range implied by its precision (search.html#number). */
export interface NumberValue {
  code: string;
  value: number;
  low: number;
  high: number;
  comp?: number;
}

/** quantity: value with system/code/unit, and the precision range. */
export interface QuantityValue {
  code: string;
  value: number;
  low: number;
  high: number;
  system: string | null;
  unit: string | null;
  comp?: number;
}

/** uri: the exact URI. */
export interface UriValue {
  code: string;
  value: string;
  comp?: number;
}

/**
 * Full text (search.html#text): `_text` is the narrative and `_content` all of the resource's
 * text (see full-text.ts), as plain text with accents removed; the server stems it.
 */
export interface TextValue {
  code: '_text' | '_content';
  value: string;
}

/**
 * The index rows of one contained resource (search.html#contained), stored under its own type so
 * `_contained=true|both` can find it; a search without `_contained` never sees them.
 */
export interface ContainedRows {
  resourceType: string;
  /** The contained resource's local id (referenced as `#id`). */
  id: string;
  /** Its position in the container's `contained` array. */
  index: number;
  /** Its own rows; `contained` is always empty (contained resources contain nothing: dom-2). */
  rows: IndexRows;
}

export interface IndexRows {
  token: TokenValue[];
  string: StringValue[];
  reference: ReferenceValue[];
  date: DateValue[];
  number: NumberValue[];
  quantity: QuantityValue[];
  uri: UriValue[];
  text: TextValue[];
  contained: ContainedRows[];
}

/** An empty set of index rows. */
export function emptyIndexRows(): IndexRows {
  return { token: [], string: [], reference: [], date: [], number: [], quantity: [], uri: [], text: [], contained: [] };
}
