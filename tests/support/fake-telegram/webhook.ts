import { setTimeout as delay } from 'node:timers/promises';
import type { UpdateQueue } from './updates.js';

/**
 * Telegram's side of a webhook, as the Bot API describes it: once `setWebhook` is called, every update is
 * POSTed as JSON to the URL with the `X-Telegram-Bot-Api-Secret-Token` header; "in case of an unsuccessful
 * request (a request with response HTTP status code different from 2XY), we will repeat the request and
 * give up after a reasonable amount of attempts" (https://core.telegram.org/bots/api#setwebhook). An
 * update answered 2xx is gone from Telegram; one that failed (an error status, a refused or reset
 * connection, a bot killed mid-request) is sent again. Up to `max_connections` requests at once (40 by
 * default there, `concurrency` here); this fake keeps one chat's updates in order (the next one waits
 * until the earlier is acknowledged), which is what the bot needs and what Telegram is seen to do.
 *
 * It never gives up here (a test wants to know what was lost, not what Telegram would have dropped
 * after hours), and retries after `retryMs` doubling up to 1 s (Telegram waits longer; tests are short).
 */
export interface WebhookSender {
  readonly url: string | null;
  /** the last setWebhook call's parameters, as the bot sent them */
  readonly registration: Record<string, unknown> | null;
  /** update ids the bot answered 2xx (acknowledged: Telegram would not send them again) */
  readonly acknowledged: ReadonlySet<number>;
  /** requests made, and those that failed (error status, connection refused or reset) */
  readonly attempts: number;
  readonly failures: number;
  set(url: string, secret: string | undefined, registration?: Record<string, unknown>): void;
  remove(): void;
  /** Resolves once every update offered so far has been acknowledged. */
  drained(timeoutMs?: number): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 30_000;

function chatOf(update: Record<string, unknown>): string {
  const message = (update.message ?? update.edited_message) as { chat?: { id?: number } } | undefined;
  const press = update.callback_query as
    { message?: { chat?: { id?: number } }; from?: { id?: number } } | undefined;
  return String(message?.chat?.id ?? press?.message?.chat?.id ?? press?.from?.id ?? 'none');
}

export function createWebhookSender(
  queue: UpdateQueue,
  options: { concurrency?: number; retryMs?: number } = {},
): WebhookSender {
  const concurrency = options.concurrency ?? 8;
  const acknowledged = new Set<number>();
  const inFlight = new Set<number>();
  const retryAt = new Map<number, { at: number; waitMs: number }>();
  let target: { url: string; secret: string | undefined } | null = null;
  let registration: Record<string, unknown> | null = null;
  let generation = 0;
  let attempts = 0;
  let failures = 0;
  let wake: (() => void) | null = null;
  const nudge = (): void => {
    wake?.();
    wake = null;
  };

  async function deliver(
    id: number,
    update: Record<string, unknown>,
    to: { url: string; secret: string | undefined },
  ): Promise<void> {
    attempts += 1;
    let ok: boolean;
    try {
      const response = await fetch(to.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(to.secret ? { 'x-telegram-bot-api-secret-token': to.secret } : {}),
        },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      ok = response.status >= 200 && response.status < 300;
    } catch {
      ok = false;
    }
    inFlight.delete(id);
    if (ok) {
      acknowledged.add(id);
      retryAt.delete(id);
    } else {
      failures += 1;
      const waitMs = Math.min(1000, (retryAt.get(id)?.waitMs ?? (options.retryMs ?? 50) / 2) * 2);
      retryAt.set(id, { at: Date.now() + waitMs, waitMs });
    }
    nudge();
  }

  /** The first id not acknowledged: Telegram's queue starts there. */
  function firstUnacknowledged(): number {
    let id = queue.confirmedBelow;
    while (acknowledged.has(id)) id += 1;
    return id;
  }

  async function run(mine: number): Promise<void> {
    while (target && generation === mine) {
      // Confirms below the first unacknowledged update: `confirmedBelow` keeps meaning "the bot has it".
      const offered = await queue.take(firstUnacknowledged(), 1000, 0);
      const blockedChats = new Set<string>();
      const now = Date.now();
      for (const update of offered) {
        const id = update.update_id as number;
        if (acknowledged.has(id)) continue;
        const chat = chatOf(update);
        const due = (retryAt.get(id)?.at ?? 0) <= now;
        if (!inFlight.has(id) && !blockedChats.has(chat) && due && inFlight.size < concurrency && target) {
          inFlight.add(id);
          void deliver(id, update, target);
        }
        blockedChats.add(chat);
      }
      await Promise.race([new Promise<void>((resolve) => (wake = resolve)), delay(20)]);
    }
  }

  return {
    get url() {
      return target?.url ?? null;
    },
    get registration() {
      return registration;
    },
    acknowledged,
    get attempts() {
      return attempts;
    },
    get failures() {
      return failures;
    },
    set(url, secret, parameters) {
      registration = parameters ?? { url, secret_token: secret };
      const running = target !== null;
      target = { url, secret };
      if (!running) void run(++generation);
    },
    remove() {
      target = null;
      generation += 1;
      nudge();
    },
    async drained(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (firstUnacknowledged() < queue.updates.size + 1) {
        if (Date.now() > deadline) throw new Error('the webhook sender still has unacknowledged updates');
        await delay(20);
      }
    },
  };
}
