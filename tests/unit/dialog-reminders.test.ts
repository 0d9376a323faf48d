import { describe, expect, it } from 'vitest';
import { createDialogEngine } from '../../src/dialog/engine.js';
import { createI18n } from '../../src/i18n.js';
import { createMemoryDialogStore, seedOfficial } from '../support/memory-dialog-store.js';

const TZ = 'Asia/Ho_Chi_Minh';
const i18n = createI18n('vi');

/** `/nhacnho` over the in-memory store, on a day of December (the old fixed example, 30/11, was past). */
async function conversation(now: Date) {
  const store = createMemoryDialogStore({ clock: () => now });
  const { userId } = seedOfficial(store);
  const engine = createDialogEngine({
    store,
    timeZone: TZ,
    defaultLocale: 'vi',
    now: () => now,
    nonce: () => 'n',
  });
  let update = 0;
  return async (args: string): Promise<string> => {
    const result = await engine.handle({
      channel: 'telegram',
      updateKey: `u${++update}`,
      chatId: userId,
      userId,
      input: { kind: 'command', command: 'nhacnho', args },
      receivedAt: now,
    });
    return result.replies.flatMap((r) => r.lines.map((l) => i18n.render(l, 'vi'))).join('\n');
  };
}

describe('/nhacnho', () => {
  it('gives an example that works when typed, whatever the day', async () => {
    const say = await conversation(new Date('2026-12-02T02:00:00Z'));
    const overview = await say('');
    const example = /\/nhacnho (\d{2}\/\d{2})/.exec(overview)?.[1];
    expect(example).toBe('09/12');
    expect(await say(example ?? '')).toContain('Đã tạm dừng nhắc việc đến hết ngày 09/12/2026');
    const refused = await say('31/12/2027');
    expect(refused).toContain('Ngày chưa đúng');
    const again = /\/nhacnho (\d{2}\/\d{2})/.exec(refused)?.[1];
    expect(await say(again ?? '')).toContain('Đã tạm dừng');
  });
});
