import { Telegraf, TelegramError } from 'telegraf';
import type { BotCommand, Update } from 'telegraf/types';
import type { TelegramConfig } from '../../config.js';
import { MENU_COMMANDS } from '../../dialog/commands.js';
import type {
  DialogResult,
  InboundEvent,
  Locale,
  OutboundFile,
  OutboundMessage,
} from '../../dialog/types.js';
import type { Message } from '../../domain/message.js';
import type { Logger } from '../../logger.js';
import { retryUntilAborted, sleep as sleepOrAbort } from '../backoff.js';
import type { ChannelOptions } from '../channel-options.js';
import { createErrorDescriber } from '../describe-error.js';
import { createLifecycle, drain, STOP_DRAIN_MS } from '../lifecycle.js';
import { pollUntilAborted } from '../polling.js';
import { startWebhookServer, type WebhookServer } from '../webhook-server.js';
import { createChatQueue } from './chat-queue.js';
import { createFileReader } from './files.js';
import { createFloodGate, DEFAULT_FLOOD, type FloodVerdict } from './flood.js';
import { renderOutbound, type TelegramText } from './render.js';
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
}

export interface TelegramChannel {
  start(): Promise<void>;
  /** Stops receiving, lets the updates already received finish (waiting at most 10 s), and closes. Idempotent. */
  stop(): Promise<void>;
  /** From getMe once started, else the configured one. */
  readonly botUsername: string | undefined;
}

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
const STARTUP_CALL_TIMEOUT_MS = 15_000;
/** The longest Retry-After honoured before giving a send up; Telegram's usual ones are a few seconds. */
const MAX_RETRY_AFTER_MS = 60_000;
const MAX_SEND_ATTEMPTS = 3;
/** The pause before sending again after a network failure or a 5xx, times the attempt. */
const TRANSIENT_RETRY_MS = 1000;
/** Chats whose language the adapter remembers for its own notices (the engine's last answer). */
const LOCALE_MEMORY = 10_000;
const BOT_COMMAND_DESCRIPTION_LIMIT = 256;

type CallOptions = NonNullable<Parameters<Telegraf['telegram']['callApi']>[2]>;

/** Node's AbortSignal for telegraf's callApi, whose typings name the abort-controller polyfill's type
 *  (telegraf passes it on to node-fetch, which takes Node's own). */
function within(signal: AbortSignal): CallOptions {
  return { signal: signal as unknown as CallOptions['signal'] };
}

