/**
 * The text of a resource for full-text search (search.html#text): `_text` searches the narrative
 * (`text.div` without its markup) and `_content` all of the resource's text — every `string` and
 * `markdown` value (names, addresses, `Coding.display`, `CodeableConcept.text`, notes, …), the
 * narrative, and the text of contained resources. Codes, URIs, ids, dates and literal references
 * are not text; they have parameters of their own. Types come from the StructureDefinitions, so a
 * code such as `final` is never mistaken for a word of the record.
 *
 * Text is returned with accents removed and in lower case (like string search values), so
 * `ménière` and `meniere` are the same word; the server stems it (PostgreSQL `english`).
 */
import type { Resource } from '../types';
import { getResourceTypes } from '../definitions';
import { choiceKey, ElementTypes, type ElementContext } from './element-types';
import type { TextValue } from './index-rows';
import { normaliseString } from './search-values';

/** FHIR types whose values are text a person wrote or reads. */
const TEXT_TYPES: ReadonlySet<string> = new Set(['string', 'markdown']);
/** `string` elements that hold identifiers rather than text. */
const NOT_TEXT: ReadonlySet<string> = new Set(['Reference.reference']);
/** Keys never walked: element and resource ids, server-managed meta, the type name. */
const SKIPPED_KEYS: ReadonlySet<string> = new Set(['id', 'meta', 'resourceType']);
/**
 * At most this many characters of a resource's text are indexed: PostgreSQL limits a tsvector to
 * 1 MB, and a write must never fail because its text is long. Clinical resources are far shorter.
 */
export const MAX_INDEXED_TEXT = 100_000;

/** What a JSON key holds, for the walk. */
interface Field {
  /** A text value (string or markdown). */
  text: boolean;
  /** Narrative.div (xhtml). */
  narrative: boolean;
  /** A whole resource (contained, Bundle.entry.resource, Parameters.parameter.resource). */
  resource: boolean;
  /** Where the children of a complex value are defined. */
  ctx: ElementContext | undefined;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The text of an XHTML narrative: comments and tags become spaces (a tag between two words must
 * not join them), entities are decoded, and white space is collapsed.
 */
export function narrativeText(xhtml: string): string {
  return xhtml
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
      if (name.startsWith('#')) {
        const cp = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : ' ';
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** Folds accents and case and keeps at most MAX_INDEXED_TEXT characters, cut at a space. */
function indexable(text: string): string {
  const folded = normaliseString(text);
  if (folded.length <= MAX_INDEXED_TEXT) return folded;
  const cut = folded.lastIndexOf(' ', MAX_INDEXED_TEXT);
  return folded.slice(0, cut > 0 ? cut : MAX_INDEXED_TEXT);
}

/** Collects `_text` and `_content`; build one and reuse it (element lookups are cached). */
export class FullTextExtractor {
  readonly #types: ElementTypes;
  readonly #fields = new Map<string, Field | null>();

  constructor(types: ElementTypes = new ElementTypes()) {
    this.#types = types;
  }

  /** The `_text` and `_content` rows of `resource` (none when it has no text). */
  rows(resource: Resource): TextValue[] {
    const out: TextValue[] = [];
    const narrative = this.narrative(resource);
    if (narrative) out.push({ code: '_text', value: indexable(narrative) });
    const content = this.content(resource);
    if (content) out.push({ code: '_content', value: indexable(content) });
    return out;
  }

  /** The resource's own narrative as plain text, or '' (contained narratives are not its own). */
  narrative(resource: Resource): string {
    const div = (resource as { text?: { div?: unknown } }).text?.div;
    return typeof div === 'string' ? narrativeText(div) : '';
  }

  /** All of the resource's text, one value a line. */
  content(resource: Resource): string {
    const out: string[] = [];
    this.#resource(resource, out);
    return out.join('\n');
  }

  #resource(node: unknown, out: string[]): void {
    const type = (node as { resourceType?: unknown }).resourceType;
    if (typeof type !== 'string' || !getResourceTypes().has(type)) return;
    this.#object(node as Record<string, unknown>, { sd: type, path: type }, out);
  }

  #object(node: Record<string, unknown>, ctx: ElementContext, out: string[]): void {
    for (const [key, value] of Object.entries(node)) {
      // `_name` holds a primitive's id and extensions; their text is walked via `extension` only.
      if (key.startsWith('_') || SKIPPED_KEYS.has(key)) continue;
      const field = this.#field(ctx, key);
      if (field) this.#value(value, field, out);
    }
  }

  #value(value: unknown, field: Field, out: string[]): void {
    if (Array.isArray(value)) {
      for (const v of value) this.#value(v, field, out);
    } else if (typeof value === 'string') {
      if (field.text && value.trim() !== '') out.push(value);
      else if (field.narrative) out.push(narrativeText(value));
    } else if (typeof value === 'object' && value !== null) {
      if (field.resource) this.#resource(value, out);
      else if (field.ctx) this.#object(value as Record<string, unknown>, field.ctx, out);
    }
  }

  /** What `key` holds inside an element at `ctx`, or null when it is unknown or holds no text. */
  #field(ctx: ElementContext, key: string): Field | null {
    const cacheKey = `${ctx.sd}\u0000${ctx.path}\u0000${key}`;
    let field = this.#fields.get(cacheKey);
    if (field === undefined) {
      field = this.#resolve(ctx, key);
      this.#fields.set(cacheKey, field);
    }
    return field;
  }

  #resolve(ctx: ElementContext, key: string): Field | null {
    const plain = this.#types.child(ctx, key);
    if (plain && !plain.choice) {
      if (plain.types.length !== 1) return null;
      return this.#typed(plain.types[0] ?? '', `${ctx.path}.${key}`, plain.childContext);
    }
    // A choice element's key is its name and type: valueString, valueCodeableConcept, …
    for (let i = 1; i < key.length; i++) {
      const c = key.charCodeAt(i);
      if (c < 65 || c > 90) continue;
      const name = key.slice(0, i);
      const info = this.#types.child(ctx, name);
      if (!info?.choice) continue;
      const type = info.types.find((t) => choiceKey(name, t) === key);
      if (type) return this.#typed(type, `${ctx.path}.${name}`, { sd: type, path: type });
    }
    return null;
  }

  #typed(type: string, path: string, ctx: ElementContext | undefined): Field | null {
    if (type === 'Resource') return { text: false, narrative: false, resource: true, ctx: undefined };
    if (type === 'xhtml') return { text: false, narrative: true, resource: false, ctx: undefined };
    if (TEXT_TYPES.has(type)) return NOT_TEXT.has(path) ? null : { text: true, narrative: false, resource: false, ctx: undefined };
    if (/^[a-z]/.test(type)) return null; // other primitives: code, uri, id, dateTime, boolean, …
    return { text: false, narrative: false, resource: false, ctx };
  }
}
