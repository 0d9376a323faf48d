import { RateLimiterRes } from 'rate-limiter-flexible';
import { sleep } from '../channels/backoff.js';
import type { Logger } from '../logger.js';
import { memoryLimiters, type LimiterFactory } from '../rate-limits.js';
import type { SendWindowStore } from '../store/send-window.js';
import { createPacer } from './pacer.js';
import { createSharedPacer } from './shared-pacer.js';

/**
 * A bot token's limits, waited for and never dropped: at most `perSecond` messages in any window of one
 * second plus a margin (./pacer.ts), spread out; one message every `perChatIntervalMs` to a chat,
 * measured from the moment of sending; and, after a 429, a pause of every chat.
 *
 * In memory by default (one instance: SQLite, or tests); with `shared` (PostgreSQL) every instance
 * sending with the token counts in the database: the window in ./shared-pacer.ts, the chats' intervals
 * in rate-limiter-flexible's PostgreSQL store, and a 429's pause is written there for all to keep.
 */

export interface DeliveryLimits {
  /** messages a second in all (Telegram: about 30) */
  perSecond: number;
  /** least time between two messages to one chat (Telegram: about one a second) */
  perChatIntervalMs: number;
}

export interface SendGate {
  /**
   * Waits until one more request may go to `chatId` now; returns what to call when its answer came back,
   * or null when `signal` aborts meanwhile. A `reply` (of a conversation) waits for the window and a
   * pause only, not for the chat: the replies of a chat held back by a crash go out together, as the
   * process that handled their steps would have sent them, and not one a second, which a person reads
   * as the conversation going on (and answers mid-way). It is counted in this process's window only
   * (on PostgreSQL not shared with the other instances, so as to take no connection from the dialog).
   */
  acquire(chatId: string, signal: AbortSignal, reply?: boolean): Promise<(() => void) | null>;
  /** The platform asked to wait (a 429, whose limit is per bot): no chat is sent to for `seconds`. */
  pause(seconds: number): void;
}

/** Added to the per-chat interval: the platform measures arrivals, and requests do not arrive in a fixed time. */
const PER_CHAT_MARGIN_MS = 50;
/**
 * The global window is measured from the answer to the request `perSecond` sends back (./pacer.ts), so
 * the platform's one second needs only a few ms for clock granularity: 30 per (1,005 ms + a local round
 * trip of ~2 ms + ~1 ms of timer lateness) is 29.8 a second at best, against 27 for "one every 34 ms".
 */
const GLOBAL_MARGIN_MS = 5;
/** While that answer is awaited, the request is assumed to have arrived within this long (the wait is cut short by the answer). */
const IN_FLIGHT_ALLOWANCE_MS = 250;
/** No two messages closer than this share of the even spacing: spread out, without making timer lateness add up. */
const MIN_SPACING_SHARE = 0.75;

export interface SharedSendLimits {
  /** whose limits these are, the same on every instance: the channel (one token each per deployment) */
  scope: string;
  limiters: LimiterFactory;
  window: SendWindowStore;
  log?: Logger | undefined;
}

export function createSendGate(limits: DeliveryLimits, shared?: SharedSendLimits): SendGate {
  // A sliding window, not a fixed one: a fixed one-second window of 30 points would let 30 go at the end
  // of one window and 30 more at the start of the next, 60 in one second of the platform's count.
  const rules = {
    perWindow: limits.perSecond,
    windowMs: 1000 + GLOBAL_MARGIN_MS,
    minSpacingMs: (MIN_SPACING_SHARE * 1000) / limits.perSecond,
    inFlightAllowanceMs: IN_FLIGHT_ALLOWANCE_MS,
  };
  const local = createPacer(rules);
  const global = shared
    ? createSharedPacer({
        store: shared.window,
        scope: shared.scope,
        rules,
        fallback: local,
        log: shared.log,
      })
    : local;
  const perChatSeconds = (limits.perChatIntervalMs + PER_CHAT_MARGIN_MS) / 1000;
  // A chat is taken at its grant for the interval plus the in-flight allowance, and given back at the
  // answer for the interval from then (see `answered` below).
  const perChat = (shared?.limiters ?? memoryLimiters)({
    points: 1,
    durationSec: perChatSeconds + IN_FLIGHT_ALLOWANCE_MS / 1000,
    keyPrefix: `chat:${shared?.scope ?? 'local'}`,
  });
  // A chat's interval restarted at an answer, being written: the chat's next grant here waits for it.
  const restarting = new Map<string, Promise<unknown>>();
  let pausedUntil = 0;

  /** The interval of the chat runs from the answer: the platform counts arrivals, which precede it. */
  function answered(chatId: string, settle: () => void): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      settle();
      const restart = perChat.block(chatId, perChatSeconds).catch(() => undefined);
      restarting.set(chatId, restart);
      void restart.then(() => {
        if (restarting.get(chatId) === restart) restarting.delete(chatId);
      });
    };
  }

  /** How long the chat is still taken (0: free now). */
  async function heldFor(chatId: string): Promise<number> {
    const held = await perChat.get(chatId);
    return held && held.consumedPoints > 0 ? held.msBeforeNext : 0;
  }

  return {
    async acquire(chatId, signal, reply = false) {
      if (!reply) await restarting.get(chatId);
      for (;;) {
        if (signal.aborted) return null;
        // Waits first for the pause and the chat, spending no grant of the window on a chat still taken.
        const wait = Math.max(pausedUntil - Date.now(), reply ? 0 : await heldFor(chatId));
        if (wait > 0) {
          if (!(await sleep(wait, signal))) return null;
          continue;
        }
        // A reply held back counts in this process's window only: the shared one costs a locked
        // transaction a grant, and on PostgreSQL the held-back chats waited for the pool behind the
        // dialog steps (the SIGKILL suite's chats never caught up).
        const settle = await (reply ? local : global).acquire(signal);
        if (!settle) return null;
        if (pausedUntil > Date.now()) {
          settle(); // nothing was sent on this grant: a 429 arrived while waiting
          continue;
        }
        if (reply) return settle;
        // Taken now, atomically: another instance may have taken the chat while this one waited.
        try {
          await perChat.consume(chatId);
        } catch (rejection) {
          settle(); // the grant is spent on nothing: rare, two instances at one chat
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          continue;
        }
        return answered(chatId, settle);
      }
    },

    pause(seconds) {
      const ms = Math.max(0, seconds) * 1000;
      pausedUntil = Math.max(pausedUntil, Date.now() + ms);
      // The other instances learn of it at their next grant (the window waits for the pause).
      shared?.window.pause(shared.scope, ms).catch((error: unknown) => {
        shared.log?.warn({ err: error, scope: shared.scope }, 'shared send window: a pause not recorded');
      });
    },
  };
}
