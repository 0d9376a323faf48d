import type { Message } from '../../domain/message.js';
import { extractPlan } from '../../domain/plan-extraction/index.js';
import type { Translate } from '../../i18n.js';
import { readPlanDocument, type DocumentText } from '../plan-document/index.js';
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
  options: { today: string; context: DraftContext; t: Translate },
): Promise<DocumentDraftResult> {
  const document = await readPlanDocument(bytes, fileName);
  if (!document.ok) return document;
  const extracted = extractPlan({ lines: document.lines, today: options.today });
  const built = buildPlanDraft(extracted, options.context, options.t);
  return built.ok ? { ok: true, draft: built.draft, document } : built;
}
