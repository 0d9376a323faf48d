/**
 * Runs the tasks of one key (a chat) strictly one after the other, in the order they were added, and the
 * tasks of different keys concurrently. A keyed promise chain: each key's tail is the last task added;
 * a key with nothing left to run is forgotten, so the map holds only busy chats.
 *
 * A failing task rejects its own promise only: the next task of the same chat still runs.
 */
export interface ChatQueue {
  /** Runs `task` after every task added before for `key`; settles as the task does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Tasks added and not yet finished, over all keys (for back-pressure). */
  readonly pending: number;
  /** Resolves when every task added so far has finished. */
  idle(): Promise<void>;
}

export function createChatQueue(): ChatQueue {
  const tails = new Map<string, Promise<void>>();
  let pending = 0;

  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      pending += 1;
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        pending -= 1;
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    get pending() {
      return pending;
    },
    async idle() {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
  };
}
