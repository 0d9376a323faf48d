import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/adapter.js';
import { createDialogEngine } from '../../src/dialog/engine.js';
import { createI18n } from '../../src/i18n.js';
import { renderProgressChart } from '../../src/reports/progress-chart.js';
import { renderProgressXlsx } from '../../src/reports/progress-xlsx.js';
import { createInvite } from '../../src/services/invites.js';
import type { Database } from '../../src/store/database.js';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import {
  startFakeTelegram,
  type SentMessage,
  type FakeTelegram,
  type FakeUser,
} from '../support/fake-telegram/server.js';
import { startWebhookHost } from '../support/webhook-host.js';
import type { Webhooks } from '../../src/webhooks.js';
import { importPlanFile } from '../support/plans.js';
import { TIENDO_BIN, waitForOutput } from '../support/tiendo-process.js';

/**
 * The whole bot — the Telegram adapter, the dialog engine and the SQLite store — against the Bot API
 * fake Bot API, acting as officials of the demo plan. This file's token and user ids (7xxx) are its own.
 */
const TOKEN = '700001:e2e-telegram-bot-full-flow-token';
const HOOK_TOKEN = '700002:e2e-telegram-bot-webhook-token';
const HOOK_SECRET = 'e2e-bot-webhook-secret-7000';
const TZ = 'Asia/Ho_Chi_Minh';
/** 10 September 2026 09:00 in Hanoi: Quý III/2026 is open, due 14/09 17:00. */
const NOW = new Date('2026-09-10T02:00:00Z');

let telegram: FakeTelegram;
let test: TestDatabase & { database: Database };

function startBot(
  options: {
    webhook?: { url: string; secret: string; api: FakeTelegram };
    /** the HTTP server the webhook is attached to */
    webhooks?: Webhooks;
    /** the public address of the web pages, when this installation serves them */
    webBase?: string;
    database?: Database;
  } = {},
): TelegramChannel {
  const engine = createDialogEngine({
    store: createDialogStore(
      options.database ?? test.database,
      TZ,
      undefined,
      options.webBase ? { baseUrl: options.webBase, ttlHours: 24 } : null,
    ),
    timeZone: TZ,
    defaultLocale: 'vi',
    now: () => NOW,
    nonce: () => randomBytes(3).toString('base64url'),
    renderers: {
      chart: (data, locale) => renderProgressChart(data, { i18n: createI18n('vi'), locale, timeZone: TZ }),
      spreadsheet: (data, locale, generatedAt) =>
        renderProgressXlsx(data, { i18n: createI18n('vi'), locale, timeZone: TZ, generatedAt }),
    },
  });
  return createTelegramChannel({
    config: {
      token: options.webhook ? HOOK_TOKEN : TOKEN,
      apiRoot: (options.webhook?.api ?? telegram).apiRoot,
      username: null,
      webhook: options.webhook ? { url: options.webhook.url, secret: options.webhook.secret } : null,
    },
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    engine,
    i18n: createI18n('vi'),
    logger: pino({ level: process.env.E2E_LOG ?? 'silent' }),
    pollIdleMs: 5,
    // A script answers faster than any official: the flood limit has its own tests.
    flood: { points: 1000, durationSec: 1 },
    now: () => NOW,
  });
}

const buttons = (message: SentMessage | undefined) => (message?.keyboard ?? []).flat();
const button = (message: SentMessage | undefined, label: string) => {
  const found = buttons(message).find((b) => b.text.includes(label));
  if (!found || !('callback_data' in found))
    throw new Error(`no button «${label}» in ${JSON.stringify(message)}`);
  return found.callback_data;
};
async function invite(official: string): Promise<string> {
  return (await createInvite(test.database.db, { officialCode: official, days: 7, now: new Date() })).code;
}

beforeAll(async () => {
  telegram = await startFakeTelegram({ token: TOKEN });
  test = await createMigratedDatabase('sqlite');
  await importPlanFile(test.database.db, undefined, undefined, NOW);
});
afterAll(async () => {
  await test?.drop();
  await telegram?.close();
});

