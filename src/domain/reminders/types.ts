import type { Status } from '../progress/types.js';
import type { LocalDate, WorkingCalendar } from '../calendar/index.js';
import type { Message, OutboundMessage } from '../message.js';

/** `'HH:mm'` local to the campaign's time zone; `start` inclusive, `end` exclusive. */
export interface OfficeHours {
  start: string;
  end: string;
}

export interface ReminderPeriod {
  id: string;
  /** `2024-Q3`, `CP2`: readable, used in the `countdown-<key>` step */
  key: string;
  name: Message;
  cutoff: LocalDate;
  deadlineAt: Date;
  position: number;
  /** approved (services/approval.ts): its figures are locked, nobody is asked for them */
  locked?: boolean;
}

export interface ReminderAssignment {
  indicatorId: string;
  code: string;
  name: string;
  /** flagged by the progress evaluation (behind, at risk, over the limit); drives the sprint's last-days nudges */
  atRisk?: boolean;
  /** the status `/tiendo` shows for it, which the nudge repeats word for word */
  status?: Status;
  /** from when the official owes its figures (domain/indicators/owed.ts); absent: the plan's start */
  owedSince?: Date;
}

export interface ReminderOfficial {
  id: string;
  code: string;
  name: string;
  /** the unit the chairman's digest groups by; null or absent: listed under "no unit" */
  unit?: { code: string; name: string } | null;
  /** no reminders up to and including this local date */
  pausedUntil: LocalDate | null;
  /** no chat linked (or the platform refuses): nothing can be delivered */
  unreachable: boolean;
  assigned: ReminderAssignment[];
}

export interface ReminderCampaign {
  kind: 'annual' | 'sprint';
  start: LocalDate;
  end: LocalDate;
}

export interface ReminderOptions {
  /** days before the deadline's local date of the `d<N>` steps, besides `d0` on the day */
  daysBefore: readonly number[];
  /** most `late-YYYY-MM-DD` steps (working days) after a deadline */
  maxLateDays: number;
  /** sprints: the daily at-risk nudges run over this many last days of the campaign */
  nudgeDays: number;
  /** most indicators listed in one message; the rest are counted */
  maxListed: number;
}

/**
 * The answers given, period id → indicator id → the ids of the officials who answered: what a
 * province's tick passes, since looking up 90,000 assignments through built string keys was a good
 * part of its time.
 */
export type ReportedIndex = ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;

export interface ReminderInput {
  at: Date;
  timeZone: string;
  calendar: WorkingCalendar;
  /** default DEFAULT_OFFICE_HOURS, 07:30–17:00 */
  officeHours?: OfficeHours;
  campaign: ReminderCampaign;
  periods: readonly ReminderPeriod[];
  officials: readonly ReminderOfficial[];
  /** every answer given: `reportedKey(periodId, indicatorId, officialId)` of each, or indexed (see ReportedIndex) */
  reported: ReadonlySet<string> | readonly string[] | ReportedIndex;
  /** reminder keys already queued (the queue's unique column) */
  sent: ReadonlySet<string>;
  options?: Partial<ReminderOptions>;
}

export type ReminderKind = 'deadline' | 'kickoff' | 'countdown' | 'nudge';

export interface DueReminder {
  /** `<officialId>:<periodId>:<step>`, stable: the delivery queue keeps it unique */
  key: string;
  officialId: string;
  periodId: string;
  /** `d7` `d3` `d1` `d0` `late-YYYY-MM-DD` `kickoff` `countdown-<periodKey>` `nudge-YYYY-MM-DD` */
  step: string;
  kind: ReminderKind;
  /** what the message lists: unreported indicators, or for a nudge the at-risk ones */
  missing: { code: string; name: string }[];
  message: OutboundMessage;
}

export interface UpcomingReminder {
  key: string;
  periodId: string;
  periodName: Message;
  step: string;
  kind: ReminderKind;
  /** the working day it is planned for, sent from the start of office hours */
  date: LocalDate;
  at: Date;
  /** for a step before the deadline: the days from `date` to the deadline's day, as the message counts them */
  daysBefore: number | null;
}

export interface ChairmanDigest {
  /** `digest:<periodId>` */
  key: string;
  periodId: string;
  message: OutboundMessage;
}