export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  // The public part of the token ("123456789:…"): it names the bot, and keeps its update ids apart.
  const botId = options.config.token.split(':')[0] ?? options.config.token;
  const { config, engine, i18n, logger } = options;
  const pollIdleMs = options.pollIdleMs ?? 100;
  const pollTimeoutSec = options.pollTimeoutSec ?? 30;
  const retry = options.retry ?? { initialMs: 1000, maxMs: 30_000 };
  const defaultLocale = options.defaultLocale ?? 'vi';
  const now = options.now ?? (() => new Date());
  const log = logger.child({ channel: 'telegram' });

  const bot = new Telegraf(config.token, { telegram: { apiRoot: config.apiRoot, webhookReply: false } });
  const api = bot.telegram;
  const readFile = createFileReader(api, config.apiRoot, config.token);
  const queue = createChatQueue();
  const flood = createFloodGate(options.flood ?? DEFAULT_FLOOD);
  const locales = new Map<string, Locale>();

  const lifecycle = createLifecycle({ title: 'Telegram', name: 'telegram', log, queue });

  let username: string | undefined = config.username ?? undefined;

  // ——— errors and logs ———

  const describeError = createErrorDescriber(config.token, (error, redact) =>
    error instanceof TelegramError
      ? { type: 'TelegramError', code: error.code, description: redact(error.description) }
      : null,
  );

  /** False when the channel stopped during the wait. */
  const sleep = (ms: number): Promise<boolean> => sleepOrAbort(ms, lifecycle.signal);

  function retryAfterMs(error: unknown): number | null {
    if (!(error instanceof TelegramError) || error.code !== 429) return null;
    const seconds = error.parameters?.retry_after ?? 1;
    return seconds * 1000 <= MAX_RETRY_AFTER_MS ? seconds * 1000 : null;
  }

  /**
   * A network failure (a reset connection, a timeout) or a 5xx: the reply may not have arrived. It is
   * sent again after a short pause: a confirmation shown twice is a smaller harm than one never shown.
   * A 4xx other than 429 is final (a blocked bot, a bad request): sending again changes nothing.
   */
  function transientRetryMs(error: unknown, attempt: number): number | null {
    if (error instanceof TelegramError && error.code < 500) return null;
    return TRANSIENT_RETRY_MS * attempt;
  }

  /** A send that Telegram refused with 429 is retried after its Retry-After: it was not delivered. */
  async function withRetry<T>(call: () => Promise<T>, updateLog: Logger): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        const limited = retryAfterMs(error);
        const wait = limited ?? transientRetryMs(error, attempt);
        if (wait === null || attempt >= MAX_SEND_ATTEMPTS) throw error;
        updateLog.warn(
          { err: describeError(error), retryInMs: wait },
          limited === null ? 'telegram: send failed, retrying' : 'telegram: rate limited, retrying',
        );
        if (!(await sleep(wait))) throw error;
      }
    }
  }

  // ——— languages ———

  function rememberLocale(chatId: string, locale: Locale): void {
    locales.delete(chatId);
    locales.set(chatId, locale);
    if (locales.size > LOCALE_MEMORY) locales.delete(locales.keys().next().value as string);
  }

  function localeFor(chatId: string, languageCode: string | undefined): Locale {
    const remembered = locales.get(chatId);
    if (remembered) return remembered;
    const hint = languageCode?.toLowerCase() ?? '';
    if (hint.startsWith('en')) return 'en';
    if (hint.startsWith('vi')) return 'vi';
    return defaultLocale;
  }

  function notice(key: string): OutboundMessage {
    return { lines: [{ key }], choices: [] };
  }

  // ——— sending ———

  async function sendTexts(chatId: string, texts: TelegramText[], updateLog: Logger): Promise<void> {
    for (const text of texts) {
      await withRetry(
        () =>
          api.sendMessage(chatId, text.text, {
            parse_mode: text.parse_mode,
            link_preview_options: { is_disabled: true },
            ...(text.reply_markup ? { reply_markup: text.reply_markup } : {}),
          }),
        updateLog,
      );
    }
  }

  /** Sends replies in order; stops at the first that Telegram refuses for good (the rest would follow). */
  async function sendReplies(
    chatId: string,
    replies: OutboundMessage[],
    locale: Locale,
    updateLog: Logger,
  ): Promise<void> {
    const translate = (message: Message): string => i18n.render(message, locale);
    for (const reply of replies) {
      let texts: TelegramText[];
      try {
        texts = renderOutbound(reply, translate);
      } catch (error) {
        updateLog.error({ err: describeError(error) }, 'telegram: a reply could not be rendered');
        texts = renderOutbound(notice('common:unexpected'), translate);
      }
      try {
        await sendTexts(chatId, texts, updateLog);
        if (reply.file) await sendFile(chatId, reply.file, updateLog);
      } catch (error) {
        updateLog.warn({ err: describeError(error) }, 'telegram: a reply could not be sent');
        return;
      }
    }
  }

  /** The chart as a photo, the Excel report as a document: uploaded, not linked. */
  async function sendFile(chatId: string, file: OutboundFile, updateLog: Logger): Promise<void> {
    const upload = { source: Buffer.from(file.bytes), filename: file.name };
    if (file.kind === 'photo') await withRetry(() => api.sendPhoto(chatId, upload), updateLog);
    else await withRetry(() => api.sendDocument(chatId, upload), updateLog);
  }

  async function answerPress(press: ButtonPress, text: string | undefined, updateLog: Logger): Promise<void> {
    try {
      await api.answerCbQuery(press.queryId, text);
    } catch (error) {
      // A redelivered or very old press can no longer be answered: harmless.
      updateLog.debug({ err: describeError(error) }, 'telegram: callback query not answered');
    }
  }

  async function removeKeyboard(press: ButtonPress, updateLog: Logger): Promise<void> {
    if (press.chatId === null || press.messageId === null) return;
    try {
      await api.editMessageReplyMarkup(press.chatId, press.messageId, undefined, { inline_keyboard: [] });
    } catch (error) {
      // "message is not modified" when a keyboard was already removed (a double tap): harmless.
      updateLog.debug({ err: describeError(error) }, 'telegram: keyboard not removed');
    }
  }

  // ——— processing ———

  async function handleEvent(
    event: InboundEvent,
    press: ButtonPress | null,
    verdict: Promise<FloodVerdict>,
    updateLog: Logger,
  ): Promise<void> {
    const started = Date.now();
    const fallbackLocale = localeFor(event.chatId, event.languageCode);
    const flooded = await verdict;
    if (flooded !== 'serve') {
      updateLog.info({ userId: event.userId, verdict: flooded }, 'telegram: flood, update dropped');
      const slowDown = i18n.render({ key: 'channel:slow_down' }, fallbackLocale);
      if (press) await answerPress(press, flooded === 'notify' ? slowDown : undefined, updateLog);
      else if (flooded === 'notify')
        await sendReplies(event.chatId, [notice('channel:slow_down')], fallbackLocale, updateLog);
      return;
    }
    let result: DialogResult;
    try {
      result = await engine.handle(event);
    } catch (error) {
      updateLog.error({ err: describeError(error) }, 'telegram: the dialog engine failed');
      if (press) await answerPress(press, undefined, updateLog);
      await sendReplies(event.chatId, [notice('channel:try_again')], fallbackLocale, updateLog);
      return;
    }
    rememberLocale(event.chatId, result.locale);
    if (press) {
      const toast = result.staleChoice
        ? i18n.render({ key: 'channel:stale_button' }, result.locale)
        : undefined;
      await answerPress(press, toast, updateLog);
      await removeKeyboard(press, updateLog);
    }
    if (!result.duplicate) await sendReplies(event.chatId, result.replies, result.locale, updateLog);
    updateLog.info(
      {
        input: event.input.kind,
        replies: result.replies.length,
        duplicate: result.duplicate,
        stale: result.staleChoice === true,
        ms: Date.now() - started,
      },
      'telegram: update handled',
    );
  }

  async function refuseInGroup(
    chatId: string,
    languageCode: string | undefined,
    verdict: Promise<FloodVerdict>,
    updateLog: Logger,
  ): Promise<void> {
    if ((await verdict) !== 'serve') return;
    await sendReplies(chatId, [notice('channel:private_only')], localeFor(chatId, languageCode), updateLog);
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
      if (event) {
        // The flood verdict is taken now, at arrival; the queue keeps the chat's order.
        const verdict = flood.check(event.userId);
        return queue
          .run(event.chatId, () =>
            handleEvent(event, press, verdict, updateLog.child({ chatId: event.chatId })),
          )
          .catch((error: unknown) =>
            updateLog.error({ err: describeError(error) }, 'telegram: update failed'),
          );
      }
      const group = groupCommand(update, username);
      if (group) {
        const verdict = flood.check(`chat:${group.chatId}`);
        return queue
          .run(group.chatId, () => refuseInGroup(group.chatId, group.languageCode, verdict, updateLog))
          .catch((error: unknown) =>
            updateLog.error({ err: describeError(error) }, 'telegram: update failed'),
          );
      }
      // Not for the engine; a press must still be answered, or its button spins.
      if (press) void answerPress(press, undefined, updateLog);
      updateLog.debug('telegram: update ignored');
    } catch (error) {
      updateLog.error({ err: describeError(error) }, 'telegram: update not understood');
    }
    return Promise.resolve();
  }

  // ——— receiving: long polling ———

  /**
   * Long polling. getUpdates' offset confirms to Telegram every update below it, and a confirmed update
   * is never offered again: so the offset only passes an update once it has been handled. Updates
   * received and still in their chat's queue ("in hand") hold the offset back; if the process dies,
   * Telegram offers them again on the next start, and the engine's claim on the update key drops those
   * already handled. While some are in hand, getUpdates returns them again with any new ones: the ones
   * already dispatched are skipped.
   */
  async function poll(signal: AbortSignal): Promise<void> {
    const inHand = new Set<number>();
    /** one past the highest update id dispatched */
    let next: number | undefined;
    let confirmed: number | undefined;
    const offset = (): number | undefined => (inHand.size > 0 ? Math.min(...inHand) : next);
    await pollUntilAborted<Update[]>({
      signal,
      queue,
      busyMs: Math.max(pollIdleMs, 50),
      retry,
      retryAfterMs,
      fetch: async (signal) => {
        const asked = offset();
        const updates = await api.callApi(
          'getUpdates',
          { offset: asked, timeout: pollTimeoutSec, allowed_updates: ALLOWED_UPDATES },
          within(signal),
        );
        confirmed = asked;
        return updates;
      },
      receive: async (updates) => {
        let fresh = 0;
        for (const update of updates) {
          if (next !== undefined && update.update_id < next) continue;
          next = update.update_id + 1;
          fresh += 1;
          const id = update.update_id;
          inHand.add(id);
          void dispatch(update).then(() => inHand.delete(id));
        }
        // Nothing new: Telegram answered at once with what is still in hand (or an emulator with nothing).
        if (fresh === 0 && pollIdleMs > 0) await sleep(pollIdleMs);
      },
      name: 'telegram',
      log,
      describeError,
    });
    // Confirm what was handled, so a restart does not fetch it again; what is still in hand after the
    // drain stays unconfirmed and comes again on the next start.
    await drain(queue, STOP_DRAIN_MS);
    const last = offset();
    if (last !== undefined && last !== confirmed) {
      try {
        await api.callApi(
          'getUpdates',
          { offset: last, timeout: 0, limit: 1 },
          within(AbortSignal.timeout(5000)),
        );
      } catch (error) {
        log.debug({ err: describeError(error) }, 'telegram: last offset not confirmed');
      }
    }
  }

  // ——— receiving: webhook ———

  function isUpdate(value: unknown): value is Update {
    return (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { update_id?: unknown }).update_id === 'number'
    );
  }

  function listen(webhook: NonNullable<TelegramConfig['webhook']>): Promise<WebhookServer> {
    return startWebhookServer({
      webhook,
      secretHeader: 'x-telegram-bot-api-secret-token',
      name: 'telegram',
      log,
      describeError,
      accepting: () => lifecycle.state === 'running',
      isBody: isUpdate,
      onBody: dispatch,
      answer: (status) => ({ contentType: 'text/plain; charset=utf-8', body: status === 200 ? 'ok' : '' }),
    });
  }

  /** setWebhook, retried in the background until it works or the channel stops. */
  function registerWebhook(webhook: NonNullable<TelegramConfig['webhook']>): Promise<void> {
    return retryUntilAborted(
      async () => {
        await api.callApi(
          'setWebhook',
          { url: webhook.url, secret_token: webhook.secret, allowed_updates: ALLOWED_UPDATES },
          within(AbortSignal.timeout(STARTUP_CALL_TIMEOUT_MS)),
        );
        log.info({ url: webhook.url }, 'telegram: webhook set');
      },
      {
        signal: lifecycle.signal,
        retry,
        onFailure: (error, failures, retryInMs) =>
          log.error({ err: describeError(error), failures, retryInMs }, 'telegram: setWebhook failed'),
      },
    );
  }

  // ——— start-up ———

  async function identify(): Promise<void> {
    try {
      const me = await api.callApi('getMe', {}, within(AbortSignal.timeout(STARTUP_CALL_TIMEOUT_MS)));
      username = me.username;
      log.info({ username }, 'telegram: connected');
    } catch (error) {
      log.error({ err: describeError(error) }, 'telegram: getMe failed');
    }
  }

  function menu(locale: Locale): BotCommand[] {
    const t = i18n.forLocale(locale);
    return MENU_COMMANDS.map(({ name: command, description: key }) => {
      const text = String(t(key, { defaultValue: command }));
      const description = (text.trim() === '' ? command : text).slice(0, BOT_COMMAND_DESCRIPTION_LIMIT);
      return { command, description };
    });
  }

  async function registerMenus(): Promise<void> {
    const menus: { locale: Locale; language_code?: string }[] = [
      { locale: 'vi' },
      { locale: 'en', language_code: 'en' },
    ];
    await Promise.all(
      menus.map(async ({ locale, language_code }) => {
        try {
          await api.callApi(
            'setMyCommands',
            { commands: menu(locale), ...(language_code ? { language_code } : {}) },
            within(AbortSignal.timeout(STARTUP_CALL_TIMEOUT_MS)),
          );
        } catch (error) {
          log.warn(
            { err: describeError(error), language: language_code ?? 'default' },
            'telegram: setMyCommands failed',
          );
        }
      }),
    );
  }

  return {
    get botUsername() {
      return username;
    },

    async start() {
      lifecycle.begin();
      await identify();
      await registerMenus();
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
          // getUpdates fails (409) while a webhook is set, e.g. by an earlier deployment.
          await api.callApi('deleteWebhook', {}, within(AbortSignal.timeout(STARTUP_CALL_TIMEOUT_MS)));
        } catch (error) {
          log.warn({ err: describeError(error) }, 'telegram: deleteWebhook failed');
        }
        lifecycle.track(poll(lifecycle.signal));
        log.info('telegram: long polling');
      }
    },

    stop: () => lifecycle.stop(),
  };
}