describe('officials reporting through Telegram', () => {
  let bot: TelegramChannel;
  let mai: FakeUser;
  beforeAll(async () => {
    bot = startBot();
    await bot.start();
    mai = telegram.user(7101, { firstName: 'Mai', languageCode: 'vi' });
  });
  afterAll(async () => bot?.stop());

  it('explains to an unknown user how to register, and stores nothing', async () => {
    const stranger = telegram.user(7999, { firstName: 'Lạ' });
    stranger.command('/baocao');
    const [answer] = await stranger.waitForReplies(1);
    expect(answer?.text).toContain('chưa được liên kết');
    stranger.command('/dangky', 'SAIMA-SAIMA');
    expect((await stranger.waitForReplies(1))[0]?.text).toContain('Mã mời không đúng');
    expect(await test.database.db.chatLink.count()).toBe(0);
  });

  it('links an official through the deep link /start CODE', async () => {
    mai.command('/start', await invite('vhxh'));
    const [linked] = await mai.waitForReplies(1);
    expect(linked?.text).toContain('Đã liên kết tài khoản với Hoàng Thị Mai');
  });

  it('reports every indicator with Vietnamese numbers, questioning the odd one', async () => {
    mai.command('/baocao');
    const [header, first] = await mai.waitForReplies(2);
    expect(header?.text).toContain('Quý III/2026 — hạn 14/09/2026 17:00 (còn 4 ngày)');
    expect(header?.text).toContain('5 chỉ tiêu');
    expect(first?.text).toContain('[1/5] XH01');

    // XH01 (người, cumulative): a bad answer first, then a good one.
    mai.text('mười');
    const [error, again] = await mai.waitForReplies(2);
    expect(error?.text).toContain('mười');
    expect(again?.text).toContain('[1/5] XH01');
    mai.text('185');
    const [confirm1] = await mai.waitForReplies(1);
    expect(confirm1?.text).toContain('185 người');
    mai.press(button(confirm1, 'Đúng'), confirm1!.messageId);
    const [saved1, second] = await mai.waitForReplies(2);
    expect(saved1?.text).toContain('Đã ghi XH01: 185 người');
    expect(second?.text).toContain('[2/5] XH02');

    // XH02 (≤ 0,32 %): Vietnamese decimal.
    mai.text('0,3');
    const [confirm2] = await mai.waitForReplies(1);
    expect(confirm2?.text).toContain('0,3 %');
    mai.press(button(confirm2, 'Đúng'), confirm2!.messageId);
    const [, third] = await mai.waitForReplies(2);
    expect(third?.text).toContain('[3/5] XH03');

    // XH03 (‰) with a note.
    mai.text('7,9');
    const [confirm3] = await mai.waitForReplies(1);
    mai.press(button(confirm3, 'ghi chú'), confirm3!.messageId);
    const [notePrompt] = await mai.waitForReplies(1);
    expect(notePrompt?.text).toContain('ghi chú');
    mai.text('Số liệu của Trạm y tế <xã>');
    const [, fourth] = await mai.waitForReplies(2);
    expect(fourth?.text).toContain('[4/5] XH04');
    expect(fourth?.text).toContain('Tỉnh giao ≥ 95,15 %; HĐND xã giao ≥ 95 %');

    // XH04: a rate above 100 % is questioned; the official types the right figure instead.
    mai.text('951,5');
    const [suspicious] = await mai.waitForReplies(1);
    expect(suspicious?.text).toContain('lớn hơn 100 %');
    const staleOk = button(suspicious, 'Đúng');
    mai.text('95,15');
    const [confirm4] = await mai.waitForReplies(1);
    expect(confirm4?.text).toContain('Bằng 100 % mục tiêu Tỉnh giao');
    // The button of the replaced confirmation has expired.
    mai.press(staleOk, suspicious!.messageId);
    const [expired, repeated] = await mai.waitForReplies(2);
    expect(expired?.text).toContain('hết hiệu lực');
    expect(repeated?.text).toContain('95,15 %');
    mai.press(button(repeated, 'Đúng'), repeated!.messageId);
    const [, fifth] = await mai.waitForReplies(2);
    expect(fifth?.text).toContain('[5/5] XH05');
    mai.text('100');
    const [confirm5] = await mai.waitForReplies(1);
    mai.press(button(confirm5, 'Đúng'), confirm5!.messageId);
    const [, done] = await mai.waitForReplies(2);
    expect(done?.text).toContain('Đã ghi 5 chỉ tiêu');

    const reports = await test.database.db.report.findMany({
      where: { official: { code: 'vhxh' } },
      include: { indicator: true },
      orderBy: { indicator: { position: 'asc' } },
    });
    expect(reports.map((r) => [r.indicator.code, r.value, r.note])).toEqual([
      ['XH01', '185', null],
      ['XH02', '0.3', null],
      ['XH03', '7.9', 'Số liệu của Trạm y tế <xã>'],
      ['XH04', '95.15', null],
      ['XH05', '100', null],
    ]);
  });

  it('corrects an answer: a new revision, the old one kept', async () => {
    mai.command('/baocao');
    const [pick] = await mai.waitForReplies(1);
    expect(pick?.text).toContain('đã báo cáo đủ 5 chỉ tiêu');
    mai.press(button(pick, 'XH01'), pick!.messageId);
    const [question] = await mai.waitForReplies(1);
    expect(question?.text).toContain('Đã báo cáo kỳ này: 185 người');
    mai.text('190');
    const [confirm] = await mai.waitForReplies(1);
    mai.press(button(confirm, 'Đúng'), confirm!.messageId);
    const [saved] = await mai.waitForReplies(2);
    expect(saved?.text).toContain('Đã ghi XH01: 190 người');
    const revisions = await test.database.db.reportRevision.findMany({
      where: { report: { indicator: { code: 'XH01' }, official: { code: 'vhxh' } } },
      orderBy: { revision: 'asc' },
    });
    expect(revisions.map((r) => [r.revision, r.value, r.channel])).toEqual([
      [1, '185', 'telegram'],
      [2, '190', 'telegram'],
    ]);
  });

  it('resumes a half-finished report after the bot restarts', async () => {
    const lan = telegram.user(7102, { firstName: 'Hoa' });
    lan.command('/dangky', await invite('ktnn'));
    await lan.waitForReplies(1);
    lan.command('/baocao');
    const [, first] = await lan.waitForReplies(2);
    expect(first?.text).toContain('KT02');
    lan.text('1.250');
    const [confirm] = await lan.waitForReplies(1);

    await bot.stop();
    bot = startBot();
    await bot.start();

    lan.press(button(confirm, 'Đúng'), confirm!.messageId);
    const [saved, next] = await lan.waitForReplies(2);
    expect(saved?.text).toContain('Đã ghi KT02: 1.250 tấn');
    expect(next?.text).toContain('KT02a');
  });
});

