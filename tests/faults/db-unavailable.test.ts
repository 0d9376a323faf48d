import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/adapter.js';
import { createZaloChannel, type ZaloChannel } from '../../src/channels/zalo/adapter.js';
import { parseConfig } from '../../src/config.js';
import { createI18n } from '../../src/i18n.js';
import { createInvite } from '../../src/services/invites.js';
import { createOutboxSenders } from '../../src/channels/outbox-senders.js';
import { startReminderScheduler, type ReminderScheduler } from '../../src/services/reminder-scheduler.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { parseDatabaseUrl } from '../../src/store/database-url.js';
import { migrate } from '../../src/store/migrate.js';
import {
  availableBackends,
  createMigratedDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../support/databases.js';
import {
  startFakeTelegram,
  type SentMessage,
  type FakeTelegram,
  type FakeUser,
} from '../support/fake-telegram/server.js';
import { startZaloFakeServer, type ZaloFakeServer } from '../support/zalo-fake-server.js';
import { captureLogs, type CapturedLogs } from './support/log-capture.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { importPlanFile } from '../support/plans.js';
import { engineOn } from '../support/linked-engine.js';

/**
 * The database goes away while officials are reporting (issue 8). The bot answers "try again" within
 * seconds, stores nothing half-way, does not crash, and works again by itself once the database is back:
 * - PostgreSQL behind a TCP proxy that is cut, first as a server that is down (connections reset), then as
 *   a network that drops everything (only the client's timeouts end the wait), then restored;
 * - SQLite whose file another connection holds locked past the busy timeout.
 * The waits measured are printed ("[faults] …"). This file's token and user ids (81xx, 82xx) are its own.
 */
const PG_TOKEN = '810001:faults-db-unavailable-postgres-token';
const SQLITE_TOKEN = '820001:faults-db-unavailable-sqlite-token';
const ZALO_TOKEN = '810002:faults-db-unavailable-zalo-token';
/** 10 September 2026 09:00 in Hanoi: Quý III/2026 is open, due 14/09 17:00. */
const NOW = new Date('2026-09-10T02:00:00Z');

const i18n = createI18n('vi');
const TRY_AGAIN = i18n.render({ key: 'channel:try_again' }, 'vi');

/** each describe's own fake Bot API, for its own token */
let telegram: FakeTelegram;
const problems: unknown[] = [];
const onProblem = (error: unknown): void => {
  problems.push(error);
};

beforeAll(async () => {
  process.on('unhandledRejection', onProblem);
  process.on('uncaughtException', onProblem);
});
afterAll(async () => {
  process.off('unhandledRejection', onProblem);
  process.off('uncaughtException', onProblem);
});

function measure(label: string, ms: number): number {
  console.log(`[faults] ${label}: ${ms} ms`);
  return ms;
}

function startBot(database: Database, token: string, logs: CapturedLogs): TelegramChannel {
  return createTelegramChannel({
    config: { token, apiRoot: telegram.apiRoot, username: null, webhook: null },
    engine: engineOn(database, NOW),
    i18n,
    logger: logs.logger,
    pollIdleMs: 5,
    // The officials here answer at a script's pace: the flood limit has its own tests.
    flood: { points: 1000, durationSec: 1 },
    now: () => NOW,
  });
}

/** The next bot message in this chat. */
async function next(user: FakeUser, timeoutMs = 30_000): Promise<SentMessage> {
  const [message] = await user.waitForReplies(1, timeoutMs);
  if (!message) throw new Error('no message');
  return message;
}

/** Bot messages in this chat until one contains `text`; that one. */
async function until(user: FakeUser, text: string, timeoutMs = 30_000): Promise<SentMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const message = await next(user, Math.max(1, deadline - Date.now()));
    if (message.text.includes(text)) return message;
  }
}

function button(message: SentMessage, label: string): string {
  const found = (message.keyboard ?? []).flat().find((b) => b.text.includes(label));
  if (!found || !('callback_data' in found))
    throw new Error(`no button «${label}» in ${JSON.stringify(message)}`);
  return found.callback_data;
}

