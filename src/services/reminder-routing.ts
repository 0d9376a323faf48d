import type { ChannelName } from '../dialog/types.js';

export type ReminderChannelPreference = 'last_used' | ChannelName;

export interface ChatLinkView {
  channel: string;
  chatId: string;
  lastSeenAt: Date;
}

/**
 * Where a proactive message to an official goes. An official may be linked on Telegram and on Zalo:
 * by default the one they used last (they answer where they live), or the configured channel when
 * they are linked on it. Only channels this process serves are candidates; the console never is.
 */
export function chooseChat(
  links: ChatLinkView[],
  preference: ReminderChannelPreference,
  served: readonly ChannelName[],
): { channel: ChannelName; chatId: string } | null {
  const candidates = links
    .filter(
      (link): link is ChatLinkView & { channel: ChannelName } =>
        (served as readonly string[]).includes(link.channel) && link.channel !== 'console',
    )
    .sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
  const preferred =
    preference === 'last_used' ? undefined : candidates.find((link) => link.channel === preference);
  const chosen = preferred ?? candidates[0];
  return chosen ? { channel: chosen.channel, chatId: chosen.chatId } : null;
}
