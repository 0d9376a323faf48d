import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/adapter.js';
import { createDialogEngine } from '../../src/dialog/engine.js';
import { createI18n } from '../../src/i18n.js';
import { createInvite } from '../../src/services/invites.js';
import { parsePlanText } from '../../src/services/plan-file.js';
import { importPlan } from '../../src/services/plan-import.js';
import type { Database } from '../../src/store/database.js';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { startWebhookHost, type WebhookHost } from '../support/webhook-host.js';
import { waitFor } from '../support/wait.js';
import { answerOf, manyOfficialsPlan, prng, shuffle } from './support/process-fixtures.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram/server.js';

/**
 * Every Telegram update delivered twice, through the real adapter's webhook, with the chats shuffled
 * among one another (each chat keeping its own order, as Telegram does). In the second variant a
 * chat's duplicate arrives only after later updates of that chat. The reports hold each answer once,
 * and no official sees a reply twice.
 */
const CHATS = 16;
const TZ = 'Asia/Ho_Chi_Minh';
const SECRET = 'fault-duplicates-webhook-secret';
const backends = await availableBackends();

/** One official's conversation, typed (no buttons): link, report A and B, confirming each with "đúng". */
function script(n: number, invite: string): { kind: 'command' | 'text'; text: string }[] {
  return [
    { kind: 'command', text: `/dangky ${invite}` },
    { kind: 'command', text: '/baocao' },
    { kind: 'text', text: String(answerOf(n, `A${n}`)) },
    { kind: 'text', text: 'đúng' },
    { kind: 'text', text: String(answerOf(n, `B${n}`)) },
    { kind: 'text', text: 'đúng' },
  ];
}

/** The replies of that conversation, in order: a doubled or missing one breaks the match. */
const EXPECTED_REPLIES = [
  /Đã liên kết tài khoản/,
  /hạn .* chỉ tiêu cần báo cáo/s,
  /\[1\/2\] A\d+ ·/,
  /Xác nhận A\d+ ·/,
  /✅ Đã ghi A\d+/,
  /\[2\/2\] B\d+ ·/,
  /Xác nhận B\d+ ·/,
  /✅ Đã ghi B\d+/,
  /Xong! Đã ghi 2 chỉ tiêu/,
];

interface Delivery {
  chat: number;
  update: Record<string, unknown>;
}

