import type { ZaloConfig } from '../../config.js';
import type { ChannelOptions } from '../channel-options.js';
import { createErrorDescriber } from '../describe-error.js';
import { pollUntilAborted } from '../polling.js';
import { createChannelRuntime } from '../runtime.js';
import { createZaloApi, ZaloApiError } from './api.js';
import { createZaloSending, type ZaloSendRetry } from './sending.js';
import { createZaloSetup } from './setup.js';
import { createZaloDispatch } from './dispatch.js';
import { zaloBotId } from './updates.js';

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
  /** How a reply Zalo refused for a passing reason (403, 5xx, 429) is sent again (default: sending.ts). */
  sendRetry?: ZaloSendRetry;
}

export interface ZaloChannel {
  start(): Promise<void>;
  /** Stops receiving, lets the updates already received finish (waiting at most 10 s). Idempotent. */
  stop(): Promise<void>;
  /** The bot's name from getMe once started (account_name or display_name), else undefined. */
  readonly botName: string | undefined;
}

const STARTUP_CALL_TIMEOUT_MS = 15_000;

export function createZaloChannel(options: ZaloChannelOptions): ZaloChannel {
  const { config, i18n, logger } = options;
  const botId = zaloBotId(config.token);
  const pollIdleMs = options.pollIdleMs ?? 0;
  const retry = options.retry ?? { initialMs: 1000, maxMs: 30_000 };
  const now = options.now ?? (() => new Date());
  const log = logger.child({ channel: 'zalo', botId });

  const api = createZaloApi({
    token: config.token,
    apiRoot: config.apiRoot,
    timeoutMs: STARTUP_CALL_TIMEOUT_MS,
  });
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
  const sending = createZaloSending({
    api,
    i18n,
    describeError,
    retry: options.sendRetry,
    // The runtime is created below; a reply is sent only once it exists.
    sleep: (ms) => runtime.sleep(ms),
  });
  const setup = createZaloSetup({ api, log, describeError, retry, webhooks: options.webhooks });
  const runtime = createChannelRuntime({
    title: 'Zalo',
    name: 'zalo',
    engine: options.engine,
    log,
    describeError,
    send: sending.sendReplies,
    flood: options.flood,
    defaultLocale: options.defaultLocale ?? 'vi',
    handleTimeoutMs: options.handleTimeoutMs,
  });
  let name: string | undefined;

  const updates = createZaloDispatch({ botId, runtime, sending, log, describeError, now, options });
  const { dispatch, receive } = updates;

  function poll(signal: AbortSignal): Promise<void> {
    return pollUntilAborted<unknown>({
      signal,
      queue: runtime.queue,
      busyMs: 50,
      retry,
      fetch: (signal) => api.getUpdates(options.pollTimeoutSec ?? 30, { signal }),
      receive: async (update) => {
        if (update === null || update === undefined) {
          if (pollIdleMs > 0) await runtime.sleep(pollIdleMs);
          return;
        }
        const updates = Array.isArray(update) ? (update as unknown[]) : [update];
        try {
          await receive(updates);
        } catch (error) {
          // getUpdates has no offset to hold back: Zalo will not offer it again, so it is handled from
          // memory (as before the inbox) rather than lost.
          log.error({ err: describeError(error) }, 'zalo: update not stored, handled from memory');
          for (const one of updates) void dispatch(one);
        }
      },
      name: 'zalo',
      log,
      describeError,
    });
  }

  const webhook = config.webhook;
  return {
    get botName() {
      return name;
    },

    start: () =>
      runtime.start({
        prepare: async () => {
          name = await setup.identify();
        },
        inbox: updates.inbox,
        webhook: webhook
          ? {
              listen: () =>
                setup.listen(
                  webhook,
                  () => runtime.lifecycle.state === 'running',
                  (update) => receive([update]),
                ),
              register: () => setup.registerWebhook(webhook, runtime.lifecycle.signal),
            }
          : undefined,
        polling: { deleteWebhook: () => api.deleteWebhook(), poll },
      }),

    stop: () => runtime.stop(),
  };
}
