import { line, reply } from './replies.js';
import type { Outcome, Turn } from './turn.js';

/** `/start CODE` or `/dangky CODE`: links this chat to the official the invite was made for. */
export async function redeem(turn: Turn, code: string): Promise<Outcome> {
  if (!code.trim()) return { state: turn.state, replies: [reply([line('dialog:onboarding.code_missing')])] };
  const outcome = await turn.repo.redeemInvite(code, turn.chat, turn.locale, turn.now);
  switch (outcome.status) {
    case 'linked':
    case 'already_linked':
      return {
        state: { name: 'idle' },
        replies: [
          reply([
            line(
              `dialog:onboarding.${outcome.status}`,
              { name: outcome.official.name, organization: outcome.official.organizationName },
              'title',
            ),
            line('dialog:onboarding.next'),
          ]),
        ],
      };
    default:
      return { state: turn.state, replies: [reply([line(`dialog:onboarding.${outcome.status}`)])] };
  }
}

/** Anyone not linked learns how to be, and nothing else. */
export function unregistered(turn: Turn): Outcome {
  return {
    state: turn.state,
    replies: [reply([line('dialog:onboarding.unregistered', {}, 'title'), line('dialog:onboarding.how')])],
  };
}
