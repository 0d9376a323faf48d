import {
  addDays,
  daysBetween,
  formatDayMonthYear,
  formatLocalDateTime,
  isLocalDate,
  localDateOf,
} from '../domain/calendar/index.js';
import { stepText } from '../domain/reminders/index.js';
import { choice, line, reply } from './replies.js';
import type { DialogState } from './state.js';
import type { Outcome, Turn } from './turn.js';
import type { Line } from './types.js';

/** Leave is rarely longer; a longer pause is more likely a typo (2027 for 2026). */
export const MAX_PAUSE_DAYS = 90;
const UPCOMING_SHOWN = 5;

type RemindersState = Extract<DialogState, { name: 'reminders' }>;

function officialId(turn: Turn): string {
  if (!turn.official) throw new Error('needs a linked official');
  return turn.official.id;
}

/** "30/11", "30/11/2026", "2026-11-30" → a local date (the year defaults to the next such date). */
export function parsePauseDate(text: string, today: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) return isLocalDate(text) ? text : null;
  const vi = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?$/.exec(text);
  if (!vi) return null;
  const [, d, m, y] = vi;
  const build = (year: number) => `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const thisYear = Number(today.slice(0, 4));
  const date = y ? build(Number(y)) : build(thisYear) >= today ? build(thisYear) : build(thisYear + 1);
  return isLocalDate(date) ? date : null;
}

/** The example the hint and the refusal give: a week ahead, so that typing it works (a fixed 30/11 did not in December). */
function pauseExample(today: string): string {
  const date = addDays(today, 7);
  return `${date.slice(8, 10)}/${date.slice(5, 7)}`;
}

function badDate(turn: Turn): Outcome {
  const example = pauseExample(localDateOf(turn.now, turn.timeZone));
  return {
    state: turn.state,
    replies: [reply([line('reminders:me.bad_date', { max: MAX_PAUSE_DAYS, example })])],
  };
}

async function overview(turn: Turn, before: Line[] = []): Promise<Outcome> {
  const id = officialId(turn);
  const [upcoming, pausedUntil] = await Promise.all([
    turn.repo.upcomingReminders(id, turn.now),
    turn.repo.remindersPausedUntil(id),
  ]);
  const today = localDateOf(turn.now, turn.timeZone);
  const paused = pausedUntil !== null && pausedUntil >= today;
  const lines: Line[] = [...before, line('reminders:me.title', {}, 'title')];
  if (paused) lines.push(line('reminders:me.paused', { until: formatDayMonthYear(pausedUntil) }));
  if (upcoming.length === 0) lines.push(line('reminders:me.none'));
  for (const next of upcoming.slice(0, UPCOMING_SHOWN)) {
    lines.push(
      line('reminders:me.next', {
        at: formatLocalDateTime(next.at, turn.timeZone),
        step: stepText(next.step, { name: next.periodName }, next.daysBefore),
      }),
    );
  }
  lines.push(line('reminders:me.hint', { example: pauseExample(today) }, 'muted'));
  const nonce = turn.newNonce();
  const choices = [
    [
      choice(nonce, 'p7', 'reminders:me.pause_days', { days: 7 }),
      choice(nonce, 'p14', 'reminders:me.pause_days', { days: 14 }),
    ],
  ];
  if (paused) choices.push([choice(nonce, 'on', 'reminders:me.resume')]);
  return { state: { name: 'reminders', nonce }, replies: [reply(lines, choices)] };
}

async function pauseUntil(turn: Turn, until: string): Promise<Outcome> {
  const today = localDateOf(turn.now, turn.timeZone);
  if (until < today || daysBetween(today, until) > MAX_PAUSE_DAYS) return badDate(turn);
  await turn.repo.pauseReminders(officialId(turn), until);
  return overview(turn, [line('reminders:me.paused_done', { until: formatDayMonthYear(until) })]);
}

/** `/nhacnho`: my next reminders; `/nhacnho 30/11` pauses them to that date (on leave); `/nhacnho bat` resumes. */
export async function showReminders(turn: Turn, args: string): Promise<Outcome> {
  const text = args.trim().toLowerCase();
  if (!text) return overview(turn);
  if (['bat', 'bật', 'on', 'tiep', 'tiếp'].includes(text)) {
    await turn.repo.pauseReminders(officialId(turn), null);
    return overview(turn, [line('reminders:me.resumed')]);
  }
  const date = parsePauseDate(text, localDateOf(turn.now, turn.timeZone));
  if (!date) return badDate(turn);
  return pauseUntil(turn, date);
}

export async function onRemindersChoice(
  turn: Turn,
  _state: RemindersState,
  action: string,
): Promise<Outcome | null> {
  const today = localDateOf(turn.now, turn.timeZone);
  if (action === 'p7' || action === 'p14') return pauseUntil(turn, addDays(today, action === 'p7' ? 6 : 13));
  if (action === 'on') {
    await turn.repo.pauseReminders(officialId(turn), null);
    return overview(turn, [line('reminders:me.resumed')]);
  }
  return null;
}
