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
  /** the file; for a picture of several pages, the first */
  bytes: Uint8Array;
  /** the pages after the first of a picture too long for one (the chart beyond ~20 indicators), in order */
  morePages?: Uint8Array[];
  /** what a channel that cannot send this file shows instead (a text chart for the chart) */
  fallback?: Line[];
  /**
   * a short-lived public address of the same picture, for a platform that sends photos by URL (Zalo);
   * page N of several at `url?page=N` (see filePages)
   */
  url?: string;
}

/**
 * Every page of a file with its own name and address: the file itself when it is one page; else
 * `tien-do-1.png`, `tien-do-2.png`… at `url?page=1`, `url?page=2`….
 */
export function filePages(file: OutboundFile): { name: string; bytes: Uint8Array; url?: string }[] {
  const pages = [file.bytes, ...(file.morePages ?? [])];
  if (pages.length === 1)
    return [{ name: file.name, bytes: file.bytes, ...(file.url ? { url: file.url } : {}) }];
  // The extension of the file's own name, not a dot of a folder it is in (a path, from the command line).
  const dot = file.name.lastIndexOf('.');
  const [stem, extension] =
    dot > file.name.lastIndexOf('/') + 1 ? [file.name.slice(0, dot), file.name.slice(dot)] : [file.name, ''];
  return pages.map((bytes, i) => ({
    name: `${stem}-${i + 1}${extension}`,
    bytes,
    ...(file.url ? { url: `${file.url}${file.url.includes('?') ? '&' : '?'}page=${i + 1}` } : {}),
  }));
}
