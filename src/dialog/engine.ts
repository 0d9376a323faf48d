import { capabilitiesOf } from './channel-capabilities.js';
import { durablePayloads } from './durable-replies.js';
import type { DialogRepository, DialogStore, PlanDrafts, QueuedReplies } from './ports.js';
import { nextOffered, parseOffered, serializeState, typedChoice } from './offered.js';
import { route } from './routing.js';
import { IDLE, parseState } from './state.js';
import type { PendingFile, PreparedUpload, Renderers, Turn } from './turn.js';
import type { DialogEngine, DialogResult, InboundEvent, Locale } from './types.js';
import { prepareUpload } from './upload.js';

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
 * The conversation engine, the same for every channel. Each event is one database transaction:
 * the update is claimed (a duplicate delivery changes nothing), the chat's state read and locked,
 * the answer stored, the new state written. Either all of it happens or none.
 */
export function createDialogEngine(options: EngineOptions): DialogEngine {
  const now = options.now ?? (() => new Date());
  const uploads = {
    store: options.store,
    plans: options.plans,
    maxDocumentBytes: options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
    now,
  };

  /** The step's transaction: claim the update, read and route the state, write the next one. */
  async function step(
    repo: DialogRepository,
    event: InboundEvent,
    upload: PreparedUpload | undefined,
  ): Promise<{ result: DialogResult; files: PendingFile[]; queued: QueuedReplies | null }> {
    const chat = { channel: event.channel, chatId: event.chatId, userId: event.userId };
    const fallbackLocale = localeFrom(event.languageCode, options.defaultLocale);
    if (!(await repo.claimUpdate(event.channel, event.updateKey))) {
      return { result: { locale: fallbackLocale, replies: [], duplicate: true }, files: [], queued: null };
    }
    // The state first: it locks the chat (PostgreSQL), so that who the sender is, too, is read after any
    // step of the same chat on another instance has committed (an invite redeemed there).
    const stored = await repo.loadState(chat);
    const official = await repo.officialFor(chat);
    const offered = parseOffered(stored);
    const input = typedChoice(event, offered);
    const turn: Turn = {
      repo,
      event: input === event.input ? event : { ...event, input },
      chat,
      official,
      locale: official?.locale ?? fallbackLocale,
      now: now(),
      timeZone: options.timeZone,
      state: parseState(stored),
      newNonce: options.nonce,
      renderers: options.renderers ?? null,
      ...(upload ? { upload } : {}),
    };
    const outcome = await route(turn);
    const next = serializeState(outcome.state, nextOffered(outcome.state, outcome.replies, offered));
    // An idle chat that never had a state needs no row (unknown users write nothing).
    if (next !== (stored ?? JSON.stringify(IDLE))) await repo.saveState(chat, next);
    const locale = outcome.locale ?? turn.locale;
    const files = outcome.files ?? [];
    return {
      result: {
        locale,
        replies: outcome.replies,
        duplicate: false,
        ...(outcome.staleChoice ? { staleChoice: true } : {}),
      },
      files,
      queued: await queueReplies(turn, outcome.replies, files, locale),
    };
  }

  /** The replies written to the outbox in the step's transaction, when the store and the channel keep one. */
  async function queueReplies(
    turn: Turn,
    replies: DialogResult['replies'],
    files: readonly PendingFile[],
    locale: DialogResult['locale'],
  ): Promise<QueuedReplies | null> {
    if (replies.length === 0 || !options.store.replies || !capabilitiesOf(turn.chat.channel).durableReplies)
      return null;
    // Linked during this step (an invite redeemed): the reply is the new official's.
    const official = turn.official ?? (await turn.repo.officialFor(turn.chat));
    return turn.repo.queueReplies(turn.chat, {
      updateKey: turn.event.updateKey,
      officialId: official?.id ?? null,
      locale,
      payloads: durablePayloads(replies, new Set(files.map((file) => file.reply))),
    });
  }

  return {
    async handle(event: InboundEvent): Promise<DialogResult> {
      const upload =
        event.input.kind === 'document'
          ? await prepareUpload(
              uploads,
              { channel: event.channel, chatId: event.chatId, userId: event.userId },
              event.updateKey,
              event.input.document,
            )
          : undefined;
      const { result, files, queued } = await options.store.transaction((repo) => step(repo, event, upload));
      const ledger = options.store.replies;
      if (queued && ledger)
        result.outbox = { sendNow: queued.sendNow, deliver: (send) => ledger.deliver(queued.ids, send) };
      for (const file of files) {
        const reply = result.replies[file.reply];
        if (!reply) continue;
        const [bytes, ...morePages] = await file.render();
        if (bytes)
          reply.file = {
            kind: file.kind,
            name: file.name,
            bytes,
            ...(morePages.length > 0 ? { morePages } : {}),
            ...(file.fallback ? { fallback: file.fallback } : {}),
            ...(file.url ? { url: file.url } : {}),
          };
      }
      return result;
    },
  };
}
