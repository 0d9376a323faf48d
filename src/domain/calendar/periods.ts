import { addDays, maxDate } from './dates.js';
import { checkpointName } from './names.js';
import { defaultCheckpoints } from './checkpoints.js';
import { deadlineFor } from './deadline.js';
import { validateSchedule, type ScheduleProblem } from './validate.js';
import { nextWindow, windowOf, type PartitionKind } from './windows.js';
import type {
  CampaignSchedule,
  I18nText,
  LocalDate,
  Period,
  PeriodKind,
  ReportingScheme,
  WorkingCalendar,
} from './types.js';

export class InvalidScheduleError extends Error {
  readonly problems: ScheduleProblem[];

  constructor(problems: ScheduleProblem[]) {
    super(`Invalid campaign schedule: ${problems.map((problem) => problem.code).join(', ')}`);
    this.name = 'InvalidScheduleError';
    this.problems = problems;
  }
}

const WINDOW_OF_SCHEME: Record<Exclude<ReportingScheme, 'checkpoints'>, PartitionKind> = {
  quarterly: 'quarter',
  monthly: 'month',
  semiannual: 'half',
  annual: 'year',
};

interface Slice {
  key: string;
  kind: PeriodKind;
  start: LocalDate;
  cutoff: LocalDate;
  name: I18nText;
}

/**
 * NĐ09 windows whose cut-off falls within [start, end], the first clipped to
 * the campaign start. The days after the last cut-off are not a period of this
 * campaign: per NĐ09 they are counted in the next window's report (for an
 * annual plan ending 31/12, in next year's Q1 report, which opens on 15/12).
 * A campaign too short to contain any cut-off gets a single period [start, end],
 * named after the window it lies in.
 */
function windowSlices(schedule: CampaignSchedule, kind: PartitionKind): Slice[] {
  const slices: Slice[] = [];
  for (
    let window = windowOf(kind, schedule.start);
    window.cutoff <= schedule.end;
    window = nextWindow(window)
  ) {
    slices.push({
      key: window.key,
      kind,
      start: maxDate(window.start, schedule.start),
      cutoff: window.cutoff,
      name: window.name,
    });
  }
  if (slices.length > 0) return slices;
  const window = windowOf(kind, schedule.end);
  return [{ key: window.key, kind, start: schedule.start, cutoff: schedule.end, name: window.name }];
}

/** [start, cp1], [cp1 + 1, cp2], …; the defaults of `defaultCheckpoints` when none are given. */
function checkpointSlices(schedule: CampaignSchedule): Slice[] {
  const given = schedule.checkpoints ?? [];
  const checkpoints = given.length > 0 ? given : defaultCheckpoints(schedule.start, schedule.end);
  let start = schedule.start;
  return checkpoints.map((cutoff, i) => {
    const slice: Slice = {
      key: `CP${i + 1}`,
      kind: 'checkpoint',
      start,
      cutoff,
      name: checkpointName(i + 1, checkpoints.length, cutoff),
    };
    start = addDays(cutoff, 1);
    return slice;
  });
}

/**
 * The campaign's reporting periods in order, each with its deadline.
 * Throws `InvalidScheduleError` on a schedule that `validateSchedule` rejects:
 * schedules are validated when they are saved, so reaching here with a bad one
 * is a bug to surface, not a state to handle.
 */
export function campaignPeriods(
  schedule: CampaignSchedule,
  calendar: WorkingCalendar,
  timeZone: string,
): Period[] {
  const problems = validateSchedule(schedule);
  if (problems.length > 0) throw new InvalidScheduleError(problems);

  const slices =
    schedule.scheme === 'checkpoints'
      ? checkpointSlices(schedule)
      : windowSlices(schedule, WINDOW_OF_SCHEME[schedule.scheme]);

  return slices.map((slice, i) => {
    const deadline = deadlineFor(slice.cutoff, schedule.deadline, calendar, timeZone);
    return {
      key: slice.key,
      kind: slice.kind,
      position: i + 1,
      start: slice.start,
      cutoff: slice.cutoff,
      deadlineDate: deadline.date,
      deadlineAt: deadline.at,
      name: slice.name,
    };
  });
}
