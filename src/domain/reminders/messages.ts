import { formatDayMonthYear, type I18nText, type LocalDate } from '../calendar/index.js';
import { deadlineCountdown, formatLocalDateTime } from './dates.js';
import type { Choice, Line, Message, OutboundMessage, Param } from '../message.js';
import type { ReminderAssignment, ReminderOfficial, ReminderPeriod } from './types.js';

const NS = 'reminders:';

/** The choice every reminder offers; the dialog engine starts the report flow on it. */
export const REPORT_NOW_TOKEN = 'remind:baocao';

function text(key: string, params?: Record<string, Param>): Message {
  return params ? { key: `${NS}${key}`, params } : { key: `${NS}${key}` };
}

function line(key: string, params?: Record<string, Param>, style?: Line['style']): Line {
  return style ? { ...text(key, params), style } : text(key, params);
}

export const REPORT_NOW_CHOICE: Choice = { token: REPORT_NOW_TOKEN, label: text('choice.report') };

/** "17:00" and "14/09/2024" of a deadline as the office reads it. */
function deadlineParts(deadlineAt: Date, timeZone: string): { time: string; date: string } {
  const [date = '', time = ''] = formatLocalDateTime(deadlineAt, timeZone).split(' ');
  return { time, date };
}

function itemLines(items: readonly ReminderAssignment[], maxListed: number): Line[] {
  const shown = items
    .slice(0, maxListed)
    .map((a) =>
      a.status
        ? line('item_status', { code: a.code, name: a.name, status: { key: `progress:status.${a.status}` } })
        : line('item', { code: a.code, name: a.name }),
    );
  const rest = items.length - shown.length;
  return rest > 0 ? [...shown, line('more', { count: rest })] : shown;
}

/** A period's deadline as the messages show it: the same for everyone reminded at one instant. */
export interface DeadlineView {
  time: string;
  date: string;
  countdown: I18nText;
}

export function deadlineView(period: ReminderPeriod, at: Date, timeZone: string): DeadlineView {
  return {
    ...deadlineParts(period.deadlineAt, timeZone),
    countdown: deadlineCountdown(period.deadlineAt, at, timeZone),
  };
}

function deadlineLine(deadline: DeadlineView): Line {
  return line('deadline', { time: deadline.time, date: deadline.date, countdown: deadline.countdown });
}

function reminder(lines: Line[]): OutboundMessage {
  return { lines, choices: [[REPORT_NOW_CHOICE]] };
}

export interface MessageContext {
  official: ReminderOfficial;
  period: ReminderPeriod;
  at: Date;
  timeZone: string;
  maxListed: number;
  /** `deadlineView(period, at, timeZone)`, worked out once per period rather than once per official */
  deadline: DeadlineView;
}

/** d7 / d3 / d1 / d0 / late: what is missing, the period, the deadline and how far it is. */
export function deadlineMessage(
  ctx: MessageContext,
  phase: 'before' | 'today' | 'late',
  missing: readonly ReminderAssignment[],
): OutboundMessage {
  return reminder([
    line(`title.${phase}`, { period: ctx.period.name }, 'title'),
    line('greeting', { name: ctx.official.name }),
    line('missing', { count: missing.length, total: ctx.official.assigned.length }),
    ...itemLines(missing, ctx.maxListed),
    deadlineLine(ctx.deadline),
    ...(phase === 'late' ? [line('late_hint')] : []),
    line('action', undefined, 'muted'),
  ]);
}

export function kickoffMessage(
  ctx: MessageContext,
  campaign: { start: LocalDate; end: LocalDate },
  daysLeft: number,
): OutboundMessage {
  return reminder([
    line('title.kickoff', undefined, 'title'),
    line('greeting', { name: ctx.official.name }),
    line('kickoff.span', {
      start: formatDayMonthYear(campaign.start),
      end: formatDayMonthYear(campaign.end),
      count: daysLeft,
    }),
    line('kickoff.assigned', { count: ctx.official.assigned.length }),
    ...itemLines(ctx.official.assigned, ctx.maxListed),
    line('kickoff.first', { period: ctx.period.name, time: ctx.deadline.time, date: ctx.deadline.date }),
    line('action', undefined, 'muted'),
  ]);
}

