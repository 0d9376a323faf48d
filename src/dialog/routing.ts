import { RETURNED_TOKEN_PREFIX } from '../domain/approval/index.js';
import { startReturned } from './approval.js';
import { REPORT_NOW_TOKEN } from '../domain/reminders/index.js';
import { runCommand } from './commands.js';
import { unregistered } from './onboarding.js';
import { mayEditPlans, onDocument } from './plan-upload.js';
import { actionOf, line, reply } from './replies.js';
import { startReporting } from './reporting.js';
import { handlersOf, pendingQuestion } from './state-handlers.js';
import type { Outcome, Turn } from './turn.js';
import type { OutboundMessage } from './types.js';

/**
 * One inbound event → its outcome: commands by the command table (`commands.ts`), buttons and text by
 * the handlers of the state the chat is in (`state-handlers.ts`).
 */

/**
 * `before`, then the pending question again. The state only changes when the indicator being asked
 * left the plan meanwhile (the next one is asked instead).
 */
async function repeat(
  turn: Turn,
  before: OutboundMessage,
  extra: Pick<Outcome, 'staleChoice'> = {},
): Promise<Outcome> {
  const again = await pendingQuestion(turn);
  return { ...again, ...extra, replies: [before, ...again.replies] };
}

function stale(turn: Turn): Promise<Outcome> {
  return repeat(turn, reply([line('dialog:stale')]), { staleChoice: true });
}

async function onChoice(turn: Turn, token: string): Promise<Outcome> {
  const { state } = turn;
  if (!turn.official) return unregistered(turn);
  // A reminder's "Báo cáo ngay" is not tied to a question: it always starts a report.
  if (token === REPORT_NOW_TOKEN) return startReporting(turn);
  // Figures the chairman sent back: a correction of those, each asked with its current value.
  if (token.startsWith(RETURNED_TOKEN_PREFIX))
    return startReturned(turn, token.slice(RETURNED_TOKEN_PREFIX.length));
  // A state that asks nothing has no nonce: every button is stale there.
  if (!('nonce' in state)) return stale(turn);
  const action = actionOf(token, state.nonce);
  if (action === null) return stale(turn);
  const outcome = await handlersOf(state.name).choice(turn, state, action);
  return outcome ?? stale(turn);
}

async function onText(turn: Turn, text: string): Promise<Outcome> {
  if (!turn.official) return unregistered(turn);
  return handlersOf(turn.state.name).text(turn, turn.state, text);
}

export async function route(turn: Turn): Promise<Outcome> {
  const { input } = turn.event;
  switch (input.kind) {
    case 'command':
      return runCommand(turn, input.command, input.args);
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
