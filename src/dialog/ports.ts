import type { ApprovalAction, ApprovalState } from '../domain/approval/index.js';
import type { PeriodRequest } from '../domain/indicators/period-request.js';
import type { PartsContext } from '../domain/indicators/plausibility.js';
import type { Line, Message } from '../domain/message.js';
import type { Measure, PlanTarget, Role } from '../domain/plan/plan.js';
import type { UpcomingReminder } from '../domain/reminders/index.js';
import type { ProgressReportData } from '../domain/progress/index.js';
import type { CommuneRankingData } from '../domain/ranking/index.js';
import type { ChannelName, Locale, OutboundMessage } from './types.js';

/** What the engine needs from storage. One repository per transaction: a dialog step is atomic. */
export interface OfficialView {
  id: string;
  code: string;
  name: string;
  role: Role;
  /** a vice-chairman given the right to approve a period's figures (absent: no) */
  mayApprove?: boolean;
  organizationName: string;
  locale: Locale | null;
}

export interface ReportItem {
  indicatorId: string;
  code: string;
  name: string;
  category: string;
  unit: string;
  measure: Measure;
  targets: PlanTarget[];
  periodId: string;
  periodName: Message;
  cutoff: string;
  deadlineAt: Date;
  /** this official's answer for the period, when there is one */
  current: { value: string; note: string | null } | null;
  /** the value reported for the period before, by anyone assigned */
  previous: { value: string; periodName: Message } | null;
  /** the "Trong đó" around it in the same period, for the plausibility questions */
  parts?: PartsContext | undefined;
}

/** A period chosen from `/baocao`'s question, by id, or named by the official (`/baocao Q2`). */
export type PeriodWanted = PeriodRequest | { periodId: string };

/** A period the official owes figures for now (see periodsDue): what `/baocao` asks about. */
export interface DuePeriod {
  periodId: string;
  campaignId: string;
  campaignTitle: string;
  periodName: Message;
  deadlineAt: Date;
  /** figures still owed */
  missing: number;
}

export interface HistoryEntry {
  code: string;
  name: string;
  unit: string;
  measure: Measure;
  periodName: Message;
  value: string;
  note: string | null;
  revision: number;
  at: Date;
}

export type RedeemOutcome =
  | { status: 'linked'; official: OfficialView }
  | { status: 'already_linked'; official: OfficialView }
  | { status: 'invalid' | 'expired' | 'used' | 'chat_taken' };

export interface ChatRef {
  channel: ChannelName;
  chatId: string;
  userId: string;
}

export interface DialogRepository {
  /** false when this update was already processed */
  claimUpdate(channel: ChannelName, updateKey: string): Promise<boolean>;
  /** whether this update was processed already (read only: a redelivered document is not fetched again) */
  isProcessed(channel: ChannelName, updateKey: string): Promise<boolean>;
  /** the stored state JSON, locked for this transaction where the database can */
  loadState(chat: ChatRef): Promise<string | null>;
  saveState(chat: ChatRef, state: string): Promise<void>;
  /**
   * Writes the step's replies to the outbox, in this transaction (`payloads`: what the delivery worker
   * would send, without files or links; see src/dialog/durable-replies.ts); null when this store keeps
   * no outbox of replies, and the channel sends them from memory.
   */
  queueReplies(
    chat: ChatRef,
    input: { updateKey: string; officialId: string | null; locale: Locale; payloads: OutboundMessage[] },
  ): Promise<QueuedReplies | null>;
  officialFor(chat: ChatRef): Promise<OfficialView | null>;
  redeemInvite(code: string, chat: ChatRef, locale: Locale, now: Date): Promise<RedeemOutcome>;
  setLocale(chat: ChatRef, locale: Locale): Promise<void>;
  /**
   * every indicator assigned to the official, each with the period to report now (the one period still
   * owed, else periodToReport); with `period`, the period of that name whose data window has started
   * instead (see requestedPeriod), late or not, or the period of that id
   */
  reportItems(officialId: string, now: Date, period?: PeriodWanted): Promise<ReportItem[]>;
  /** the periods the official owes figures for now, plan by plan, in deadline order (see periodsDue) */
  duePeriods(officialId: string, now: Date): Promise<DuePeriod[]>;
  /** one indicator for one period, while it is still assigned to the official */
  reportItem(officialId: string, ref: { indicatorId: string; periodId: string }): Promise<ReportItem | null>;
  saveReport(input: {
    officialId: string;
    indicatorId: string;
    periodId: string;
    value: string;
    note: string | null | undefined;
    channel: ChannelName;
  }): Promise<{ status: 'created' | 'revised' | 'unchanged' | 'locked'; revision: number }>;
  /**
   * Several answers of one official at once (the batch answer), each with saveReport's outcome, in its
   * order; an answer for an approved period is `locked` and the others are stored.
   */
  saveReports(
    officialId: string,
    answers: readonly {
      indicatorId: string;
      periodId: string;
      value: string;
      note: string | null | undefined;
    }[],
    channel: ChannelName,
  ): Promise<{ status: 'created' | 'revised' | 'unchanged' | 'locked'; revision: number }[]>;
  recentReports(officialId: string, limit: number): Promise<HistoryEntry[]>;
  /** the official's next reminders (`/nhacnho`) */
  upcomingReminders(officialId: string, now: Date): Promise<UpcomingReminder[]>;
  /** pause the official's reminders up to and including a local date; null resumes them */
  pauseReminders(officialId: string, until: string | null): Promise<void>;
  remindersPausedUntil(officialId: string): Promise<string | null>;
  /** the progress of the official's organization: each plan running now, or the latest one */
  progress(officialId: string, now: Date): Promise<ProgressReportData[]>;
  /** `/xephang`: the emulation ranking of the plan running in the official's organization; null without a plan */
  ranking(officialId: string, now: Date): Promise<CommuneRankingData | null>;
  /**
   * A province user's `/tiendo`, rendered as lines: every commune of the province, or with a catalogue
   * code one indicator across them (docs/province.md). Read-only.
   */
  provinceView(officialId: string, now: Date, catalogCode: string | null): Promise<Line[]>;
  /**
   * Imports a reviewed plan file into the official's organization, inside this transaction: all of it
   * or, when the plan is refused, nothing.
   */
  importPlan(officialId: string, planYaml: string, now: Date): Promise<PlanImportOutcome>;
  /**
   * A new signed address of a web page for the official (replacing the one before of that purpose);
   * null when this installation offers no pages in the chat (no public address) or the official's role
   * may not open it.
   */
  webLink(officialId: string, purpose: WebLinkPurpose, now: Date, draftId?: string): Promise<string | null>;
  /** a short-lived public address of the official's progress chart (PNG); null as for webLink */
  chartImageUrl(officialId: string, now: Date): Promise<string | null>;
  /**
   * A step of a period's approval by this official (the office checks; the chairman approves, returns
   * with a note, reopens), with the rules of domain/approval; a refusal is a problem to show.
   */
  approvePeriod(
    officialId: string,
    input: { campaignCode: string; periodKey: string; action: ApprovalAction; note?: string },
    now: Date,
  ): Promise<ApprovalChatOutcome>;
  /**
   * The figures of a return (its approval event) that this official reported, to correct; empty when
   * the return is unknown, the period was approved or reopened since, or none of them is theirs.
   */
  returnedItems(officialId: string, eventId: string): Promise<ReportItem[]>;
  /**
   * The address of the page as a Telegram Mini App (`/tg/<purpose>`, signed by Telegram's initData, no
   * token of ours): only behind https, and null as for webLink otherwise.
   */
  miniAppUrl(officialId: string, purpose: WebLinkPurpose): Promise<string | null>;
  /** `/dangxuat`: ends every link, session and download address of the official; how many were open */
  revokeWebAccess(officialId: string, now: Date): Promise<number>;
  /**
   * a signed download address of the progress Excel report, for a channel that sends no files; bound
   * to the dashboard's purpose, expiring with the links; null as for webLink
   */
  spreadsheetUrl(officialId: string, now: Date): Promise<string | null>;
}

