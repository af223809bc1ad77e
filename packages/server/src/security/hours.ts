/**
 * Working hours for out-of-hours detection: Monday to Friday, [start, end) local time in the
 * practice's time zone (Europe/London, so British Summer Time is followed). Weekends are out of
 * hours all day. Bank holidays are not known here and count as working days.
 */

const WEEKEND = new Set(['Sat', 'Sun']);
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface WorkingHours {
  workdayStartHour: number;
  workdayEndHour: number;
  timeZone: string;
}

/** Whether `at` falls outside working hours. */
export function isOutOfHours(at: Date, hours: WorkingHours): boolean {
  const parts = formatter(hours.timeZone).formatToParts(at);
  const weekday = parts.find((p) => p.type === 'weekday')?.value ?? '';
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? '0');
  if (WEEKEND.has(weekday)) return true;
  return hour < hours.workdayStartHour || hour >= hours.workdayEndHour;
}
