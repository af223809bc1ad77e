/**
 * Calendar arithmetic for the generator. A "day" is a whole number of days since 1970-01-01 (UTC),
 * so dates are plain integers until they are formatted. Clock times are UK local (Europe/London),
 * with the UTC offset computed from the UK summer-time rule, so output never depends on the
 * machine's time zone.
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of an ISO date (`YYYY-MM-DD`); throws on anything that is not a real calendar date. */
export function parseDay(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`Expected a date as YYYY-MM-DD, got "${iso}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  if (formatDay(ms / MS_PER_DAY) !== iso) throw new RangeError(`"${iso}" is not a calendar date`);
  return ms / MS_PER_DAY;
}

/**
 * Year, month (1-12) and day of month of a day number, by integer arithmetic on the proleptic
 * Gregorian calendar (H. Hinnant, "chrono-compatible low-level date algorithms", civil_from_days):
 * the generator formats millions of dates, and this is several times faster than a Date.
 */
function civil(day: number): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** ISO date (`YYYY-MM-DD`) of a day number. */
export function formatDay(day: number): string {
  const [y, m, d] = civil(day);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Today's UTC date as `YYYY-MM-DD`. */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01, day 0, was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekday(day: number): boolean {
  const w = weekday(day);
  return w !== 0 && w !== 6;
}

/** Calendar year of a day number. */
export function yearOf(day: number): number {
  return civil(day)[0];
}

/** Whole years from `birthDay` to `onDay` (an age). */
export function yearsBetween(birthDay: number, onDay: number): number {
  const b = new Date(birthDay * MS_PER_DAY);
  const o = new Date(onDay * MS_PER_DAY);
  let years = o.getUTCFullYear() - b.getUTCFullYear();
  if (o.getUTCMonth() < b.getUTCMonth() || (o.getUTCMonth() === b.getUTCMonth() && o.getUTCDate() < b.getUTCDate())) years--;
  return years;
}

/** Day number of the same month and day `years` later (29 February falls back to 28th). */
export function addYears(day: number, years: number): number {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear() + years;
  const month = d.getUTCMonth();
  const date = Math.min(d.getUTCDate(), new Date(Date.UTC(y, month + 1, 0)).getUTCDate());
  return Date.UTC(y, month, date) / MS_PER_DAY;
}

/** Day number of the last Sunday of a month (month 0-11). */
function lastSunday(year: number, month: number): number {
  const last = Date.UTC(year, month + 1, 0) / MS_PER_DAY;
  return last - weekday(last);
}

/**
 * UTC offset of UK local time on a day, for daytime clock times. British Summer Time runs from
 * 01:00 UTC on the last Sunday in March to 01:00 UTC on the last Sunday in October (Summer Time
 * Order 2002); clinic hours never fall in the changeover hour, so the date alone decides.
 */
export function ukOffset(day: number): '+00:00' | '+01:00' {
  const year = yearOf(day);
  return day >= lastSunday(year, 2) && day < lastSunday(year, 9) ? '+01:00' : '+00:00';
}

/** FHIR instant for a UK local clock time: `minutes` after midnight on `day`. */
export function ukInstant(day: number, minutes: number): string {
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${formatDay(day)}T${hh}:${mm}:00${ukOffset(day)}`;
}
