/**
 * NHS numbers: validation by the Modulus 11 check digit and generation of test numbers.
 *
 * NHS Data Dictionary, "NHS Number": ten digits, the tenth a check digit. Multiply the first nine
 * digits by weights 10 down to 2, sum, take the remainder on division by 11 and subtract it from 11;
 * a result of 11 becomes 0, and a result of 10 means the number is invalid (never issued).
 */
import type { Prng } from './prng';

const WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2] as const;

/** The check digit for nine leading digits, or undefined when those digits can have none (result 10). */
export function nhsCheckDigit(firstNine: string): number | undefined {
  if (!/^\d{9}$/.test(firstNine)) throw new RangeError(`nhsCheckDigit needs 9 digits, got "${firstNine}"`);
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (WEIGHTS[i] as number);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return undefined;
  return check;
}

/** True when `s` is exactly ten digits whose last digit is the Modulus 11 check digit of the first nine. */
export function isValidNhsNumber(s: string): boolean {
  if (!/^\d{10}$/.test(s)) return false;
  return nhsCheckDigit(s.slice(0, 9)) === Number(s[9]);
}

/**
 * A random valid NHS number in the 999 range, which NHS England reserves for testing and never
 * issues to a person, so synthetic records cannot be mistaken for real patients.
 */
export function generateNhsNumber(prng: Prng): string {
  for (;;) {
    const firstNine = `999${String(prng.int(0, 999_999)).padStart(6, '0')}`;
    const check = nhsCheckDigit(firstNine);
    if (check !== undefined) return `${firstNine}${check}`;
  }
}
