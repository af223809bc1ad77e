/**
 * Text normalisation shared by the index and the queries, so both sides agree: accents folded
 * (NFD, combining marks dropped), lower case, split into runs of letters and digits.
 */

const COMBINING_MARKS = /\p{M}+/gu;
const NON_WORD = /[^\p{L}\p{N}]+/u;

/** Lower-cased, accent-free text. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** The words of a text, in order: `"Co-codamol 8mg/500mg"` → `co`, `codamol`, `8mg`, `500mg`. */
export function words(text: string): string[] {
  return fold(text)
    .split(NON_WORD)
    .filter((w) => w.length > 0);
}

/**
 * Every term a text is findable by: its words, plus each whitespace-separated chunk with its
 * punctuation removed, so `cocodamol` finds "Co-codamol" and `3.1` finds "3.1-3.7g/5ml".
 */
export function indexTerms(text: string): string[] {
  const terms = new Set(words(text));
  for (const chunk of fold(text).split(/\s+/)) {
    const joined = chunk.replace(new RegExp(NON_WORD.source, 'gu'), '');
    if (joined.length > 0) terms.add(joined);
  }
  return [...terms];
}

/** A text's words joined by single spaces: what "starts with" and "equals" compare. */
export function phrase(text: string): string {
  return words(text).join(' ');
}
