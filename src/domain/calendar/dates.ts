import { DateTime } from 'luxon';
import type { LocalDate } from './types.js';

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

// Plain date arithmetic is done in UTC: a zone with DST would otherwise make
// some days 23 or 25 hours long, and the machine's zone must never leak in.
function parse(date: LocalDate): DateTime {
  const match = LOCAL_DATE.exec(date);
  if (match) {
    const parsed = DateTime.fromObject(
      { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) },
      { zone: 'utc' },
    );
    if (parsed.isValid) return parsed;
  }
  throw new RangeError(`Not a local date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

function format(dateTime: DateTime): LocalDate {
  return dateTime.toFormat('yyyy-MM-dd');
}

function zoned(dateTime: DateTime, timeZone: string): DateTime {
  if (!dateTime.isValid) {
    throw new RangeError(`Invalid instant or time zone: ${dateTime.invalidExplanation ?? timeZone}`);
  }
  return dateTime;
}

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  try {
    parse(value);
    return true;
  } catch {
    return false;
  }
}

/** `'HH:mm'`, 00:00–23:59, two digits each. */
export function isTimeOfDay(value: unknown): value is string {
  return typeof value === 'string' && TIME_OF_DAY.test(value);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return format(parse(date).plus({ days }));
}

/** `to - from` in calendar days (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round(parse(to).diff(parse(from), 'days').days);
}

/** ISO weekday: 1 = Monday … 6 = Saturday, 7 = Sunday. */
export function weekday(date: LocalDate): number {
  return parse(date).weekday;
}

export function yearOf(date: LocalDate): number {
  return parse(date).year;
}

export function monthOf(date: LocalDate): number {
  return parse(date).month;
}

export function dayOf(date: LocalDate): number {
  return parse(date).day;
}

/** Builds a local date from numbers; months outside 1–12 roll over into other years. */
export function localDate(year: number, month: number, day: number): LocalDate {
  return format(
    DateTime.fromObject({ year, month: 1, day: 1 }, { zone: 'utc' }).plus({
      months: month - 1,
      days: day - 1,
    }),
  );
}

export function minDate(a: LocalDate, b: LocalDate): LocalDate {
  return a <= b ? a : b;
}

export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}

/** The date shown to Vietnamese users (and in English too): `dd/MM/yyyy`. */
export function formatDayMonthYear(date: LocalDate): string {
  return parse(date).toFormat('dd/MM/yyyy');
}

/** The calendar date that `instant` falls on in `timeZone`. */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  return format(zoned(DateTime.fromJSDate(instant, { zone: timeZone }), timeZone));
}

/**
 * The instant of `time` (`'HH:mm'`) on `date` in `timeZone`. In a zone with DST a
 * time skipped by the spring change moves forward, as luxon does; Vietnam has
 * no DST so this never happens with the default zone.
 */
export function instantAt(date: LocalDate, time: string, timeZone: string): Date {
  const match = TIME_OF_DAY.exec(time);
  if (!match) throw new RangeError(`Not a time of day (HH:mm): ${JSON.stringify(time)}`);
  const day = parse(date);
  const dateTime = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: Number(match[1]), minute: Number(match[2]) },
    { zone: timeZone },
  );
  return zoned(dateTime, timeZone).toJSDate();
}

/** "14/09/2024 17:00": an instant as an office in that time zone reads it. */
export function formatLocalDateTime(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat('dd/MM/yyyy HH:mm');
}
