import type { DialogEngine, DialogResult, InboundEvent, Locale, OutboundMessage } from '../dialog/types.js';
import type { Logger } from '../logger.js';
import { sleep as sleepOrAbort } from './backoff.js';
import { createChatQueue, type ChatQueue } from './chat-queue.js';
import type { ErrorDescriber } from './describe-error.js';
import {
  createFloodGate,
  DEFAULT_FLOOD,
  type FloodGate,
  type FloodOptions,
  type FloodVerdict,
} from './flood.js';
import type { InboxTicket } from './inbox-runner.js';
import { createLifecycle, type ChannelLifecycle } from './lifecycle.js';

/**
 * What a chat channel does whatever its platform: the start sequence (webhook or long polling), and each
 * update's way through the flood gate, the dialog engine and back out as replies, logged once. The
 * adapter brings the platform: how replies are sent, how it is set up, how updates arrive.
 */

/**
 * Sends replies to a chat in order, in `locale`; never throws (a refusal is logged). Resolves to how
 * many replies went out whole: it stops at the first the platform refused.
 */
export type ReplySender = (
  chatId: string,
  replies: OutboundMessage[],
  locale: Locale,
  updateLog: Logger,
) => Promise<number>;

/** What a platform does besides replying: Telegram answers the button that was pressed. */
export interface UpdateHooks {
  /** The update was dropped by the flood gate; replaces the "slow down" notice in the chat. */
  dropped?(verdict: Exclude<FloodVerdict, 'serve'>, locale: Locale): Promise<void>;
  /** The engine failed; the "try again" notice follows. */
  failed?(): Promise<void>;
  /** The engine answered; the replies follow. */
  answered?(result: DialogResult): Promise<void>;
}

export interface ChannelRuntimeOptions {
  /** As the channel is named to a person ("Telegram"). */
  title: string;
  /** First word of every log message ("telegram"). */
  name: string;
  engine: DialogEngine;
  log: Logger;
  describeError: ErrorDescriber;
  send: ReplySender;
  flood?: FloodOptions | undefined;
  /** The language of the channel's own notices to a chat the engine has not answered yet. */
  defaultLocale: Locale;
  /** How long the engine may take over one update before the chat moves on (default 2 minutes). */
  handleTimeoutMs?: number | undefined;
}

/**
 * Longer than any step should take (a plan import writes for seconds, a document is read in a worker
 * within its own limits): past it the chat's next messages are served, and the update, left pending in
 * the inbox, is tried once more, then set aside.
 */
export const HANDLE_TIMEOUT_MS = 120_000;

/** How a channel is brought up: its own preparations, then a webhook or long polling. */
export interface StartSteps {
  /** getMe, menus…: a failure is logged there and does not stop the start. */
  prepare(): Promise<void>;
  /** The inbox's loop (leases, what others left), when the channel stores its updates: run until the stop. */
  inbox?: { run(signal: AbortSignal): Promise<void> } | null | undefined;
  /** When configured: the server, then the registration retried in the background until the stop. */
  webhook?: { listen(): Promise<{ close(): Promise<void> }>; register(): Promise<void> } | undefined;
  /** Otherwise: the webhook an earlier deployment may have left is removed (getUpdates fails while one is set), then polling. */
  polling: { deleteWebhook(): Promise<unknown>; poll(signal: AbortSignal): Promise<void> };
}

export interface ChannelRuntime {
  readonly lifecycle: ChannelLifecycle;
  readonly queue: ChatQueue;
  readonly flood: FloodGate;
  /** False when the channel stopped during the wait. */
  sleep: (ms: number) => Promise<boolean>;
  /** The language of the channel's own notices: the engine's last answer, the platform's hint, the default. */
  localeFor(chatId: string, languageCode?: string): Locale;
  notice(key: string): OutboundMessage;
  /** Runs `work` in the chat's turn; the promise settles (never rejects) once it is done. */
  enqueue(chatId: string, work: () => Promise<void>, updateLog: Logger): Promise<void>;
  /** Flood verdict → engine → replies → log, for one event in its chat's turn; `ticket` when it was stored in the inbox. */
  handle(
    event: InboundEvent,
    verdict: Promise<FloodVerdict>,
    updateLog: Logger,
    hooks?: UpdateHooks,
    ticket?: InboxTicket,
  ): Promise<void>;
  start(steps: StartSteps): Promise<void>;
  stop(): Promise<void>;
}

/** Chats whose language the channel remembers for its own notices (the engine's last answer). */
const LOCALE_MEMORY = 10_000;

/** Remembers `value` under `key`, forgetting the least recently remembered beyond `limit`. */
export function rememberBounded<T>(map: Map<string, T>, key: string, value: T, limit = LOCALE_MEMORY): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value as string);
}

