import type { OutboundMessage } from '../domain/message.js';
import { capabilitiesOf } from './channel-capabilities.js';
import { line, reply } from './replies.js';
import type { Outcome, Turn } from './turn.js';

/** The pages offered in the chat, and their button's words. */
const LABELS = {
  report: 'dialog:web.report',
  dashboard: 'dialog:web.dashboard',
  draft: 'dialog:web.draft',
} as const;

/**
 * The message with a signed link to one of the official's web pages, when the installation offers them
 * (the repository answers null without a public address): the chat stays complete without the web.
 * A channel with Mini Apps gets the page as one when the installation is behind https: Telegram signs
 * who opens it, so no token of ours is minted.
 */
export async function withWebLink(
  turn: Turn,
  message: OutboundMessage,
  purpose: keyof typeof LABELS,
  /** the stored plan draft a `draft` link opens */
  draftId?: string,
): Promise<OutboundMessage> {
  if (!turn.official) return message;
  if (purpose === 'draft' && !draftId) return message;
  const label = { key: LABELS[purpose] };
  if (purpose !== 'draft' && capabilitiesOf(turn.chat.channel).miniApps) {
    const miniApp = await turn.repo.miniAppUrl(turn.official.id, purpose);
    if (miniApp) return { ...message, link: { label, url: miniApp, miniApp: true } };
  }
  const url = await turn.repo.webLink(turn.official.id, purpose, turn.now, draftId);
  return url ? { ...message, link: { label, url } } : message;
}

/**
 * `/dangxuat`: every link and web session of the official ends now (a phone lost, a link forwarded by
 * mistake); what was opened shows only "ask for a new link in the chat". The conversation goes on.
 */
export async function signOutOfWeb(turn: Turn): Promise<Outcome> {
  if (!turn.official) throw new Error('needs a linked official');
  const revoked = await turn.repo.revokeWebAccess(turn.official.id, turn.now);
  return {
    state: turn.state,
    replies: [reply([line(revoked > 0 ? 'dialog:signout.done' : 'dialog:signout.none', { count: revoked })])],
  };
}
