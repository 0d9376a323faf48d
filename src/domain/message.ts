/**
 * What the domain says to a person: an i18n key (`namespace:path`) and its parameters. The domain
 * never holds user-facing text; the channel or the command line renders the key in the reader's
 * language. A parameter may itself be a message ("Quý III/2024" inside a deadline line): it is
 * rendered first, in the same language.
 */
export interface Message {
  key: string;
  params?: Record<string, Param>;
}

export type Param = string | number | Message;

// What is said to a person in one message, as keys: the domain composes some (reminders, digests), the
// dialog engine answers with them, and each channel renders them (buttons, numbered lines).

/** A line of a message. `title` is shown bold and `muted` in italics where the channel can. */
export interface Line extends Message {
  style?: 'title' | 'muted';
}

export interface Choice {
  /** short and opaque (fits Telegram's 64-byte callback_data); checked against the state that offered it */
  token: string;
  label: Message;
}

export interface OutboundMessage {
  lines: Line[];
  /** rows of choices; empty when the message asks nothing */
  choices: Choice[][];
  /**
   * 'number' when the message asks for a figure: a channel without buttons must then read a typed
   * "1" as the answer 1, not as its first choice, and let the choices be picked by their words.
   */
  answer?: 'number';
  /** a picture (the progress chart) or a document (the Excel report) sent with the message */
  file?: OutboundFile;
  /** a web page of tiendo for this official (the form, the dashboard): a button or a line with the URL */
  link?: WebLink;
}

/**
 * A signed address, apart from the choices: a choice is answered in the chat (its token comes back),
 * a link leaves it, so a channel renders it as a URL button or a line with the address.
 */
export interface WebLink {
  label: Message;
  url: string;
  /** a Telegram Mini App's address: opened inside Telegram (a `web_app` button), signed by Telegram */
  miniApp?: boolean;
}

export interface OutboundFile {
  kind: 'photo' | 'document';
  name: string;
  bytes: Uint8Array;
  /** what a channel that cannot send this file shows instead (a text chart for the chart) */
  fallback?: Line[];
  /** a short-lived public address of the same picture, for a platform that sends photos by URL (Zalo) */
  url?: string;
}
