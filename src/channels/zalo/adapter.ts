import type { ZaloConfig } from '../../config.js';
import type { DialogResult, InboundEvent, Locale, OutboundMessage } from '../../dialog/types.js';
import type { Message } from '../../domain/message.js';
import type { Logger } from '../../logger.js';
import { retryUntilAborted, sleep as sleepOrAbort } from '../backoff.js';
import type { ChannelOptions } from '../channel-options.js';
import { createErrorDescriber } from '../describe-error.js';
import { createLifecycle } from '../lifecycle.js';
import { pollUntilAborted } from '../polling.js';
import { startWebhookServer, type WebhookServer } from '../webhook-server.js';
import { createChatQueue } from '../telegram/chat-queue.js';
import { createFloodGate, DEFAULT_FLOOD, type FloodVerdict } from '../telegram/flood.js';
import { createZaloApi, ZaloApiError } from './api.js';
import { renderOutbound } from './render.js';
import { toInboundEvent, unwrapUpdate, zaloBotId, type OfferedChoices } from './updates.js';

/**
 * The Zalo channel: receives updates (long polling over getUpdates, one update per call, or a webhook
 * server when configured), passes each to the dialog engine in its chat's queue, and sends the replies as
 * plain texts. The engine dedupes (updateKey `<botId>:<message_id>`), decides and remembers.
 *
 * Zalo has no buttons: a number typed alone is read by the engine against the choices it stored with the
 * conversation (dialog/offered.ts), the same after a restart or on another instance. The adapter also
 * remembers, per chat, the labels of the last choices it sent, to read "bỏ qua" back as a choice (see
 * updates.ts); that memory is in this process only: elsewhere those words are read as text.
 */

export type { ZaloConfig };

export interface ZaloChannelOptions extends ChannelOptions<ZaloConfig> {
  /** Pause after an empty getUpdates (408), in ms (default 0: Zalo long-polls, so poll again at once). */
  pollIdleMs?: number;
}

export interface ZaloChannel {
  start(): Promise<void>;
  /** Stops receiving, lets the updates already received finish (waiting at most 10 s). Idempotent. */
  stop(): Promise<void>;
  /** The bot's name from getMe once started (account_name or display_name), else undefined. */
  readonly botName: string | undefined;
}

const STARTUP_CALL_TIMEOUT_MS = 15_000;
/** Chats whose last choices and language the adapter remembers. */
const CHAT_MEMORY = 10_000;

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > CHAT_MEMORY) map.delete(map.keys().next().value as string);
}

