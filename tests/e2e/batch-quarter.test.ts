import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/adapter.js';
import { createZaloChannel, type ZaloChannel } from '../../src/channels/zalo/adapter.js';
import { createI18n } from '../../src/i18n.js';
import { createInvite } from '../../src/services/invites.js';
import type { Database } from '../../src/store/database.js';
import { createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { importPlanFile } from '../support/plans.js';
import { engineOn } from '../support/linked-engine.js';
import {
  startFakeTelegram,
  type SentMessage,
  type FakeTelegram,
  type FakeUser,
} from '../support/fake-telegram/server.js';
import {
  startZaloFakeServer,
  ZALO_TEXT_LIMIT,
  type ZaloFakeServer,
  type ZaloUser,
} from '../support/zalo-fake-server.js';

/**
 * A whole quarter of 35 indicators in three messages from the official — `/baocao`, the figures, the
 * confirmation — on Telegram (the fake Bot API) and on Zalo (its fake API), each on its own SQLite
 * database. This file's tokens and user ids (x9xxx) are its own.
 */
const PLAN = 'tests/fixtures/plans/35-indicators.yaml';
/** 10 September 2026 09:00 in Hanoi: Quý III/2026 is open, due 14/09 17:00. */
const NOW = new Date('2026-09-10T02:00:00Z');
const TELEGRAM_TOKEN = '900001:e2e-batch-quarter-telegram-token';
const ZALO_TOKEN = '900002:e2e-batch-quarter-zalo-token';
const COUNT = 35;

/** The plan's indicators cycle through five kinds: tỷ đồng, triệu đồng, %, người, yes/no. */
const FIGURES = ['10,5', '500', '96,5', '40', 'đạt'];
const STORED = ['10.5', '500', '96.5', '40', '1'];

/** The official's answer: one line per indicator, a few written with their number or code, the rest plain. */
function quarterAnswer(): string {
  return Array.from({ length: COUNT }, (_, i) => {
    const figure = FIGURES[i % FIGURES.length] as string;
    if (i === 0) return `1. ${figure}`;
    if (i === 2) return `XH03 ${figure}%`;
    if (i === 20) return `21: ${figure}`;
    return figure;
  }).join('\n');
}

async function setUp(): Promise<TestDatabase & { database: Database }> {
  const test = await createMigratedDatabase('sqlite');
  await importPlanFile(test.database.db, PLAN, undefined, NOW);
  return test;
}

async function storedValues(database: Database): Promise<string[]> {
  const reports = await database.db.report.findMany({ include: { indicator: true } });
  return reports.sort((a, b) => a.indicator.position - b.indicator.position).map((r) => r.value);
}

const expected = Array.from({ length: COUNT }, (_, i) => STORED[i % STORED.length]);

/** Messages until one matches; the bot splits long texts, so how many is not known in advance. */
async function until<M extends { text: string }>(
  next: () => Promise<M[]>,
  found: (message: M) => boolean,
): Promise<M[]> {
  const seen: M[] = [];
  for (let i = 0; i < 20; i++) {
    const [message] = await next();
    if (!message) break;
    seen.push(message);
    if (found(message)) return seen;
  }
  throw new Error(`not found in ${JSON.stringify(seen.map((m) => m.text))}`);
}

describe('a quarter of 35 indicators on Telegram', () => {
  let telegram: FakeTelegram;
  let test: TestDatabase & { database: Database };
  let bot: TelegramChannel;
  let official: FakeUser;
  let sent = 0;

  beforeAll(async () => {
    [telegram, test] = await Promise.all([startFakeTelegram({ token: TELEGRAM_TOKEN }), setUp()]);
    bot = createTelegramChannel({
      config: { token: TELEGRAM_TOKEN, apiRoot: telegram.apiRoot, username: null, webhook: null },
      engine: engineOn(test.database, NOW),
      i18n: createI18n('vi'),
      logger: pino({ level: process.env.E2E_LOG ?? 'silent' }),
      pollIdleMs: 5,
      flood: { points: 1000, durationSec: 1 },
      now: () => NOW,
    });
    await bot.start();
    official = telegram.user(9101, { firstName: 'Tổng Hợp', languageCode: 'vi' });
    const { code } = await createInvite(test.database.db, { officialCode: 'th', days: 7, now: new Date() });
    official.command('/start', code);
    await official.waitForReplies(1);
  });
  afterAll(async () => {
    await bot?.stop();
    await test?.drop();
    await telegram?.close();
  });

  it('is reported in three messages: /baocao, the figures, one press', async () => {
    const next = () => official.waitForReplies(1, 60_000);
    official.command('/baocao');
    sent += 1;
    const opening = await until(next, (m) => m.text.includes(`[1/${COUNT}]`));
    const list = opening.map((m) => m.text).join('\n');
    expect(list).toContain(`Danh sách ${COUNT} chỉ tiêu`);
    expect(list).toContain('35. NT35 · Hoàn thành tiêu chí khu Ga');
    expect(opening.every((m) => m.text.length <= 4096)).toBe(true);

    official.text(quarterAnswer());
    sent += 1;
    const screen = await until(next, (m) =>
      (m.keyboard ?? []).flat().some((b) => b.text.includes('Ghi lại')),
    );
    const shown = screen.map((m) => m.text).join('\n');
    expect(shown).toContain(`Kiểm tra ${COUNT} số trước khi ghi`);
    expect(shown).toContain('1. KT01 · Giá trị sản xuất ngành thôn Đông: 10,5 tỷ đồng (37,2 % mục tiêu)');
    expect(shown).not.toContain('⛔');
    expect(await storedValues(test.database)).toEqual([]);

    const last = screen.at(-1) as SentMessage;
    const save = (last.keyboard ?? []).flat().find((b) => b.text.includes('Ghi lại'));
    if (!save || !('callback_data' in save)) throw new Error('no save button');
    expect(save.text).toContain(`Ghi lại ${COUNT} số`);
    official.press(save.callback_data, last.messageId);
    sent += 1;
    await until(next, (m) => m.text.includes(`Đã ghi ${COUNT} số liệu`));

    expect(sent).toBeLessThanOrEqual(3);
    expect(await storedValues(test.database)).toEqual(expected);
  });
});

describe('a quarter of 35 indicators on Zalo', () => {
  let zalo: ZaloFakeServer;
  let test: TestDatabase & { database: Database };
  let bot: ZaloChannel;
  let official: ZaloUser;
  let sent = 0;

  beforeAll(async () => {
    [zalo, test] = await Promise.all([startZaloFakeServer({ longPollMs: 50 }), setUp()]);
    bot = createZaloChannel({
      config: { token: ZALO_TOKEN, apiRoot: zalo.apiRoot, webhook: null },
      engine: engineOn(test.database, NOW),
      i18n: createI18n('vi'),
      logger: pino({ level: process.env.E2E_LOG ?? 'silent' }),
      pollTimeoutSec: 1,
      retry: { initialMs: 20, maxMs: 200 },
      flood: { points: 1000, durationSec: 1 },
      now: () => NOW,
    });
    await bot.start();
    official = zalo.user({ token: ZALO_TOKEN, userId: 'x9201', displayName: 'Nguyễn Thị Tổng Hợp' });
    const { code } = await createInvite(test.database.db, { officialCode: 'th', days: 7, now: new Date() });
    official.text(`dangky ${code}`);
    await official.waitForReplies(1);
  });
  afterAll(async () => {
    await bot?.stop();
    await test?.drop();
    await zalo?.stop();
  });

  it('is reported in three messages: báo cáo, the figures, "1"; the long list split within Zalo\'s limit', async () => {
    const next = () => official.waitForReplies(1, 60_000);
    official.text('báo cáo');
    sent += 1;
    const opening = await until(next, (m) => m.text.includes(`[1/${COUNT}]`));
    expect(opening.length).toBeGreaterThan(1);
    expect(opening.every((m) => m.text.length <= ZALO_TEXT_LIMIT)).toBe(true);
    expect(opening.map((m) => m.text).join('\n')).toContain('35. NT35 · Hoàn thành tiêu chí khu Ga');

    official.text(quarterAnswer());
    sent += 1;
    const screen = await until(next, (m) => m.text.includes('1. ✅ Ghi lại 35 số'));
    expect(screen.every((m) => m.text.length <= ZALO_TEXT_LIMIT)).toBe(true);
    expect(screen.map((m) => m.text).join('\n')).toContain(`Kiểm tra ${COUNT} số trước khi ghi`);
    expect(await storedValues(test.database)).toEqual([]);

    official.text('1');
    sent += 1;
    await until(next, (m) => m.text.includes(`Đã ghi ${COUNT} số liệu`));

    expect(sent).toBeLessThanOrEqual(3);
    expect(await storedValues(test.database)).toEqual(expected);
  });
});
