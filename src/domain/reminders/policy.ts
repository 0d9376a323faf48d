import { daysBetween, type LocalDate } from '../calendar/index.js';
import { instantAt, localDateOf } from './dates.js';
import {
  countdownMessage,
  deadlineMessage,
  deadlineView,
  digestMessage,
  kickoffMessage,
  nudgeMessage,
  type DeadlineView,
  type DigestEntry,
  type MessageContext,
} from './messages.js';
import {
  contextOf,
  isPaused,
  missingFor,
  plannedSteps,
  reminderKey,
  sprintDaysLeft,
  stepItems,
  withinOfficeHours,
  type Context,
  type PlannedStep,
} from './schedule.js';
import type {
  ChairmanDigest,
  DueReminder,
  ReminderAssignment,
  ReminderInput,
  ReminderKind,
  ReminderOfficial,
  UpcomingReminder,
} from './types.js';

/**
 * When one official has several reminders due in one run, the first of this order goes now and the
 * others on the next runs (each is still due until its `until` day): one message per official per run.
 * Among deadline reminders, the earliest deadline (the overdue period) first.
 */
const PRIORITY: Record<ReminderKind, number> = { kickoff: 0, deadline: 1, countdown: 2, nudge: 3 };

function phaseOf(step: string): 'before' | 'today' | 'late' {
  if (step === 'd0') return 'today';
  return step.startsWith('late-') ? 'late' : 'before';
}

function buildMessage(
  ctx: Context,
  official: ReminderOfficial,
  step: PlannedStep,
  items: ReminderAssignment[],
  today: LocalDate,
  deadline: DeadlineView,
) {
  const mctx: MessageContext = {
    official,
    period: step.period,
    at: ctx.input.at,
    timeZone: ctx.input.timeZone,
    maxListed: ctx.options.maxListed,
    deadline,
  };
  switch (step.kind) {
    case 'deadline':
      return deadlineMessage(mctx, phaseOf(step.step), items);
    case 'kickoff':
      return kickoffMessage(mctx, ctx.input.campaign, sprintDaysLeft(ctx, today));
    case 'countdown':
      return countdownMessage(mctx, sprintDaysLeft(ctx, today), items);
    case 'nudge':
      return nudgeMessage(mctx, sprintDaysLeft(ctx, today), items);
  }
}

/** Today's office hours on a working day, or null: outside them nothing is ever due. */
function officeDay(ctx: Context): LocalDate | null {
  const today = localDateOf(ctx.input.at, ctx.input.timeZone);
  if (!ctx.input.calendar.isWorkingDay(today)) return null;
  return withinOfficeHours(ctx, ctx.input.at, today) ? today : null;
}

/**
 * The latest step of each group reached by today, while it is still in force. An earlier step of the
 * same group is never sent late: after downtime only the newest speaks (no d7 + d3 + d1 burst).
 */
function currentSteps(steps: readonly PlannedStep[], today: LocalDate, at: Date): PlannedStep[] {
  const latest = new Map<string, PlannedStep>();
  for (const step of steps) if (step.day <= today) latest.set(step.group, step);
  return [...latest.values()].filter((s) => today < s.until && (s.expiresAt === null || at < s.expiresAt));
}

/** The period whose digest goes today: the working day after its deadline, once that deadline is past. */
function digestPeriod(ctx: Context, today: LocalDate) {
  const { input } = ctx;
  const period = [...ctx.periods]
    .reverse()
    .find((p) => input.calendar.nextWorkingDay(localDateOf(p.deadlineAt, input.timeZone)) === today);
  return period && input.at > period.deadlineAt ? period : null;
}

/**
 * What can be due at `input.at` whoever the officials are and whatever they answered: the steps in
 * force (each official's reminder key is one of theirs) and the period of the chairman's digest. The
 * tick reads the assignments and the answers of a plan only when one of these keys is not queued yet,
 * and the answers only of these periods: the steady tick of a province then reads neither.
 */
export function stepsInForce(input: ReminderInput): {
  steps: { periodId: string; step: string }[];
  digestPeriodId: string | null;
} {
  const ctx = contextOf(input);
  const today = officeDay(ctx);
  if (today === null) return { steps: [], digestPeriodId: null };
  const steps = currentSteps(plannedSteps(ctx), today, input.at).map((s) => ({
    periodId: s.period.id,
    step: s.step,
  }));
  return { steps, digestPeriodId: digestPeriod(ctx, today)?.id ?? null };
}

/**
 * The reminders to queue at `input.at`, at most one per official. Pure: the clock, the calendar, the
 * answers and what was already queued all come in `input`.
 */
