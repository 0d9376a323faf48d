import { REPORT_NOW_TOKEN } from '../../../src/domain/reminders/index.js';
import type { FakeUser, SentMessage } from '../../support/fake-telegram/server.js';
import { answerOf, sleep } from './process-fixtures.js';

/**
 * Officials scripted as people behave, for the SIGKILL tests: each answers whatever the bot asks last,
 * and when no answer comes sends /baocao again. (The same script as sigkill-conversations.test.ts, which
 * may use this module once the branches are merged.)
 */
export interface Conversation {
  official: number;
  user: FakeUser;
  invite: string;
  /** confirmations the official saw: indicator → value */
  confirmed: Map<string, string>;
  done: boolean;
  resends: number;
}

/** An official waits this long for an answer before sending /baocao again (by default). */
const PATIENCE_MS = 10_000;
/** At most 5 messages in 3 s per user pass the flood gate: a person types no faster than this. */
const TYPING_MS = 700;
const SETTLE_MS = 300;

const isReminder = (m: SentMessage) => m.buttons.some((b) => b.data === REPORT_NOW_TOKEN);

type Action = { kind: 'done' } | { kind: 'send'; act: () => number } | { kind: 'wait' };

/** What a person does on reading the bot's last message; `wait` when it is not a question (more is coming). */
function reaction(c: Conversation, last: SentMessage): Action {
  if (/Xong! Đã ghi|đã báo cáo đủ/.test(last.text)) return { kind: 'done' };
  const question = /\[\d+\/\d+\] (\w+) ·/.exec(last.text);
  const confirm = /Xác nhận (\w+) ·/.exec(last.text);
  const ok = last.buttons.find((b) => b.text.includes('Đúng'));
  if (confirm && ok) return { kind: 'send', act: () => c.user.press(ok.data, last.messageId) };
  if (question)
    return { kind: 'send', act: () => c.user.text(String(answerOf(c.official, question[1] as string))) };
  if (/chưa được liên kết/.test(last.text))
    return { kind: 'send', act: () => c.user.command('dangky', c.invite) };
  if (/Đã liên kết|đã được liên kết/.test(last.text))
    return { kind: 'send', act: () => c.user.command('baocao') };
  return { kind: 'wait' };
}

/** One scripted official: answers what the bot asks last, or sends /baocao again after a silence. */
export async function converse(c: Conversation, until: number, patienceMs = PATIENCE_MS): Promise<void> {
  let seen = 0;
  let lastSend = 0;
  const send = async (act: () => number): Promise<void> => {
    const wait = lastSend + TYPING_MS - Date.now();
    if (wait > 0) await sleep(wait);
    act();
    lastSend = Date.now();
  };
  const messages = () => c.user.received().filter((m) => !isReminder(m));
  await send(() => c.user.command('dangky', c.invite));
  let lastArrival = 0;
  while (Date.now() < until) {
    await sleep(100);
    const all = messages();
    if (all.length > seen) {
      for (const m of all.slice(seen)) {
        for (const match of m.text.matchAll(/✅ Đã ghi (\w+): ([\d.]+) người/g))
          c.confirmed.set(match[1] as string, (match[2] as string).replace(/\./g, ''));
      }
      seen = all.length;
      lastArrival = Date.now();
      continue;
    }
    const last = all.at(-1);
    if (last && last.at > lastSend && Date.now() - lastArrival >= SETTLE_MS) {
      const action = reaction(c, last);
      if (action.kind === 'done') {
        c.done = true;
        return;
      }
      if (action.kind === 'send') {
        await send(action.act);
        continue;
      }
    }
    if (Date.now() - Math.max(lastSend, lastArrival) > patienceMs) {
      c.resends += 1;
      await send(() => c.user.command('baocao'));
    }
  }
}
