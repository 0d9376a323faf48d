import { formatDayMonthYear, isLocalDate, isTimeOfDay } from './dates.js';
import { errorText } from './names.js';
import type { CampaignSchedule, I18nText } from './types.js';

export const SCHEDULE_PROBLEM_CODES = [
  'bad_kind',
  'bad_scheme',
  'bad_start',
  'bad_end',
  'end_before_start',
  'bad_time',
  'bad_days_after_cutoff',
  'bad_shift',
  'checkpoint_bad_date',
  'checkpoint_outside',
  'checkpoints_unsorted',
  'checkpoint_duplicate',
  'last_checkpoint_not_end',
] as const;

export type ScheduleProblemCode = (typeof SCHEDULE_PROBLEM_CODES)[number];

export type ScheduleField =
  | 'kind'
  | 'scheme'
  | 'start'
  | 'end'
  | 'checkpoints'
  | 'deadline.time'
  | 'deadline.daysAfterCutoff'
  | 'deadline.shift';

export interface ScheduleProblem {
  code: ScheduleProblemCode;
  field: ScheduleField;
  /** `calendar:error.<code>`, dates already as dd/MM/yyyy. */
  message: I18nText;
}

/** A deadline more than a quarter after its cut-off is surely a typing mistake. */
export const MAX_DAYS_AFTER_CUTOFF = 90;

const KINDS: readonly string[] = ['annual', 'sprint'];
const SCHEMES: readonly string[] = ['quarterly', 'monthly', 'semiannual', 'annual', 'checkpoints'];
const SHIFTS: readonly string[] = ['none', 'previous_working_day', 'next_working_day'];

// A missing value shows as a dash in either language rather than "undefined".
function shown(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? typeof value;
}

/**
 * Every problem of a schedule, in a stable order; empty when it is usable.
 * Never throws, even on data that does not match the type (it guards what comes
 * from forms and the database). Checks that depend on a bad field are skipped
 * rather than reported twice.
 */
export function validateSchedule(schedule: CampaignSchedule): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const add = (code: ScheduleProblemCode, field: ScheduleField, params: I18nText['params'] = {}): void => {
    problems.push({ code, field, message: errorText(code, params) });
  };

  if (!KINDS.includes(schedule.kind)) add('bad_kind', 'kind', { value: shown(schedule.kind) });
  if (!SCHEMES.includes(schedule.scheme)) add('bad_scheme', 'scheme', { value: shown(schedule.scheme) });

  const startOk = isLocalDate(schedule.start);
  const endOk = isLocalDate(schedule.end);
  if (!startOk) add('bad_start', 'start', { value: shown(schedule.start) });
  if (!endOk) add('bad_end', 'end', { value: shown(schedule.end) });
  const rangeOk = startOk && endOk && schedule.end >= schedule.start;
  if (startOk && endOk && !rangeOk) {
    add('end_before_start', 'end', {
      start: formatDayMonthYear(schedule.start),
      end: formatDayMonthYear(schedule.end),
    });
  }

  const deadline: Partial<CampaignSchedule['deadline']> =
    typeof schedule.deadline === 'object' && schedule.deadline !== null ? schedule.deadline : {};
  if (!isTimeOfDay(deadline.time)) add('bad_time', 'deadline.time', { value: shown(deadline.time) });
  const days = deadline.daysAfterCutoff;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > MAX_DAYS_AFTER_CUTOFF) {
    add('bad_days_after_cutoff', 'deadline.daysAfterCutoff', {
      value: shown(days),
      max: MAX_DAYS_AFTER_CUTOFF,
    });
  }
  if (typeof deadline.shift !== 'string' || !SHIFTS.includes(deadline.shift)) {
    add('bad_shift', 'deadline.shift', { value: shown(deadline.shift) });
  }

  // Checkpoints only matter to the checkpoints scheme; elsewhere they are ignored.
  const checkpoints: unknown = schedule.checkpoints;
  if (schedule.scheme !== 'checkpoints' || checkpoints === undefined) return problems;
  if (!Array.isArray(checkpoints)) {
    add('checkpoint_bad_date', 'checkpoints', { index: 1, value: shown(checkpoints) });
    return problems;
  }

  const dates: string[] = [];
  checkpoints.forEach((checkpoint: unknown, i) => {
    if (isLocalDate(checkpoint)) dates.push(checkpoint);
    else add('checkpoint_bad_date', 'checkpoints', { index: i + 1, value: shown(checkpoint) });
  });
  if (dates.length < checkpoints.length) return problems;

  if (rangeOk) {
    for (const date of dates) {
      if (date < schedule.start || date > schedule.end) {
        add('checkpoint_outside', 'checkpoints', {
          date: formatDayMonthYear(date),
          start: formatDayMonthYear(schedule.start),
          end: formatDayMonthYear(schedule.end),
        });
      }
    }
  }

  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const date of dates) {
    if (seen.has(date) && !duplicated.has(date)) {
      duplicated.add(date);
      add('checkpoint_duplicate', 'checkpoints', { date: formatDayMonthYear(date) });
    }
    seen.add(date);
  }
  let previous: string | undefined;
  for (const date of dates) {
    if (previous !== undefined && date < previous) {
      add('checkpoints_unsorted', 'checkpoints', {
        date: formatDayMonthYear(date),
        previous: formatDayMonthYear(previous),
      });
      break;
    }
    previous = date;
  }

  // A last checkpoint after the end is already reported as outside.
  const last = dates.at(-1);
  if (rangeOk && last !== undefined && last < schedule.end) {
    add('last_checkpoint_not_end', 'checkpoints', {
      date: formatDayMonthYear(last),
      end: formatDayMonthYear(schedule.end),
    });
  }
  return problems;
}
