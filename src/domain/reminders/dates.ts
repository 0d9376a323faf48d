import {
  addDays as computeAddDays,
  deadlineCountdown as computeDeadlineCountdown,
  formatLocalDateTime as computeFormatLocalDateTime,
  instantAt as computeInstantAt,
  localDateOf as computeLocalDateOf,
  type I18nText,
  type LocalDate,
} from '../calendar/index.js';

/**
 * The calendar's date arithmetic, remembered. Each call goes through luxon (tens of microseconds), and
 * a province's tick asks the same few dates of 100 plans that share their deadlines: remembered, the
 * policy's part of the tick no longer grows with the number of plans. The answers are the calendar's,
 * unchanged; a failing call is not remembered. Bounded: forgets everything past `LIMIT` entries.
 */
const LIMIT = 10_000;

function remember<A extends readonly unknown[], R>(
  compute: (...args: A) => R,
  keyOf: (...args: A) => string,
): (...args: A) => R {
  const known = new Map<string, R>();
  return (...args) => {
    const key = keyOf(...args);
    const hit = known.get(key);
    if (hit !== undefined) return hit;
    const value = compute(...args);
    if (known.size >= LIMIT) known.clear();
    known.set(key, value);
    return value;
  };
}

export const addDays = remember(computeAddDays, (date: LocalDate, days: number) => `${date} ${days}`);

export const localDateOf = remember(
  computeLocalDateOf,
  (instant: Date, timeZone: string) => `${instant.getTime()} ${timeZone}`,
);

const rememberedInstantAt = remember(
  computeInstantAt,
  (date: LocalDate, time: string, timeZone: string) => `${date} ${time} ${timeZone}`,
);

/** A fresh Date each time: callers may keep it (an upcoming reminder's `at`). */
export function instantAt(date: LocalDate, time: string, timeZone: string): Date {
  return new Date(rememberedInstantAt(date, time, timeZone).getTime());
}

export const formatLocalDateTime = remember(
  computeFormatLocalDateTime,
  (instant: Date, timeZone: string) => `${instant.getTime()} ${timeZone}`,
);

const rememberedCountdown = remember(
  computeDeadlineCountdown,
  (deadlineAt: Date, at: Date, timeZone: string) => `${deadlineAt.getTime()} ${at.getTime()} ${timeZone}`,
);

/** A copy each time: it goes into messages that callers may keep. */
export function deadlineCountdown(deadlineAt: Date, at: Date, timeZone: string): I18nText {
  const text = rememberedCountdown(deadlineAt, at, timeZone);
  return { ...text, params: { ...text.params } };
}
