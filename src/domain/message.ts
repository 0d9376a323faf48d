/**
 * What the domain says to a person: an i18n key (`namespace:path`) and its parameters. The domain
 * never holds user-facing text; the channel or the command line renders the key in the reader's
 * language.
 */
export interface Message {
  key: string;
  params?: Record<string, string | number>;
}
