import type { Message } from '../../domain/message.js';
import type { Translate } from '../../i18n.js';
import type { DocumentText } from '../plan-document/index.js';
import { createDocumentReader, type DocumentReader } from '../plan-document/reader.js';
import { buildPlanDraft } from './build.js';
import type { DraftContext, PlanDraft } from './types.js';

export type DocumentDraftResult =
  { ok: true; draft: PlanDraft; document: DocumentText } | { ok: false; code: string; message: Message };

/**
 * A plan document all the way to a draft: read (Word, PDF, text), extracted, built. Whatever stops
 * it (an unreadable file, a scan, a text with no indicator) comes back as a message for the sender.
 */
export async function draftFromDocument(
  bytes: Uint8Array,
  fileName: string,
  options: { today: string; context: DraftContext; t: Translate; reader?: DocumentReader },
): Promise<DocumentDraftResult> {
  // read and extracted in a worker thread, within memory and time limits (issue 14)
  const read = await (options.reader ?? createDocumentReader()).read(bytes, fileName, options.today);
  if (!read.ok) return read;
  const built = buildPlanDraft(read.extracted, options.context, options.t);
  return built.ok ? { ok: true, draft: built.draft, document: read.document } : built;
}
