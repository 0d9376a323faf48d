import { approvalNotePending, onApprovalNote } from './approval.js';
import { batchPending, cancelBatch, onBatchChoice, onBatchText } from './batch.js';
import { setLanguage } from './info.js';
import { onPlanReviewChoice, planReviewText } from './plan-upload.js';
import { onProgressChoice } from './progress.js';
import { onRemindersChoice } from './reminders.js';
import { line, reply } from './replies.js';
import {
  onPeriodChoice,
  onPick,
  onReportingChoice,
  onReportingText,
  reAsk,
  stopReporting,
} from './reporting.js';
import { IDLE, type DialogState } from './state.js';
import type { Outcome, Turn } from './turn.js';

/** A persisted state's name, and the state of that name. */
export type StateKind = DialogState['name'];
export type StateOf<K extends StateKind> = Extract<DialogState, { name: K }>;

type Result<T> = T | Promise<T>;

/**
 * What a state does with each input the engine hands it. A turn reaches these only from a linked
 * official; commands never do (they are routed by the command table, `/huy` through `cancel`).
 */
export interface StateHandlers<K extends StateKind> {
  /**
   * A button of the question this state asked, its nonce already checked: the outcome, or null for an
   * action that question did not offer (answered as a stale button). A state that asks nothing
   * returns null for everything.
   */
  choice: (turn: Turn, state: StateOf<K>, action: string) => Result<Outcome | null>;
  /** Text typed in this state (neither a command nor a choice). */
  text: (turn: Turn, state: StateOf<K>, text: string) => Result<Outcome>;
  /** What this state asks, again: after a stale button, a refused file or an unsupported message. */
  pending: (turn: Turn, state: StateOf<K>) => Result<Outcome>;
  /** `/huy` in this state. */
  cancel: (turn: Turn, state: StateOf<K>) => Result<Outcome>;
}

/** Nothing is asked: nothing to repeat. */
function nothingPending(_turn: Turn, state: DialogState): Outcome {
  return { state, replies: [] };
}

/** A question answered only by its buttons (or, without buttons, by their number or words). */
function asksButtons(_turn: Turn, state: DialogState): Outcome {
  return { state, replies: [reply([line('dialog:use_buttons')])] };
}

/** Text when no answer is awaited: how to start, and whatever was being browsed is closed. */
function idleText(): Outcome {
  return { state: IDLE, replies: [reply([line('dialog:idle_text')])] };
}

function cancelled(): Outcome {
  return { state: IDLE, replies: [reply([line('dialog:cancel.done')])] };
}

/**
 * Every state's handlers. Mapped over the states' names: a state added to `stateSchema` does not
 * compile until it has its four handlers here.
 */
export const STATE_HANDLERS: { [K in StateKind]: StateHandlers<K> } = {
  idle: {
    choice: () => null,
    text: idleText,
    pending: nothingPending,
    cancel: () => ({ state: IDLE, replies: [reply([line('dialog:cancel.nothing')])] }),
  },
  reporting: {
    choice: onReportingChoice,
    text: onReportingText,
    pending: reAsk,
    cancel: (_turn, state) => stopReporting(state),
  },
  batch: {
    choice: onBatchChoice,
    text: onBatchText,
    pending: batchPending,
    cancel: cancelBatch,
  },
  picking: {
    choice: (turn, state, action) => onPick(turn, state.options, action),
    text: asksButtons,
    pending: asksButtons,
    cancel: cancelled,
  },
  choosing_period: {
    choice: (turn, state, action) => onPeriodChoice(turn, state.periods, action),
    text: asksButtons,
    pending: asksButtons,
    cancel: cancelled,
  },
  language: {
    choice: (turn, _state, action) => setLanguage(turn, action),
    text: asksButtons,
    pending: asksButtons,
    cancel: cancelled,
  },
  progress: {
    choice: onProgressChoice,
    text: idleText,
    pending: nothingPending,
    cancel: cancelled,
  },
  approval_note: {
    choice: () => null,
    text: onApprovalNote,
    pending: approvalNotePending,
    cancel: cancelled,
  },
  reminders: {
    choice: onRemindersChoice,
    text: idleText,
    pending: nothingPending,
    cancel: cancelled,
  },
  plan_review: {
    choice: onPlanReviewChoice,
    text: (_turn, state) => planReviewText(state),
    pending: (_turn, state) => planReviewText(state),
    cancel: cancelled,
  },
};

/** The handlers of `state`, typed for it: the map's entry for its name. */
export function handlersOf<K extends StateKind>(kind: K): StateHandlers<K> {
  return STATE_HANDLERS[kind];
}

/** What the current state asks, again. */
export async function pendingQuestion(turn: Turn): Promise<Outcome> {
  return handlersOf(turn.state.name).pending(turn, turn.state);
}
