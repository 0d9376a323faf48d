/**
 * What the fake Telegram offers the bot: updates kept as Telegram keeps them. An update stays on offer
 * until a later getUpdates' `offset` confirms it, so a bot killed before confirming gets it again when it
 * restarts; a long poll waits for the next update up to its timeout (capped, to keep tests short).
 */
export interface UpdateQueue {
  /** Offers an update (its update_id is assigned here) and returns the id. */
  push(update: Record<string, unknown>): number;
  /** Every update ever pushed, by id. */
  readonly updates: Map<number, Record<string, unknown>>;
  /** update ids below this one were confirmed by an offset (the bot said it received them) */
  readonly confirmedBelow: number;
  /** getUpdates: confirms below `offset`, then answers what is on offer, waiting up to `timeoutMs` */
  take(offset: number, limit: number, timeoutMs: number): Promise<Record<string, unknown>[]>;
  /** wakes every waiting poll (at close) */
  wakeAll(): void;
}

export function createUpdateQueue(): UpdateQueue {
  const updates = new Map<number, Record<string, unknown>>();
  let nextUpdateId = 1;
  let confirmedBelow = 1;
  let waiters: (() => void)[] = [];

  const offered = (limit: number): Record<string, unknown>[] => {
    const out: Record<string, unknown>[] = [];
    for (let id = confirmedBelow; id < nextUpdateId && out.length < limit; id += 1) {
      const update = updates.get(id);
      if (update) out.push(update);
    }
    return out;
  };
  const wakeAll = (): void => {
    const waiting = waiters;
    waiters = [];
    for (const wake of waiting) wake();
  };

  return {
    updates,
    get confirmedBelow() {
      return confirmedBelow;
    },
    push(update) {
      const id = nextUpdateId++;
      updates.set(id, { ...update, update_id: id });
      wakeAll();
      return id;
    },
    async take(offset, limit, timeoutMs) {
      if (offset > confirmedBelow) confirmedBelow = offset;
      const found = offered(limit);
      if (found.length > 0 || timeoutMs <= 0) return found;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      return offered(limit);
    },
    wakeAll,
  };
}
