import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZaloChannel, type ZaloChannel } from '../../src/channels/zalo/adapter.js';
import { createDialogEngine } from '../../src/dialog/engine.js';
import type { Renderers } from '../../src/dialog/turn.js';
import type { DialogEngine, InboundEvent } from '../../src/dialog/types.js';
import { createI18n } from '../../src/i18n.js';
import { renderProgressChart } from '../../src/reports/progress-chart.js';
import { createInvite } from '../../src/services/invites.js';
import type { Database } from '../../src/store/database.js';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { startWebhookHost } from '../support/webhook-host.js';
import type { Webhooks } from '../../src/webhooks.js';
import {
  startZaloFakeServer,
  ZALO_TEXT_LIMIT,
  type ZaloFakeServer,
  type ZaloUser,
} from '../support/zalo-fake-server.js';
import { importPlanFile } from '../support/plans.js';
import { createTestWebServer } from '../support/web.js';

/**
 * The whole bot — the Zalo adapter, the dialog engine and the SQLite store — against a fake Zalo Bot API,
 * acting as officials of the demo plan. This file's tokens and user ids (z8xxx) are its own.
 */
const TOKEN = '800001:e2e-zalo-bot-full-flow-token';
const HOOK_TOKEN = '800002:e2e-zalo-bot-webhook-token';
const HOOK_SECRET = 'e2e-zalo-webhook-secret-8000';
const TZ = 'Asia/Ho_Chi_Minh';
/** 10 September 2026 09:00 in Hanoi: Quý III/2026 is open, due 14/09 17:00. */
const NOW = new Date('2026-09-10T02:00:00Z');

let zalo: ZaloFakeServer;
let test: TestDatabase & { database: Database };

function startBot(
  options: {
    token?: string;
    webhook?: { url: string; secret: string };
    webhooks?: Webhooks;
    /** another database, and the public address its chart URLs start with */
    database?: Database;
    publicUrl?: string;
    renderers?: Renderers;
  } = {},
): ZaloChannel {
  const engine = createDialogEngine({
    store: createDialogStore(
      options.database ?? test.database,
      TZ,
      undefined,
      options.publicUrl ? { baseUrl: options.publicUrl, ttlHours: 24 } : undefined,
    ),
    timeZone: TZ,
    defaultLocale: 'vi',
    now: () => NOW,
    nonce: () => randomBytes(3).toString('base64url'),
    // Zalo cannot upload files: the chart must come as text; the renderer is never awaited for nothing.
    renderers: options.renderers ?? {
      chart: async () => [new Uint8Array([137, 80, 78, 71])],
      spreadsheet: async () => new Uint8Array([80, 75]),
    },
  });
  return createZaloChannel({
    config: { token: options.token ?? TOKEN, apiRoot: zalo.apiRoot, webhook: options.webhook ?? null },
    engine,
    i18n: createI18n('vi'),
    logger: pino({ level: process.env.E2E_LOG ?? 'silent' }),
    pollTimeoutSec: 1,
    retry: { initialMs: 20, maxMs: 200 },
    flood: { points: 1000, durationSec: 1 },
    now: () => NOW,
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
  });
}

async function invite(official: string): Promise<string> {
  return (await createInvite(test.database.db, { officialCode: official, days: 7, now: new Date() })).code;
}

/** Sends a text and waits for `n` replies. */
async function say(user: ZaloUser, text: string, n = 1): Promise<string[]> {
  user.text(text);
  return (await user.waitForReplies(n)).map((m) => m.text);
}

beforeAll(async () => {
  zalo = await startZaloFakeServer({ longPollMs: 50 });
  test = await createMigratedDatabase('sqlite');
  await importPlanFile(test.database.db, undefined, undefined, NOW);
});
afterAll(async () => {
  await test?.drop();
  await zalo?.stop();
});

