import type { Message } from '../message.js';
import type { CommuneSummary } from './communes.js';
import type { RankedEntry, RankingRule, ReportingFigures, Share } from './types.js';
import type { CommuneRanking } from './within.js';

/** One commune's ranking of its units and officials, with what the chat, the CLI and the sheet show around it. */
export interface CommuneRankingData {
  organization: { code: string; name: string };
  campaign: { code: string; title: string; start: string; end: string };
  at: Date;
  rule: RankingRule;
  /** the periods counted: those whose deadline has passed */
  closed: { key: string; name: Message }[];
  /** the campaign's last deadline has passed: the year-end sheet is final */
  ended: boolean;
  /** indicators met or on track, of all the plan's (for the sheet's header) */
  targets: Share;
  total: ReportingFigures;
  units: CommuneRanking['units'];
  officials: CommuneRanking['officials'];
}

export interface ProvinceRankingData {
  at: Date;
  rule: RankingRule;
  communes: RankedEntry[];
  summaries: CommuneSummary[];
}
