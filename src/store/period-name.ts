import type { Message } from '../domain/message.js';

/** The stored display name of a period ("Quý III/2024"), to be rendered in the reader's language. */
export function periodName(period: { nameKey: string; nameParams: string }): Message {
  return { key: period.nameKey, params: JSON.parse(period.nameParams) as Record<string, string | number> };
}