describe('the chairman on Telegram', () => {
  let bot: TelegramChannel;
  beforeAll(async () => {
    bot = startBot();
    await bot.start();
  });
  afterAll(async () => bot?.stop());

  it('opens /tiendo, drills into a category and an indicator, and gets the chart and the Excel file', async () => {
    const chairman = telegram.user(7301, { firstName: 'Tuấn' });
    chairman.command('/dangky', await invite('ct'));
    await chairman.waitForReplies(1);
    chairman.command('/tiendo');
    const [summary] = await chairman.waitForReplies(1);
    expect(summary?.text).toContain('Kỳ Quý III/2026, hạn 14/09/2026 17:00 (còn 4 ngày)');
    expect(summary?.text).toContain('<b>Văn hóa - xã hội</b>');
    expect(summary?.text).toMatch(
      /XH01 Tạo việc làm mới và tăng việc làm: 190 người \/ ≥ 290 người \(65,5 %\)/,
    );
    chairman.press(button(summary, 'Văn hóa - xã hội'), summary!.messageId);
    const [category] = await chairman.waitForReplies(1);
    expect(category?.text).toContain('XH04');
    chairman.press(button(category, 'XH01'), category!.messageId);
    const [detail] = await chairman.waitForReplies(1);
    expect(detail?.text).toContain('• Quý III/2026: 190 người (vhxh)');
    expect(detail?.text).toContain('Cán bộ phụ trách: Hoàng Thị Mai');
    chairman.press(button(detail, 'Tổng hợp'), detail!.messageId);
    const [again] = await chairman.waitForReplies(1);
    chairman.press(button(again, 'Biểu đồ'), again!.messageId);
    const [chartCaption, chart] = await chairman.waitForReplies(2, 15_000);
    expect(chartCaption?.text).toContain('Biểu đồ tiến độ');
    expect(chart?.kind).toBe('photo');
    const [photoCall] = telegram.callsTo('sendPhoto');
    expect(photoCall?.status).toBe(200);
    chairman.command('/tiendo');
    const [latest] = await chairman.waitForReplies(1);
    chairman.press(button(latest, 'Excel'), latest!.messageId);
    const [, document] = await chairman.waitForReplies(2, 15_000);
    expect(document?.kind).toBe('document');
  });
});

