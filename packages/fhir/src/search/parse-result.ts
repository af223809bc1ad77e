/**
 * The result-control parameters of a search (search.html#return): they shape the result set
 * rather than filter it, so they are collected apart from the criteria.
 */
import { fail } from '../outcome';
import { getResourceTypes } from '../definitions';
import type { SearchParameterRegistry } from './search-parameters';

export interface SortKey {
  code: string;
  descending: boolean;
}

/** `_include=MedicationRequest:patient:Patient` / `_revinclude:iterate=Provenance:target`. */
export interface IncludeDirective {
  /** As written. */
  value: string;
  /** The type holding the reference parameter. */
  sourceType: string;
  /** The reference parameter, or `*` for all. */
  code: string;
  /** The optional third part narrowing the target type. */
  targetType: string | null;
  /** `:iterate` (or R3's `:recurse`). */
  iterate: boolean;
}

export interface SearchResultControl {
  /** `_count`: page size, a non-negative integer. */
  count?: number;
  sort: SortKey[];
  include: IncludeDirective[];
  revinclude: IncludeDirective[];
  summary?: 'true' | 'text' | 'data' | 'count' | 'false';
  elements?: string[];
  total?: 'none' | 'estimate' | 'accurate';
  contained?: 'true' | 'false' | 'both';
  containedType?: 'container' | 'contained';
  format?: string;
  pretty?: boolean;
}

/** Names of the result-control parameters. */
export const RESULT_PARAMETERS: ReadonlySet<string> = new Set([
  '_count',
  '_sort',
  '_include',
  '_revinclude',
  '_summary',
  '_elements',
  '_total',
  '_contained',
  '_containedType',
  '_format',
  '_pretty',
]);

function oneOf<const T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw fail.badRequest(`Invalid value "${value}" for ${name}: expected one of ${allowed.join(', ')}`, [name]);
  }
  return value as T;
}

function parseInclude(
  registry: SearchParameterRegistry,
  name: string,
  modifier: string | null,
  value: string,
  unknown: { name: string; reason: string }[],
): IncludeDirective | undefined {
  if (modifier !== null && modifier !== 'iterate' && modifier !== 'recurse') {
    unknown.push({ name, reason: `Unknown modifier ":${modifier}" for ${name.split(':')[0]}` });
    return undefined;
  }
  const [sourceType = '', code = '', targetType, ...extra] = value.split(':');
  if (!sourceType || !code || extra.length > 0) {
    throw fail.badRequest(`Invalid ${name} "${value}": expected Type:parameter or Type:parameter:TargetType`, [name]);
  }
  if (!getResourceTypes().has(sourceType) || (targetType !== undefined && !getResourceTypes().has(targetType))) {
    unknown.push({ name, reason: `Unknown resource type in ${name}=${value}` });
    return undefined;
  }
  if (code !== '*' && registry.tryGetSearchParameter(sourceType, code)?.type !== 'reference') {
    unknown.push({ name, reason: `"${code}" is not a reference parameter of ${sourceType}` });
    return undefined;
  }
  return { value, sourceType, code, targetType: targetType ?? null, iterate: modifier !== null };
}

/** Adds one result-control parameter to `control`; malformed values throw 400 naming it. */
export function parseResultParameter(
  registry: SearchParameterRegistry,
  resourceType: string,
  name: string,
  value: string,
  control: SearchResultControl,
  unknown: { name: string; reason: string }[],
): void {
  const at = name.indexOf(':');
  const base = at < 0 ? name : name.slice(0, at);
  const modifier = at < 0 ? null : name.slice(at + 1);
  if (modifier !== null && base !== '_include' && base !== '_revinclude') {
    unknown.push({ name, reason: `${base} takes no modifier` });
    return;
  }
  switch (base) {
    case '_count':
      if (!/^\d+$/.test(value)) throw fail.badRequest(`Invalid _count "${value}": expected a non-negative integer`, [name]);
      control.count = Number(value);
      return;
    case '_sort':
      for (const key of value.split(',')) {
        if (key === '') continue;
        const descending = key.startsWith('-');
        const code = descending ? key.slice(1) : key;
        if (registry.tryGetSearchParameter(resourceType, code)) control.sort.push({ code, descending });
        else unknown.push({ name, reason: `Unknown sort parameter "${code}" for ${resourceType}` });
      }
      return;
    case '_include':
    case '_revinclude': {
      const inc = parseInclude(registry, name, modifier, value, unknown);
      if (inc) (base === '_include' ? control.include : control.revinclude).push(inc);
      return;
    }
    case '_summary':
      control.summary = oneOf(name, value, ['true', 'text', 'data', 'count', 'false']);
      return;
    case '_elements':
      control.elements = value.split(',').map((e) => e.trim()).filter((e) => e !== '');
      return;
    case '_total':
      control.total = oneOf(name, value, ['none', 'estimate', 'accurate']);
      return;
    case '_contained':
      control.contained = oneOf(name, value, ['true', 'false', 'both']);
      return;
    case '_containedType':
      control.containedType = oneOf(name, value, ['container', 'contained']);
      return;
    case '_format':
      control.format = value;
      return;
    case '_pretty':
      control.pretty = oneOf(name, value, ['true', 'false']) === 'true';
      return;
    default:
      throw new Error(`Unhandled result parameter ${base}`);
  }
}
