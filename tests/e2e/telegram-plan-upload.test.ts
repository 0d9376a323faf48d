import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/adapter.js';
import { createI18n } from '../../src/i18n.js';
import { createInvite } from '../../src/services/invites.js';
import { createPlanDrafts } from '../../src/services/plan-drafts.js';
import type { Database } from '../../src/store/database.js';
import { createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import {
  startFakeTelegram,
  type SentMessage,
  type FakeTelegram,
  type FakeUser,
} from '../support/fake-telegram/server.js';
import { importPlanFile } from '../support/plans.js';
import { engineOn } from '../support/linked-engine.js';

/**
 * An administrator gives the bot the commune's plan on Telegram: sends the document, gets the draft
 * as a YAML file, corrects it, sends it back, and imports it with a button. This file's token and
 * user ids (78xx) are its own.
 */
const TOKEN = '780001:e2e-telegram-plan-upload-token';
const TZ = 'Asia/Ho_Chi_Minh';
const NOW = new Date('2026-09-10T02:00:00Z');
const SEED = 'tests/fixtures/plan-extraction/seeds/ke-hoach-thi-xa-nga-nam-2023.txt';

let telegram: FakeTelegram;
let test: TestDatabase & { database: Database };
let bot: TelegramChannel;

const button = (message: SentMessage | undefined, label: string) => {
  const found = (message?.keyboard ?? []).flat().find((b) => b.text.includes(label));
  if (!found || !('callback_data' in found))
    throw new Error(`no button «${label}» in ${JSON.stringify(message)}`);
  return found.callback_data;
};

async function linked(official: string, userId: number): Promise<FakeUser> {
  const user = telegram.user(userId, { firstName: official, languageCode: 'vi' });
  const { code } = await createInvite(test.database.db, { officialCode: official, days: 7, now: new Date() });
  user.command('/start', code);
  await user.waitForReplies(1);
  return user;
}

beforeAll(async () => {
  telegram = await startFakeTelegram({ token: TOKEN });
  test = await createMigratedDatabase('sqlite');
  await importPlanFile(test.database.db);
  const i18n = createI18n('vi');
  const engine = engineOn(test.database, NOW, {
    plans: createPlanDrafts(test.database, { i18n, timeZone: TZ, defaultLocale: 'vi' }),
  });
  bot = createTelegramChannel({
    config: { token: TOKEN, apiRoot: telegram.apiRoot, username: null, webhook: null },
    engine,
    i18n,
    logger: pino({ level: process.env.E2E_LOG ?? 'silent' }),
    pollIdleMs: 5,
    flood: { points: 1000, durationSec: 1 },
    now: () => NOW,
  });
  await bot.start();
});
afterAll(async () => {
  await bot?.stop();
  await test?.drop();
  await telegram?.close();
});

describe('a plan sent to the bot on Telegram', () => {
  it('is read, proposed as a YAML file, corrected, sent back and imported on the button', async () => {
    const admin = await linked('vp', 7801);
    admin.document('Kế hoạch thi đua 2023.txt', readFileSync(SEED), 'text/plain');
    const [draft] = await admin
      .waitForReplies(2, 20_000)
      .then((replies) => [replies[0], replies[1]] as const);
    expect(telegram.callsTo('getFile')).toHaveLength(1);
    expect(draft?.text).toContain('Dự thảo kế hoạch đọc từ tệp «Kế hoạch thi đua 2023.txt»');
    expect(draft?.text).toMatch(/\d+ chỉ tiêu/);
    const file = admin.received().find((m) => m.kind === 'document');
    expect(file?.file?.name).toBe('Kế-hoạch-thi-đua-2023.yaml');
    const yaml = file?.file?.bytes.toString('utf8') ?? '';
    expect(yaml).toContain('organization:');
    expect(yaml).toContain('quang-trung');
    // the reviewer is told to send it back here, not to run commands
    expect(yaml).toContain('Gửi lại tệp đã sửa cho tiendo');
    expect(yaml).not.toContain('npx tiendo');
    // The reviewer assigns the first indicator to an official and sends the file back.
    const edited = yaml.replace(/assignees: \[\]/, 'assignees: [tckt]');
    admin.document('Kế-hoạch-thi-đua-2023.yaml', Buffer.from(edited, 'utf8'), 'application/x-yaml');
    const replies = await admin.waitForReplies(2, 20_000);
    const review = replies.find((m) => m.kind === 'text');
    expect(review?.text).toContain('Kế hoạch trong tệp «Kế-hoạch-thi-đua-2023.yaml»');
    const campaignsBefore = await test.database.db.campaign.count();
    admin.press(button(review, 'Nhập kế hoạch'), review!.messageId);
    const [done] = await admin.waitForReplies(1, 20_000);
    expect(done?.text).toContain('Đã nhập kế hoạch');
    expect(await test.database.db.campaign.count()).toBe(campaignsBefore + 1);
    // nobody of the demo commune was deactivated by the new plan
    expect(await test.database.db.official.count({ where: { active: false } })).toBe(0);
    const assigned = await test.database.db.assignment.count({
      where: { official: { code: 'tckt' }, indicator: { campaign: { code: { not: 'quang-trung-2026' } } } },
    });
    expect(assigned).toBeGreaterThanOrEqual(1);
  });

  it('refuses a document from an officer without fetching it', async () => {
    const officer = await linked('ktnn', 7802);
    const calls = telegram.callsTo('getFile').length;
    officer.document(
      'ke-hoach.docx',
      Buffer.from('PK'),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const [answer] = await officer.waitForReplies(1, 10_000);
    expect(answer?.text).toContain('Chỉ cán bộ Văn phòng (quản trị) hoặc Chủ tịch');
    expect(telegram.callsTo('getFile')).toHaveLength(calls);
  });

  it('explains a scanned or unreadable document to the chairman, importing nothing', async () => {
    const chairman = await linked('ct', 7803);
    const campaigns = await test.database.db.campaign.count();
    chairman.document('scan.pdf', Buffer.from('%PDF-1.4 not really a pdf'), 'application/pdf');
    // a ceiling only a hang reaches: reading the PDF took 19.7 s at a load average of 20 on 2 cores
    const [answer] = await chairman.waitForReplies(1, 90_000);
    expect(answer?.text).toMatch(/PDF|tệp/);
    expect(answer?.keyboard ?? []).toEqual([]);
    expect(await test.database.db.campaign.count()).toBe(campaigns);
  }, 120_000);
});
