import { REPORT_NOW_TOKEN } from '../domain/reminders/index.js';
import { askLanguage, help, myHistory, myIndicators, setLanguage } from './info.js';
import { redeem, unregistered } from './onboarding.js';
import { onProgressChoice, showProgress } from './progress.js';
import { onRemindersChoice, showReminders } from './reminders.js';
import { mayEditPlans, onDocument, onPlanReviewChoice, planReviewText, PLAN_EDITORS } from './plan-upload.js';
import type { DialogStore, PlanDrafts } from './ports.js';
import { actionOf, echo, line, reply } from './replies.js';
import {
  onPick,
  onReportingChoice,
  onReportingText,
  reAsk,
  startReporting,
  stopReporting,
} from './reporting.js';
import { IDLE, MAX_PLAN_FILE_CHARS, parseState, type DialogState } from './state.js';
import type { Outcome, PendingFile, PreparedUpload, Renderers, Turn } from './turn.js';
import type { ChatRef } from './ports.js';
import type {
  DialogEngine,
  DialogResult,
  InboundDocument,
  InboundEvent,
  Locale,
  OutboundMessage,
} from './types.js';

export interface EngineOptions {
  store: DialogStore;
  timeZone: string;
  defaultLocale: Locale;
  now?: () => Date;
  /** a short random string; each question with buttons gets a new one */
  nonce: () => string;
  /** the chart and Excel renderers; without them /tiendo offers no file */
  renderers?: Renderers;
  /** reads the plan documents administrators send; without it a document is answered as unsupported */
  plans?: PlanDrafts;
  /** the largest document read, in bytes (default 10 MB; Telegram lets bots download 20 MB) */
  maxDocumentBytes?: number;
}

export const DEFAULT_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** The platform's language hint, while the official has not chosen: Vietnamese unless it says English. */
function localeFrom(hint: string | undefined, fallback: Locale): Locale {
  if (!hint) return fallback;
  return hint.toLowerCase().startsWith('en') ? 'en' : hint.toLowerCase().startsWith('vi') ? 'vi' : fallback;
}

/**
 * What was being asked, again: after a stale button, an unsupported message or a stray text. The state
 * only changes when the indicator being asked left the plan meanwhile (the next one is asked instead).
 */
async function pendingQuestion(turn: Turn, state: DialogState): Promise<Outcome> {
  switch (state.name) {
    case 'reporting':
      return reAsk(turn, state);
    case 'picking':
    case 'language':
      return { state, replies: [reply([line('dialog:use_buttons')])] };
    case 'plan_review':
      return planReviewText(state);
    default:
      return { state, replies: [] };
  }
}

/** `before`, then the pending question again. */
async function repeat(
  turn: Turn,
  before: OutboundMessage,
  extra: Pick<Outcome, 'staleChoice'> = {},
): Promise<Outcome> {
  const again = await pendingQuestion(turn, turn.state);
  return { ...again, ...extra, replies: [before, ...again.replies] };
}

function stale(turn: Turn): Promise<Outcome> {
  return repeat(turn, reply([line('dialog:stale')]), { staleChoice: true });
}

async function onCommand(turn: Turn, command: string, args: string): Promise<Outcome> {
  if (command === 'start' || command === 'dangky') {
    if (args.trim() || (command === 'dangky' && !turn.official)) return redeem(turn, args);
    if (!turn.official) return unregistered(turn);
    return {
      state: turn.state,
      replies: [
        reply([line('dialog:welcome', { name: turn.official.name }, 'title')]),
        ...help(turn).replies,
      ],
    };
  }
  if (!turn.official) return unregistered(turn);
  switch (command) {
    case 'baocao':
      return startReporting(turn);
    case 'huy':
      if (turn.state.name === 'reporting') return stopReporting(turn.state);
      return {
        state: { name: 'idle' },
        replies: [reply([line(turn.state.name === 'idle' ? 'dialog:cancel.nothing' : 'dialog:cancel.done')])],
      };
    case 'chitieu':
      return myIndicators(turn);
    case 'lichsu':
      return myHistory(turn);
    case 'trogiup':
    case 'help':
      return help(turn);
    case 'ngonngu':
    case 'language':
      return askLanguage(turn);
    case 'tiendo':
      return showProgress(turn, args);
    case 'nhacnho':
      return showReminders(turn, args);
    default:
      return {
        state: turn.state,
        replies: [reply([line('dialog:unknown_command', { command: echo(command) })])],
      };
  }
}

async function onChoice(turn: Turn, token: string): Promise<Outcome> {
  const { state } = turn;
  if (!turn.official) return unregistered(turn);
  // A reminder's "Báo cáo ngay" is not tied to a question: it always starts a report.
  if (token === REPORT_NOW_TOKEN) return startReporting(turn);
  if (state.name === 'idle') return stale(turn);
  const action = actionOf(token, state.nonce);
  if (action === null) return stale(turn);
  const outcome =
    state.name === 'reporting'
      ? await onReportingChoice(turn, state, action)
      : state.name === 'picking'
        ? await onPick(turn, state.options, action)
        : state.name === 'progress'
          ? await onProgressChoice(turn, state, action)
          : state.name === 'reminders'
            ? await onRemindersChoice(turn, state, action)
            : state.name === 'plan_review'
              ? await onPlanReviewChoice(turn, state, action)
              : await setLanguage(turn, action);
  return outcome ?? stale(turn);
}

