import type { BotCommand, Update } from 'telegraf/types';
import type { TelegramConfig } from '../../config.js';
import { MENU_COMMANDS } from '../../dialog/commands.js';
import type { Locale } from '../../dialog/types.js';
import type { I18n } from '../../i18n.js';
import type { Logger } from '../../logger.js';
import { retryUntilAborted, type RetryOptions } from '../backoff.js';
import type { ErrorDescriber } from '../describe-error.js';
import { attachWebhook } from '../webhook-endpoint.js';
import type { Webhooks } from '../../webhooks.js';
import { ALLOWED_UPDATES, STARTUP_CALL_TIMEOUT_MS, within, type BotApi } from './bot-api.js';

/**
 * Bringing the bot up on Telegram: who it is (getMe), its command menus in both languages, and either
 * the webhook (attached to the HTTP server, then setWebhook) or the removal of an earlier webhook
 * before long polling.
 */

export type TelegramWebhook = NonNullable<TelegramConfig['webhook']>;

export interface TelegramSetupOptions {
  api: BotApi;
  i18n: I18n;
  log: Logger;
  describeError: ErrorDescriber;
  retry: RetryOptions;
  /** where the webhook is served (the one HTTP server) */
  webhooks?: Pick<Webhooks, 'attach'> | undefined;
}

const BOT_COMMAND_DESCRIPTION_LIMIT = 256;

export interface TelegramSetup {
  /** The bot's username from getMe; undefined when the call failed (logged). */
  identify(): Promise<string | undefined>;
  /** setMyCommands in Vietnamese (the default) and English; a failure is logged. */
  registerMenus(): Promise<void>;
  /** `receive` settles once the update may be acknowledged (stored); a rejection answers 503. */
  listen(
    webhook: TelegramWebhook,
    accepting: () => boolean,
    receive: (update: Update) => Promise<void>,
  ): Promise<{ close(): Promise<void> }>;
  /** setWebhook, retried in the background until it works or `signal` aborts. */
  registerWebhook(webhook: TelegramWebhook, signal: AbortSignal): Promise<void>;
  deleteWebhook(): Promise<unknown>;
}

function isUpdate(value: unknown): value is Update {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { update_id?: unknown }).update_id === 'number'
  );
}

export function createTelegramSetup(options: TelegramSetupOptions): TelegramSetup {
  const { api, i18n, log, describeError } = options;
  const startup = () => within(AbortSignal.timeout(STARTUP_CALL_TIMEOUT_MS));

  function menu(locale: Locale): BotCommand[] {
    const t = i18n.forLocale(locale);
    return MENU_COMMANDS.map(({ name: command, description: key }) => {
      const text = String(t(key, { defaultValue: command }));
      const description = (text.trim() === '' ? command : text).slice(0, BOT_COMMAND_DESCRIPTION_LIMIT);
      return { command, description };
    });
  }

  return {
    async identify() {
      try {
        const me = await api.callApi('getMe', {}, startup());
        log.info({ username: me.username }, 'telegram: connected');
        return me.username;
      } catch (error) {
        log.error({ err: describeError(error) }, 'telegram: getMe failed');
        return undefined;
      }
    },

    async registerMenus() {
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
              startup(),
            );
          } catch (error) {
            log.warn(
              { err: describeError(error), language: language_code ?? 'default' },
              'telegram: setMyCommands failed',
            );
          }
        }),
      );
    },

    listen: async (webhook, accepting, receive) =>
      attachWebhook(options.webhooks, {
        name: 'telegram',
        webhook,
        secretHeader: 'x-telegram-bot-api-secret-token',
        accepting,
        isBody: isUpdate,
        receive: (body) => receive(body as Update),
        answer: (status) => ({ contentType: 'text/plain; charset=utf-8', body: status === 200 ? 'ok' : '' }),
        log,
        describeError,
      }),

    registerWebhook: (webhook, signal) =>
      retryUntilAborted(
        async () => {
          await api.callApi(
            'setWebhook',
            // Never drop what Telegram holds: updates sent while the bot was down are still to be handled.
            {
              url: webhook.url,
              secret_token: webhook.secret,
              allowed_updates: ALLOWED_UPDATES,
              drop_pending_updates: false,
            },
            startup(),
          );
          log.info({ url: webhook.url }, 'telegram: webhook set');
        },
        {
          signal,
          retry: options.retry,
          onFailure: (error, failures, retryInMs) =>
            log.error({ err: describeError(error), failures, retryInMs }, 'telegram: setWebhook failed'),
        },
      ),

    deleteWebhook: () => api.callApi('deleteWebhook', {}, startup()),
  };
}
