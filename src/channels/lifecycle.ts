import type { Logger } from '../logger.js';

/**
 * A channel's life: new → running → stopping → stopped, once. Stopping aborts what the channel is doing
 * (polling, back-offs), lets it wind down, and waits a bounded time for the updates already received.
 */

/** The longest a stop waits for updates in progress: a redeploy must not hang on a slow chat. */
export const STOP_DRAIN_MS = 10_000;

export type ChannelState = 'new' | 'running' | 'stopping' | 'stopped';

export interface ChannelLifecycle {
  readonly state: ChannelState;
  /** The current run's signal: aborted as soon as a stop begins. */
  readonly signal: AbortSignal;
  /** new → running; throws in any other state (a channel is started once). */
  begin(): void;
  /** A start that failed: there is nothing to stop. */
  fail(): void;
  /** Work running in the background (polling, a registration) that ends once `signal` aborts: a stop awaits it. */
  track(work: Promise<void>): void;
  /** What a stop closes once the tracked work has ended (the webhook server). */
  closeOnStop(resource: { close(): Promise<void> }): void;
  /**
   * Aborts, awaits the tracked work, closes, then waits for the queue: no update is taken any more, and
   * those taken are given their chance to finish. Idempotent; a channel never started is only marked stopped.
   */
  stop(): Promise<void>;
}

export interface LifecycleOptions {
  /** As the channel is named to a person ("Telegram"). */
  title: string;
  /** The channel's name, first word of every log message ("telegram"). */
  name: string;
  log: Logger;
  queue: { readonly pending: number; idle(): Promise<void> };
}

/** Resolves true once `queue` is idle, false if `ms` pass first. */
export async function drain(queue: { idle(): Promise<void> }, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    queue.idle().then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]);
  clearTimeout(timer);
  return drained;
}

export function createLifecycle(options: LifecycleOptions): ChannelLifecycle {
  const { name, log, queue } = options;
  let state: ChannelState = 'new';
  let abort = new AbortController();
  const work: Promise<void>[] = [];
  const resources: { close(): Promise<void> }[] = [];

  return {
    get state() {
      return state;
    },
    get signal() {
      return abort.signal;
    },
    begin() {
      if (state !== 'new') throw new Error(`the ${options.title} channel cannot start: it is ${state}`);
      state = 'running';
      abort = new AbortController();
    },
    fail() {
      state = 'stopped';
    },
    track(task) {
      work.push(task);
    },
    closeOnStop(resource) {
      resources.push(resource);
    },
    async stop() {
      if (state !== 'running') {
        state = 'stopped';
        return;
      }
      state = 'stopping';
      abort.abort();
      for (const task of work.splice(0)) await task;
      for (const resource of resources.splice(0)) await resource.close();
      if (!(await drain(queue, STOP_DRAIN_MS)))
        log.warn({ pending: queue.pending }, `${name}: stopped with updates still in progress`);
      state = 'stopped';
      log.info(`${name}: stopped`);
    },
  };
}
