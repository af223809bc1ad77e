/**
 * Correspondence filed in the record: hospital clinic letters and discharge summaries, as
 * DocumentReference resources with the letter itself attached (UTF-8 text, or a one-page PDF built
 * here byte by byte). Attachments carry contentType, data (base64), size, hash (SHA-1, base64, as
 * R4 Attachment.hash defines), title and creation.
 */
import { createHash } from 'node:crypto';
import type { Resource } from '@openpractice/fhir';
import { Prng } from './prng';
import { concept, ref, type Code } from './fhir';
import { DOCUMENT_TYPE, SENSITIVE_SECURITY } from './codes/record-artifacts';
import { STAFF_HERITAGE } from './data/names';
import { displayName, personName, type Sex } from './people';
import { formatDay, yearOf } from './dates';

export interface Letter {
  readonly title: string;
  readonly lines: readonly string[];
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "14 March 2025", as UK letters write dates. */
export function longDate(day: number): string {
  const iso = formatDay(day);
  return `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

/** "14/03/1961". */
export function shortDate(day: number): string {
  const iso = formatDay(day);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** NHS numbers are written 3-3-4. */
export function spacedNhsNumber(n: string): string {
  return `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
}

/** The consultant who signs a service's letters: one per service for the practice's hospital. */
export function consultantFor(seed: number, service: string, today: number): string {
  const prng = Prng.derive(seed, 'consultant', service);
  const sex: Sex = prng.chance(0.5) ? 'female' : 'male';
  return displayName(personName(prng, [prng.pick(STAFF_HERITAGE)], sex, yearOf(today) - prng.int(35, 60)), 'Dr');
}

/** Wraps text to `width` characters on word boundaries. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line.length > 0 ? `${line} ${word}` : word;
  }
  if (line.length > 0) out.push(line);
  return out.length > 0 ? out : [''];
}

/** PDF standard fonts use WinAnsi: keep to printable ASCII (accents dropped, the rest replaced). */
function pdfText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/([\\()])/g, '\\$1');
}

/**
 * A one-page A4 PDF (PDF 1.4, ISO 32000-1 section 7) of the letter in Helvetica: catalog, page
 * tree, page, font and one content stream, with a cross-reference table of exact byte offsets.
 */
export function letterPdf(letter: Letter): Buffer {
  const lines = letter.lines.flatMap((l) => (l === '' ? [''] : wrap(l, 88))).slice(0, 52);
  const ops = ['BT', '/F1 10 Tf', '13 TL', '56 790 Td', ...lines.map((l, i) => `${i === 0 ? '' : 'T* '}(${pdfText(l)}) Tj`), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(ops, 'latin1')} >>\nstream\n${ops}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  // Each cross-reference entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, EOL.
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) body += `${String(o).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The letter as UTF-8 text. */
export function letterText(letter: Letter): Buffer {
  return Buffer.from(`${letter.lines.join('\n')}\n`, 'utf8');
}

export interface DocumentFacts {
  readonly type: 'clinicLetter' | 'dischargeSummary';
  readonly letter: Letter;
  readonly pdf: boolean;
  /** The day the letter was written (creation) and filed (date). */
  readonly writtenDay: number;
  readonly filedInstant: string;
  readonly description: string;
  readonly specialty?: Code;
  /** The referral it answers. */
  readonly related?: Resource;
  readonly period?: { readonly start: number; readonly end: number };
  readonly sensitive: boolean;
}

export function documentReference(id: string, patient: Resource, patientDisplay: string, author: Resource, custodian: Resource, f: DocumentFacts): Resource {
  const bytes = f.pdf ? letterPdf(f.letter) : letterText(f.letter);
  const type = f.type === 'dischargeSummary' ? DOCUMENT_TYPE.dischargeSummary : DOCUMENT_TYPE.clinicalLetter;
  const context = {
    ...(f.period ? { period: { start: formatDay(f.period.start), end: formatDay(f.period.end) } } : {}),
    ...(f.specialty ? { practiceSetting: concept(f.specialty) } : {}),
    ...(f.related ? { related: [ref(f.related)] } : {}),
  };
  return {
    resourceType: 'DocumentReference',
    id,
    ...(f.sensitive ? { meta: { security: SENSITIVE_SECURITY.map((c) => ({ ...c })) } } : {}),
    status: 'current',
    docStatus: 'final',
    type: concept(type),
    subject: ref(patient, patientDisplay),
    date: f.filedInstant,
    author: [ref(author, author.name as string | undefined)],
    custodian: ref(custodian, custodian.name as string | undefined),
    description: f.description,
    // R4 DocumentReference.securityLabel is where document-sharing systems look (GP Connect asks for it too).
    ...(f.sensitive ? { securityLabel: SENSITIVE_SECURITY.map((c) => concept(c)) } : {}),
    content: [
      {
        attachment: {
          contentType: f.pdf ? 'application/pdf' : 'text/plain; charset=UTF-8',
          language: 'en-GB',
          data: bytes.toString('base64'),
          size: bytes.length,
          hash: createHash('sha1').update(bytes).digest('base64'),
          title: f.letter.title,
          creation: formatDay(f.writtenDay),
        },
      },
    ],
    ...(Object.keys(context).length > 0 ? { context } : {}),
  };
}
