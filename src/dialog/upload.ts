import { PLAN_EDITORS } from './plan-upload.js';
import type { ChatRef, DialogStore, PlanDrafts } from './ports.js';
import { MAX_PLAN_FILE_CHARS } from './state.js';
import type { PreparedUpload } from './turn.js';
import type { InboundDocument } from './types.js';

export interface UploadOptions {
  store: DialogStore;
  plans: PlanDrafts | undefined;
  maxDocumentBytes: number;
  now: () => Date;
}

/**
 * Reads a document before the step's transaction: downloading and reading a PDF takes seconds and
 * must hold no lock. Only for someone who may send plans: nothing is downloaded for anyone else.
 */
export async function prepareUpload(
  options: UploadOptions,
  chat: ChatRef,
  updateKey: string,
  document: InboundDocument,
): Promise<PreparedUpload> {
  const { plans, maxDocumentBytes } = options;
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
  const outcome = await plans.prepare(official, { name: document.name, bytes }, options.now());
  if (!outcome.ok) return { status: 'problem', problem: outcome.problem };
  // The draft is kept in the conversation's state, whose schema caps it: a bigger one would be lost at
  // the next step.
  if (outcome.draft.yaml.length > MAX_PLAN_FILE_CHARS) {
    return {
      status: 'problem',
      problem: { key: 'dialog:plan.draft_too_long', params: { indicators: outcome.draft.indicators } },
    };
  }
  return { status: 'draft', draft: outcome.draft };
}
