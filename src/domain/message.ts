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
