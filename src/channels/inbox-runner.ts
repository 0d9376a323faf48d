import type { ChannelName, InboxOutcome, UpdateInbox } from '../dialog/types.js';
import type { Logger } from '../logger.js';
import { sleep } from './backoff.js';
import type { ErrorDescriber } from './describe-error.js';

/**
 * A channel's side of the durable inbox (UpdateInbox, src/dialog/types.ts). An update is stored before
 * the platform is told it arrived (the webhook's 200, the polling offset), then handed to its chat's
 * queue at once. What this process stored or claimed it holds under a lease, renewed while it is in
 * hand; what a dead process held is claimed back: at once by the process that restarts (everything
 * stored before it started), else by any instance once the lease has run out. The dialog engine's claim
 * of the update key makes a second handling of the same update change nothing.
 *
 * An update whose handling began twice without ending (the process died, or the handling timed out)
 * is set aside on the next claim: marked `poison`, logged, and the chat told once. It is never read
 * again: a document that kills the bot is not offered to it after every restart.
 */

/** How long a stored update is held by its instance without a renewal. */
export const INBOX_LEASE_MS = 15_000;
/** How often the leases of updates in hand are renewed, and the inbox looked at for what others left. */
const INBOX_TICK_MS = 2_000;
/** Handlings begun and not ended after which an update is set aside rather than tried again. */
export const MAX_HANDLING_ATTEMPTS = 2;
/** Updates claimed at a time. */
const CLAIM_BATCH = 100;

/** One stored update's handling: begun (counted), then ended. Neither throws (a failure is logged). */
export interface InboxTicket {
  begin(): Promise<void>;
  finish(outcome: InboxOutcome): Promise<void>;
}

export interface InboxRunnerOptions {
  inbox: UpdateInbox;
  channel: ChannelName;
  /** the channel's name, first word of every log message ("telegram") */
  name: string;
  log: Logger;
  describeError: ErrorDescriber;
  now: () => Date;
  /** the chat queue: its backlog holds the claims back */
  queue: { readonly pending: number };
  /** Hands a stored update to its chat's queue; settles (never rejects) once it has been handled. */
  dispatch(update: unknown, ticket: InboxTicket): Promise<void>;
  /** Tells a chat, once, that its message was set aside. Never throws. */
  setAside(chatId: string): Promise<void>;
  leaseMs?: number;
  tickMs?: number;
}

export interface InboxItem {
  update: unknown;
  key: string;
  chatId: string;
}

export interface InboxRunner {
  /** Stores the items, then hands those not stored before to their chats; rejects (dispatching nothing) when the store failed. */
  accept(items: readonly InboxItem[]): Promise<void>;
  /** Renews the leases of the updates in hand and claims what is left over, until `signal` aborts. */
  run(signal: AbortSignal): Promise<void>;
  /** Updates in hand in this process. */
  readonly inHand: number;
}

export function createInboxRunner(options: InboxRunnerOptions): InboxRunner {
  const { inbox, channel, name, log, describeError, now } = options;
  const leaseMs = options.leaseMs ?? INBOX_LEASE_MS;
  const held = new Set<string>();

  /** Failures are logged: the update stays pending, and is claimed again once its lease runs out. */
  async function quietly(what: string, key: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      log.warn({ err: describeError(error), key }, `${name}: inbox ${what} failed`);
    }
  }

  function ticket(key: string): InboxTicket {
    return {
      begin: () => quietly('begin', key, () => inbox.begin(channel, key)),
      finish: (outcome) => quietly('finish', key, () => inbox.finish(channel, key, outcome, now())),
    };
  }

  function hand(key: string, update: unknown): void {
    held.add(key);
    void options.dispatch(update, ticket(key)).finally(() => held.delete(key));
  }

  async function setAside(entry: { key: string; chatId: string; attempts: number }): Promise<void> {
    await quietly('set aside', entry.key, () => inbox.finish(channel, entry.key, 'poison', now()));
    log.error(
      { key: entry.key, chatId: entry.chatId, attempts: entry.attempts },
      `${name}: update set aside: its handling crashed or timed out ${entry.attempts} times`,
    );
    await options.setAside(entry.chatId);
  }

  async function claim(storedBefore: Date | undefined): Promise<void> {
    const room = Math.min(CLAIM_BATCH, 1000 - options.queue.pending);
    if (room <= 0) return;
    const claimed = await inbox.claim(channel, {
      now: now(),
      leaseMs,
      limit: room,
      ...(storedBefore ? { storedBefore } : {}),
    });
    for (const entry of claimed) {
      if (held.has(entry.key)) continue;
      if (entry.attempts >= MAX_HANDLING_ATTEMPTS) {
        await setAside(entry);
        continue;
      }
      let update: unknown;
      try {
        update = JSON.parse(entry.payload);
      } catch (error) {
        log.error({ err: describeError(error), key: entry.key }, `${name}: stored update unreadable`);
        await quietly('finish', entry.key, () => inbox.finish(channel, entry.key, 'failed', now()));
        continue;
      }
      log.info({ key: entry.key, attempts: entry.attempts }, `${name}: stored update taken back`);
      hand(entry.key, update);
    }
  }

  return {
    get inHand() {
      return held.size;
    },

    async accept(items) {
      if (items.length === 0) return;
      const entries = items.map((item) => ({
        channel,
        key: item.key,
        chatId: item.chatId,
        payload: JSON.stringify(item.update),
      }));
      const fresh = await inbox.store(entries, now(), leaseMs);
      for (const item of items) if (fresh.has(item.key)) hand(item.key, item.update);
    },

    async run(signal) {
      // Everything stored before this start, whoever held it: a restarted process takes back at once
      // what it held when it died (another live instance's updates are then handled twice at most,
      // the second time as a duplicate).
      let storedBefore: Date | undefined = now();
      while (!signal.aborted) {
        try {
          if (held.size > 0) await inbox.renew(channel, [...held], new Date(now().getTime() + leaseMs));
          await claim(storedBefore);
          storedBefore = undefined;
        } catch (error) {
          log.error({ err: describeError(error) }, `${name}: inbox not read`);
        }
        await sleep(options.tickMs ?? INBOX_TICK_MS, signal);
      }
    },
  };
}
