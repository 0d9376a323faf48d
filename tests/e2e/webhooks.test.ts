import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/adapter.js';
import { createZaloChannel, type ZaloChannel } from '../../src/channels/zalo/adapter.js';
import { createDialogEngine } from '../../src/dialog/engine.js';
import type { DialogEngine, UpdateInbox } from '../../src/dialog/types.js';
import { createI18n } from '../../src/i18n.js';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { createUpdateInbox } from '../../src/services/inbox.js';
import { createInvite } from '../../src/services/invites.js';
import type { Database } from '../../src/store/database.js';
import { createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram/server.js';
import { importPlanFile } from '../support/plans.js';
import { waitFor } from '../support/wait.js';
import { startWebhookHost, type WebhookHost } from '../support/webhook-host.js';
import { startZaloFakeServer, type ZaloFakeServer } from '../support/zalo-fake-server.js';

/**
 * Both channels in webhook mode, the way production runs them: the bot's one HTTP server (pages and
 * webhooks), the real adapters, engine, inbox and SQLite store, and the fake platforms POSTing every
 * update to the webhook with its secret and sending it again until it is answered 2xx. The inbox fails
 * its first store on purpose: that update is answered 503, delivered again, and handled once.
 * Tokens and user ids 86xx are this file's own.
 */
const TZ = 'Asia/Ho_Chi_Minh';
/** 10 September 2026 09:00 in Hanoi: Quý III/2026 is open, due 14/09 17:00. */
const NOW = new Date('2026-09-10T02:00:00Z');
const TELEGRAM_TOKEN = '860001:e2e-webhooks-telegram-token';
const ZALO_TOKEN = '860002:e2e-webhooks-zalo-token';
const TELEGRAM_SECRET = 'e2e-webhooks-telegram-secret-8600';
const ZALO_SECRET = 'e2e-webhooks-zalo-secret-8600';

let test: TestDatabase & { database: Database };
let host: WebhookHost;

function engineOn(database: Database): DialogEngine {
  return createDialogEngine({
    store: createDialogStore(database, TZ),
    timeZone: TZ,
    defaultLocale: 'vi',
    now: () => NOW,
    nonce: () => randomBytes(3).toString('base64url'),
    renderers: {
      chart: async () => [new Uint8Array([137, 80, 78, 71])],
      spreadsheet: async () => new Uint8Array([80, 75]),
    },
  });
}

/** The real inbox, whose first store fails (the database hiccups as the first update arrives). */
function inboxFailingOnce(database: Database): UpdateInbox & { failed: number } {
  const inbox = createUpdateInbox(database);
  let failed = 0;
  return {
    ...inbox,
    get failed() {
      return failed;
    },
    async store(entries, now, leaseMs) {
      if (failed === 0) {
        failed += 1;
        throw new Error('the database went away for a moment');
      }
      return inbox.store(entries, now, leaseMs);
    },
  };
}

async function invite(official: string): Promise<string> {
  return (await createInvite(test.database.db, { officialCode: official, days: 7, now: new Date() })).code;
}

/** processed update keys of a channel's bot, and how often each was processed */
async function processedKeys(prefix: string): Promise<string[]> {
  const rows = await test.database.db.processedUpdate.findMany({
    where: { updateKey: { startsWith: prefix } },
  });
  return rows.map((row) => row.updateKey);
}

beforeAll(async () => {
  test = await createMigratedDatabase('sqlite');
  await importPlanFile(test.database.db, undefined, undefined, NOW);
  host = await startWebhookHost(test.database, {
    slots: [
      { name: 'telegram', path: '/hooks/telegram' },
      { name: 'zalo', path: '/hooks/zalo' },
    ],
  });
});
afterAll(async () => {
  await host?.close();
  await test?.drop();
});

describe('Telegram by webhook, through the fake Bot API', () => {
  let api: FakeTelegram;
  let bot: TelegramChannel;
  let inbox: ReturnType<typeof inboxFailingOnce>;

  beforeAll(async () => {
    api = await startFakeTelegram();
    inbox = inboxFailingOnce(test.database);
    bot = createTelegramChannel({
      config: {
        token: TELEGRAM_TOKEN,
        apiRoot: api.apiRoot,
        username: null,
        webhook: { url: host.url('/hooks/telegram'), secret: TELEGRAM_SECRET },
      },
      engine: engineOn(test.database),
      i18n: createI18n('vi'),
      logger: pino({ level: process.env.E2E_LOG ?? 'silent' }),
      flood: { points: 1000, durationSec: 1 },
      now: () => NOW,
      inbox,
      webhooks: host.webhooks,
    });
    await bot.start();
  });
  afterAll(async () => {
    await bot?.stop();
    await api?.close();
  });

  it('sets its webhook with the secret, keeping what Telegram holds, and never polls', async () => {
    await waitFor(() => api.webhook.url !== null, { what: 'setWebhook' });
    expect(api.webhook.registration).toMatchObject({
      url: host.url('/hooks/telegram'),
      secret_token: TELEGRAM_SECRET,
      drop_pending_updates: false,
    });
    expect(api.calls.filter((c) => c.method === 'getUpdates')).toEqual([]);
  });

  it('carries a report conversation, each update stored before its 200 and handled once', async () => {
    const huy = api.user(8601, 'Huy');
    const last = () => huy.received().at(-1);
    const waitText = (pattern: RegExp) =>
      waitFor(() => pattern.test(last()?.text ?? ''), { what: `a reply matching ${pattern}` });
    huy.command('dangky', await invite('tckt'));
    await waitText(/Đã liên kết/);
    huy.command('baocao');
    await waitText(/NS01/);
    huy.text('3.120,5');
    await waitFor(() => (last()?.buttons ?? []).some((b) => b.text.includes('Đúng')), {
      what: 'the confirmation',
    });
    const ok = last()?.buttons.find((b) => b.text.includes('Đúng'));
    huy.press(ok?.data ?? '', last()?.messageId ?? 0);
    // The confirmation, then "Xong!" after it: any message, not only the last.
    await waitFor(() => huy.received().some((m) => /Đã ghi NS01/.test(m.text)), { what: 'Đã ghi NS01' });
    await api.webhook.drained();

    // The first update met a failed store: answered 503, delivered again, handled once.
    expect(inbox.failed).toBe(1);
    expect(api.webhook.failures).toBeGreaterThanOrEqual(1);
    const ids = [...api.updates.keys()];
    expect([...api.webhook.acknowledged].sort((a, b) => a - b)).toEqual(ids);
    const stored = await test.database.db.inboxUpdate.findMany({ where: { channel: 'telegram' } });
    expect(stored.map((u) => [u.key, u.status]).sort()).toEqual(
      ids.map((id) => [`860001:${id}`, 'handled']).sort(),
    );
    expect((await processedKeys('860001:')).sort()).toEqual(ids.map((id) => `860001:${id}`).sort());
    const reports = await test.database.db.report.findMany({
      where: { official: { code: 'tckt' } },
      include: { revisions: true },
    });
    expect(reports.map((r) => [r.value, r.revisions.length])).toEqual([['3120.5', 1]]);
  });

  it('counts the webhook requests in /metrics', async () => {
    const metrics = await (await fetch(host.url('/metrics'))).text();
    const stored = /tiendo_webhook_requests_total\{channel="telegram",outcome="stored"\} (\d+)/.exec(metrics);
    expect(Number(stored?.[1])).toBe(api.updates.size);
    expect(metrics).toContain('tiendo_webhook_requests_total{channel="telegram",outcome="not_stored"} 1');
    expect(metrics).toMatch(/tiendo_inbox_pending/);
  });
});

describe('Zalo by webhook, through the fake Bot Platform', () => {
  let zalo: ZaloFakeServer;
  let bot: ZaloChannel;
  let inbox: ReturnType<typeof inboxFailingOnce>;

  beforeAll(async () => {
    zalo = await startZaloFakeServer({ longPollMs: 50 });
    inbox = inboxFailingOnce(test.database);
    bot = createZaloChannel({
      config: {
        token: ZALO_TOKEN,
        apiRoot: zalo.apiRoot,
        webhook: { url: host.url('/hooks/zalo'), secret: ZALO_SECRET },
      },
      engine: engineOn(test.database),
      i18n: createI18n('vi'),
      logger: pino({ level: process.env.E2E_LOG ?? 'silent' }),
      flood: { points: 1000, durationSec: 1 },
      now: () => NOW,
      inbox,
      webhooks: host.webhooks,
    });
    await bot.start();
  });
  afterAll(async () => {
    await bot?.stop();
    await zalo?.stop();
  });

  it('sets its webhook with the secret, and neither polls nor deletes it', async () => {
    await waitFor(() => zalo.webhook(ZALO_TOKEN) !== undefined, { what: 'setWebhook' });
    expect(zalo.webhook(ZALO_TOKEN)).toEqual({ url: host.url('/hooks/zalo'), secret_token: ZALO_SECRET });
    expect(zalo.calls(ZALO_TOKEN, 'getUpdates')).toEqual([]);
    expect(zalo.calls(ZALO_TOKEN, 'deleteWebhook')).toEqual([]);
  });

  it('carries a report conversation, each update stored before its 200 and handled once', async () => {
    const mai = zalo.user({ token: ZALO_TOKEN, userId: 'z8601', displayName: 'Hoàng Thị Mai' });
    const say = async (text: string, messageId: string): Promise<string> => {
      mai.text(text, { messageId });
      return (await mai.waitForReplies(1))[0]?.text ?? '';
    };
    expect(await say(`/dangky ${await invite('vhxh')}`, 'zw-1')).toContain('Đã liên kết');
    mai.text('/baocao', { messageId: 'zw-2' });
    expect((await mai.waitForReplies(2)).map((m) => m.text).join('\n')).toContain('XH01');
    expect(await say('185', 'zw-3')).toContain('185');
    expect(await say('1', 'zw-4')).toContain('Đã ghi XH01');
    await waitFor(() => zalo.acknowledged(ZALO_TOKEN).length === 4, { what: 'every update acknowledged' });

    expect(inbox.failed).toBe(1);
    expect(zalo.acknowledged(ZALO_TOKEN)).toEqual(['zw-1', 'zw-2', 'zw-3', 'zw-4']);
    const stored = await test.database.db.inboxUpdate.findMany({ where: { channel: 'zalo' } });
    expect(stored.map((u) => u.status)).toEqual(['handled', 'handled', 'handled', 'handled']);
    expect(await processedKeys('860002:')).toHaveLength(4);
    const reports = await test.database.db.report.findMany({
      where: { official: { code: 'vhxh' } },
      include: { revisions: true },
    });
    expect(reports.map((r) => [r.value, r.revisions.length])).toEqual([['185', 1]]);
  });
});
