import { daysBetween, type LocalDate } from '../calendar/index.js';
import { addDays, instantAt, localDateOf } from './dates.js';
import type {
  OfficeHours,
  ReminderAssignment,
  ReminderInput,
  ReminderKind,
  ReminderOfficial,
  ReminderOptions,
  ReminderPeriod,
  ReportedIndex,
} from './types.js';
import { owes } from '../indicators/owed.js';

export const DEFAULT_OFFICE_HOURS: Readonly<OfficeHours> = Object.freeze({ start: '07:30', end: '17:00' });

export const DEFAULT_REMINDER_OPTIONS: Readonly<ReminderOptions> = Object.freeze({
  daysBefore: Object.freeze([7, 3, 1]),
  maxLateDays: 10,
  nudgeDays: 10,
  maxListed: 8,
});

/** The answer an official gave for one indicator in one period, as `reported` lists it. */
export function reportedKey(periodId: string, indicatorId: string, officialId: string): string {
  return `${periodId}|${indicatorId}|${officialId}`;
}

export function reminderKey(officialId: string, periodId: string, step: string): string {
  return `${officialId}:${periodId}:${step}`;
}

/** One step of an official's plan, before anything is checked against `at`. */
export interface PlannedStep {
  kind: ReminderKind;
  step: string;
  period: ReminderPeriod;
  /** the working day it goes out */
  day: LocalDate;
  /** it stays due (bot down) until the day before this one */
  until: LocalDate;
  /** steps of a group supersede each other: only the latest one reached is ever sent */
  group: string;
  /** the instant after which the step makes no sense any more (a pre-deadline step after the deadline) */
  expiresAt: Date | null;
}

export interface Context {
  input: ReminderInput;
  options: ReminderOptions;
  hours: OfficeHours;
  periods: ReminderPeriod[];
  /** whether an official answered an indicator in a period, given (period id, official id) */
  answered: (periodId: string, officialId: string) => (indicatorId: string) => boolean;
  deadlineDay: Map<string, LocalDate>;
}

const NOTHING_ANSWERED = (): boolean => false;

function answeredIn(reported: ReminderInput['reported']): Context['answered'] {
  if (reported instanceof Map) {
    const index: ReportedIndex = reported;
    return (periodId, officialId) => {
      const byIndicator = index.get(periodId);
      return byIndicator
        ? (indicatorId) => byIndicator.get(indicatorId)?.has(officialId) === true
        : NOTHING_ANSWERED;
    };
  }
  const keys: ReadonlySet<string> =
    reported instanceof Set ? reported : new Set(reported as readonly string[]);
  return (periodId, officialId) => (indicatorId) => keys.has(reportedKey(periodId, indicatorId, officialId));
}

export function contextOf(input: ReminderInput): Context {
  const periods = [...input.periods].sort((a, b) => a.position - b.position);
  const deadlineDay = new Map(periods.map((p) => [p.id, localDateOf(p.deadlineAt, input.timeZone)] as const));
  return {
    input,
    options: { ...DEFAULT_REMINDER_OPTIONS, ...input.options },
    hours: input.officeHours ?? DEFAULT_OFFICE_HOURS,
    periods,
    answered: answeredIn(input.reported),
    deadlineDay,
  };
}

function dayOfDeadline(ctx: Context, period: ReminderPeriod): LocalDate {
  return ctx.deadlineDay.get(period.id) ?? localDateOf(period.deadlineAt, ctx.input.timeZone);
}

export function missingFor(
  ctx: Context,
  official: ReminderOfficial,
  period: ReminderPeriod,
): ReminderAssignment[] {
  // An approved period is locked, and a period due before the official was given an indicator is not
  // theirs to be late for: neither is asked for.
  if (period.locked === true) return [];
  const answered = ctx.answered(period.id, official.id);
  return official.assigned.filter(
    (a) => owes(a.owedSince ?? null, period, ctx.input.at) && !answered(a.indicatorId),
  );
}