describe('the chart of a 50-indicator plan', () => {
  let other: TestDatabase & { database: Database };
  let bot: TelegramChannel;
  beforeAll(async () => {
    other = await createMigratedDatabase('sqlite');
    await importPlanFile(other.database.db, 'tests/fixtures/plans/50-indicators.yaml');
    bot = startBot({ database: other.database });
    await bot.start();
  });
  afterAll(async () => {
    await bot?.stop();
    await other?.drop();
  });

  it('comes as one album of several pages, each a PNG a phone shows whole', async () => {
    const chairman = telegram.user(7401, { firstName: 'Năm' });
    const code = (await createInvite(other.database.db, { officialCode: 'ct', days: 7, now: new Date() }))
      .code;
    chairman.command('/dangky', code);
    await chairman.waitForReplies(1);
    chairman.command('/tiendo');
    const [summary] = await chairman.waitForReplies(1);
    const before = telegram.callsTo('sendMediaGroup').length;
    chairman.press(button(summary, 'Biểu đồ'), summary!.messageId);
    const [caption, ...pages] = await chairman.waitForReplies(4, 60_000);
    expect(caption?.text).toContain('Biểu đồ tiến độ');
    const albums = telegram.callsTo('sendMediaGroup').slice(before);
    expect(albums).toHaveLength(1);
    expect(albums[0]?.status).toBe(200);
    const count = (JSON.parse(String(albums[0]?.body.media)) as unknown[]).length;
    expect(count).toBeGreaterThanOrEqual(3);
    expect([...pages, ...(await chairman.quiet(200))]).toHaveLength(count);
    // as they are now: a message's file is recorded just after the message
    const all = chairman.received().slice(-count);
    all.forEach((page, i) => {
      expect(page.kind).toBe('photo');
      const png = page.file?.bytes ?? Buffer.alloc(0);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBeLessThanOrEqual(1280);
      expect(png.readUInt32BE(20)).toBeLessThanOrEqual(2000);
      expect(page.file?.name).toMatch(new RegExp(`-${i + 1}\\.png$`));
    });
  });
});