/** Sends, then waits for the "try again" notice; the time the official waited for it. */
async function refused(user: FakeUser, send: () => unknown, label: string): Promise<number> {
  const started = Date.now();
  await send();
  const answer = await next(user, 40_000);
  expect(answer.text).toBe(TRY_AGAIN);
  return measure(label, Date.now() - started);
}

async function link(db: Database['db'], user: FakeUser, official: string): Promise<void> {
  user.command('/start', (await createInvite(db, { officialCode: official, days: 7, now: NOW })).code);
  await until(user, 'Đã liên kết');
}

/** The stored reports, as "official indicator value revision", sorted. */
async function storedReports(db: Database['db']): Promise<string[]> {
  const reports = await db.report.findMany({ include: { official: true, indicator: true, revisions: true } });
  return reports
    .map((r) => `${r.official.code} ${r.indicator.code} ${r.value} r${r.revision}/${r.revisions.length}`)
    .sort();
}

// Where PostgreSQL is missing, availableBackends says so (and fails in CI), as for every storage test.
const postgres = (await availableBackends()).filter((kind) => kind === 'postgres');

describe.each(postgres)('%s unreachable for a while', () => {
  let test: TestDatabase;
  let proxy: TcpProxy;
  let proxied: Database;
  let direct: Database;
  let bot: TelegramChannel;
  let zalo: ZaloFakeServer;
  let zaloBot: ZaloChannel;
  let scheduler: ReminderScheduler | undefined;
  const logs = captureLogs('debug');

  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    await migrate(parseDatabaseUrl(test.url));
    direct = await openDatabase(test.url);
    await importPlanFile(direct.db, undefined, undefined, NOW);
    telegram = await startFakeTelegram({ token: PG_TOKEN });
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
    const url = new URL(test.url);
    url.port = String(proxy.port);
    proxied = await openDatabase(url.toString());
    bot = startBot(proxied, PG_TOKEN, logs);
    await bot.start();
    zalo = await startZaloFakeServer({ longPollMs: 50 });
    zaloBot = createZaloChannel({
      config: { token: ZALO_TOKEN, apiRoot: zalo.apiRoot, webhook: null },
      engine: engineOn(proxied, NOW),
      i18n,
      logger: logs.logger,
      flood: { points: 1000, durationSec: 1 },
      now: () => NOW,
    });
    await zaloBot.start();
  });
  afterAll(async () => {
    proxy?.restore();
    await scheduler?.stop();
    await bot?.stop();
    await zaloBot?.stop();
    await zalo?.stop();
    await proxied?.close();
    await direct?.close();
    await proxy?.close();
    await test?.drop();
    await telegram?.close();
  });

  it('answers "try again" within seconds, keeps every confirmed answer once, and recovers by itself', async () => {
    const mai = telegram.user(8101, { firstName: 'Mai', languageCode: 'vi' });
    const huy = telegram.user(8102, { firstName: 'Huy', languageCode: 'vi' });
    const binh = telegram.user(8103, { firstName: 'Bình', languageCode: 'vi' });
    await link(direct.db, mai, 'vhxh');
    await link(direct.db, huy, 'tckt');
    await link(direct.db, binh, 'vp');
    const hoa = zalo.user({ token: ZALO_TOKEN, userId: 'z8104', displayName: 'Hoa' });
    hoa.text(`/dangky ${(await createInvite(direct.db, { officialCode: 'ktnn', days: 7, now: NOW })).code}`);
    expect((await hoa.waitForReplies(1, 10_000))[0]?.text).toContain('Đã liên kết');

    // Before the outage: Mai and Huy confirm an answer each; Bình's waits for his confirmation.
    for (const [user, value, code] of [
      [mai, '185', 'XH01'],
      [huy, '5.000', 'NS01'],
    ] as const) {
      user.command('/baocao');
      await until(user, `[1/`);
      user.text(value);
      const confirm = await until(user, 'Xác nhận');
      user.press(button(confirm, 'Đúng'), confirm.messageId);
      await until(user, `Đã ghi ${code}`);
    }
    binh.command('/baocao');
    await until(binh, '[1/1] KT01');
    binh.text('12');
    const binhConfirm = await until(binh, 'Xác nhận');
    await until(mai, '[2/5] XH02');
    // Whatever else came (Huy's "Xong!"), so that the next message read is the answer to the next send.
    for (const user of [mai, huy, binh]) await user.quiet(200);

    // The database server goes down: connections reset.
    proxy.cut('reset');
    const cutAt = Date.now();
    // The loops start during the outage: the first reminder tick and the delivery batches fail.
    const parsed = parseConfig({
      TELEGRAM_BOT_TOKEN: PG_TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DATABASE_URL: test.url,
    });
    if (!parsed.ok) throw new Error('config');
    // Its clock says 03:00, outside office hours: a tick reads the database, and queues nothing into the
    // chats this test reads (even one the cron may add at a five-minute mark).
    const night = new Date('2026-09-09T20:00:00Z');
    scheduler = startReminderScheduler({
      database: proxied,
      config: parsed.config,
      senders: createOutboxSenders(parsed.config, i18n),
      logger: logs.logger,
      now: () => night,
    });
    const resetWaits = await Promise.all([
      refused(mai, () => mai.text('0,3'), 'PostgreSQL down (reset): Mai waited for "try again"'),
      refused(huy, () => huy.command('/lichsu'), 'PostgreSQL down (reset): Huy waited for "try again"'),
      refused(
        binh,
        () => binh.press(button(binhConfirm, 'Đúng'), binhConfirm.messageId),
        'PostgreSQL down (reset): Bình (button) waited for "try again"',
      ),
    ]);
    for (const wait of resetWaits) expect(wait).toBeLessThan(3_000);
    const zaloStarted = Date.now();
    hoa.text('/baocao');
    expect((await hoa.waitForReplies(1, 10_000))[0]?.text).toBe(TRY_AGAIN);
    expect(
      measure('PostgreSQL down (reset): Hoa on Zalo waited for "try again"', Date.now() - zaloStarted),
    ).toBeLessThan(3_000);
    // Still down a few seconds later: the same.
    while (Date.now() - cutAt < 3_000) await new Promise((r) => setTimeout(r, 200));
    expect(
      await refused(mai, () => mai.text('0,3'), 'PostgreSQL still down (reset): Mai waited'),
    ).toBeLessThan(3_000);
    measure('outage 1 (reset) length', Date.now() - cutAt);
    // Nothing of the refused answers was stored.
    expect(await storedReports(direct.db)).toEqual(['tckt NS01 5000 r1/1', 'vhxh XH01 185 r1/1']);

    // Back: nothing restarted. The same answer, sent again, works at once.
    proxy.restore();
    const restoredAt = Date.now();
    mai.text('0,3');
    const maiConfirm = await until(mai, 'Xác nhận');
    measure('back after outage 1: first answer', Date.now() - restoredAt);
    expect(maiConfirm.text).toContain('0,3 %');
    mai.press(button(maiConfirm, 'Đúng'), maiConfirm.messageId);
    await until(mai, 'Đã ghi XH02');
    await until(mai, '[3/5] XH03');
    huy.command('/lichsu');
    expect((await next(huy)).text).toContain('NS01');
    hoa.text('/baocao');
    expect((await hoa.waitForReplies(2, 10_000)).map((m) => m.text).join('\n')).toContain('KT02');

    // Then the network drops everything, with the pool's connections open: only pg's timeouts
    // (src/store/database.ts) end the wait.
    proxy.cut('blackhole');
    const blackholedAt = Date.now();
    const blackholeWaits = await Promise.all([
      refused(mai, () => mai.text('7,9'), 'network black-holed: Mai waited for "try again"'),
      refused(
        binh,
        () => binh.press(button(binhConfirm, 'Đúng'), binhConfirm.messageId),
        'network black-holed: Bình (button) waited for "try again"',
      ),
    ]);
    for (const wait of blackholeWaits) expect(wait).toBeLessThan(15_000);
    const outage = measure('outage 2 (black hole) length', Date.now() - blackholedAt);
    expect(await storedReports(direct.db)).toEqual([
      'tckt NS01 5000 r1/1',
      'vhxh XH01 185 r1/1',
      'vhxh XH02 0.3 r1/1',
    ]);

    proxy.restore();
    const restoredAgainAt = Date.now();
    mai.text('7,9');
    const maiConfirm2 = await until(mai, 'Xác nhận');
    measure('back after outage 2: first answer', Date.now() - restoredAgainAt);
    mai.press(button(maiConfirm2, 'Đúng'), maiConfirm2.messageId);
    await until(mai, 'Đã ghi XH03');
    // Bình's pending confirmation outlived both outages: the very button he pressed in vain now works.
    binh.press(button(binhConfirm, 'Đúng'), binhConfirm.messageId);
    await until(binh, 'Đã ghi KT01');

    // Every confirmed answer once, nothing else.
    expect(await storedReports(direct.db)).toEqual([
      'tckt NS01 5000 r1/1',
      'vhxh XH01 185 r1/1',
      'vhxh XH02 0.3 r1/1',
      'vhxh XH03 7.9 r1/1',
      'vp KT01 12 r1/1',
    ]);
    await mai.quiet(200);

    // The delivery worker's loop outlived its failures: a message queued now is sent.
    const official = await direct.db.official.findFirstOrThrow({ where: { code: 'vhxh' } });
    await direct.db.outboxMessage.create({
      data: {
        key: 'faults:after-outage',
        officialId: official.id,
        channel: 'telegram',
        chatId: String(mai.chatId),
        payload: JSON.stringify({ lines: [{ key: 'dialog:cancel.nothing' }], choices: [] }),
        locale: 'vi',
      },
    });
    const queuedAt = Date.now();
    const delivered = await next(mai, 70_000);
    expect(delivered.text).toBe(i18n.render({ key: 'dialog:cancel.nothing' }, 'vi'));
    measure(`delivery worker: queued → sent, after an outage of ${outage} ms`, Date.now() - queuedAt);

    // The failures were handled and logged, never thrown out of a loop.
    expect(logs.withMessage('telegram: the dialog engine failed').length).toBeGreaterThanOrEqual(
      resetWaits.length + 1 + blackholeWaits.length,
    );
    expect(logs.withMessage('zalo: the dialog engine failed')).toHaveLength(1);
    expect(logs.withMessage('reminder tick failed').length).toBeGreaterThanOrEqual(1);
    expect(logs.withMessage('delivery batch failed').length).toBeGreaterThanOrEqual(1);
    expect(problems).toEqual([]);
  });
});