async function onText(turn: Turn, text: string): Promise<Outcome> {
  if (!turn.official) return unregistered(turn);
  const { state } = turn;
  if (state.name === 'reporting') return onReportingText(turn, state, text);
  if (state.name === 'plan_review') return planReviewText(state);
  if (state.name === 'idle' || state.name === 'progress' || state.name === 'reminders')
    return { state: IDLE, replies: [reply([line('dialog:idle_text')])] };
  return pendingQuestion(turn, state);
}

async function route(turn: Turn): Promise<Outcome> {
  const { input } = turn.event;
  switch (input.kind) {
    case 'command':
      return onCommand(turn, input.command, input.args);
    case 'choice':
      return onChoice(turn, input.token);
    case 'text':
      return onText(turn, input.text);
    case 'document':
      // Only the office and the chairman give the bot plans; anyone else is told so, and asked again
      // what was pending (an official mid-report may have sent a file by mistake).
      if (turn.official && !mayEditPlans(turn)) return repeat(turn, reply([line('dialog:plan.not_allowed')]));
      return onDocument(turn);
    case 'unsupported':
      if (!turn.official) return unregistered(turn);
      return repeat(turn, reply([line('dialog:unsupported')]));
  }
}

/**
 * The conversation engine, the same for every channel. Each event is one database transaction:
 * the update is claimed (a duplicate delivery changes nothing), the chat's state read and locked,
 * the answer stored, the new state written. Either all of it happens or none.
 */
export function createDialogEngine(options: EngineOptions): DialogEngine {
  const now = options.now ?? (() => new Date());
  const maxDocumentBytes = options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;

  /**
   * Reads a document before the step's transaction: downloading and reading a PDF takes seconds and
   * must hold no lock. Only for someone who may send plans: nothing is downloaded for anyone else.
   */
  async function prepareUpload(
    chat: ChatRef,
    updateKey: string,
    document: InboundDocument,
  ): Promise<PreparedUpload> {
    const plans = options.plans;
    if (!plans) return { status: 'unavailable' };
    const { official, processed } = await options.store.transaction(async (repo) => ({
      official: await repo.officialFor(chat),
      processed: await repo.isProcessed(chat.channel, updateKey),
    }));
    // A redelivered update is dropped by the step's claim anyway: its file is not fetched again.
    if (processed) return { status: 'unavailable' };
    if (!official || !PLAN_EDITORS.has(official.role)) return { status: 'refused' };
    const tooLarge = {
      status: 'problem',
      problem: { key: 'dialog:plan.too_large', params: { mb: Math.floor(maxDocumentBytes / 1024 / 1024) } },
    } as const;
    if (document.size !== null && document.size > maxDocumentBytes) return tooLarge;
    let bytes: Uint8Array;
    try {
      bytes = await document.read();
    } catch {
      return { status: 'problem', problem: { key: 'dialog:plan.download_failed' } };
    }
    if (bytes.byteLength > maxDocumentBytes) return tooLarge;
    const outcome = await plans.prepare(official, { name: document.name, bytes }, now());
    if (!outcome.ok) return { status: 'problem', problem: outcome.problem };
    // The draft is kept in the conversation's state, whose schema caps it: a bigger one would be lost at the next step.
    if (outcome.draft.yaml.length > MAX_PLAN_FILE_CHARS) {
      return {
        status: 'problem',
        problem: { key: 'dialog:plan.draft_too_long', params: { indicators: outcome.draft.indicators } },
      };
    }
    return { status: 'draft', draft: outcome.draft };
  }

  return {
    async handle(event: InboundEvent): Promise<DialogResult> {
      const upload =
        event.input.kind === 'document'
          ? await prepareUpload(
              { channel: event.channel, chatId: event.chatId, userId: event.userId },
              event.updateKey,
              event.input.document,
            )
          : undefined;
      const { result, files } = await options.store.transaction(
        async (repo): Promise<{ result: DialogResult; files: PendingFile[] }> => {
          const chat = { channel: event.channel, chatId: event.chatId, userId: event.userId };
          const fallbackLocale = localeFrom(event.languageCode, options.defaultLocale);
          if (!(await repo.claimUpdate(event.channel, event.updateKey))) {
            return { result: { locale: fallbackLocale, replies: [], duplicate: true }, files: [] };
          }
          const official = await repo.officialFor(chat);
          const stored = await repo.loadState(chat);
          const state = parseState(stored);
          const turn: Turn = {
            repo,
            event,
            chat,
            official,
            locale: official?.locale ?? fallbackLocale,
            now: now(),
            timeZone: options.timeZone,
            state,
            newNonce: options.nonce,
            renderers: options.renderers ?? null,
            ...(upload ? { upload } : {}),
          };
          const outcome = await route(turn);
          const next = JSON.stringify(outcome.state);
          // An idle chat that never had a state needs no row (unknown users write nothing).
          if (next !== (stored ?? JSON.stringify(IDLE))) await repo.saveState(chat, next);
          return {
            result: {
              locale: outcome.locale ?? turn.locale,
              replies: outcome.replies,
              duplicate: false,
              ...(outcome.staleChoice ? { staleChoice: true } : {}),
            },
            files: outcome.files ?? [],
          };
        },
      );
      for (const file of files) {
        const reply = result.replies[file.reply];
        if (reply)
          reply.file = {
            kind: file.kind,
            name: file.name,
            bytes: await file.render(),
            ...(file.fallback ? { fallback: file.fallback } : {}),
          };
      }
      return result;
    },
  };
}
