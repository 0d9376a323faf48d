import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/adapter.js';
import { createTelegramSender } from '../../src/channels/telegram/outbox-sender.js';
import { enqueue } from '../../src/delivery/outbox.js';
import { createDeliveryWorker, type DeliveryStats, type DeliveryWorker } from '../../src/delivery/worker.js';
import { createDialogEngine } from '../../src/dialog/engine.js';
import { createI18n } from '../../src/i18n.js';
import { createInvite } from '../../src/services/invites.js';
import { parsePlanText } from '../../src/services/plan-file.js';
import { importPlan } from '../../src/services/plan-import.js';
import { reminderTick } from '../../src/services/reminders.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { startWebhookHost, type WebhookHost } from '../support/webhook-host.js';
import { waitFor } from '../support/wait.js';
import { answerOf, manyOfficialsPlan, prng, sleep } from './support/process-fixtures.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram/server.js';

/**
 * Two instances of the bot on one PostgreSQL database, each with its own connection pool, the same
 * clock: both run the reminder tick and a delivery worker at once, and both receive every update (a
 * load balancer retrying a webhook on the other instance). Each reminder reaches Telegram exactly once
 * (no crash here, so not even the at-least-once window), and no report is doubled. The two workers
 * send with one token, each allowed the token's full 30/s: the limits are counted in the database
 * (src/store/shared-limits.ts), and the fake Telegram, which enforces 30/s per token and 1/s per chat,
 * answers not one 429 (the combined rate is a figure of bench/delivery-instances.ts, not asserted here).
 * Several instances need PostgreSQL (on SQLite one instance is assumed), so this file is defined for
 * PostgreSQL only.
 */
const TZ = 'Asia/Ho_Chi_Minh';
const REMINDED = 150;
/** Chats that also get a digest and a note: their three messages may be claimed by either instance. */
const TRIPLED = 12;
const TALKING = 16;
/** Monday 19/10/2026 09:00 in Hanoi: the plan's only period is due Tuesday 20/10 17:00, the d1 reminder is due. */
const NOW = new Date('2026-10-19T02:00:00Z');
const SECRET = 'fault-two-instances-webhook-secret';
const TOKEN = '830001:fault-two-instances-token';
const backends = await availableBackends();

interface Instance {
  name: string;
  database: Database;
  bot: TelegramChannel;
  /** the instance's HTTP server, its webhook at /tg */
  host: WebhookHost;
  worker: DeliveryWorker;
}

