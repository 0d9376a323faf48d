import { formatLocalDateTime } from '../domain/calendar/index.js';
import type { Line, Message, Param } from '../domain/message.js';
import {
  percentOf,
  TIE_BREAK,
  type CommuneRankingData,
  type Criterion,
  type ProvinceRankingData,
  type RankedEntry,
  type RankingRule,
  type Share,
} from '../domain/ranking/index.js';

/**
 * The ranking as lines of i18n messages, short enough for a phone: `/xephang` and `tiendo ranking`
 * show the same. The rule's one line comes first, so a reader can check a rank by hand.
 */
function line(key: string, params: Record<string, Param> = {}, style?: Line['style']): Line {
  return { key, params, ...(style ? { style } : {}) };
}

/** A score in tenths of a percent, as written: "81,3". */
export function scoreText(score: number): string {
  return `${Math.floor(score / 10)},${score % 10}`;
}

/** "81,3 %", or "—" for nothing due. */
export function shareText(share: Share | undefined): string {
  const percent = percentOf(share);
  return percent === null ? '—' : `${percent.replace('.', ',')} %`;
}

/** Each weight as its part of the whole, in %: 50/50 → "50", "50"; 2/1/1 → "50", "25", "25". */
function weightParts<K extends string>(weights: Record<K, number>): Record<K, string> {
  const total = Object.values<number>(weights).reduce((a, b) => a + b, 0);
  return Object.fromEntries(
    Object.entries<number>(weights).map(([k, w]) => [
      k,
      total > 0 ? String(Math.round((w * 1000) / total) / 10).replace('.', ',') : '0',
    ]),
  ) as Record<K, string>;
}

const criterion = (c: Criterion): Message => ({ key: `ranking:criterion.${c}` });

function tieBreakParam(order: readonly Criterion[]): Message {
  return { key: `ranking:tie_break.${order.join('_')}` };
}

/** The rule in one line: the weights and the tie-break order. */
export function ruleLine(rule: RankingRule, scope: 'within' | 'communes'): Line {
  return scope === 'within'
    ? line(
        'ranking:rule.within',
        { ...weightParts(rule.weights), ties: tieBreakParam(TIE_BREAK.within) },
        'muted',
      )
    : line(
        'ranking:rule.communes',
        { ...weightParts(rule.communeWeights), ties: tieBreakParam(TIE_BREAK.communes) },
        'muted',
      );
}

const NO_UNIT: Message = { key: 'ranking:no_unit' };

/** Why an entrant with the same score as the one above is below it, or shares its rank. */
export function tieMessage(entry: RankedEntry, nameless: Message = NO_UNIT): Message | null {
  const tie = entry.tie;
  if (!tie) return null;
  // The officials who belong to no unit are one entrant without a name: named as their row is.
  if (tie.kind === 'shared') return { key: 'ranking:tie.shared', params: { name: tie.with || nameless } };
  return {
    key: 'ranking:tie.behind',
    params: {
      name: tie.above || nameless,
      criterion: criterion(tie.by),
      mine: shareText(tie.mine),
      theirs: shareText(tie.theirs),
    },
  };
}

function entryLines(entry: RankedEntry, nameless: Message, withTargets = false): Line[] {
  const name: Param = entry.name || nameless;
  if (entry.rank === null || entry.score === null) return [line('ranking:line.unranked', { name })];
  const { completeness, timeliness, targets } = entry.shares;
  const figures = {
    rank: entry.rank,
    name,
    score: scoreText(entry.score),
    reported: completeness?.n ?? 0,
    onTime: timeliness?.n ?? 0,
    due: completeness?.d ?? 0,
    targets: withTargets ? shareText(targets) : '',
  };
  const out = [line(withTargets ? 'ranking:line.commune' : 'ranking:line.entry', figures)];
  const tie = tieMessage(entry, nameless);
  if (tie) out.push(line('ranking:line.tie', { tie }, 'muted'));
  return out;
}

/** `/xephang`: the commune's units, then its officials, under the rule's line. */
export function communeRankingLines(data: CommuneRankingData, options: { timeZone: string }): Line[] {
  const head = [
    line('ranking:title', { campaign: data.campaign.title }, 'title'),
    data.closed.length > 0
      ? line(data.closed.length === 1 ? 'ranking:counted_one' : 'ranking:counted', {
          first: data.closed[0]?.name ?? '',
          last: data.closed.at(-1)?.name ?? '',
          at: formatLocalDateTime(data.at, options.timeZone),
        })
      : line('ranking:none_closed', { at: formatLocalDateTime(data.at, options.timeZone) }),
    ruleLine(data.rule, 'within'),
  ];
  if (data.closed.length === 0 || data.officials.length === 0) return head;
  const nameless = { key: 'ranking:no_unit' };
  return [
    ...head,
    line('ranking:heading.units', {}, 'title'),
    ...data.units.flatMap((u) => entryLines(u, nameless)),
    line('ranking:heading.officials', {}, 'title'),
    ...data.officials.flatMap((o) => entryLines(o, nameless)),
    ...(data.ended ? [] : [line('ranking:provisional', {}, 'muted')]),
  ];
}

/** The province's communes, ranked (for the province's view; the lead wires the communes). */
export function provinceRankingLines(data: ProvinceRankingData, options: { timeZone: string }): Line[] {
  return [
    line('ranking:title_province', { at: formatLocalDateTime(data.at, options.timeZone) }, 'title'),
    ruleLine(data.rule, 'communes'),
    ...data.communes.flatMap((c) => entryLines(c, { key: 'ranking:no_unit' }, true)),
  ];
}
