import { RateLimiterRes } from 'rate-limiter-flexible';
import { memoryLimiters, type LimiterFactory } from '../rate-limits.js';

/**
 * Slows down a user who sends faster than anyone typing answers can: within a window of `durationSec`
 * seconds the first `points` updates are served, the next one is dropped with a notice, and the rest of
 * the window is dropped silently. A fixed window per user, in memory; on PostgreSQL the composition root
 * gives `limiters` that count in the database, so that several instances behind a load balancer count
 * one window per user together (each would otherwise serve its own 5). A store that fails serves.
 *
 * Default 5 updates per 3 s: an official answering one question at a time sends about one message every
 * few seconds, and a double tap on a button or a quick correction ("12" then "12,5") fits easily; a
 * sustained 1.7 updates a second is well above any real conversation and well below a flood. Telegram
 * itself lets a bot send about one message a second per chat, so serving more would only queue replies.
 */
export type FloodVerdict = 'serve' | 'notify' | 'drop';

export interface FloodGate {
  check(key: string): Promise<FloodVerdict>;
}

export interface FloodOptions {
  points: number;
  durationSec: number;
  /** where the windows are counted (default: in memory) */
  limiters?: LimiterFactory | undefined;
  /** the channel's keys, apart from another channel's users of the same id (default "flood") */
  keyPrefix?: string;
}

export const DEFAULT_FLOOD: FloodOptions = { points: 5, durationSec: 3 };

export function createFloodGate(options: FloodOptions = DEFAULT_FLOOD): FloodGate {
  const limiter = (options.limiters ?? memoryLimiters)({
    points: options.points,
    durationSec: options.durationSec,
    keyPrefix: options.keyPrefix ?? 'flood',
  });
  return {
    async check(key) {
      try {
        await limiter.consume(key);
        return 'serve';
      } catch (rejection) {
        // Not a RateLimiterRes: the limiter itself failed; serve rather than lock an official out.
        if (!(rejection instanceof RateLimiterRes)) return 'serve';
        // The window's consumed points go up by one per update: the first one over the limit gets the notice.
        return rejection.consumedPoints === options.points + 1 ? 'notify' : 'drop';
      }
    },
  };
}