if (backends.includes('postgres')) {
  describe('two bot instances on one PostgreSQL database', () => {
    let test: TestDatabase & { database: Database };
    let telegram: FakeTelegram;
    let botApi: FakeTelegram;
    const instances: Instance[] = [];

    beforeAll(async () => {
      [test, telegram, botApi] = await Promise.all([
        createMigratedDatabase('postgres'),
        startFakeTelegram({ limits: {} }),
        startFakeTelegram(),
      ]);
      const { db } = test.database;
      const today = DateTime.fromJSDate(NOW).setZone(TZ).minus({ days: 39 });
      const plan = parsePlanText(
        manyOfficialsPlan({ organization: 'xa-hai-may', officials: REMINDED + TALKING, timeZone: TZ, today }),
      );
      if (!plan.ok) throw new Error('generated plan invalid');
      await importPlan(db, plan.plan, { timeZone: TZ });
      // The reminded officials linked their chats earlier.
      const officials = await db.official.findMany();
      const byCode = new Map(officials.map((o) => [o.code, o.id]));
      await db.chatLink.createMany({
        data: Array.from({ length: REMINDED }, (_, i) => ({
          officialId: byCode.get(`cb${i + 1}`) as string,
          channel: 'telegram',
          externalUserId: String(40_000 + i + 1),
          chatId: String(40_000 + i + 1),
        })),
      });
      const i18n = createI18n('vi');
      for (const name of ['a', 'b']) {
        // Each instance its own Prisma client and pool, as two processes would have.
        const database = name === 'a' ? test.database : await openDatabase(test.url);
        const host = await startWebhookHost(database, { slots: [{ name: 'telegram', path: '/tg' }] });
        const engine = createDialogEngine({
          store: createDialogStore(database, TZ),
          timeZone: TZ,
          defaultLocale: 'vi',
          now: () => NOW,
          nonce: () => randomBytes(3).toString('base64url'),
        });
        const bot = createTelegramChannel({
          config: {
            token: TOKEN,
            apiRoot: botApi.apiRoot,
            username: null,
            webhook: { url: host.url('/tg'), secret: SECRET },
          },
          webhooks: host.webhooks,
          engine,
          i18n,
          logger: pino({ level: 'silent' }),
          flood: { points: 1000, durationSec: 1 },
          now: () => NOW,
        });
        await bot.start();
        const sender = createTelegramSender({
          token: telegram.token,
          apiRoot: telegram.apiRoot,
          i18n,
          timeoutMs: 5000,
        });
        // Each instance allowed the token's whole 30/s and 1/s per chat, counted in the database.
        if (!database.shared) throw new Error('PostgreSQL opens with its shared limits');
        const worker = createDeliveryWorker({
          database,
          send: sender.send,
          workerId: `instance-${name}`,
          logger: pino({ level: 'silent' }),
          shared: { ...database.shared, scope: 'telegram' },
        });
        instances.push({ name, database, bot, host, worker });
      }
    });
    afterAll(async () => {
      for (const instance of instances) {
        await instance.bot.stop();
        await instance.host.close();
        if (instance.database !== test.database) await instance.database.close();
      }
      await botApi?.close();
      await telegram?.close();
      await test?.drop();
    });

    it('queues and sends each reminder exactly once while both tick and deliver at the same time, not one 429', async () => {
      const { db } = test.database;
      const tick = (instance: Instance) =>
        reminderTick(instance.database.db, {
          at: NOW,
          timeZone: TZ,
          officeHours: { start: '07:30', end: '17:00' },
          served: ['telegram'],
          preference: 'last_used',
          defaultLocale: 'vi',
          dryRun: false,
        });
      // Three ticks on each instance, all at once.
      const ticks = await Promise.all(
        instances.flatMap((instance) => [tick(instance), tick(instance), tick(instance)]),
      );
      const queued = ticks.reduce((sum, t) => sum + t.queued, 0);
      // A tick that reads the outbox after another one wrote to it no longer plans those: count the union.
      const planned = new Set(
        ticks.flatMap((t) => t.messages.filter((m) => m.channel === 'telegram').map((m) => m.key)),
      );
      expect(planned.size).toBe(REMINDED);
      expect(queued).toBe(REMINDED);
      const rows = await db.outboxMessage.findMany({ orderBy: { chatId: 'asc' } });
      expect(rows).toHaveLength(REMINDED);
      // Some chats get two more messages: either instance may claim any of a chat's three.
      const tripled = rows.slice(0, TRIPLED);
      const extra = tripled.flatMap((row, i) =>
        ['digest', 'note'].map((kind) => ({
          key: `${kind}-${i}`,
          // a reminder's row: it has its official
          officialId: row.officialId as string,
          channel: 'telegram' as const,
          chatId: row.chatId,
          payload: {
            lines: [{ key: 'common:scope.unknown_organization', params: { code: kind } }],
            choices: [],
          },
          locale: 'vi' as const,
        })),
      );
      await enqueue(db, extra);
      const total = REMINDED + extra.length;

      const drain = async (worker: DeliveryWorker): Promise<DeliveryStats> => {
        const total: DeliveryStats = {
          claimed: 0,
          sent: 0,
          retried: 0,
          failed: 0,
          unreachable: 0,
          rateLimited: 0,
          released: 0,
          expired: 0,
        };
        const deadline = Date.now() + 60_000;
        while ((await db.outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } })) > 0) {
          if (Date.now() > deadline) throw new Error('the outbox did not drain');
          const stats = await worker.runOnce();
          for (const name of Object.keys(total) as (keyof DeliveryStats)[]) total[name] += stats[name];
          if (stats.claimed === 0) await sleep(20);
        }
        return total;
      };
      const [a, b] = await Promise.all(instances.map((instance) => drain(instance.worker)));
      const sentRows = await db.outboxMessage.findMany();
      const perChat = new Map<string, number>();
      for (const m of telegram.accepted) perChat.set(m.chatId, (perChat.get(m.chatId) ?? 0) + 1);
      const answered429 = telegram.calls.filter((call) => call.status === 429);
      console.info(
        `[two-instances] ${ticks.length} ticks queued ${queued} reminders, ${extra.length} more queued; ` +
          `instance a sent ${a?.sent}, b sent ${b?.sent}; ${telegram.accepted.length} accepted by Telegram; ` +
          `${answered429.length} × 429`,
      );
      expect((a?.sent ?? 0) + (b?.sent ?? 0)).toBe(total);
      expect(a?.sent).toBeGreaterThan(0);
      expect(b?.sent).toBeGreaterThan(0);
      expect(sentRows.every((r) => r.status === 'sent')).toBe(true);
      // Each message once: every chat got what was queued for it, no more.
      expect(telegram.accepted).toHaveLength(total);
      const tripledChats = new Set(tripled.map((row) => row.chatId));
      for (const row of rows)
        expect(perChat.get(row.chatId), row.chatId).toBe(tripledChats.has(row.chatId) ? 3 : 1);
      // Not one 429, though each instance alone may send 30/s and 1/s per chat.
      expect(answered429).toHaveLength(0);
      expect(telegram.limitViolations).toEqual([]);
      expect((a?.rateLimited ?? 0) + (b?.rateLimited ?? 0)).toBe(0);
      // Once sent, later ticks on either instance queue nothing again.
      expect((await Promise.all(instances.map(tick))).map((t) => t.queued)).toEqual([0, 0]);
    });

    it('never doubles a report when both instances receive every update', async () => {
      const { db } = test.database;
      const random = prng(0x2b0c5);
      const post = async (instance: Instance, update: Record<string, unknown>): Promise<void> => {
        const response = await fetch(instance.host.url('/tg'), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
          body: JSON.stringify(update),
        });
        expect(response.status).toBe(200);
      };
      let nextUpdateId = 1;
      const talk = async (n: number): Promise<void> => {
        const { code } = await createInvite(db, { officialCode: `cb${n}`, days: 7, now: NOW });
        const chatId = 960_000 + n;
        const from = { id: chatId, is_bot: false, first_name: `Cán bộ ${n}`, language_code: 'vi' };
        const user = botApi.user(chatId);
        // Typed, as the replies expected after each step: 1 linked, 2 header + question, 1 confirmation, 2 saved + next, 1, 2 saved + done.
        const steps: [string, number][] = [
          [`/dangky ${code}`, 1],
          ['/baocao', 3],
          [String(answerOf(n, `A${n}`)), 4],
          ['đúng', 6],
          [String(answerOf(n, `B${n}`)), 7],
          ['đúng', 9],
        ];
        for (const [text, replies] of steps) {
          const command = text.startsWith('/');
          const update = {
            update_id: nextUpdateId++,
            message: {
              message_id: nextUpdateId,
              date: Math.floor(NOW.getTime() / 1000),
              chat: { id: chatId, type: 'private' },
              from,
              text,
              ...(command
                ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]?.length ?? 0 }] }
                : {}),
            },
          };
          // The balancer gives it to one instance and retries on the other, a moment later or at once.
          const [first, second] = random() < 0.5 ? instances : [...instances].reverse();
          await Promise.all([
            post(first as Instance, update),
            sleep(Math.floor(random() * 30)).then(() => post(second as Instance, update)),
          ]);
          await waitFor(() => user.received().length >= replies, {
            what: `cb${n}: ${replies} replies after "${text}"`,
            timeoutMs: 120_000,
          });
        }
      };
      const officials = Array.from({ length: TALKING }, (_, i) => REMINDED + i + 1);
      await Promise.all(officials.map(talk));
      // Every update was answered 200, so it is in a chat queue of both instances: a stop lets each queue
      // finish, and any doubled reply has been sent by then (no fixed pause that a loaded machine outlasts).
      // The last test of this file: afterAll's stops are then no-ops.
      await Promise.all(instances.map((instance) => instance.bot.stop()));
      for (const n of officials) {
        const texts = botApi
          .user(960_000 + n)
          .received()
          .map((m) => m.text);
        expect(
          texts.filter((t) => t.includes('✅ Đã ghi')),
          `cb${n}`,
        ).toEqual([
          `✅ Đã ghi A${n}: ${answerOf(n, `A${n}`)} người.`,
          `✅ Đã ghi B${n}: ${answerOf(n, `B${n}`)} người.`,
        ]);
        expect(texts, `cb${n}`).toHaveLength(9);
        expect(texts.at(-1)).toContain('Xong! Đã ghi 2 chỉ tiêu');
      }
      const reports = await db.report.findMany({
        where: { official: { code: { in: officials.map((n) => `cb${n}`) } } },
        include: { official: true, indicator: true, revisions: true },
      });
      expect(reports).toHaveLength(TALKING * 2);
      for (const r of reports) {
        expect(r.value).toBe(String(answerOf(Number(r.official.code.slice(2)), r.indicator.code)));
        expect(r.revisions).toHaveLength(1);
      }
      const processed = await db.processedUpdate.count();
      console.info(
        `[two-instances] ${TALKING} officials, ${nextUpdateId - 1} updates each delivered to both instances: ${processed} processed, ${reports.length} reports`,
      );
      expect(processed).toBe(nextUpdateId - 1);
    });
  });
}
