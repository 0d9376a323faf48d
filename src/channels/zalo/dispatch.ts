import type { Logger } from '../../logger.js';
import { createChannelInbox } from '../channel-inbox.js';
import type { ChannelOptions } from '../channel-options.js';
import type { ErrorDescriber } from '../describe-error.js';
import type { FloodVerdict } from '../flood.js';
import type { InboxRunner, InboxTicket } from '../inbox-runner.js';
import type { ChannelRuntime } from '../runtime.js';
import type { ZaloSending } from './sending.js';
import { toInboundEvent, unwrapUpdate } from './updates.js';

/**
 * How a Zalo update reaches its chat's queue: a first look for its chat, user and key, stored first in
 * the inbox when there is one, then read as an event in the chat's turn (with the choices offered last).
 */

export interface ZaloDispatch {
  /** Puts an update in its chat's queue; settles (never rejects) once it has been handled. */
  dispatch: (update: unknown, ticket?: InboxTicket) => Promise<void>;
  inbox: InboxRunner | null;
  /**
   * Stores the updates the engine reads, then hands them to their chats; the others are handed on as
   * they are. Rejects when the inbox did not take them: then they are not acknowledged.
   */
  receive: (updates: readonly unknown[]) => Promise<void>;
}

/** The chat an update comes from, read before the update itself is (for its place in the queue). */
function chatOf(update: unknown): string | null {
  const body = unwrapUpdate(update);
  const message = body?.message;
  if (typeof message !== 'object' || message === null) return null;
  const { chat, from } = message as { chat?: { id?: unknown }; from?: { id?: unknown } };
  const id = chat?.id ?? from?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

export function createZaloDispatch(deps: {
  botId: string;
  runtime: ChannelRuntime;
  sending: ZaloSending;
  log: Logger;
  describeError: ErrorDescriber;
  now: () => Date;
  options: Pick<ChannelOptions<unknown>, 'inbox' | 'inboxLeaseMs'>;
}): ZaloDispatch {
  const { botId, runtime, sending, log, describeError, now } = deps;

  async function handle(
    update: unknown,
    verdict: Promise<FloodVerdict>,
    updateLog: Logger,
    ticket: InboxTicket | undefined,
  ): Promise<void> {
    // Read now, in the chat's turn: the choices are those of the reply to the previous message.
    const chatId = chatOf(update);
    const offered = chatId === null ? null : sending.offeredTo(chatId);
    const event = toInboundEvent(update, now(), botId, offered);
    if (event) await runtime.handle(event, verdict, updateLog, {}, ticket);
    else await ticket?.finish('failed');
  }

  /** A first look for the chat, the user and the key (the queue, the flood gate, the inbox); null when ignored. */
  function peek(update: unknown): ReturnType<typeof toInboundEvent> {
    try {
      return toInboundEvent(update, now(), botId, null);
    } catch (error) {
      log.error({ err: describeError(error) }, 'zalo: update not understood');
      return null;
    }
  }

  /** Puts an update in its chat's queue; settles (never rejects) once it has been handled. */
  function dispatch(update: unknown, ticket?: InboxTicket): Promise<void> {
    // The event itself is read in turn.
    const first = peek(update);
    if (!first) {
      log.debug('zalo: update ignored');
      if (ticket) void ticket.finish('failed');
      return Promise.resolve();
    }
    const updateLog = log.child({ updateKey: first.updateKey, chatId: first.chatId });
    const verdict = runtime.flood.check(first.userId);
    return runtime.enqueue(first.chatId, () => handle(update, verdict, updateLog, ticket), updateLog);
  }

  const inbox = createChannelInbox({
    options: deps.options,
    channel: 'zalo',
    log,
    describeError,
    now,
    runtime,
    send: sending.sendReplies,
    dispatch,
  });

  async function receive(updates: readonly unknown[]): Promise<void> {
    const items = [];
    for (const update of updates) {
      const first = inbox ? peek(update) : null;
      if (first) items.push({ update, key: first.updateKey, chatId: first.chatId });
      else void dispatch(update);
    }
    if (inbox) await inbox.accept(items);
  }

  return { dispatch, inbox, receive };
}
