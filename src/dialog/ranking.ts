import { communeRankingLines } from '../reports/ranking-view.js';
import { capabilitiesOf } from './channel-capabilities.js';
import { line, reply } from './replies.js';
import type { Outcome, Turn } from './turn.js';

/** What asks for the evaluation sheet before the plan's end: `/xephang excel` (or `xlsx`). */
const SHEET_WORDS = new Set(['excel', 'xlsx', 'file', 'tep', 'tệp']);

/**
 * `/xephang` for the committee's leaders: the commune's units and officials ranked by completeness and
 * timeliness, with the rule in one line. The year-end evaluation sheet comes with it as a file once the
 * plan has ended, or when asked for; a channel that sends no files is told where to get it.
 */
export async function showRanking(turn: Turn, args: string): Promise<Outcome> {
  if (!turn.official) throw new Error('needs a linked official');
  const data = await turn.repo.ranking(turn.official.id, turn.now);
  if (!data) return { state: turn.state, replies: [reply([line('ranking:chat.none')])] };
  const lines = communeRankingLines(data, { timeZone: turn.timeZone });
  const wanted = data.ended || SHEET_WORDS.has(args.trim().toLowerCase());
  const evaluation = turn.renderers?.evaluation;
  if (!wanted || data.closed.length === 0 || !evaluation)
    return { state: turn.state, replies: [reply([...lines, line('ranking:chat.hint', {}, 'muted')])] };
  if (!capabilitiesOf(turn.chat.channel).files)
    return { state: turn.state, replies: [reply(lines), reply([line('ranking:chat.no_files')])] };
  const { locale, now } = turn;
  const year = data.campaign.end.slice(0, 4);
  return {
    state: turn.state,
    replies: [reply(lines), reply([line('ranking:chat.sheet', { campaign: data.campaign.title })])],
    files: [
      {
        reply: 1,
        kind: 'document',
        name: `xep-loai-${data.campaign.code}-${year}.xlsx`,
        render: async () => [await evaluation(data, locale, now)],
      },
    ],
  };
}
