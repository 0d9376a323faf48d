import { percentOf, type CommuneRankingData, type RankedEntry } from '../domain/ranking/index.js';
import type { I18n, Locale } from '../i18n.js';
import { tieMessage } from './ranking-view.js';

/** `tiendo ranking --format json` (docs/ranking.md): the ranking as data, percents as exact one-decimal text. */
export function rankingJson(data: CommuneRankingData, i18n: I18n, locale: Locale): unknown {
  const entry = (e: RankedEntry) => {
    const tie = tieMessage(e);
    return {
      code: e.key || null,
      name: e.name || null,
      rank: e.rank,
      score: e.score === null ? null : (e.score / 10).toFixed(1),
      due: e.shares.completeness?.d ?? 0,
      reported: e.shares.completeness?.n ?? 0,
      onTime: e.shares.timeliness?.n ?? 0,
      completeness: percentOf(e.shares.completeness),
      timeliness: percentOf(e.shares.timeliness),
      classification: e.classification,
      tie: e.tie ? { ...e.tie, text: tie ? i18n.render(tie, locale) : null } : null,
    };
  };
  return {
    organization: data.organization,
    campaign: data.campaign,
    at: data.at.toISOString(),
    periods: data.closed.map((p) => ({ key: p.key, name: i18n.render(p.name, locale) })),
    ended: data.ended,
    rule: data.rule,
    units: data.units.map(entry),
    officials: data.officials.map(entry),
  };
}