describe('SQLite locked by another connection past the busy timeout', () => {
  let test: TestDatabase & { database: Database };
  let bot: TelegramChannel;
  const logs = captureLogs('debug');

  beforeAll(async () => {
    test = await createMigratedDatabase('sqlite');
    await importPlanFile(test.database.db, undefined, undefined, NOW);
    telegram = await startFakeTelegram({ token: SQLITE_TOKEN });
    bot = startBot(test.database, SQLITE_TOKEN, logs);
    await bot.start();
  });
  afterAll(async () => {
    await bot?.stop();
    await test?.drop();
    await telegram?.close();
  });

  it('answers "try again" once the busy timeout is over, and works as soon as the lock is released', async () => {
    const mai = telegram.user(8201, { firstName: 'Mai', languageCode: 'vi' });
    await link(test.database.db, mai, 'vhxh');
    mai.command('/baocao');
    await until(mai, '[1/5] XH01');

    // Another program (a backup, a CLI import gone wrong) holds the write lock.
    const locker = new BetterSqlite3(parseDatabaseUrl(test.url).location);
    try {
      locker.exec('BEGIN EXCLUSIVE');
      expect(
        await refused(mai, () => mai.text('185'), 'SQLite locked: Mai waited for "try again"'),
      ).toBeLessThan(6_000);
      expect(await storedReports(test.database.db)).toEqual([]);
      locker.exec('COMMIT');
    } finally {
      locker.close();
    }

    const releasedAt = Date.now();
    mai.text('185');
    const confirm = await until(mai, 'Xác nhận');
    measure('SQLite released: first answer', Date.now() - releasedAt);
    mai.press(button(confirm, 'Đúng'), confirm.messageId);
    await until(mai, 'Đã ghi XH01');
    expect(await storedReports(test.database.db)).toEqual(['vhxh XH01 185 r1/1']);
    expect(logs.withMessage('telegram: the dialog engine failed')).toHaveLength(1);
    expect(problems).toEqual([]);
  });
});
