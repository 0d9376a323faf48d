import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel } from '../../src/channels/telegram/adapter.js';
import { parseConfig } from '../../src/config.js';
import { createI18n } from '../../src/i18n.js';
import { createInvite } from '../../src/services/invites.js';
import { createOutboxSenders } from '../../src/channels/outbox-senders.js';
import { startReminderScheduler } from '../../src/services/reminder-scheduler.js';
import type { Database } from '../../src/store/database.js';
import { createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram/server.js';
import { importPlanFile } from '../support/plans.js';
import { engineOn } from '../support/linked-engine.js';

/** A reminder from the scheduler's tick to the official's Telegram chat, and its "Báo cáo ngay" button. */
const TOKEN = '910001:e2e-reminders-telegram-token-abc';
/** Friday 11/09/2026 09:30 in Hanoi: the Q3 deadline is Monday 14/09, the d1 reminder is due. */
const NOW = new Date('2026-09-11T02:30:00Z');

let telegram: FakeTelegram;
let test: TestDatabase & { database: Database };
beforeAll(async () => {
  telegram = await startFakeTelegram({ token: TOKEN });
  test = await createMigratedDatabase('sqlite');
  await importPlanFile(test.database.db, undefined, undefined, NOW);
});
afterAll(async () => {
  await test?.drop();
  await telegram?.close();
});

describe('reminders on Telegram', () => {
  it('delivers a due reminder once, and its button starts the report', async () => {
    const parsed = parseConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DATABASE_URL: test.url,
    });
    if (!parsed.ok || !parsed.config.telegram) throw new Error('config');
    const config = parsed.config;
    const i18n = createI18n('vi');
    const logger = pino({ level: 'silent' });
    const engine = engineOn(test.database, NOW);
    const bot = createTelegramChannel({
      config: config.telegram!,
      engine,
      i18n,
      logger,
      pollIdleMs: 5,
      now: () => NOW,
    });
    await bot.start();
    const mai = telegram.user(9201, { firstName: 'Mai' });
    mai.command(
      '/dangky',
      (await createInvite(test.database.db, { officialCode: 'vhxh', days: 7, now: NOW })).code,
    );
    await mai.waitForReplies(1);

    const scheduler = startReminderScheduler({
      database: test.database,
      config,
      senders: createOutboxSenders(config, i18n),
      logger,
      now: () => NOW,
    });
    try {
      const [reminder] = await mai.waitForReplies(1, 15_000);
      expect(reminder?.text).toContain('Còn 5/5 chỉ tiêu chưa báo cáo');
      expect(reminder?.text).toContain('XH01');
      let statuses: string[] = [];
      for (let i = 0; i < 100 && statuses[0] !== 'sent'; i++) {
        statuses = (await test.database.db.outboxMessage.findMany()).map((r) => r.status);
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(statuses).toEqual(['sent']);
      const button = (reminder?.keyboard ?? []).flat().find((b) => b.text.includes('Báo cáo ngay'));
      if (!button || !('callback_data' in button)) throw new Error('no report-now button');
      mai.press(button.callback_data, reminder!.messageId);
      const [header, question] = await mai.waitForReplies(2);
      expect(header?.text).toContain('Quý III/2026');
      expect(question?.text).toContain('[1/5] XH01');
      // Later ticks find the reminder already queued: nothing more arrives.
      expect(await mai.quiet(500)).toEqual([]);
    } finally {
      await scheduler.stop();
      await bot.stop();
    }
  });
});