/** The steps of one period's deadline: d7 d3 d1 d0 then late-… (not filtered by who is missing what). */
function deadlineSteps(ctx: Context, index: number): PlannedStep[] {
  const { calendar } = ctx.input;
  const period = ctx.periods[index];
  if (!period) return [];
  const previous = index > 0 ? ctx.periods[index - 1] : undefined;
  const next = ctx.periods[index + 1];
  const deadline = dayOfDeadline(ctx, period);
  const firstDay = calendar.workingDayOnOrAfter(ctx.input.campaign.start);
  const afterPrevious = previous ? dayOfDeadline(ctx, previous) : null;
  const group = `deadline:${period.id}`;

  const before = [...ctx.options.daysBefore]
    .filter((n) => n > 0)
    .sort((a, b) => b - a)
    .map((n) => ({ step: `d${n}`, day: calendar.workingDayOnOrBefore(addDays(deadline, -n)) }));
  before.push({ step: 'd0', day: calendar.workingDayOnOrBefore(deadline) });
  // two steps moved onto one day (a Saturday deadline: d1 and d0 both on Friday): the later one speaks
  const kept = before.filter((s, i) => !before.slice(i + 1).some((later) => later.day <= s.day));
  const early = kept.filter((s) => s.day >= firstDay && (afterPrevious === null || s.day > afterPrevious));

  const late: { step: string; day: LocalDate }[] = [];
  const stop = next ? dayOfDeadline(ctx, next) : null;
  for (
    let day = calendar.nextWorkingDay(deadline);
    late.length < ctx.options.maxLateDays;
    day = calendar.nextWorkingDay(day)
  ) {
    if (stop !== null && day >= stop) break;
    late.push({ step: `late-${day}`, day });
  }

  const all = [...early, ...late];
  return all.map((s, i) => ({
    kind: 'deadline',
    step: s.step,
    period,
    day: s.day,
    until: all[i + 1]?.day ?? addDays(s.day, 1),
    group,
    expiresAt: s.step.startsWith('late-') ? null : period.deadlineAt,
  }));
}

/** The period a sprint day belongs to: the first whose deadline is not before it, else the last. */
function periodOfDay(ctx: Context, day: LocalDate): ReminderPeriod | undefined {
  return ctx.periods.find((p) => dayOfDeadline(ctx, p) >= day) ?? ctx.periods.at(-1);
}

function sprintSteps(ctx: Context): PlannedStep[] {
  const { calendar, campaign } = ctx.input;
  if (campaign.kind !== 'sprint') return [];
  const steps: PlannedStep[] = [];
  const first = ctx.periods[0];
  const kickoffDay = calendar.workingDayOnOrAfter(campaign.start);
  if (first) {
    steps.push({
      kind: 'kickoff',
      step: 'kickoff',
      period: first,
      day: kickoffDay,
      until: addDays(kickoffDay, 1),
      group: 'kickoff',
      expiresAt: null,
    });
  }
  // a checkpoint starts the day after the previous cut-off; a countdown on a day off waits for the next working day
  ctx.periods.slice(1).forEach((period, i) => {
    const previous = ctx.periods[i];
    if (!previous) return;
    const day = calendar.workingDayOnOrAfter(addDays(previous.cutoff, 1));
    if (day > campaign.end || day <= kickoffDay) return;
    steps.push({
      kind: 'countdown',
      step: `countdown-${period.key}`,
      period,
      day,
      until: addDays(day, 1),
      group: `countdown:${period.id}`,
      expiresAt: null,
    });
  });
  const nudgeFrom = addDays(campaign.end, -(ctx.options.nudgeDays - 1));
  for (
    let day = nudgeFrom > campaign.start ? nudgeFrom : campaign.start;
    day <= campaign.end;
    day = addDays(day, 1)
  ) {
    const period = periodOfDay(ctx, day);
    if (!period || !calendar.isWorkingDay(day) || day === kickoffDay) continue;
    steps.push({
      kind: 'nudge',
      step: `nudge-${day}`,
      period,
      day,
      until: addDays(day, 1),
      group: 'nudge',
      expiresAt: null,
    });
  }
  return steps;
}

/** Every step the campaign plans for anyone, in day order. */
export function plannedSteps(ctx: Context): PlannedStep[] {
  const deadline = ctx.periods.flatMap((_, i) => deadlineSteps(ctx, i));
  return [...deadline, ...sprintSteps(ctx)].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** What a step would list for one official; empty: the step is not for them. */
export function stepItems(ctx: Context, official: ReminderOfficial, step: PlannedStep): ReminderAssignment[] {
  switch (step.kind) {
    case 'kickoff':
      return official.assigned;
    case 'deadline':
    case 'countdown':
      return missingFor(ctx, official, step.period);
    case 'nudge':
      return official.assigned.filter((a) => a.atRisk === true);
  }
}

export function withinOfficeHours(ctx: Context, at: Date, day: LocalDate): boolean {
  const { timeZone } = ctx.input;
  return instantAt(day, ctx.hours.start, timeZone) <= at && at < instantAt(day, ctx.hours.end, timeZone);
}

export function isPaused(official: ReminderOfficial, today: LocalDate): boolean {
  return official.pausedUntil !== null && official.pausedUntil >= today;
}

/** Calendar days from `today` to the campaign's last day (0 on it). */
export function sprintDaysLeft(ctx: Context, today: LocalDate): number {
  return daysBetween(today, ctx.input.campaign.end);
}