describe('officials reporting through Zalo', () => {
  let bot: ZaloChannel;
  let mai: ZaloUser;
  let hoa: ZaloUser;
  beforeAll(async () => {
    bot = startBot();
    await bot.start();
    mai = zalo.user({ token: TOKEN, userId: 'z8101', displayName: 'Hoàng Thị Mai' });
    hoa = zalo.user({ token: TOKEN, userId: 'z8102', displayName: 'Lê Thị Hoa' });
  });
  afterAll(async () => bot?.stop());

  it('polls with getUpdates after deleting any webhook, and knows its name', async () => {
    expect(zalo.calls(TOKEN, 'deleteWebhook')).toHaveLength(1);
    for (let i = 0; i < 100 && zalo.calls(TOKEN, 'getUpdates').length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(zalo.calls(TOKEN, 'getUpdates').length).toBeGreaterThan(0);
    expect(bot.botName).toBe('tiendo_test_bot');
  });

  it('explains to an unknown user how to register, with or without the slash, and stores nothing', async () => {
    const stranger = zalo.user({ token: TOKEN, userId: 'z8999' });
    expect((await say(stranger, 'báo cáo'))[0]).toContain('chưa được liên kết');
    expect((await say(stranger, '/dangky SAIMA-SAIMA'))[0]).toContain('Mã mời không đúng');
    expect(await test.database.db.chatLink.count()).toBe(0);
  });

  it('links officials with /dangky CODE and with dangky CODE (no slash)', async () => {
    expect((await say(mai, `/dangky ${await invite('vhxh')}`))[0]).toContain(
      'Đã liên kết tài khoản với Hoàng Thị Mai',
    );
    expect((await say(hoa, `dangky ${await invite('ktnn')}`))[0]).toContain(
      'Đã liên kết tài khoản với Lê Thị Hoa',
    );
    const links = await test.database.db.chatLink.findMany({ where: { channel: 'zalo' } });
    expect(links.map((l) => l.chatId).sort()).toEqual(['z8101', 'z8102']);
  });

  it('reports every indicator, answering figures by typing them and choices by their number', async () => {
    const [header, first] = await say(mai, 'baocao', 2);
    expect(header).toContain('Quý III/2026 — hạn 14/09/2026 17:00 (còn 4 ngày)');
    expect(first).toContain('[1/5] XH01');
    // A question asking for a figure does not number its choices: "2" is the answer 2, not "Dừng".
    expect(first).toContain('Hoặc gõ: «Bỏ qua» · «Dừng»');
    expect(first).not.toMatch(/^1\. /m);
    const [two] = await say(mai, '2');
    expect(two).toContain('Số liệu: 2 người');
    expect(two).toContain('1. ✅ Đúng, ghi lại\n2. ✏️ Nhập lại\n3. 📝 Thêm ghi chú\n4. ⏭ Bỏ qua');
    // In the confirmation, "2" is its second choice: type the figure again.
    const [again] = await say(mai, '2');
    expect(again).toContain('[1/5] XH01');
    const [confirm1] = await say(mai, '185');
    expect(confirm1).toContain('185 người');
    const [saved1, second] = await say(mai, '1', 2);
    expect(saved1).toContain('Đã ghi XH01: 185 người');
    expect(second).toContain('[2/5] XH02');

    expect((await say(mai, '0,3'))[0]).toContain('0,3 %');
    const [, third] = await say(mai, 'đúng, ghi lại', 2); // a choice by its words
    expect(third).toContain('[3/5] XH03');

    await say(mai, '7,9');
    const [notePrompt] = await say(mai, '3');
    expect(notePrompt).toContain('ghi chú');
    expect(notePrompt).toContain('1. Không ghi chú');
    const [, fourth] = await say(mai, 'Số liệu của Trạm y tế <xã>', 2);
    expect(fourth).toContain('[4/5] XH04');

    await say(mai, '95,15');
    const [, fifth] = await say(mai, '1', 2);
    expect(fifth).toContain('[5/5] XH05');

    // A number that is no choice of the confirmation (1–4) is an answer: it replaces the pending figure.
    await say(mai, '100');
    const [replaced] = await say(mai, '7');
    expect(replaced).toContain('Số liệu: 7 %');
    await say(mai, '100');
    const [, done] = await say(mai, '1', 2);
    expect(done).toContain('Đã ghi 5 chỉ tiêu');

    const reports = await test.database.db.report.findMany({
      where: { official: { code: 'vhxh' } },
      include: { indicator: true, revisions: true },
      orderBy: { indicator: { position: 'asc' } },
    });
    expect(
      reports.map((r) => [r.indicator.code, r.value, r.note, r.revisions.map((v) => v.channel)]),
    ).toEqual([
      ['XH01', '185', null, ['zalo']],
      ['XH02', '0.3', null, ['zalo']],
      ['XH03', '7.9', 'Số liệu của Trạm y tế <xã>', ['zalo']],
      ['XH04', '95.15', null, ['zalo']],
      ['XH05', '100', null, ['zalo']],
    ]);
  });

  it('gives the chairman /tiendo, and the chart as text since Zalo takes no upload', async () => {
    const chairman = zalo.user({ token: TOKEN, userId: 'z8109', displayName: 'Tuấn' });
    expect((await say(chairman, `/dangky ${await invite('ct')}`))[0]).toContain('Phạm Minh Tuấn');
    const [summary] = await say(chairman, 'tiendo');
    expect(summary).toContain('Đã báo cáo');
    expect(summary).toMatch(/\d+\. 📊 Biểu đồ/);
    const chartNumber = /(\d+)\. 📊 Biểu đồ/.exec(summary ?? '')?.[1] ?? '';
    const sent = (await say(chairman, chartNumber, 2)).join('\n');
    expect(sent).toContain('Biểu đồ tiến độ');
    expect(sent).toMatch(/XH01 [█░]{10} \d+(,\d)? %/);
    expect(zalo.calls(TOKEN, 'sendPhoto')).toEqual([]);
  });

  it('treats a number that is no choice as text, and the bot explains', async () => {
    const [prompt] = await say(mai, '/ngonngu');
    expect(prompt).toContain('1. Tiếng Việt\n2. English');
    const [explained] = await say(mai, '3');
    expect(explained).toContain('gõ số thứ tự');
    // The choices of the question are still those offered.
    expect((await say(mai, '2'))[0]).toContain('English');
    await say(mai, 'ngonngu');
    expect((await say(mai, '1'))[0]).toContain('tiếng Việt');
  });

  it('processes the same message_id once', async () => {
    const [, first] = await say(hoa, '/baocao', 2);
    expect(first).toContain('KT02');
    hoa.text('1.250', { messageId: 'dup-8102-1' });
    hoa.text('1.250', { messageId: 'dup-8102-1' });
    const [confirm] = await hoa.waitForReplies(1);
    expect(confirm?.text).toContain('1.250 tấn');
    hoa.text('1', { messageId: 'dup-8102-2' });
    hoa.text('1', { messageId: 'dup-8102-2' });
    const [saved, next] = await hoa.waitForReplies(2);
    expect(saved?.text).toContain('Đã ghi KT02: 1.250 tấn');
    expect(next?.text).toContain('KT02a');
    expect(await hoa.quiet(300)).toEqual([]);
    const reports = await test.database.db.report.findMany({
      where: { official: { code: 'ktnn' } },
      include: { revisions: true },
    });
    expect(reports.map((r) => [r.value, r.revisions.length])).toEqual([['1250', 1]]);
  });

  it('answers an image politely and asks the pending question again', async () => {
    hoa.event('message.image.received');
    const [polite, question] = await hoa.waitForReplies(2);
    expect(polite?.text).toContain('chỉ đọc tin nhắn chữ');
    expect(question?.text).toContain('KT02a');
    expect((await say(hoa, 'huy'))[0]).toContain('Đã dừng');
  });

  it('shows the reminders screen for nhacnho typed without the slash, accents or not', async () => {
    for (const typed of ['nhacnho', 'Nhắc nhở']) {
      const [screen] = await say(hoa, typed);
      expect(screen).toContain('Lịch nhắc việc của anh/chị');
      expect(screen).toContain('1. Tạm dừng 7 ngày\n2. Tạm dừng 14 ngày');
    }
    expect((await say(hoa, '1'))[0]).toContain('Đã tạm dừng nhắc việc đến hết ngày 16/09/2026');
    expect((await say(hoa, '/nhacnho bat'))[0]).toContain('Đã bật lại nhắc việc');
  });

  it('never sends a text over 2000 characters', () => {
    const sent = zalo.calls(TOKEN, 'sendMessage').map((c) => String(c.body.text));
    expect(sent.length).toBeGreaterThan(20);
    for (const text of sent) expect([...text].length).toBeLessThanOrEqual(ZALO_TEXT_LIMIT);
    for (const text of sent) expect(text).not.toMatch(/<\/?[bi]>|&lt;|&amp;/);
  });
});

describe('a Zalo webhook', () => {
  it('refuses a request without the secret, and processes each message once', async () => {
    const host = await startWebhookHost(test.database, { slots: [{ name: 'zalo', path: '/zalo/hook' }] });
    const url = host.url('/zalo/hook');
    const webhookBot = startBot({
      token: HOOK_TOKEN,
      webhook: { url, secret: HOOK_SECRET },
      webhooks: host.webhooks,
    });
    await webhookBot.start();
    try {
      for (let i = 0; i < 100 && !zalo.webhook(HOOK_TOKEN); i++) await new Promise((r) => setTimeout(r, 10));
      expect(zalo.webhook(HOOK_TOKEN)).toEqual({ url, secret_token: HOOK_SECRET });
      const huy = zalo.user({ token: HOOK_TOKEN, userId: 'z8201', displayName: 'Đỗ Quang Huy' });
      const post = (body: unknown, secret?: string) =>
        fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(secret ? { 'x-bot-api-secret-token': secret } : {}),
          },
          body: JSON.stringify(body),
        });
      const link = await invite('tckt');
      const register = huy.update(`/dangky ${link}`, { messageId: 'hook-1' });
      expect((await post(register)).status).toBe(401);
      expect((await post(register, 'wrong-secret-of-the-same-size')).status).toBe(401);
      await new Promise((r) => setTimeout(r, 100));
      expect(await test.database.db.chatLink.count({ where: { official: { code: 'tckt' } } })).toBe(0);
      expect(huy.messages()).toEqual([]);

      // Flat, then wrapped as `{ ok, result }`; the first one delivered twice at once.
      const [a, b] = await Promise.all([post(register, HOOK_SECRET), post(register, HOOK_SECRET)]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect((await huy.waitForReplies(1))[0]?.text).toContain('Đã liên kết tài khoản với Đỗ Quang Huy');
      expect(
        (await post({ ok: true, result: huy.update('/baocao', { messageId: 'hook-2' }) }, HOOK_SECRET))
          .status,
      ).toBe(200);
      expect((await huy.waitForReplies(2))[1]?.text).toContain('NS01');
      expect((await post(huy.update('3.120,5', { messageId: 'hook-3' }), HOOK_SECRET)).status).toBe(200);
      expect((await huy.waitForReplies(1))[0]?.text).toContain('3.120,5');
      expect((await post(huy.update('1', { messageId: 'hook-4' }), HOOK_SECRET)).status).toBe(200);
      expect((await post(huy.update('1', { messageId: 'hook-4' }), HOOK_SECRET)).status).toBe(200);
      expect((await huy.waitForReplies(1))[0]?.text).toContain('Đã ghi NS01');
      await huy.quiet(200);
      const reports = await test.database.db.report.findMany({
        where: { official: { code: 'tckt' } },
        include: { revisions: true },
      });
      expect(reports.map((r) => [r.value, r.revisions.length])).toEqual([['3120.5', 1]]);
      expect(await test.database.db.chatLink.count({ where: { official: { code: 'tckt' } } })).toBe(1);
    } finally {
      await webhookBot.stop();
      await host.close();
    }
  });
});

