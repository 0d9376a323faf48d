import { APPROVAL_ACTIONS, availableActions, type ApprovalAction } from '../domain/approval/index.js';
import type { ProgressReportData } from '../domain/progress/index.js';
import { choice, line, reply, safeText } from './replies.js';
import { startCorrecting } from './reporting.js';
import type { DialogState } from './state.js';
import type { Outcome, Turn } from './turn.js';
import type { Choice } from './types.js';

/**
 * The approval of a period in the chat: under the chairman's `/tiendo`, once a period's deadline has
 * passed, the buttons of the steps this person may take ("Duyệt số liệu Quý III/2026", "Trả lại để
 * sửa"…); a return asks for its reason in a message of its own.
 */

type ProgressState = Extract<DialogState, { name: 'progress' }>;
type NoteState = Extract<DialogState, { name: 'approval_note' }>;

const PREFIX = 'ap.';

export function approvalButtons(turn: Turn, nonce: string, data: ProgressReportData): Choice[][] {
  const { official } = turn;
  if (!official || !data.approval) return [];
  const actions = availableActions(data.approval.state, {
    role: official.role,
    mayApprove: official.mayApprove ?? false,
  });
  const period = data.approval.period;
  return actions.length > 0
    ? [actions.map((action) => choice(nonce, `${PREFIX}${action}`, `approval:action.${action}`, { period }))]
    : [];
}

function actionOfChoice(action: string): ApprovalAction | null {
  if (!action.startsWith(PREFIX)) return null;
  const named = action.slice(PREFIX.length);
  return APPROVAL_ACTIONS.find((a) => a === named) ?? null;
}

/** A pressed approval button of the summary; null for any other action of the progress state. */
export async function onApprovalChoice(
  turn: Turn,
  state: ProgressState,
  action: string,
  data: ProgressReportData,
): Promise<Outcome | null> {
  const step = actionOfChoice(action);
  if (step === null || !data.approval || !turn.official) return null;
  const target = { campaignCode: data.campaign.code, periodKey: data.approval.periodKey };
  if (step === 'return')
    return {
      state: { name: 'approval_note', ...target },
      replies: [reply([line('approval:ask_note', { period: data.approval.period })])],
    };
  return approvalDone(
    turn,
    await turn.repo.approvePeriod(turn.official.id, { ...target, action: step }, turn.now),
    state,
  );
}

async function approvalDone(
  turn: Turn,
  outcome: Awaited<ReturnType<Turn['repo']['approvePeriod']>>,
  state: DialogState,
  action?: ApprovalAction,
): Promise<Outcome> {
  if (!outcome.ok) return { state, replies: [reply([outcome.problem])] };
  const done = action ?? stepOf(outcome.state);
  const lines = [line(`approval:done.${done}`, { period: outcome.period, count: outcome.returnedTo })];
  if (outcome.unreachable.length > 0)
    lines.push(line('approval:unreachable', { codes: outcome.unreachable.join(', ') }, 'muted'));
  return { state: { name: 'idle' }, replies: [reply(lines)] };
}

function stepOf(state: string): ApprovalAction {
  if (state === 'checked') return 'check';
  if (state === 'approved') return 'approve';
  if (state === 'returned') return 'return';
  return 'reopen';
}

/** The reason of a return, typed: the figures go back with it. */
export async function onApprovalNote(turn: Turn, state: NoteState, text: string): Promise<Outcome> {
  if (!turn.official) return { state: { name: 'idle' }, replies: [] };
  const note = safeText(text).trim();
  if (note === '') return approvalNotePending(turn, state);
  const outcome = await turn.repo.approvePeriod(
    turn.official.id,
    { campaignCode: state.campaignCode, periodKey: state.periodKey, action: 'return', note },
    turn.now,
  );
  return approvalDone(turn, outcome, outcome.ok ? state : { name: 'idle' }, 'return');
}

export function approvalNotePending(_turn: Turn, state: NoteState): Outcome {
  return { state, replies: [reply([line('approval:ask_note_again')])] };
}

/** The button of a return's message: the official's figures that were sent back, to correct. */
export async function startReturned(turn: Turn, eventId: string): Promise<Outcome> {
  if (!turn.official) return { state: turn.state, replies: [] };
  const items = await turn.repo.returnedItems(turn.official.id, eventId);
  if (items.length === 0)
    return { state: { name: 'idle' }, replies: [reply([line('approval:returned_none')])] };
  return startCorrecting(turn, items, [reply([line('approval:correcting', { count: items.length })])]);
}
