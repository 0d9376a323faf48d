import { Telegraf, TelegramError } from 'telegraf';
import type { TelegramConfig } from '../../config.js';
import type { ChannelOptions } from '../channel-options.js';
import { createErrorDescriber } from '../describe-error.js';
import { createChannelRuntime } from '../runtime.js';
import { createTelegramDispatch } from './dispatch.js';
import { createFileReader } from './files.js';
import { pollTelegram } from './polling.js';
import { createTelegramSending } from './sending.js';
import { createTelegramSetup } from './setup.js';

/**
 * The Telegram channel: receives updates (long polling by default, a webhook when configured), passes
 * each to the dialog engine in its chat's queue, and sends the replies. Thin: the engine dedupes,
 * decides and remembers; this file only translates and delivers.
 *
 * telegraf serves as the Bot API client (`bot.telegram`); updates are dispatched directly rather than
 * through telegraf's middleware, which would add nothing here but its own error handling and timeouts.
 */

export interface TelegramChannelOptions extends ChannelOptions<TelegramConfig> {
  /** Pause after an empty getUpdates, in ms (default 100). Telegram long-polls, so an empty answer comes
   *  after `pollTimeoutSec`; an emulator answers at once and the pause keeps the loop from spinning. */
  pollIdleMs?: number;
  /** How long one send may wait for Telegram's answer, in ms (default 10 s; retried like a 5xx). */
  sendTimeoutMs?: number;
}

export interface TelegramChannel {
  start(): Promise<void>;
  /** Stops receiving, lets the updates already received finish (waiting at most 10 s), and closes. Idempotent. */
  stop(): Promise<void>;
  /** From getMe once started, else the configured one. */
  readonly botUsername: string | undefined;
}

export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  // The public part of the token ("123456789:…"): it names the bot, and keeps its update ids apart.
  const botId = options.config.token.split(':')[0] ?? options.config.token;
  const { config, i18n, logger } = options;
  const now = options.now ?? (() => new Date());
  const retry = options.retry ?? { initialMs: 1000, maxMs: 30_000 };
  const log = logger.child({ channel: 'telegram' });

  const api = new Telegraf(config.token, { telegram: { apiRoot: config.apiRoot, webhookReply: false } })
    .telegram;
  const readFile = createFileReader(api, config.apiRoot, config.token);
  const describeError = createErrorDescriber(config.token, (error, redact) =>
    error instanceof TelegramError
      ? { type: 'TelegramError', code: error.code, description: redact(error.description) }
      : null,
  );
  const runtime = createChannelRuntime({
    title: 'Telegram',
    name: 'telegram',
    engine: options.engine,
    log,
    describeError,
    send: (...args) => sending.sendReplies(...args),
    flood: options.flood,
    defaultLocale: options.defaultLocale ?? 'vi',
    handleTimeoutMs: options.handleTimeoutMs,
  });
  const sending = createTelegramSending({
    api,
    i18n,
    describeError,
    sleep: runtime.sleep,
    ...(options.sendTimeoutMs === undefined ? {} : { callTimeoutMs: options.sendTimeoutMs }),
  });
  const setup = createTelegramSetup({ api, i18n, log, describeError, retry, webhooks: options.webhooks });
  let username: string | undefined = config.username ?? undefined;

  const updates = createTelegramDispatch({
    botId,
    runtime,
    sending,
    i18n,
    log,
    describeError,
    now,
    readFile,
    username: () => username,
    options,
  });
  const polling = {
    api,
    intake: updates.inbox ? updates.intake : null,
    queue: runtime.queue,
    dispatch: updates.dispatch,
    pollIdleMs: options.pollIdleMs ?? 100,
    pollTimeoutSec: options.pollTimeoutSec ?? 30,
    retry,
    log,
    describeError,
    sleep: runtime.sleep,
  };
  const webhook = config.webhook;
  return {
    get botUsername() {
      return username;
    },

    start: () =>
      runtime.start({
        prepare: async () => {
          username = (await setup.identify()) ?? username;
          await setup.registerMenus();
        },
        inbox: updates.inbox,
        webhook: webhook
          ? {
              listen: () =>
                setup.listen(webhook, () => runtime.lifecycle.state === 'running', updates.receive),
              register: () => setup.registerWebhook(webhook, runtime.lifecycle.signal),
            }
          : undefined,
        polling: {
          deleteWebhook: () => setup.deleteWebhook(),
          poll: (signal) => pollTelegram(polling, signal),
        },
      }),

    stop: () => runtime.stop(),
  };
}
