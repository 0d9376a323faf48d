import type { ChannelName } from '../dialog/types.js';
import type { Logger } from '../logger.js';
import type { ChannelOptions } from './channel-options.js';
import type { ErrorDescriber } from './describe-error.js';
import { createInboxRunner, type InboxRunner, type InboxTicket } from './inbox-runner.js';
import type { ChannelRuntime, ReplySender } from './runtime.js';

/** A channel's inbox runner, when the channel was given an inbox: a set-aside update is told to its chat in the chat's turn. */
export function createChannelInbox(deps: {
  options: Pick<ChannelOptions<unknown>, 'inbox' | 'inboxLeaseMs'>;
  channel: ChannelName;
  log: Logger;
  describeError: ErrorDescriber;
  now: () => Date;
  runtime: ChannelRuntime;
  send: ReplySender;
  dispatch: (update: unknown, ticket: InboxTicket) => Promise<void>;
}): InboxRunner | null {
  const { options, runtime, send, log } = deps;
  if (!options.inbox) return null;
  return createInboxRunner({
    inbox: options.inbox,
    channel: deps.channel,
    name: deps.channel,
    log,
    describeError: deps.describeError,
    now: deps.now,
    queue: runtime.queue,
    dispatch: deps.dispatch,
    setAside: (chatId) =>
      runtime.enqueue(
        chatId,
        async () => {
          await send(chatId, [runtime.notice('channel:set_aside')], runtime.localeFor(chatId), log);
        },
        log,
      ),
    ...(options.inboxLeaseMs === undefined ? {} : { leaseMs: options.inboxLeaseMs }),
  });
}