export function dueReminders(input: ReminderInput): DueReminder[] {
  const ctx = contextOf(input);
  const today = officeDay(ctx);
  if (today === null) return [];
  const current = currentSteps(plannedSteps(ctx), today, input.at);
  // the deadline as the messages show it, once per period rather than once per official
  const deadlines = new Map(
    current.map((s) => [s.period.id, deadlineView(s.period, input.at, input.timeZone)] as const),
  );
  const due: DueReminder[] = [];
  for (const official of input.officials) {
    if (official.unreachable || isPaused(official, today) || official.assigned.length === 0) continue;
    const candidates = current
      .map((step) => ({
        step,
        key: reminderKey(official.id, step.period.id, step.step),
        items: stepItems(ctx, official, step),
      }))
      .filter((c) => c.items.length > 0 && !input.sent.has(c.key))
      .sort(
        (a, b) =>
          PRIORITY[a.step.kind] - PRIORITY[b.step.kind] ||
          a.step.period.deadlineAt.getTime() - b.step.period.deadlineAt.getTime(),
      );
    const chosen = candidates[0];
    if (!chosen) continue;
    due.push({
      key: chosen.key,
      officialId: official.id,
      periodId: chosen.step.period.id,
      step: chosen.step.step,
      kind: chosen.step.kind,
      missing: chosen.items.map((a) => ({ code: a.code, name: a.name })),
      message: buildMessage(
        ctx,
        official,
        chosen.step,
        chosen.items,
        today,
        deadlines.get(chosen.step.period.id) ?? deadlineView(chosen.step.period, input.at, input.timeZone),
      ),
    });
  }
  return due;
}

/**
 * How many days ahead of the deadline a "d<n>" step really goes: moved back over a weekend or a
 * holiday (and merged with the steps it met there), a d1 may go out 3 or 5 days before, and the message
 * then counts those days. Null for the other steps.
 */
function daysBeforeDeadline(ctx: Context, step: PlannedStep): number | null {
  if (step.kind !== 'deadline' || !/^d[1-9]\d*$/.test(step.step)) return null;
  const deadline =
    ctx.deadlineDay.get(step.period.id) ?? localDateOf(step.period.deadlineAt, ctx.input.timeZone);
  return daysBetween(step.day, deadline);
}

/**
 * The steps still ahead for one official (for `/nhacnho`), soonest first, at most `limit`: today's
 * when not sent yet and office hours are not over, then the coming ones. Steps of a period already
 * fully reported are left out, so are the days of a pause; nudges only when an indicator is at risk.
 * `unreachable` is ignored: the one asking is evidently reachable.
 */
export function nextReminders(input: ReminderInput, officialId: string, limit = 5): UpcomingReminder[] {
  const ctx = contextOf(input);
  const official = input.officials.find((o) => o.id === officialId);
  if (!official || official.assigned.length === 0) return [];
  const { timeZone } = input;
  const upcoming: UpcomingReminder[] = [];
  for (const step of plannedSteps(ctx)) {
    const at = instantAt(step.day, ctx.hours.start, timeZone);
    const end = instantAt(step.day, ctx.hours.end, timeZone);
    if (end <= input.at || (step.expiresAt !== null && step.expiresAt <= at)) continue;
    if (official.pausedUntil !== null && step.day <= official.pausedUntil) continue;
    const key = reminderKey(official.id, step.period.id, step.step);
    if (input.sent.has(key) || stepItems(ctx, official, step).length === 0) continue;
    upcoming.push({
      key,
      periodId: step.period.id,
      periodName: step.period.name,
      step: step.step,
      kind: step.kind,
      date: step.day,
      at,
      daysBefore: daysBeforeDeadline(ctx, step),
    });
    if (upcoming.length >= limit) break;
  }
  return upcoming;
}

/**
 * The working morning after a period's deadline (from the start of office hours that day, until
 * they end): one message for the chairman and the admins listing who is still missing what,
 * grouped by unit. Null on other days, outside office hours, once queued, or when nobody is late.
 * Everyone late is listed, paused and unreachable officials too (marked): the chairman should know.
 */
export function chairmanDigest(input: ReminderInput): ChairmanDigest | null {
  const ctx = contextOf(input);
  const today = officeDay(ctx);
  if (today === null) return null;
  const period = digestPeriod(ctx, today);
  if (!period) return null;
  const key = `digest:${period.id}`;
  if (input.sent.has(key)) return null;
  const entries: DigestEntry[] = input.officials
    .map((official) => ({
      official,
      missing: missingFor(ctx, official, period),
      paused: isPaused(official, today),
    }))
    .filter((e) => e.missing.length > 0);
  if (entries.length === 0) return null;
  return { key, periodId: period.id, message: digestMessage(period, input.timeZone, entries) };
}