/** The engine's answer, or 'timeout' once `ms` have passed (the late answer is then dropped). */
async function engineWithin(
  engine: DialogEngine,
  event: InboundEvent,
  ms: number,
): Promise<DialogResult | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const answer = engine.handle(event);
  // An answer (or a failure) that comes after the timeout is nobody's any more: never unhandled.
  answer.catch(() => undefined);
  try {
    return await Promise.race([
      answer,
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A step's replies, sent now. Written to the outbox in the step's transaction (`result.outbox`), they are
 * recorded as sent once they went out, and what did not is left to the delivery worker; when earlier
 * replies to the chat are still unsent (a crash left them), these wait behind them, for the worker to
 * send in order.
 */
async function sendStepReplies(
  deps: Pick<ChannelRuntimeOptions, 'send' | 'name' | 'describeError'>,
  chatId: string,
  result: DialogResult,
  updateLog: Logger,
): Promise<void> {
  const { name } = deps;
  const sendAll = () => deps.send(chatId, result.replies, result.locale, updateLog);
  const receipt = result.outbox;
  if (!receipt) {
    await sendAll();
    return;
  }
  if (!receipt.sendNow) {
    updateLog.info(`${name}: replies queued behind earlier ones still unsent, for the delivery worker`);
    return;
  }
  try {
    await receipt.deliver(sendAll);
  } catch (error) {
    // Sent, or handed over, but not recorded: the worker sends them again once their hold runs out.
    updateLog.warn({ err: deps.describeError(error) }, `${name}: outbox not updated after the replies`);
  }
}

export function createChannelRuntime(options: ChannelRuntimeOptions): ChannelRuntime {
  const { name, engine, log, describeError, send } = options;
  const queue = createChatQueue();
  const flood = createFloodGate(options.flood ?? DEFAULT_FLOOD);
  const lifecycle = createLifecycle({ title: options.title, name, log, queue });
  const locales = new Map<string, Locale>();

  function localeFor(chatId: string, languageCode?: string): Locale {
    const remembered = locales.get(chatId);
    if (remembered) return remembered;
    const hint = languageCode?.toLowerCase() ?? '';
    if (hint.startsWith('en')) return 'en';
    if (hint.startsWith('vi')) return 'vi';
    return options.defaultLocale;
  }

  const notice = (key: string): OutboundMessage => ({ lines: [{ key }], choices: [] });

  async function handle(
    event: InboundEvent,
    verdict: Promise<FloodVerdict>,
    updateLog: Logger,
    hooks: UpdateHooks = {},
    ticket?: InboxTicket,
  ): Promise<void> {
    const started = Date.now();
    const fallbackLocale = localeFor(event.chatId, event.languageCode);
    await ticket?.begin();
    const flooded = await verdict;
    if (flooded !== 'serve') {
      updateLog.info({ userId: event.userId, verdict: flooded }, `${name}: flood, update dropped`);
      await ticket?.finish('handled');
      if (hooks.dropped) await hooks.dropped(flooded, fallbackLocale);
      else if (flooded === 'notify')
        await send(event.chatId, [notice('channel:slow_down')], fallbackLocale, updateLog);
      return;
    }
    let result: DialogResult | 'timeout';
    try {
      result = await engineWithin(engine, event, options.handleTimeoutMs ?? HANDLE_TIMEOUT_MS);
    } catch (error) {
      updateLog.error({ err: describeError(error) }, `${name}: the dialog engine failed`);
      await ticket?.finish('failed');
      await hooks.failed?.();
      await send(event.chatId, [notice('channel:try_again')], fallbackLocale, updateLog);
      return;
    }
    if (result === 'timeout') {
      // Left pending: claimed again once its lease runs out, and set aside if it times out again.
      updateLog.error({ input: event.input.kind }, `${name}: the update took too long, the chat moves on`);
      await hooks.failed?.();
      return;
    }
    rememberBounded(locales, event.chatId, result.locale);
    await ticket?.finish('handled');
    await hooks.answered?.(result);
    if (!result.duplicate) await sendStepReplies(options, event.chatId, result, updateLog);
    updateLog.info(
      {
        input: event.input.kind,
        replies: result.replies.length,
        duplicate: result.duplicate,
        stale: result.staleChoice === true,
        ms: Date.now() - started,
      },
      `${name}: update handled`,
    );
  }

  async function start(steps: StartSteps): Promise<void> {
    lifecycle.begin();
    await steps.prepare();
    if (steps.inbox) lifecycle.track(steps.inbox.run(lifecycle.signal));
    if (steps.webhook) {
      try {
        lifecycle.closeOnStop(await steps.webhook.listen());
      } catch (error) {
        lifecycle.fail();
        throw error;
      }
      lifecycle.track(steps.webhook.register());
      return;
    }
    try {
      await steps.polling.deleteWebhook();
    } catch (error) {
      log.warn({ err: describeError(error) }, `${name}: deleteWebhook failed`);
    }
    lifecycle.track(steps.polling.poll(lifecycle.signal));
    log.info(`${name}: long polling`);
  }

  return {
    lifecycle,
    queue,
    flood,
    sleep: (ms) => sleepOrAbort(ms, lifecycle.signal),
    localeFor,
    notice,
    enqueue: (chatId, work, updateLog) =>
      queue
        .run(chatId, work)
        .catch((error: unknown) => updateLog.error({ err: describeError(error) }, `${name}: update failed`)),
    handle,
    start,
    stop: () => lifecycle.stop(),
  };
}
