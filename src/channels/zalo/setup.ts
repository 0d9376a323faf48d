import type { ZaloConfig } from '../../config.js';
import type { Logger } from '../../logger.js';
import { retryUntilAborted, type RetryOptions } from '../backoff.js';
import type { ErrorDescriber } from '../describe-error.js';
import { attachWebhook } from '../webhook-endpoint.js';
import type { Webhooks } from '../../webhooks.js';
import { UserError } from '../../services/errors.js';
import { zaloFailure, type ZaloApi } from './api.js';

/**
 * Bringing the bot up on Zalo: who it is (getMe), and its webhook when one is configured (attached to
 * the HTTP server, then setWebhook with the secret; the adapter deletes any webhook before polling).
 */

export type ZaloWebhook = NonNullable<ZaloConfig['webhook']>;

export interface ZaloSetupOptions {
  api: ZaloApi;
  log: Logger;
  describeError: ErrorDescriber;
  retry: RetryOptions;
  /** where the webhook is served (the one HTTP server) */
  webhooks?: Pick<Webhooks, 'attach'> | undefined;
}

export interface ZaloSetup {
  /**
   * The bot's name from getMe (account_name or display_name); undefined when the call failed (logged).
   * Throws a UserError when Zalo answers 401: the token is wrong or was reset, and nothing would work.
   */
  identify(): Promise<string | undefined>;
  listen(
    webhook: ZaloWebhook,
    accepting: () => boolean,
    /** settles once the update may be acknowledged (stored); a rejection answers 503 */
    receive: (update: unknown) => Promise<void>,
  ): Promise<{ close(): Promise<void> }>;
  /** setWebhook, retried in the background until it works or `signal` aborts. */
  registerWebhook(webhook: ZaloWebhook, signal: AbortSignal): Promise<void>;
}

export function createZaloSetup(options: ZaloSetupOptions): ZaloSetup {
  const { api, log, describeError } = options;
  return {
    async identify() {
      try {
        const me = await api.getMe();
        const found = me.account_name ?? me.display_name;
        const name = typeof found === 'string' ? found : undefined;
        log.info({ name }, 'zalo: connected');
        return name;
      } catch (error) {
        log.error({ err: describeError(error) }, 'zalo: getMe failed');
        if (zaloFailure(error) === 'bad_token') throw new UserError('cli:start.zalo_bad_token');
        return undefined;
      }
    },

    listen: async (webhook, accepting, receive) =>
      attachWebhook(options.webhooks, {
        name: 'zalo',
        webhook,
        secretHeader: 'x-bot-api-secret-token',
        accepting,
        // Any JSON: an update comes flat or wrapped as `{ ok, result }`, and what is not one is ignored in dispatch.
        isBody: () => true,
        receive,
        answer: (status) => ({
          contentType: 'application/json; charset=utf-8',
          body: JSON.stringify({ ok: status === 200 }),
        }),
        log,
        describeError,
      }),

    registerWebhook: (webhook, signal) =>
      retryUntilAborted(
        async () => {
          await api.setWebhook(webhook.url, webhook.secret, { signal });
          log.info({ url: webhook.url }, 'zalo: webhook set');
        },
        {
          signal,
          retry: options.retry,
          onFailure: (error, failures, retryInMs) => {
            // The call was cut short by stop: not a failure.
            if (signal.aborted) return;
            log.error({ err: describeError(error), failures, retryInMs }, 'zalo: setWebhook failed');
          },
        },
      ),
  };
}
