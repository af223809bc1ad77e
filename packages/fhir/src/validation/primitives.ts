/**
 * Primitive datatype checks, compiled from the official primitive StructureDefinitions: the JSON
 * representation (FHIR json.html#primitive) plus the `regex` extension on each type's `value`
 * element (datatypes.html#primitive), anchored to the whole string, and calendar validity for
 * the date types, which the regexes alone do not give (they accept 2021-02-30).
 */
import { getStructureDefinitions } from '../definitions';

const REGEX_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/regex';

/** The JSON value kind each primitive uses (json.html#primitive). */
type JsonKind = 'boolean' | 'number' | 'string';

export interface PrimitiveType {
  readonly name: string;
  readonly jsonKind: JsonKind;
  /** Anchored regex from the SD, or undefined (xhtml has none). */
  readonly regex: RegExp | undefined;
}

const NUMBER_TYPES: ReadonlySet<string> = new Set(['integer', 'decimal', 'positiveInt', 'unsignedInt']);
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

let primitives: Map<string, PrimitiveType> | undefined;

/** The R4 primitive types by name, each with its anchored regex. */
export function getPrimitiveTypes(): ReadonlyMap<string, PrimitiveType> {
  if (!primitives) {
    primitives = new Map();
    for (const sd of getStructureDefinitions().values()) {
      if (sd.kind !== 'primitive-type') continue;
      const value = sd.snapshot?.element.find((e) => e.path === `${sd.type}.value`);
      const ext = value?.type?.[0]?.extension as { url: string; valueString?: string }[] | undefined;
      const source = ext?.find((e) => e.url === REGEX_EXTENSION)?.valueString;
      primitives.set(sd.type, {
        name: sd.type,
        jsonKind: sd.type === 'boolean' ? 'boolean' : NUMBER_TYPES.has(sd.type) ? 'number' : 'string',
        regex: source === undefined ? undefined : compileXsdRegex(source),
      });
    }
  }
  return primitives;
}

const XSD_SPACE = ' \\t\\n\\r';

/**
 * The SD regexes are XML Schema regexes: they match the whole value, and `\s` is only space, tab,
 * CR and LF (XML Schema 2 appendix F.1.1), where JavaScript's `\s` also takes NBSP and other
 * Unicode spaces. Translates the escapes accordingly.
 */
export function compileXsdRegex(source: string): RegExp {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\' && i + 1 < source.length) {
      const next = source[++i];
      if (next === 's') out += `[${XSD_SPACE}]`;
      else if (next === 'S') out += `[^${XSD_SPACE}]`;
      else out += `\\${next}`;
    } else if (ch === '[') {
      const end = classEnd(source, i);
      out += translateClass(source.slice(i + 1, end));
      i = end;
    } else out += ch;
  }
  return new RegExp(`^(?:${out})$`);
}

function classEnd(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']' && i > start + 1) return i;
  }
  throw new Error(`Unterminated character class in ${source}`);
}

/** One character class body: `\s` inside it, and `\S` (only outside negated classes). */
function translateClass(body: string): string {
  const negated = body.startsWith('^');
  const inner = negated ? body.slice(1) : body;
  const listed = new Set<string>();
  let hasNonSpace = false;
  let rest = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === '\\' && i + 1 < inner.length) {
      const next = inner[++i] ?? '';
      if (next === 's') for (const c of ' \t\n\r') listed.add(c);
      else if (next === 'S') hasNonSpace = true;
      else if (next === 't' || next === 'n' || next === 'r') listed.add(next === 't' ? '\t' : next === 'n' ? '\n' : '\r');
      else rest += `\\${next}`;
    } else if (ch === ' ') listed.add(' ');
    else rest += ch;
  }
  const escape = (c: string): string => (c === ' ' ? ' ' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r');
  if (hasNonSpace) {
    if (negated) throw new Error('Negated class with \\S is not supported');
    // [..\S..] = everything except the XML Schema spaces not listed.
    const unlisted = [...' \t\n\r'].filter((c) => !listed.has(c)).map(escape).join('');
    return unlisted ? `[^${unlisted}]` : '[\\s\\S]';
  }
  return `[${negated ? '^' : ''}${[...listed].map(escape).join('')}${rest}]`;
}

/**
 * Checks one primitive JSON value; returns a short problem description or undefined.
 * The description may quote the offending value only when it is short and format-like.
 */
export function checkPrimitive(type: PrimitiveType, value: unknown): string | undefined {
  switch (type.jsonKind) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be a JSON boolean (${type.name})`;
    case 'number':
      return checkNumber(type, value);
    case 'string':
      return checkString(type, value);
    default: {
      const never: never = type.jsonKind;
      return never;
    }
  }
}

function checkNumber(type: PrimitiveType, value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a JSON number (${type.name})`;
  if (type.name === 'decimal') return undefined;
  // integer, positiveInt, unsignedInt: 32-bit signed range (datatypes.html#integer).
  if (!Number.isInteger(value)) return `must be an integer (${type.name})`;
  if (value < INT32_MIN || value > INT32_MAX) return `is outside the 32-bit range of ${type.name}`;
  if (type.name === 'positiveInt' && value < 1) return 'must be 1 or more (positiveInt)';
  if (type.name === 'unsignedInt' && value < 0) return 'must be 0 or more (unsignedInt)';
  return undefined;
}

function checkString(type: PrimitiveType, value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a JSON string (${type.name})`;
  // json.html: "string property values can never be empty".
  if (value.length === 0) return 'must not be an empty string';
  if (type.name === 'xhtml') return checkXhtmlShape(value);
  if (type.name === 'base64Binary') return isBase64(value) ? undefined : 'is not valid base64Binary';
  if (type.regex && !testRegex(type.regex, value)) return `is not a valid ${type.name}${quoteFormat(type.name, value)}`;
  if (type.name === 'date' || type.name === 'dateTime' || type.name === 'instant') {
    if (!isRealDate(value)) return `is not a real calendar date${quoteFormat(type.name, value)}`;
  }
  return undefined;
}

/**
 * Narrative.div must be an XHTML div (narrative.html#xhtml); the detailed content rules are
 * txt-1/txt-2, evaluated as invariants.
 */
function checkXhtmlShape(value: string): string | undefined {
  return /^\s*<div[\s>/]/.test(value) ? undefined : 'must be an XHTML <div> element (xhtml)';
}

/**
 * The base64Binary SD regex, `(\s*([0-9a-zA-Z\+/=]){4}\s*)+`, as a loop: V8's backtracking
 * overflows its stack on attachment-sized values. Whitespace only between groups of four.
 */
function isBase64(value: string): boolean {
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      if (count % 4 !== 0) return false;
    } else if (
      (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 61
    ) {
      count++;
    } else return false;
  }
  return count > 0 && count % 4 === 0;
}

/** A regex test that cannot throw: V8 may run out of backtracking stack on huge inputs. */
function testRegex(regex: RegExp, value: string): boolean {
  try {
    return regex.test(value);
  } catch {
    return false;
  }
}

const FORMAT_TYPES: ReadonlySet<string> = new Set(['date', 'dateTime', 'instant', 'time', 'code', 'id']);

/** Quotes the value for format-like types (dates, codes), never free text; kept short. */
function quoteFormat(type: string, value: string): string {
  if (!FORMAT_TYPES.has(type) || value.length > 40) return '';
  return ` ("${value}")`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Given a value that matched the date/dateTime/instant regex, checks that the day exists. */
function isRealDate(value: string): boolean {
  if (value.length < 10) return true; // year or year-month: the regex already bounds the month
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const max = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day >= 1 && day <= max;
}
