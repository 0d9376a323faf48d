import type { OutboundMessage } from '../domain/message.js';
import type { Turn } from './turn.js';

/** The pages offered in the chat, and their button's words. */
const LABELS = {
  report: 'dialog:web.report',
  dashboard: 'dialog:web.dashboard',
  draft: 'dialog:web.draft',
} as const;

/**
 * The message with a signed link to one of the official's web pages, when the installation offers them
 * (the repository answers null without a public address): the chat stays complete without the web.
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
  const url = await turn.repo.webLink(turn.official.id, purpose, turn.now, draftId);
  return url ? { ...message, link: { label: { key: LABELS[purpose] }, url } } : message;
}
