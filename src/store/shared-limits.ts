import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import type { LimiterFactory } from '../rate-limits.js';
import { createSendWindowStore, type SendWindowStore } from './send-window.js';

/**
 * The limits several instances on one PostgreSQL database share, on the pool the Prisma client uses (no
 * other service to run): rate-limiter-flexible's PostgreSQL store for the fixed windows (the flood gate
 * per user, the interval per chat), in the `RateLimit` table the migrations create; and the sliding
 * send window per bot token (./send-window.ts), which that library has no store for.
 *
 * If the database fails to answer, a limiter counts in memory meanwhile (the library's insurance): a
 * short outage loosens the limits to one instance's share, it does not stop the chats.
 */
export interface SharedLimits {
  limiters: LimiterFactory;
  window: SendWindowStore;
}

export function postgresLimits(pool: pg.Pool): SharedLimits {
  return {
    limiters: (spec) =>
      new RateLimiterPostgres({
        storeClient: pool,
        storeType: 'pool',
        tableName: 'RateLimit',
        // created by the migrations: the library's own CREATE TABLE at run time is not wanted
        tableCreated: true,
        points: spec.points,
        duration: spec.durationSec,
        keyPrefix: spec.keyPrefix,
        insuranceLimiter: new RateLimiterMemory({
          points: spec.points,
          duration: spec.durationSec,
          keyPrefix: spec.keyPrefix,
        }),
      }),
    window: createSendWindowStore(pool),
  };
}
