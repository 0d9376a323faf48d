import type { DialogState } from './state.js';
import type { Message } from '../domain/message.js';
import type { ChatRef, DialogRepository, OfficialView, PlanDraft } from './ports.js';
import type { ProgressReportData } from '../domain/progress/index.js';
import type { CommuneRankingData } from '../domain/ranking/index.js';
import type { InboundEvent, Line, Locale, OutboundMessage } from './types.js';

/** Everything a handler needs for one inbound event. */
export interface Turn {
  repo: DialogRepository;
  event: InboundEvent;
  chat: ChatRef;
  official: OfficialView | null;
  locale: Locale;
  now: Date;
  timeZone: string;
  state: DialogState;
  newNonce(): string;
  renderers: Renderers | null;
  /** for a document: what was read from it before the transaction */
  upload?: PreparedUpload;
}

/** A document, read before the step's transaction (reading a PDF takes time and needs no lock). */
export type PreparedUpload =
  /** the sender may not send plans: nothing was downloaded */
  | { status: 'refused' }
  /** this installation reads no plan documents */
  | { status: 'unavailable' }
  | { status: 'problem'; problem: Message }
  | { status: 'draft'; draft: PlanDraft };

/** The chart and the Excel report, given by the composition root (they need libraries the engine may not import). */
export interface Renderers {
  /** the chart's pictures: one, or its pages in order when it is too long for one */
  chart(data: ProgressReportData, locale: Locale): Promise<Uint8Array[]>;
  spreadsheet(data: ProgressReportData, locale: Locale, generatedAt: Date): Promise<Uint8Array>;
  /** the year-end evaluation sheet (`/xephang`); absent: the ranking is sent as text only */
  evaluation?: (data: CommuneRankingData, locale: Locale, generatedAt: Date) => Promise<Uint8Array>;
}

/** A file to render once the step's transaction has committed (rendering takes time, holds no lock). */
export interface PendingFile {
  /** the reply it goes with, by index in `replies` */
  reply: number;
  kind: 'photo' | 'document';
  name: string;
  /** the file, or the pages of a picture too long for one */
  render(): Promise<Uint8Array[]>;
  fallback?: Line[];
  url?: string;
}

export interface Outcome {
  state: DialogState;
  replies: OutboundMessage[];
  /** the language the official chose during this turn */
  locale?: Locale;
  staleChoice?: boolean;
  files?: PendingFile[];
}