describe('the web pages from Telegram', () => {
  const PUBLIC = 'https://tiendo.example.vn';
  let bot: TelegramChannel;
  beforeAll(async () => {
    bot = startBot({ webBase: PUBLIC });
    await bot.start();
  });
  afterAll(async () => bot?.stop());

  it('are offered as Mini App (web_app) buttons behind https, and /dangxuat ends the links', async () => {
    const hoa = telegram.user(7501, { firstName: 'Hoa' });
    hoa.command('/dangky', await invite('ktnn'));
    await hoa.waitForReplies(1);
    hoa.command('/baocao');
    const [header] = await hoa.waitForReplies(2);
    expect(buttons(header)[0]).toEqual({
      text: '📝 Mở bảng nhập số liệu',
      web_app: { url: `${PUBLIC}/tg/report` },
    });
    hoa.command('/huy');
    await hoa.waitForReplies(1);

    const lan = telegram.user(7502, { firstName: 'Lan' });
    lan.command('/dangky', await invite('pct'));
    await lan.waitForReplies(1);
    lan.command('/tiendo');
    const [summary] = await lan.waitForReplies(1);
    expect(buttons(summary)[0]).toEqual({
      text: '📊 Mở bảng theo dõi',
      web_app: { url: `${PUBLIC}/tg/dashboard` },
    });

    const ktnn = await test.database.db.official.findFirstOrThrow({ where: { code: 'ktnn' } });
    await test.database.db.webToken.create({
      data: {
        kind: 'session',
        purpose: 'report',
        officialId: ktnn.id,
        tokenHash: 'e2e-session-hash-7501',
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    hoa.command('/dangxuat');
    const [signedOut] = await hoa.waitForReplies(1);
    expect(signedOut?.text).toContain('Đã đăng xuất');
    const open = await test.database.db.webToken.count({ where: { officialId: ktnn.id, revokedAt: null } });
    expect(open).toBe(0);
  });
});

describe('a webhook delivery repeated by Telegram', () => {
  it('is processed once, and a request without the secret is refused', async () => {
    const host = await startWebhookHost(test.database, { slots: [{ name: 'telegram', path: '/telegram' }] });
    const api = await startFakeTelegram({ token: HOOK_TOKEN });
    const webhookBot = startBot({
      webhook: { url: host.url('/telegram'), secret: HOOK_SECRET, api },
      webhooks: host.webhooks,
    });
    await webhookBot.start();
    try {
      const link = await invite('tckt');
      const post = (update: unknown, secret?: string) =>
        fetch(host.url('/telegram'), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
          },
          body: JSON.stringify(update),
        });
      const message = (updateId: number, text: string, command = false) => ({
        update_id: updateId,
        message: {
          message_id: updateId,
          date: Math.floor(NOW.getTime() / 1000),
          chat: { id: 7201, type: 'private', first_name: 'Huy' },
          from: { id: 7201, is_bot: false, first_name: 'Huy' },
          text,
          ...(command
            ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] }
            : {}),
        },
      });
      const forged = await post(message(1, `/dangky ${link}`, true));
      expect(forged.status).toBe(401);
      expect(await test.database.db.chatLink.count({ where: { official: { code: 'tckt' } } })).toBe(0);

      for (const [id, text, command] of [
        [1, `/dangky ${link}`, true],
        [2, '/baocao', true],
        [3, '3.120,5', false],
      ] as const) {
        expect((await post(message(id, text, command), HOOK_SECRET)).status).toBe(200);
      }
      const confirmation = async () => {
        for (let i = 0; i < 100; i++) {
          const conversation = await test.database.db.conversation.findFirst({ where: { chatId: '7201' } });
          if (conversation?.state.includes('"confirm"'))
            return JSON.parse(conversation.state) as { nonce: string };
          await new Promise((r) => setTimeout(r, 20));
        }
        throw new Error('the conversation never reached the confirmation');
      };
      const { nonce } = await confirmation();
      const press = {
        update_id: 4,
        callback_query: {
          id: 'cb-7201-1',
          chat_instance: '7201',
          data: `${nonce}:ok`,
          from: { id: 7201, is_bot: false, first_name: 'Huy' },
          message: {
            message_id: 99,
            date: Math.floor(NOW.getTime() / 1000),
            chat: { id: 7201, type: 'private' },
            text: '…',
          },
        },
      };
      // Telegram retries a delivery it thinks failed: the same update twice, even at once.
      const [a, b] = await Promise.all([post(press, HOOK_SECRET), post(press, HOOK_SECRET)]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect((await post(press, HOOK_SECRET)).status).toBe(200);
      for (
        let i = 0;
        i < 100 && (await test.database.db.report.count({ where: { official: { code: 'tckt' } } })) === 0;
        i++
      ) {
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 200));
      const reports = await test.database.db.report.findMany({
        where: { official: { code: 'tckt' } },
        include: { revisions: true },
      });
      expect(reports.map((r) => [r.value, r.revisions.length])).toEqual([['3120.5', 1]]);
    } finally {
      await webhookBot.stop();
      await api.close();
      await host.close();
    }
  });
});

describe('npm start with a Telegram token', () => {
  it('serves the bot as a real process and stops cleanly on SIGTERM', async () => {
    const token = '700003:e2e-npm-start-process-token';
    const api = await startFakeTelegram({ token });
    const dir = mkdtempSync(join(tmpdir(), 'tiendo-start-'));
    const child = spawn(process.execPath, [TIENDO_BIN, 'start'], {
      env: {
        ...process.env,
        DATABASE_URL: `file:${join(dir, 'tiendo.db')}`,
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_API_ROOT: api.apiRoot,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const serving = waitForOutput(child, (text) => text.includes('đang chạy'));
    try {
      await serving;
      expect(out).toContain(`Bot Telegram @${api.username} đang chạy`);
      const visitor = api.user(7301, { firstName: 'Khách' });
      visitor.command('/trogiup');
      const [answer] = await visitor.waitForReplies(1, 10_000);
      expect(answer?.text).toContain('chưa được liên kết');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('Đã dừng bot.');
    await api.close();
  });
});
