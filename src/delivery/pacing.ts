import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { sleep } from '../channels/backoff.js';
import { createPacer } from './pacer.js';

/**
 * A worker's limits, waited for and never dropped: at most `perSecond` messages in any window of one
 * second plus a margin (./pacer.ts), spread out; one message every `perChatIntervalMs` to a chat,
 * measured from the moment of sending; and, after a 429, a pause of every chat.
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
   * or null when `signal` aborts meanwhile.
   */
  acquire(chatId: string, signal: AbortSignal): Promise<(() => void) | null>;
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

export function createSendGate(limits: DeliveryLimits, workerId: string): SendGate {
  // A sliding window, not a fixed one: a fixed one-second window of 30 points would let 30 go at the end
  // of one window and 30 more at the start of the next, 60 in one second of the platform's count.
  const global = createPacer({
    perWindow: limits.perSecond,
    windowMs: 1000 + GLOBAL_MARGIN_MS,
    minSpacingMs: (MIN_SPACING_SHARE * 1000) / limits.perSecond,
    inFlightAllowanceMs: IN_FLIGHT_ALLOWANCE_MS,
  });
  const perChatSeconds = (limits.perChatIntervalMs + PER_CHAT_MARGIN_MS) / 1000;
  const perChat = new RateLimiterMemory({
    points: 1,
    duration: perChatSeconds,
    keyPrefix: `chat:${workerId}`,
  });
  let pausedUntil = 0;

  return {
    async acquire(chatId, signal) {
      for (;;) {
        if (signal.aborted) return null;
        const pause = pausedUntil - Date.now();
        if (pause > 0) {
          if (!(await sleep(pause, signal))) return null;
          continue;
        }
        try {
          await perChat.consume(chatId);
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          if (!(await sleep(Math.max(1, rejection.msBeforeNext), signal))) return null;
          continue;
        }
        const settle = await global.acquire(signal);
        if (!settle) return null;
        if (pausedUntil > Date.now()) {
          settle(); // nothing was sent on this grant
          continue; // a 429 arrived while waiting: wait it out, then queue again
        }
        // The chat's interval starts now, when the message actually goes.
        await perChat.block(chatId, perChatSeconds);
        return settle;
      }
    },

    pause(seconds) {
      pausedUntil = Math.max(pausedUntil, Date.now() + Math.max(0, seconds) * 1000);
    },
  };
}
