import type { ChannelName } from './types.js';

/**
 * What a channel can show, for the engine to choose what to offer: the engine asks these, never the
 * channel's name, so a new channel is described here once.
 */
export interface ChannelCapabilities {
  /** choices are pressed as buttons; without, they are typed (by number, or by their words) */
  buttons: boolean;
  /** sends files from their bytes (the Excel report, the chart as a photo) */
  files: boolean;
  /** sends a picture from a public address (Zalo's sendPhoto) */
  photosByUrl: boolean;
  /** opens a web page inside the chat, signed by the platform (Telegram's Mini App `web_app` button) */
  miniApps: boolean;
  /**
   * replies go through the outbox, sent again after a crash by the delivery worker; not the console,
   * whose chat is the process itself (a crash ends the conversation, and no worker serves it)
   */
  durableReplies: boolean;
}

const CAPABILITIES: Record<ChannelName, ChannelCapabilities> = {
  telegram: { buttons: true, files: true, photosByUrl: true, miniApps: true, durableReplies: true },
  // The Zalo Bot Platform sends text and photos by URL; no files, no buttons.
  zalo: { buttons: false, files: false, photosByUrl: true, miniApps: false, durableReplies: true },
  // The terminal saves files where the operator can open them.
  console: { buttons: false, files: true, photosByUrl: false, miniApps: false, durableReplies: false },
};

export function capabilitiesOf(channel: ChannelName): ChannelCapabilities {
  return CAPABILITIES[channel];
}
