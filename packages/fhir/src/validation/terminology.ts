/**
 * Required bindings (FHIR terminologies.html#required): value sets expanded from the official
 * R4 terminology bundles, once per URL. A value set is checkable only when every part of its
 * compose can be expanded locally; anything else (filters, code systems not in the bundles such
 * as BCP-47 languages, UCUM, ISO 4217) makes it uncheckable and the binding is not enforced.
 */
import { getTerminologyResources } from '../definitions';

/** Codes of an expanded value set, by code system URL. */
export type Expansion = ReadonlyMap<string, ReadonlySet<string>>;

interface Concept {
  code?: string;
  concept?: Concept[];
}

interface ComposeInclude {
  system?: string;
  version?: string;
  concept?: Concept[];
  filter?: unknown[];
  valueSet?: string[];
}

interface ValueSetResource {
  compose?: { include?: ComposeInclude[]; exclude?: ComposeInclude[] };
}

interface CodeSystemResource {
  content?: string;
  concept?: Concept[];
}

/** null = not checkable. */
const expansions = new Map<string, Expansion | null>();

/** BCP-13 (mime types) has no enumerable code system; a basic syntactic check stands in. */
const MIME_TYPES_SYSTEM = 'urn:ietf:bcp:13';
// type "/" subtype, then any parameters (RFC 6838 section 4.2 names; parameters left unchecked).
const MIME_TYPE = /^[A-Za-z0-9][\w!#$&^.+-]*\/[A-Za-z0-9][\w!#$&^.+-]*(\s*;.*)?$/;
const MIME_VALUE_SET = 'http://hl7.org/fhir/ValueSet/mimetypes';
// CapabilityStatement.format (bound to mime types) also allows these shortcuts, per its comment.
const FORMAT_SHORTCUTS: ReadonlySet<string> = new Set(['xml', 'json', 'ttl']);

/** The expansion of a value set, or undefined when it cannot be expanded locally. */
export function tryGetExpansion(url: string): Expansion | undefined {
  return expand(url, new Set()) ?? undefined;
}

function expand(url: string, visiting: Set<string>): Expansion | null {
  const cached = expansions.get(url);
  if (cached !== undefined) return cached;
  // A cyclic include cannot be expanded.
  if (visiting.has(url)) return null;
  visiting.add(url);
  const vs = getTerminologyResources().get(`ValueSet|${url}`) as ValueSetResource | undefined;
  let result: Expansion | null = null;
  if (vs?.compose?.include?.length) {
    const codes = new Map<string, Set<string>>();
    let ok = true;
    for (const inc of vs.compose.include) {
      const part = expandInclude(inc, visiting);
      if (!part) {
        ok = false;
        break;
      }
      for (const [system, set] of part) addAll(codes, system, set);
    }
    for (const exc of ok ? (vs.compose.exclude ?? []) : []) {
      const part = expandInclude(exc, visiting);
      if (!part) {
        ok = false;
        break;
      }
      for (const [system, set] of part) for (const code of set) codes.get(system)?.delete(code);
    }
    result = ok ? codes : null;
  }
  visiting.delete(url);
  expansions.set(url, result);
  return result;
}

/** One include/exclude: a system (all or listed concepts) and/or value sets, intersected. */
function expandInclude(inc: ComposeInclude, visiting: Set<string>): Map<string, Set<string>> | null {
  if (inc.filter?.length) return null;
  const parts: Map<string, Set<string>>[] = [];
  if (inc.system) {
    const codes = inc.concept ? collect(inc.concept, new Set()) : allCodes(inc.system);
    if (!codes) return null;
    parts.push(new Map([[inc.system, codes]]));
  }
  for (const url of inc.valueSet ?? []) {
    const part = expand(url.split('|')[0] ?? url, visiting);
    if (!part) return null;
    parts.push(new Map([...part].map(([s, c]) => [s, new Set(c)])));
  }
  const [first, ...rest] = parts;
  if (!first) return null;
  // ValueSet.compose.include: system and valueSet criteria are intersected.
  for (const other of rest) {
    for (const [system, codes] of first) {
      const keep = other.get(system);
      for (const code of codes) if (!keep?.has(code)) codes.delete(code);
    }
  }
  return first;
}

function allCodes(system: string): Set<string> | null {
  const cs = getTerminologyResources().get(`CodeSystem|${system}`) as CodeSystemResource | undefined;
  if (!cs || cs.content !== 'complete' || !cs.concept) return null;
  return collect(cs.concept, new Set());
}

/** Codes of a concept list including nested concepts (codesystem.html#hierarchy). */
function collect(concepts: readonly Concept[], into: Set<string>): Set<string> {
  for (const c of concepts) {
    if (c.code) into.add(c.code);
    if (c.concept) collect(c.concept, into);
  }
  return into;
}

function addAll(map: Map<string, Set<string>>, system: string, codes: ReadonlySet<string>): void {
  let set = map.get(system);
  if (!set) map.set(system, (set = new Set()));
  for (const c of codes) set.add(c);
}

/** Result of checking one value against a required binding. */
export type BindingResult = 'ok' | 'invalid' | 'unknown';

/** A bare `code` against the value set (its system is implied by the binding). */
export function checkCode(valueSet: string, code: string): BindingResult {
  if (valueSet === MIME_VALUE_SET) return MIME_TYPE.test(code) || FORMAT_SHORTCUTS.has(code) ? 'ok' : 'invalid';
  const expansion = tryGetExpansion(valueSet);
  if (!expansion) return 'unknown';
  for (const codes of expansion.values()) if (codes.has(code)) return 'ok';
  return 'invalid';
}

/** A system + code pair (a Coding) against the value set. */
export function checkCoding(valueSet: string, system: string | undefined, code: string | undefined): BindingResult {
  if (valueSet === MIME_VALUE_SET) {
    if (system !== undefined && system !== MIME_TYPES_SYSTEM) return 'invalid';
    return code !== undefined && MIME_TYPE.test(code) ? 'ok' : 'invalid';
  }
  const expansion = tryGetExpansion(valueSet);
  if (!expansion) return 'unknown';
  if (system === undefined || code === undefined) return 'invalid';
  return expansion.get(system)?.has(code) ? 'ok' : 'invalid';
}