export function createZaloChannel(options: ZaloChannelOptions): ZaloChannel {
  const { config, engine, i18n, logger } = options;
  const botId = zaloBotId(config.token);
  const pollIdleMs = options.pollIdleMs ?? 0;
  const pollTimeoutSec = options.pollTimeoutSec ?? 30;
  const retry = options.retry ?? { initialMs: 1000, maxMs: 30_000 };
  const defaultLocale = options.defaultLocale ?? 'vi';
  const now = options.now ?? (() => new Date());
  const log = logger.child({ channel: 'zalo', botId });

  const api = createZaloApi({
    token: config.token,
    apiRoot: config.apiRoot,
    timeoutMs: STARTUP_CALL_TIMEOUT_MS,
  });
  const queue = createChatQueue();
  const flood = createFloodGate(options.flood ?? DEFAULT_FLOOD);
  const locales = new Map<string, Locale>();
  const offered = new Map<string, OfferedChoices>();

  const lifecycle = createLifecycle({ title: 'Zalo', name: 'zalo', log, queue });

  let name: string | undefined;

  const describeError = createErrorDescriber(config.token, (error, redact) =>
    error instanceof ZaloApiError
      ? {
          type: 'ZaloApiError',
          method: error.method,
          code: error.code,
          description: redact(error.description),
        }
      : null,
  );

  /** False when the channel stopped during the wait. */
  const sleep = (ms: number): Promise<boolean> => sleepOrAbort(ms, lifecycle.signal);

  const localeFor = (chatId: string): Locale => locales.get(chatId) ?? defaultLocale;
  const notice = (key: string): OutboundMessage => ({ lines: [{ key }], choices: [] });

  // ——— sending ———

  /** Sends replies in order; stops at the first that Zalo refuses (the rest would follow it). */
  async function sendReplies(
    chatId: string,
    replies: OutboundMessage[],
    locale: Locale,
    updateLog: Logger,
  ): Promise<void> {
    const translate = (message: Message): string => i18n.render(message, locale);
    let lastOffered: OfferedChoices | null = null;
    for (const reply of replies) {
      let texts: string[];
      try {
        const rendered = renderOutbound(reply, translate);
        texts = rendered.texts;
        if (rendered.offered) lastOffered = rendered.offered;
      } catch (error) {
        updateLog.error({ err: describeError(error) }, 'zalo: a reply could not be rendered');
        texts = renderOutbound(notice('common:unexpected'), translate).texts;
      }
      // Zalo's sendPhoto takes a public URL, and tiendo serves none yet: the chart comes as text, other
      // files are offered another way.
      if (reply.file) {
        const instead = reply.file.fallback
          ? { lines: reply.file.fallback, choices: [] }
          : notice('progress:file.unavailable');
        texts.push(...renderOutbound(instead, translate).texts);
      }
      try {
        for (const text of texts) await api.sendMessage(chatId, text);
      } catch (error) {
        updateLog.warn({ err: describeError(error) }, 'zalo: a reply could not be sent');
        return;
      }
    }
    // What the official can answer by number now: the choices of the last message that offered any. A
    // reply without choices keeps the earlier ones: the engine may be reminding of the question still
    // pending ("choose one of the options"), and a choice that no longer applies is refused by the engine
    // (its token carries the question's nonce), never applied to another question.
    if (lastOffered) remember(offered, chatId, lastOffered);
  }

  // ——— processing ———

  async function handle(update: unknown, verdict: Promise<FloodVerdict>, updateLog: Logger): Promise<void> {
    // Read now, in the chat's turn: the choices are those of the reply to the previous message.
    const event: InboundEvent | null = toInboundEvent(update, now(), botId, offeredFor(update));
    if (!event) return;
    const started = Date.now();
    const flooded = await verdict;
    if (flooded !== 'serve') {
      updateLog.info({ verdict: flooded }, 'zalo: flood, update dropped');
      if (flooded === 'notify')
        await sendReplies(event.chatId, [notice('channel:slow_down')], localeFor(event.chatId), updateLog);
      return;
    }
    let result: DialogResult;
    try {
      result = await engine.handle(event);
    } catch (error) {
      updateLog.error({ err: describeError(error) }, 'zalo: the dialog engine failed');
      await sendReplies(event.chatId, [notice('channel:try_again')], localeFor(event.chatId), updateLog);
      return;
    }
    remember(locales, event.chatId, result.locale);
    if (!result.duplicate) await sendReplies(event.chatId, result.replies, result.locale, updateLog);
    updateLog.info(
      {
        input: event.input.kind,
        replies: result.replies.length,
        duplicate: result.duplicate,
        ms: Date.now() - started,
      },
      'zalo: update handled',
    );
  }

  function chatOf(update: unknown): string | null {
    const body = unwrapUpdate(update);
    const message = body?.message;
    if (typeof message !== 'object' || message === null) return null;
    const { chat, from } = message as { chat?: { id?: unknown }; from?: { id?: unknown } };
    const id = chat?.id ?? from?.id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
  }

  function offeredFor(update: unknown): OfferedChoices | null {
    const chatId = chatOf(update);
    return chatId === null ? null : (offered.get(chatId) ?? null);
  }

  /** Puts an update in its chat's queue; never waits for it, never throws. */
  function dispatch(update: unknown): void {
    try {
      // A first look for the chat and user (the queue and the flood gate); the event itself is read in turn.
      const peek = toInboundEvent(update, now(), botId, null);
      if (!peek) {
        log.debug('zalo: update ignored');
        return;
      }
      const updateLog = log.child({ updateKey: peek.updateKey, chatId: peek.chatId });
      const verdict = flood.check(peek.userId);
      queue
        .run(peek.chatId, () => handle(update, verdict, updateLog))
        .catch((error: unknown) => updateLog.error({ err: describeError(error) }, 'zalo: update failed'));
    } catch (error) {
      log.error({ err: describeError(error) }, 'zalo: update not understood');
    }
  }

  // ——— receiving: long polling ———

  function poll(signal: AbortSignal): Promise<void> {
    return pollUntilAborted<unknown>({
      signal,
      queue,
      busyMs: 50,
      retry,
      fetch: (signal) => api.getUpdates(pollTimeoutSec, { signal }),
      receive: async (update) => {
        if (update === null || update === undefined) {
          if (pollIdleMs > 0) await sleep(pollIdleMs);
          return;
        }
        for (const one of Array.isArray(update) ? (update as unknown[]) : [update]) dispatch(one);
      },
      name: 'zalo',
      log,
      describeError,
    });
  }

  // ——— receiving: webhook ———

  function listen(webhook: NonNullable<ZaloConfig['webhook']>): Promise<WebhookServer> {
    return startWebhookServer({
      webhook,
      secretHeader: 'x-bot-api-secret-token',
      name: 'zalo',
      log,
      describeError,
      accepting: () => lifecycle.state === 'running',
      // Any JSON: an update comes flat or wrapped as `{ ok, result }`, and what is not one is ignored in dispatch.
      isBody: (_body: unknown): _body is unknown => true,
      onBody: dispatch,
      answer: (status) => ({
        contentType: 'application/json; charset=utf-8',
        body: JSON.stringify({ ok: status === 200 }),
      }),
    });
  }

  function registerWebhook(webhook: NonNullable<ZaloConfig['webhook']>): Promise<void> {
    const signal = lifecycle.signal;
    return retryUntilAborted(
      async () => {
        await api.setWebhook(webhook.url, webhook.secret, { signal });
        log.info({ url: webhook.url }, 'zalo: webhook set');
      },
      {
        signal,
        retry,
        onFailure: (error, failures, retryInMs) => {
          // The call was cut short by stop: not a failure.
          if (signal.aborted) return;
          log.error({ err: describeError(error), failures, retryInMs }, 'zalo: setWebhook failed');
        },
      },
    );
  }

  return {
    get botName() {
      return name;
    },

    async start() {
      lifecycle.begin();
      try {
        const me = await api.getMe();
        const found = me.account_name ?? me.display_name;
        name = typeof found === 'string' ? found : undefined;
        log.info({ name }, 'zalo: connected');
      } catch (error) {
        log.error({ err: describeError(error) }, 'zalo: getMe failed');
      }
      const webhook = config.webhook;
      if (webhook) {
        try {
          lifecycle.closeOnStop(await listen(webhook));
        } catch (error) {
          lifecycle.fail();
          throw error;
        }
        lifecycle.track(registerWebhook(webhook));
      } else {
        try {
          // getUpdates is refused while a webhook is set, e.g. by an earlier deployment.
          await api.deleteWebhook();
        } catch (error) {
          log.warn({ err: describeError(error) }, 'zalo: deleteWebhook failed');
        }
        lifecycle.track(poll(lifecycle.signal));
        log.info('zalo: long polling');
      }
    },

    stop: () => lifecycle.stop(),
  };
}
