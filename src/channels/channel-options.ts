import type { DialogEngine, Locale, UpdateInbox } from '../dialog/types.js';
import type { I18n } from '../i18n.js';
import type { Webhooks } from '../webhooks.js';
import type { Logger } from '../logger.js';
import type { RetryOptions } from './backoff.js';
import type { FloodOptions } from './flood.js';

/** What every polling or webhook channel is made with; `Config` is the platform's part of the configuration. */
export interface ChannelOptions<Config> {
  config: Config;
  engine: DialogEngine;
  i18n: I18n;
  logger: Logger;
  /** Pause after an empty getUpdates, in ms (the default is the platform's). */
  pollIdleMs?: number;
  /** The long-polling timeout asked of the platform, in seconds (default 30). */
  pollTimeoutSec?: number;
  /** Back-off after a failed getUpdates or setWebhook: doubles from `initialMs` up to `maxMs`. */
  retry?: RetryOptions;
  /** Per-user flood limit (default 5 updates per 3 s). */
  flood?: FloodOptions;
  /** The language of the channel's own notices to a chat the engine has not answered yet (default vi). */
  defaultLocale?: Locale;
  now?: () => Date;
  /**
   * Where updates are stored before they are acknowledged (src/services/inbox.ts); without it (tests of
   * the adapter alone) an update lives in memory until handled, and long polling confirms it only then.
   */
  inbox?: UpdateInbox;
  /** How long the engine may take over one update before the chat moves on (default 2 minutes). */
  handleTimeoutMs?: number;
  /** How long a stored update is held without renewal (default 15 s; tests shorten it). */
  inboxLeaseMs?: number;
  /** The HTTP server's webhook paths: a channel configured with a webhook attaches its endpoint there. */
  webhooks?: Pick<Webhooks, 'attach'>;
}
