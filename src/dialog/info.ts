import { describeTargets, targetParam, valueParam } from '../domain/indicators/describe.js';
import { formatLocalDateTime } from '../domain/calendar/index.js';
import { choice, line, reply } from './replies.js';
import type { Outcome, Turn } from './turn.js';
import type { Line } from './types.js';

const HISTORY_LIMIT = 10;

function officialId(turn: Turn): string {
  if (!turn.official) throw new Error('needs a linked official');
  return turn.official.id;
}

/** `/chitieu`: my indicators, grouped by the plan's categories, with what I reported this period. */
export async function myIndicators(turn: Turn): Promise<Outcome> {
  const items = await turn.repo.reportItems(officialId(turn), turn.now);
  if (items.length === 0)
    return { state: turn.state, replies: [reply([line('dialog:report.nothing_assigned')])] };
  const lines: Line[] = [line('dialog:indicators.title', { count: items.length }, 'title')];
  let category = '';
  for (const item of items) {
    if (item.category !== category) {
      category = item.category;
      lines.push(line('dialog:indicators.category', { category }, 'title'));
    }
    const target =
      item.measure === 'boolean' ? targetParam(undefined, item) : describeTargets(item.targets, item.unit);
    lines.push(
      item.current
        ? line('dialog:indicators.reported', {
            code: item.code,
            name: item.name,
            value: valueParam(item.current.value, item),
            target,
            period: item.periodName,
          })
        : line('dialog:indicators.missing', {
            code: item.code,
            name: item.name,
            target,
            period: item.periodName,
          }),
    );
  }
  lines.push(line('dialog:indicators.hint', {}, 'muted'));
  return { state: turn.state, replies: [reply(lines)] };
}

/** `/lichsu`: my latest answers, corrections included. */
export async function myHistory(turn: Turn): Promise<Outcome> {
  const entries = await turn.repo.recentReports(officialId(turn), HISTORY_LIMIT);
  if (entries.length === 0) return { state: turn.state, replies: [reply([line('dialog:history.empty')])] };
  const lines: Line[] = [line('dialog:history.title', { count: entries.length }, 'title')];
  for (const entry of entries) {
    lines.push(
      line(entry.revision > 1 ? 'dialog:history.revised' : 'dialog:history.entry', {
        at: formatLocalDateTime(entry.at, turn.timeZone),
        period: entry.periodName,
        code: entry.code,
        name: entry.name,
        value: valueParam(entry.value, entry),
        revision: entry.revision,
      }),
    );
    if (entry.note) lines.push(line('dialog:history.note', { note: entry.note }, 'muted'));
  }
  return { state: turn.state, replies: [reply(lines)] };
}

export function askLanguage(turn: Turn): Outcome {
  const nonce = turn.newNonce();
  return {
    state: { name: 'language', nonce },
    replies: [
      reply(
        [line('dialog:language.prompt')],
        [[choice(nonce, 'vi', 'dialog:language.vi'), choice(nonce, 'en', 'dialog:language.en')]],
      ),
    ],
  };
}

export async function setLanguage(turn: Turn, action: string): Promise<Outcome | null> {
  if (action !== 'vi' && action !== 'en') return null;
  await turn.repo.setLocale(turn.chat, action);
  return { state: { name: 'idle' }, locale: action, replies: [reply([line('dialog:language.done')])] };
}
