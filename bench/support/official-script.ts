import type { FakeUser } from '../../tests/support/fake-telegram/server.js';
import { buttonData, type Inbox } from './inbox.js';

/**
 * One official reporting every indicator of the period: `/baocao`, then for each indicator a figure
 * (→ the confirmation) and a press on "Đúng" (→ "Đã ghi …" and the next question). Each step's latency
 * runs from the moment the update is handed to the fake Bot API to the first reply the official sees.
 */
export interface StepSamples {
  /** answer → confirmation: read, parse, check */
  answer: number[];
  /** "Đúng" → "Đã ghi": store, then the next question */
  confirm: number[];
}

export interface ScriptOptions {
  user: FakeUser;
  inbox: Inbox;
  indicators: number;
  /** the answer to the k-th indicator (0-based) */
  value(k: number): string;
  /** pause before each update, as a person takes to read and type */
  thinkMs: number;
  timeoutMs: number;
  samples: StepSamples;
}

const pause = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

export async function reportEverything(options: ScriptOptions): Promise<void> {
  const { user, inbox, samples, timeoutMs } = options;
  const chat = String(user.chatId);
  user.command('/baocao');
  await inbox.next(chat, 2, timeoutMs);
  for (let k = 0; k < options.indicators; k += 1) {
    await pause(options.thinkMs);
    let start = performance.now();
    user.text(options.value(k));
    const [confirmation] = await inbox.next(chat, 1, timeoutMs);
    if (!confirmation) throw new Error('no confirmation');
    samples.answer.push(confirmation.at - start);
    await pause(options.thinkMs);
    start = performance.now();
    user.press(buttonData(confirmation, 'Đúng'), confirmation.messageId);
    const [saved] = await inbox.next(chat, 2, timeoutMs);
    if (!saved?.text.includes('Đã ghi'))
      throw new Error(`expected «Đã ghi», got «${saved?.text.slice(0, 80)}»`);
    samples.confirm.push(saved.at - start);
  }
}

/** The same steps against an echo bot: each update gets exactly one reply. */
export async function echoEverything(options: Omit<ScriptOptions, 'value'>): Promise<void> {
  const { user, inbox, samples, timeoutMs } = options;
  const chat = String(user.chatId);
  for (let k = 0; k < options.indicators; k += 1) {
    let start = performance.now();
    user.text(String(700 + k));
    const [echo] = await inbox.next(chat, 1, timeoutMs);
    if (!echo) throw new Error('no echo');
    samples.answer.push(echo.at - start);
    start = performance.now();
    user.press('ok', echo.messageId);
    const [pressed] = await inbox.next(chat, 1, timeoutMs);
    if (!pressed) throw new Error('no echo of the press');
    samples.confirm.push(pressed.at - start);
  }
}

/** A figure the plan's generator accepts for indicator k: cumulative ones below target, rates at 85 %. */
export function plausibleValue(k: number): string {
  return k % 3 === 2 ? '85' : String(700 + k * 7);
}