describe.each(backends)('every update delivered twice, chats shuffled, on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  let api: FakeTelegram;
  let bot: TelegramChannel;
  let host: WebhookHost;
  let nextUpdateId = 1;

  beforeAll(async () => {
    [test, api] = await Promise.all([createMigratedDatabase(kind), startFakeTelegram()]);
    const plan = parsePlanText(
      manyOfficialsPlan({ organization: 'xa-trung-lap', officials: CHATS * 2, timeZone: TZ }),
    );
    if (!plan.ok) throw new Error('generated plan invalid');
    await importPlan(test.database.db, plan.plan, { timeZone: TZ });
    // The bot's one HTTP server; each test's bot attaches to its webhook path.
    host = await startWebhookHost(test.database, { slots: [{ name: 'telegram', path: '/tg' }] });
  });
  // A bot for each test: a test ends by stopping it, which lets every update received finish.
  beforeEach(async () => {
    const engine = createDialogEngine({
      store: createDialogStore(test.database, TZ),
      timeZone: TZ,
      defaultLocale: 'vi',
      nonce: () => randomBytes(3).toString('base64url'),
    });
    bot = createTelegramChannel({
      config: {
        token: '820001:fault-duplicates-token',
        apiRoot: api.apiRoot,
        username: null,
        webhook: { url: host.url('/tg'), secret: SECRET },
      },
      webhooks: host.webhooks,
      engine,
      i18n: createI18n('vi'),
      logger: pino({ level: 'silent' }),
      // Scripts type faster than people: the flood gate has its own tests.
      flood: { points: 1000, durationSec: 1 },
    });
    await bot.start();
  });
  afterEach(async () => bot?.stop());
  afterAll(async () => {
    await host?.close();
    await api?.close();
    await test?.drop();
  });

  const post = async (update: Record<string, unknown>): Promise<void> => {
    const response = await fetch(host.url('/tg'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(update),
    });
    expect(response.status).toBe(200);
  };

  /** The updates of official `n`'s conversation in chat 950000 + n, with fresh update ids. */
  async function updatesOf(n: number): Promise<Record<string, unknown>[]> {
    const { code } = await createInvite(test.database.db, {
      officialCode: `cb${n}`,
      days: 7,
      now: new Date(),
    });
    const chatId = 950_000 + n;
    const from = { id: chatId, is_bot: false, first_name: `Cán bộ ${n}`, language_code: 'vi' };
    return script(n, code).map((step, i) => {
      const updateId = nextUpdateId++;
      const entities =
        step.kind === 'command'
          ? [{ type: 'bot_command', offset: 0, length: step.text.split(' ')[0]?.length ?? 0 }]
          : undefined;
      return {
        update_id: updateId,
        message: {
          message_id: i + 1,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: 'private' },
          from,
          text: step.text,
          ...(entities ? { entities } : {}),
        },
      };
    });
  }

  /** Interleaves the chats' delivery lists at random, keeping each chat's own order. */
  function interleave(lists: Delivery[][], random: () => number): Delivery[] {
    const cursors = lists.map(() => 0);
    const order = shuffle(
      lists.flatMap((list, i) => list.map(() => i)),
      random,
    );
    return order.map((i) => (lists[i] as Delivery[])[(cursors[i] as number)++] as Delivery);
  }

  async function deliverAndCheck(officials: number[], deliveries: Delivery[]): Promise<void> {
    // Consecutive deliveries of one update race each other, as a retried webhook does.
    for (let i = 0; i < deliveries.length; i += 1) {
      const current = deliveries[i] as Delivery;
      const next = deliveries[i + 1];
      if (next && next.update === current.update) {
        await Promise.all([post(current.update), post(next.update)]);
        i += 1;
      } else {
        await post(current.update);
      }
    }
    const chats = officials.map((n) => api.user(950_000 + n));
    await waitFor(() => chats.every((c) => c.received().length >= EXPECTED_REPLIES.length), {
      what: `${EXPECTED_REPLIES.length} replies in each of ${chats.length} chats`,
      timeoutMs: 120_000,
    });
    // Every delivery was answered 200, so it is in the bot's chat queue: the stop lets the queue finish, and
    // anything doubled has been sent by then (no fixed pause that a loaded machine outlasts).
    await bot.stop();
    const { db } = test.database;
    for (const n of officials) {
      const texts = api
        .user(950_000 + n)
        .received()
        .map((m) => m.text);
      expect(texts, `cb${n}`).toHaveLength(EXPECTED_REPLIES.length);
      EXPECTED_REPLIES.forEach((pattern, i) => expect(texts[i], `cb${n} reply ${i + 1}`).toMatch(pattern));
      const reports = await db.report.findMany({
        where: { official: { code: `cb${n}` } },
        include: { indicator: true, revisions: true },
        orderBy: { indicator: { code: 'asc' } },
      });
      expect(reports.map((r) => [r.indicator.code, r.value, r.revisions.length])).toEqual([
        [`A${n}`, String(answerOf(n, `A${n}`)), 1],
        [`B${n}`, String(answerOf(n, `B${n}`)), 1],
      ]);
    }
  }

  it('stores each answer once and answers each message once, when every update comes twice in a row', async () => {
    const officials = Array.from({ length: CHATS }, (_, i) => i + 1);
    const lists: Delivery[][] = [];
    for (const n of officials)
      lists.push(
        (await updatesOf(n)).flatMap((update) => [
          { chat: n, update },
          { chat: n, update },
        ]),
      );
    const deliveries = interleave(lists, prng(0xd0b1e));
    await deliverAndCheck(officials, deliveries);
    console.info(
      `[duplicates ${kind}] ${deliveries.length} deliveries of ${deliveries.length / 2} updates in ${CHATS} chats: ${await test.database.db.report.count()} reports`,
    );
  });

  it('ignores a duplicate that arrives after later updates of its chat', async () => {
    const officials = Array.from({ length: CHATS }, (_, i) => CHATS + i + 1);
    const random = prng(0x1a7e);
    const lists: Delivery[][] = [];
    for (const n of officials) {
      const updates = await updatesOf(n);
      const list: Delivery[] = updates.map((update) => ({ chat: n, update }));
      // Each update's second delivery goes one to three places later in its chat's order.
      for (const update of updates) {
        const at = Math.min(
          list.length,
          list.findIndex((d) => d.update === update) + 2 + Math.floor(random() * 3),
        );
        list.splice(at, 0, { chat: n, update });
      }
      lists.push(list);
    }
    const deliveries = interleave(lists, random);
    // Check the scenario: for every chat some duplicate does come after a later update.
    for (const list of lists) {
      const late = list.some(
        (d, i) =>
          list.slice(0, i).some((e) => e.update === d.update) &&
          list.slice(0, i).some((e) => (e.update.update_id as number) > (d.update.update_id as number)),
      );
      expect(late).toBe(true);
    }
    await deliverAndCheck(officials, deliveries);
  });
});