describe('the adapter around the engine', () => {
  const STUB_TOKEN = '800003:e2e-zalo-adapter-stub-token';
  const long = Array.from(
    { length: 80 },
    (_, i) => `${i + 1}. Tỷ lệ hộ nghèo theo chuẩn đa chiều giảm còn dưới 1,5 % — ước đạt 100 % kế hoạch 🇻🇳`,
  ).join('\n');

  function stubBot(handle: DialogEngine['handle']): ZaloChannel {
    return createZaloChannel({
      config: { token: STUB_TOKEN, apiRoot: zalo.apiRoot, webhook: null },
      engine: { handle },
      i18n: createI18n('vi'),
      logger: pino({ level: process.env.E2E_LOG ?? 'silent' }),
      pollTimeoutSec: 1,
      flood: { points: 1000, durationSec: 1 },
      now: () => NOW,
    });
  }

  it('the fake API refuses a text over 2000 characters', async () => {
    const response = await fetch(`${zalo.apiRoot}/bot${STUB_TOKEN}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: 'z8301', text: 'á'.repeat(2001) }),
    });
    expect(await response.json()).toMatchObject({ ok: false, error_code: 400 });
  });

  it('splits a reply over 2000 characters, and answers "try again" when the engine fails', async () => {
    let fail = false;
    const bot = stubBot(async (_event: InboundEvent) => {
      if (fail) throw new Error('database down');
      return {
        locale: 'vi',
        duplicate: false,
        replies: [{ lines: [{ key: 'dialog:history.note', params: { note: long } }], choices: [] }],
      };
    });
    await bot.start();
    try {
      const user = zalo.user({ token: STUB_TOKEN, userId: 'z8301' });
      expect(long.length).toBeGreaterThan(2 * ZALO_TEXT_LIMIT);
      user.text('/lichsu');
      const parts: string[] = [];
      while (!parts.join('\n').includes('80. Tỷ lệ'))
        parts.push(...(await user.waitForReplies(1)).map((m) => m.text));
      expect(parts.length).toBeGreaterThanOrEqual(3);
      for (const part of parts) expect([...part].length).toBeLessThanOrEqual(ZALO_TEXT_LIMIT);
      // nothing lost, no line cut (the first carries the "Ghi chú:" prefix of the key)
      expect(parts.join('\n').split('\n').slice(1)).toEqual(long.split('\n').slice(1));
      expect(await user.quiet(100)).toEqual([]);
      fail = true;
      const [sorry] = await say(user, 'xin chào');
      expect(sorry).toContain('tạm gián đoạn');
    } finally {
      await bot.stop();
    }
  });
});

describe('the chart of a 50-indicator plan on Zalo, with a public address', () => {
  const BASE = 'https://tiendo.example.vn';
  let other: TestDatabase & { database: Database };
  let web: FastifyInstance;
  let bot: ZaloChannel;
  beforeAll(async () => {
    other = await createMigratedDatabase('sqlite');
    await importPlanFile(other.database.db, 'tests/fixtures/plans/50-indicators.yaml');
    web = await createTestWebServer(other.database, { now: () => NOW });
    bot = startBot({
      database: other.database,
      publicUrl: BASE,
      renderers: {
        chart: (data, locale) => renderProgressChart(data, { i18n: createI18n('vi'), locale, timeZone: TZ }),
        spreadsheet: async () => new Uint8Array([80, 75]),
      },
    });
    await bot.start();
  });
  afterAll(async () => {
    await bot?.stop();
    await web?.close();
    await other?.drop();
  });

  it(
    'sends one photo per page, each from a signed URL that serves that page as a PNG',
    { timeout: 120_000 },
    async () => {
      const chairman = zalo.user({ token: TOKEN, userId: 'z8401', displayName: 'Năm' });
      const code = (await createInvite(other.database.db, { officialCode: 'ct', days: 7, now: new Date() }))
        .code;
      expect((await say(chairman, `/dangky ${code}`))[0]).toContain('Trần Văn Năm');
      // 50 indicators: the summary comes in several texts, the numbered choices in the last
      chairman.text('tiendo');
      let chartNumber: string | undefined;
      while (chartNumber === undefined) {
        const [text] = await chairman.waitForReplies(1);
        chartNumber = /(\d+)\. 📊 Biểu đồ/.exec(text?.text ?? '')?.[1];
      }
      const before = zalo.calls(TOKEN, 'sendPhoto').length;
      chairman.text(chartNumber);
      // the caption, then a photo per page
      await chairman.waitForReplies(4, 45_000);
      await chairman.quiet(500);
      const urls = zalo
        .calls(TOKEN, 'sendPhoto')
        .slice(before)
        .map((call) => String(call.body.photo));
      expect(urls.length).toBeGreaterThanOrEqual(3);
      const token = /\/chart\/([A-Za-z0-9_-]{43})\.png\?page=1$/.exec(urls[0] ?? '')?.[1];
      expect(token).toBeDefined();
      expect(urls).toEqual(urls.map((_, i) => `${BASE}/chart/${token}.png?page=${i + 1}`));
      const pages = await Promise.all(
        urls.map((url) => web.inject({ method: 'GET', url: url.slice(BASE.length) })),
      );
      for (const page of pages) {
        expect(page.statusCode).toBe(200);
        expect(page.headers['content-type']).toBe('image/png');
        expect(page.rawPayload.readUInt32BE(16)).toBeLessThanOrEqual(1280);
        expect(page.rawPayload.readUInt32BE(20)).toBeLessThanOrEqual(2000);
      }
      expect(pages[0]?.rawPayload.equals(pages[1]?.rawPayload ?? Buffer.alloc(0))).toBe(false);
      const past = await web.inject({ method: 'GET', url: `/chart/${token}.png?page=${urls.length + 1}` });
      expect(past.statusCode).toBe(404);
      expect((await web.inject({ method: 'GET', url: `/chart/${token}.png?page=x` })).statusCode).toBe(400);
    },
  );
});