export function countdownMessage(
  ctx: MessageContext,
  daysLeft: number,
  missing: readonly ReminderAssignment[],
): OutboundMessage {
  return reminder([
    line('title.countdown', { count: daysLeft }, 'title'),
    line('greeting', { name: ctx.official.name }),
    line('countdown.period', { period: ctx.period.name }),
    line('missing', { count: missing.length, total: ctx.official.assigned.length }),
    ...itemLines(missing, ctx.maxListed),
    deadlineLine(ctx.deadline),
    line('action', undefined, 'muted'),
  ]);
}

export function nudgeMessage(
  ctx: MessageContext,
  daysLeft: number,
  atRisk: readonly ReminderAssignment[],
): OutboundMessage {
  return reminder([
    daysLeft > 0
      ? line('title.nudge', { count: daysLeft }, 'title')
      : line('title.nudge_last', undefined, 'title'),
    line('greeting', { name: ctx.official.name }),
    line('nudge.at_risk', { count: atRisk.length }),
    ...itemLines(atRisk, ctx.maxListed),
    line('nudge.hint', undefined, 'muted'),
  ]);
}

export interface DigestEntry {
  official: ReminderOfficial;
  missing: ReminderAssignment[];
  paused: boolean;
}

/** One message for the chairman: who is late and with what, unit by unit (units by code, "no unit" last). */
export function digestMessage(
  period: ReminderPeriod,
  timeZone: string,
  entries: readonly DigestEntry[],
): OutboundMessage {
  const units = new Map<string, { name: string | null; entries: DigestEntry[] }>();
  for (const entry of entries) {
    const unit = entry.official.unit ?? null;
    const id = unit ? `0${unit.code}` : '1';
    const group = units.get(id) ?? { name: unit?.name ?? null, entries: [] };
    group.entries.push(entry);
    units.set(id, group);
  }
  const lines: Line[] = [
    line('digest.title', { period: period.name }, 'title'),
    line('digest.deadline', deadlineParts(period.deadlineAt, timeZone)),
    line('digest.late', { count: entries.length }),
  ];
  for (const [, group] of [...units].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    lines.push(
      group.name === null
        ? line('digest.no_unit', undefined, 'title')
        : line('digest.unit', { unit: group.name }, 'title'),
    );
    for (const entry of [...group.entries].sort((a, b) => (a.official.code < b.official.code ? -1 : 1))) {
      const params = {
        name: entry.official.name,
        code: entry.official.code,
        count: entry.missing.length,
        total: entry.official.assigned.length,
        codes: entry.missing.map((a) => a.code).join(', '),
      };
      lines.push(line('digest.official', params));
      if (entry.official.unreachable) lines.push(line('digest.unreachable', undefined, 'muted'));
      else if (entry.paused && entry.official.pausedUntil !== null) {
        lines.push(line('digest.paused', { date: formatDayMonthYear(entry.official.pausedUntil) }, 'muted'));
      }
    }
  }
  return { lines, choices: [] };
}

/** "7 ngày trước hạn Quý III/2024" (`daysBefore`: the real count, from `nextReminders`), "nhắc quá hạn Quý III/2024"…: one upcoming step, for `/nhacnho`. */
export function stepText(
  step: string,
  period: Pick<ReminderPeriod, 'name'>,
  daysBefore: number | null = null,
): Message {
  const before = /^d(\d+)$/.exec(step);
  if (before && before[1] !== '0')
    return text('step.before', { count: daysBefore ?? Number(before[1]), period: period.name });
  if (step === 'd0') return text('step.today', { period: period.name });
  if (step.startsWith('late-')) return text('step.late', { period: period.name });
  if (step === 'kickoff') return text('step.kickoff');
  if (step.startsWith('countdown-')) return text('step.countdown', { period: period.name });
  return text('step.nudge');
}