export type ApprovalChatOutcome =
  | { ok: true; period: Message; state: ApprovalState; returnedTo: number; unreachable: string[] }
  | { ok: false; problem: Message };

/** the pages the chat links to (src/services/web-links.ts WEB_PURPOSES) */
export type WebLinkPurpose = 'report' | 'dashboard' | 'draft';

export type PlanImportOutcome =
  | {
      ok: true;
      campaignTitle: string;
      indicators: { created: number; updated: number; removed: number };
      unassigned: number;
    }
  | { ok: false; problems: Message[] };

/** A plan file proposed to an administrator: extracted from a document, or an edited plan sent back. */
export interface PlanDraft {
  /** the draft as stored for the web's review page (PlanDraft row), when it was stored */
  id?: string;
  /** the plan file, as it would be imported */
  yaml: string;
  /** the name to send it under ("ke-hoach-2026.yaml") */
  fileName: string;
  origin: 'document' | 'plan';
  title: string | null;
  year: number | null;
  kind: 'annual' | 'sprint';
  start: string | null;
  end: string | null;
  indicators: number;
  booleans: number;
  /** indicators the reviewer must check first (low confidence), in document order */
  review: { line: number; name: string }[];
  /** indicators no one is assigned to yet */
  unassigned: number;
  /** a plan with the same code exists in the organization: importing updates it */
  replaces: boolean;
  /** what stops the draft from being imported as it is (the reviewer edits the file and sends it back) */
  problems: Message[];
  /** what of a long document was not read (pages after the limit, the end of very long lines) */
  notices?: Message[];
}

export type PlanDraftOutcome = { ok: true; draft: PlanDraft } | { ok: false; problem: Message };

/**
 * Reads a document an administrator sent: a plan to extract (Word, PDF, text) or an edited plan file
 * (YAML). Runs outside the conversation's transaction: reading a PDF takes time and holds no lock.
 */
export interface PlanDrafts {
  prepare(
    official: OfficialView,
    file: { name: string; bytes: Uint8Array },
    now: Date,
  ): Promise<PlanDraftOutcome>;
}

export interface DialogStore {
  transaction<T>(work: (repository: DialogRepository) => Promise<T>): Promise<T>;
  /** what became of the replies queued by `queueReplies`, recorded after the commit; absent with no outbox */
  replies?: ReplyLedger;
}

/** A step's replies, as the outbox holds them. */
export interface QueuedReplies {
  ids: string[];
  /** false: earlier replies to the chat are still unsent, and these were queued behind them */
  sendNow: boolean;
}

/** The outbox rows of a step's replies after the commit (ids from `queueReplies`). */
export interface ReplyLedger {
  /** Holds the rows while `send` runs, then records how many went out: those sent, the rest for the delivery worker. */
  deliver(ids: readonly string[], send: () => Promise<number>): Promise<void>;
}
