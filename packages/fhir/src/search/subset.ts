/**
 * Subsetting search results (search.html#summary, #elements): `_summary=true|text|data` and
 * `_elements`, by the element flags of the R4 StructureDefinitions (isSummary, min). A subsetted
 * resource is marked with the SUBSETTED tag so it is never mistaken for the whole resource (for
 * example, sent back in an update).
 */
import { getStructureDefinitions, type ElementDefinition } from '../definitions';
import type { Resource } from '../types';

/** The tag search.html requires on subsetted resources. */
export const SUBSETTED = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'SUBSETTED',
  display: 'subsetted',
} as const;

/** What to keep: a `_summary` mode, or the `_elements` list (which wins when both are given). */
export interface SubsetRequest {
  summary?: 'true' | 'text' | 'data' | 'count' | 'false';
  elements?: readonly string[];
}

interface ElementFlags {
  /** The element name without `[x]`. */
  name: string;
  summary: boolean;
  mandatory: boolean;
  /** Where its children are defined when it is a BackboneElement (their own flags apply). */
  backbone: string | undefined;
}

/** Per element path of each resource type: its children by JSON key (`valueQuantity`, `_status`). */
const shapes = new Map<string, Map<string, Map<string, ElementFlags>>>();

function shapeOf(resourceType: string): Map<string, Map<string, ElementFlags>> | undefined {
  let shape = shapes.get(resourceType);
  if (shape) return shape;
  const sd = getStructureDefinitions().get(resourceType);
  if (sd?.kind !== 'resource' || !sd.snapshot) return undefined;
  shape = new Map();
  for (const el of sd.snapshot.element) addElement(shape, el);
  shapes.set(resourceType, shape);
  return shape;
}

function addElement(shape: Map<string, Map<string, ElementFlags>>, el: ElementDefinition): void {
  const dot = el.path.lastIndexOf('.');
  if (dot < 0) return;
  const parent = el.path.slice(0, dot);
  const last = el.path.slice(dot + 1);
  const choice = last.endsWith('[x]');
  const name = choice ? last.slice(0, -3) : last;
  const types = (el.type ?? []).map((t) => t.code);
  const backbone = el.contentReference ? el.contentReference.slice(1) : types.includes('BackboneElement') ? el.path : undefined;
  const flags: ElementFlags = { name, summary: el.isSummary === true, mandatory: (el.min ?? 0) > 0, backbone };
  let children = shape.get(parent);
  if (!children) shape.set(parent, (children = new Map()));
  const keys = choice ? types.map((t) => name + t.charAt(0).toUpperCase() + t.slice(1)) : [name];
  // `_name` holds a primitive's id and extensions: it goes wherever its element goes.
  for (const key of keys) {
    children.set(key, flags);
    children.set(`_${key}`, flags);
  }
}

type Json = Record<string, unknown>;

/** Keeps the summary elements of `value` at `path`, recursing into BackboneElements. */
function summaryOf(shape: Map<string, Map<string, ElementFlags>>, path: string, value: Json): Json {
  const children = shape.get(path);
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    const flags = children?.get(key);
    if (!flags?.summary) continue;
    if (flags.backbone && v !== null && typeof v === 'object') {
      const backbone = flags.backbone;
      out[key] = Array.isArray(v) ? v.map((x: Json) => summaryOf(shape, backbone, x)) : summaryOf(shape, backbone, v as Json);
    } else {
      out[key] = v;
    }
  }
  return out;
}

/**
 * The part of `resource` a search asked for, marked SUBSETTED; `undefined` when the request keeps
 * the whole resource (`_summary=false` or none). `resourceType`, `id` and `meta` are always kept,
 * and so are mandatory top-level elements (search.html#elements: servers SHOULD return them).
 */
export function subsetResource(resource: Resource, request: SubsetRequest): Resource | undefined {
  const { elements, summary } = request;
  if (!elements?.length && (summary === undefined || summary === 'false' || summary === 'count')) return undefined;
  const shape = shapeOf(resource.resourceType);
  const top = shape?.get(resource.resourceType);
  const always = new Set(['resourceType', 'id', 'meta']);
  let out: Json;
  if (elements?.length) {
    const wanted = new Set(elements);
    out = pick(resource, (key) => always.has(key) || wanted.has(top?.get(key)?.name ?? key) || top?.get(key)?.mandatory === true);
  } else if (summary === 'text') {
    out = pick(resource, (key) => always.has(key) || key === 'text' || top?.get(key)?.mandatory === true);
  } else if (summary === 'data') {
    out = pick(resource, (key) => key !== 'text');
  } else {
    out = shape ? { ...summaryOf(shape, resource.resourceType, resource), resourceType: resource.resourceType } : { ...resource };
    for (const key of always) if (key in resource) out[key] = (resource as Json)[key];
  }
  const meta = { ...((out.meta as Json | undefined) ?? {}) };
  const tags = Array.isArray(meta.tag) ? (meta.tag as Json[]) : [];
  if (!tags.some((t) => t.system === SUBSETTED.system && t.code === SUBSETTED.code)) meta.tag = [...tags, { ...SUBSETTED }];
  // resourceType first, as FHIR JSON writers put it (a spread keeps a key's first position).
  return { resourceType: resource.resourceType, ...out, meta } as Resource;
}

function pick(resource: Resource, keep: (key: string) => boolean): Json {
  const out: Json = {};
  for (const [key, v] of Object.entries(resource)) if (keep(key)) out[key] = v;
  return out;
}
