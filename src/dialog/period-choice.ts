import { deadlineCountdown, formatLocalDateTime } from '../domain/calendar/index.js';
import type { DuePeriod } from './ports.js';
import { choice, echo, line, reply } from './replies.js';
import type { Outcome, Turn } from './turn.js';
import type { Line } from './types.js';

/**
 * `/baocao` with several periods owed (a late quarter beside the open one): which one to report, asked
 * before anything else. The periods are kept in the state by id, the offered choices with it (offered.ts),
 * so a typed "2" on the console or Zalo picks the second period even after a restart.
 */

/** Whether the question is asked: some plan of the official owes more than one period. */
export function asksPeriod(due: readonly DuePeriod[]): boolean {
  const perPlan = new Map<string, number>();
  for (const period of due) perPlan.set(period.campaignId, (perPlan.get(period.campaignId) ?? 0) + 1);
  return [...perPlan.values()].some((n) => n > 1);
}

export function periodQuestion(turn: Turn, due: readonly DuePeriod[]): Outcome {
  const nonce = turn.newNonce();
  const plans = new Set(due.map((p) => p.campaignId)).size;
  const lines: Line[] = [line('dialog:report.choose_period.title', { count: due.length }, 'title')];
  due.forEach((period, i) => {
    const late = period.deadlineAt.getTime() < turn.now.getTime();
    lines.push(
      line(late ? 'dialog:report.choose_period.late' : 'dialog:report.choose_period.open', {
        position: i + 1,
        period: period.periodName,
        plan: plans > 1 ? `(${echo(period.campaignTitle, 40)}) ` : '',
        deadline: formatLocalDateTime(period.deadlineAt, turn.timeZone),
        countdown: deadlineCountdown(period.deadlineAt, turn.now, turn.timeZone),
        count: period.missing,
      }),
    );
  });
  lines.push(line('dialog:report.choose_period.how', {}, 'muted'));
  const buttons = due.map((period, i) => [
    choice(nonce, `q${i}`, 'dialog:button.period', { period: period.periodName, count: period.missing }),
  ]);
  return {
    state: { name: 'choosing_period', periods: due.map((p) => p.periodId), nonce },
    replies: [reply(lines, buttons)],
  };
}

/** The period id a button of the question names; null for anything else. */
export function chosenPeriod(periods: readonly string[], action: string): string | null {
  const picked = /^q(\d+)$/u.exec(action);
  return picked ? (periods[Number(picked[1])] ?? null) : null;
}
