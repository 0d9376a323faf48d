import type { Message } from '../domain/message.js';

/**
 * A failure the user caused and can fix (unknown official, period not in the plan…). It carries an
 * i18n key; the channel or command line renders it. Anything else that is thrown is a bug or an
 * outage and is logged as such.
 */
export class UserError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'UserError';
  }

  get userMessage(): Message {
    return { key: this.key, params: this.params };
  }
}
