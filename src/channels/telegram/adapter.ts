import { Telegraf, TelegramError } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { TelegramConfig } from '../../config.js';
import type { InboundEvent } from '../../dialog/types.js';
import type { I18n } from '../../i18n.js';
import type { Logger } from '../../logger.js';
import type { ChannelOptions } from '../channel-options.js';
import { createErrorDescriber } from '../describe-error.js';
import type { FloodVerdict } from '../flood.js';
import { createChannelRuntime, type UpdateHooks } from '../runtime.js';
import { createFileReader } from './files.js';
import { pollTelegram } from './polling.js';
import { createTelegramSending, type TelegramSending } from './sending.js';
import { createTelegramSetup } from './setup.js';
import { buttonPress, groupCommand, toInboundEvent, type ButtonPress } from './updates.js';

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

/** A pressed button is answered whatever becomes of the update, or its button spins. */
function pressHooks(
  press: ButtonPress,
  sending: TelegramSending,
  i18n: I18n,
  updateLog: Logger,
): UpdateHooks {
  return {
    dropped: (verdict, locale) =>
      sending.answerPress(
        press,
        verdict === 'notify' ? i18n.render({ key: 'channel:slow_down' }, locale) : undefined,
        updateLog,
      ),
    failed: () => sending.answerPress(press, undefined, updateLog),
    answered: async (result) => {
      const toast = result.staleChoice
        ? i18n.render({ key: 'channel:stale_button' }, result.locale)
        : undefined;
      await sending.answerPress(press, toast, updateLog);
      await sending.removeKeyboard(press, updateLog);
    },
  };
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
  });
  const sending = createTelegramSending({
    api,
    i18n,
    describeError,
    sleep: runtime.sleep,
    ...(options.sendTimeoutMs === undefined ? {} : { callTimeoutMs: options.sendTimeoutMs }),
  });
  const setup = createTelegramSetup({ api, i18n, log, describeError, retry });
  let username: string | undefined = config.username ?? undefined;

  function handleEvent(event: InboundEvent, press: ButtonPress | null, updateLog: Logger): Promise<void> {
    // The flood verdict is taken now, at arrival; the queue keeps the chat's order.
    const verdict = runtime.flood.check(event.userId);
    const chatLog = updateLog.child({ chatId: event.chatId });
    return runtime.enqueue(
      event.chatId,
      () => runtime.handle(event, verdict, chatLog, press ? pressHooks(press, sending, i18n, chatLog) : {}),
      updateLog,
    );
  }

  /** A command in a group: the bot works in private chats only, and says so. */
  function refuseInGroup(chatId: string, languageCode: string | undefined, updateLog: Logger): Promise<void> {
    const verdict: Promise<FloodVerdict> = runtime.flood.check(`chat:${chatId}`);
    return runtime.enqueue(
      chatId,
      async () => {
        if ((await verdict) !== 'serve') return;
        const locale = runtime.localeFor(chatId, languageCode);
        await sending.sendReplies(chatId, [runtime.notice('channel:private_only')], locale, updateLog);
      },
      updateLog,
    );
  }

  /**
   * Puts an update in its chat's queue; never throws. The promise it returns settles (never rejects)
   * once the update has been handled, for long polling to confirm it only then.
   */
  function dispatch(update: Update): Promise<void> {
    const updateLog = log.child({ updateId: update.update_id });
    try {
      const event = toInboundEvent(update, now(), botId, readFile);
      const press = buttonPress(update);
      if (event) return handleEvent(event, press, updateLog);
      const group = groupCommand(update, username);
      if (group) return refuseInGroup(group.chatId, group.languageCode, updateLog);
      // Not for the engine; a press must still be answered, or its button spins.
      if (press) void sending.answerPress(press, undefined, updateLog);
      updateLog.debug('telegram: update ignored');
    } catch (error) {
      updateLog.error({ err: describeError(error) }, 'telegram: update not understood');
    }
    return Promise.resolve();
  }

  const polling = {
    api,
    queue: runtime.queue,
    dispatch,
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
        webhook: webhook
          ? {
              listen: () => setup.listen(webhook, () => runtime.lifecycle.state === 'running', dispatch),
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
