import type { Update } from 'telegraf/types';
import type { InboundEvent } from '../../dialog/types.js';
import type { I18n } from '../../i18n.js';
import type { Logger } from '../../logger.js';
import { createChannelInbox } from '../channel-inbox.js';
import type { ChannelOptions } from '../channel-options.js';
import type { ErrorDescriber } from '../describe-error.js';
import type { FloodVerdict } from '../flood.js';
import type { InboxItem, InboxRunner, InboxTicket } from '../inbox-runner.js';
import type { ChannelRuntime, UpdateHooks } from '../runtime.js';
import type { TelegramSending } from './sending.js';
import { buttonPress, groupCommand, toInboundEvent, type ButtonPress, type FileReader } from './updates.js';

/**
 * How a Telegram update reaches its chat's queue: read as an event (or a command in a group, or
 * ignored), stored first in the inbox when there is one, the pressed button answered whatever happens.
 */

export interface TelegramDispatchOptions {
  botId: string;
  runtime: ChannelRuntime;
  sending: TelegramSending;
  i18n: I18n;
  log: Logger;
  describeError: ErrorDescriber;
  now: () => Date;
  readFile: FileReader;
  /** the bot's username, for commands in groups ("/baocao@tiendo_bot") */
  username: () => string | undefined;
  options: Pick<ChannelOptions<unknown>, 'inbox' | 'inboxLeaseMs'>;
}

export interface TelegramDispatch {
  /** Puts an update in its chat's queue; settles (never rejects) once it has been handled. */
  dispatch: (update: Update, ticket?: InboxTicket) => Promise<void>;
  /** The inbox's loop, when there is an inbox. */
  inbox: InboxRunner | null;
  /**
   * Stores the updates the engine reads and hands them to their chats; the ids of those it took.
   * Rejects when the inbox did not take them: then they are not acknowledged to Telegram.
   */
  intake: (updates: readonly Update[]) => Promise<Set<number>>;
  /** A webhook's update: settles once it is safe to answer 200 (stored, when there is an inbox). */
  receive: (update: Update) => Promise<void>;
}

/** A pressed button is answered whatever becomes of the update, or its button spins. */
function pressHooks(
  press: ButtonPress,
  sending: TelegramSending,
  i18n: I18n,
  updateLog: Logger,
): UpdateHooks {
  return {
    dropped: (verdict, locale) =>
      sending.answerPress(
        press,
        verdict === 'notify' ? i18n.render({ key: 'channel:slow_down' }, locale) : undefined,
        updateLog,
      ),
    failed: () => sending.answerPress(press, undefined, updateLog),
    answered: async (result) => {
      const toast = result.staleChoice
        ? i18n.render({ key: 'channel:stale_button' }, result.locale)
        : undefined;
      await sending.answerPress(press, toast, updateLog);
      await sending.removeKeyboard(press, updateLog);
    },
  };
}

export function createTelegramDispatch(deps: TelegramDispatchOptions): TelegramDispatch {
  const { botId, runtime, sending, i18n, log, describeError, now, readFile } = deps;

  function handleEvent(
    event: InboundEvent,
    press: ButtonPress | null,
    updateLog: Logger,
    ticket: InboxTicket | undefined,
  ): Promise<void> {
    // The flood verdict is taken now, at arrival; the queue keeps the chat's order.
    const verdict = runtime.flood.check(event.userId);
    const chatLog = updateLog.child({ chatId: event.chatId });
    const hooks = press ? pressHooks(press, sending, i18n, chatLog) : {};
    return runtime.enqueue(
      event.chatId,
      () => runtime.handle(event, verdict, chatLog, hooks, ticket),
      updateLog,
    );
  }

  /** A command in a group: the bot works in private chats only, and says so. */
  function refuseInGroup(chatId: string, languageCode: string | undefined, updateLog: Logger): Promise<void> {
    const verdict: Promise<FloodVerdict> = runtime.flood.check(`chat:${chatId}`);
    return runtime.enqueue(
      chatId,
      async () => {
        if ((await verdict) !== 'serve') return;
        const locale = runtime.localeFor(chatId, languageCode);
        await sending.sendReplies(chatId, [runtime.notice('channel:private_only')], locale, updateLog);
      },
      updateLog,
    );
  }

  /**
   * Puts an update in its chat's queue; never throws. The promise it returns settles (never rejects)
   * once the update has been handled, for long polling to confirm it only then.
   */
  function dispatch(update: Update, ticket?: InboxTicket): Promise<void> {
    const updateLog = log.child({ updateId: update.update_id });
    try {
      const event = toInboundEvent(update, now(), botId, readFile);
      const press = buttonPress(update);
      if (event) return handleEvent(event, press, updateLog, ticket);
      // Stored, yet no longer read as an event (a change of this code): ended, not retried.
      if (ticket) void ticket.finish('failed');
      const group = groupCommand(update, deps.username());
      if (group) return refuseInGroup(group.chatId, group.languageCode, updateLog);
      // Not for the engine; a press must still be answered, or its button spins.
      if (press) void sending.answerPress(press, undefined, updateLog);
      updateLog.debug('telegram: update ignored');
    } catch (error) {
      updateLog.error({ err: describeError(error) }, 'telegram: update not understood');
    }
    return Promise.resolve();
  }

  const inbox = createChannelInbox({
    options: deps.options,
    channel: 'telegram',
    log,
    describeError,
    now,
    runtime,
    send: sending.sendReplies,
    dispatch: (update, ticket) => dispatch(update as Update, ticket),
  });

  /** The updates the engine reads, as the inbox stores them (others are not worth a write). */
  function inboxItems(updates: readonly Update[]): (InboxItem & { id: number })[] {
    return updates.flatMap((update) => {
      try {
        const event = toInboundEvent(update, now(), botId, readFile);
        return event ? [{ update, key: event.updateKey, chatId: event.chatId, id: update.update_id }] : [];
      } catch {
        return [];
      }
    });
  }

  async function intake(updates: readonly Update[]): Promise<Set<number>> {
    if (!inbox) return new Set();
    const items = inboxItems(updates);
    await inbox.accept(items);
    return new Set(items.map((item) => item.id));
  }

  return {
    dispatch,
    inbox,
    intake,
    receive: async (update) => {
      if ((await intake([update])).size === 0) void dispatch(update);
    },
  };
}
