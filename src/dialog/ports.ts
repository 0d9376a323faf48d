import type { Message } from '../domain/message.js';
import type { Measure, PlanTarget, Role } from '../domain/plan/plan.js';
import type { UpcomingReminder } from '../domain/reminders/index.js';
import type { ProgressReportData } from '../domain/progress/index.js';
import type { ChannelName, Locale } from './types.js';

/** What the engine needs from storage. One repository per transaction: a dialog step is atomic. */
export interface OfficialView {
  id: string;
  code: string;
  name: string;
  role: Role;
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
  /** the stored state JSON, locked for this transaction where the database can */
  loadState(chat: ChatRef): Promise<string | null>;
  saveState(chat: ChatRef, state: string): Promise<void>;
  officialFor(chat: ChatRef): Promise<OfficialView | null>;
  redeemInvite(code: string, chat: ChatRef, locale: Locale, now: Date): Promise<RedeemOutcome>;
  setLocale(chat: ChatRef, locale: Locale): Promise<void>;
  /** every indicator assigned to the official, each with the period to report now (see periodToReport) */
  reportItems(officialId: string, now: Date): Promise<ReportItem[]>;
  /** one indicator for one period, while it is still assigned to the official */
  reportItem(officialId: string, ref: { indicatorId: string; periodId: string }): Promise<ReportItem | null>;
  saveReport(input: {
    officialId: string;
    indicatorId: string;
    periodId: string;
    value: string;
    note: string | null | undefined;
    channel: ChannelName;
  }): Promise<{ status: 'created' | 'revised' | 'unchanged'; revision: number }>;
  recentReports(officialId: string, limit: number): Promise<HistoryEntry[]>;
  /** the official's next reminders (`/nhacnho`) */
  upcomingReminders(officialId: string, now: Date): Promise<UpcomingReminder[]>;
  /** pause the official's reminders up to and including a local date; null resumes them */
  pauseReminders(officialId: string, until: string | null): Promise<void>;
  remindersPausedUntil(officialId: string): Promise<string | null>;
  /** the progress of the official's organization: each plan running now, or the latest one */
  progress(officialId: string, now: Date): Promise<ProgressReportData[]>;
}

export interface DialogStore {
  transaction<T>(work: (repository: DialogRepository) => Promise<T>): Promise<T>;
}
