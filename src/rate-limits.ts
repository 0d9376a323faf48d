import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Where a fixed-window limit ("`points` per `durationSec`, the window starting at its first point") is
 * counted: in this process (one instance, SQLite), or in PostgreSQL for every instance at once
 * (src/store/shared-limits.ts). The flood gate per user (src/channels/flood.ts) and the interval per
 * chat (src/delivery/pacing.ts) are made through it; the composition root chooses the store.
 */
export interface LimiterSpec {
  points: number;
  durationSec: number;
  /** keeps this limit's keys apart from the others' in a shared store ("flood:telegram") */
  keyPrefix: string;
}

export type LimiterFactory = (spec: LimiterSpec) => RateLimiterAbstract;

export const memoryLimiters: LimiterFactory = (spec) =>
  new RateLimiterMemory({ points: spec.points, duration: spec.durationSec, keyPrefix: spec.keyPrefix });
