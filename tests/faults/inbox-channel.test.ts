import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/adapter.js';
import type { DialogEngine, DialogResult, InboundEvent, UpdateInbox } from '../../src/dialog/types.js';
import { createI18n } from '../../src/i18n.js';
import { createUpdateInbox } from '../../src/services/inbox.js';
import type { Database } from '../../src/store/database.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram/server.js';
import { waitFor } from '../support/wait.js';

/**
 * The Telegram channel with the durable inbox on each database (issue 14, points 1 and 7): an update is
 * stored before getUpdates' offset passes it, a failed write holds the offset (and is no unhandled
 * rejection), what a dead process held is taken back at once by the next one, and an update whose
 * handling timed out twice is set aside, the chat told once, and never read again after a restart.
 */
const backends = await availableBackends();
const CEILING_MS = 60_000;
/** Short, for the poison case to take seconds rather than minutes; production holds 15 s. */
const LEASE_MS = 600;
const HANDLE_TIMEOUT_MS = 400;

/** Echoes each text; "treo" (hang) never gets an answer. */
class HangingEngine implements DialogEngine {
  readonly seen: string[] = [];
  async handle(event: InboundEvent): Promise<DialogResult> {
    const text = event.input.kind === 'text' ? event.input.text : event.input.kind;
    this.seen.push(text);
    if (text === 'treo') return new Promise<DialogResult>(() => undefined);
    const line = { key: 'common:scope.unknown_organization', params: { code: text } };
    return { locale: 'vi', duplicate: false, replies: [{ lines: [line], choices: [] }] };
  }
}

describe.each(backends)('the Telegram channel with its inbox on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  let api: FakeTelegram;
  let channel: TelegramChannel | undefined;
  const engine = new HangingEngine();
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });

  const start = async (inbox: UpdateInbox): Promise<TelegramChannel> => {
    const started = createTelegramChannel({
      config: { token: api.token, apiRoot: api.apiRoot, username: 'tiendo_bot', webhook: null },
      engine,
      i18n: createI18n('vi'),
      logger,
      pollIdleMs: 20,
      retry: { initialMs: 50, maxMs: 200 },
      inbox,
      inboxLeaseMs: LEASE_MS,
      handleTimeoutMs: HANDLE_TIMEOUT_MS,
    });
    await started.start();
    return started;
  };
  const echoes = (chatId: number) =>
    api.sent.filter((m) => m.chatId === String(chatId)).map((m) => /«(.*)»/.exec(m.text)?.[1] ?? m.text);

  beforeAll(async () => {
    [test, api] = await Promise.all([createMigratedDatabase(kind), startFakeTelegram()]);
  });
  afterAll(async () => {
    await channel?.stop();
    await api?.close();
    await test?.drop();
  });

  it('stores before the offset passes an update; a batch not stored is handled from memory, quietly', async () => {
    const real = createUpdateInbox(test.database);
    let failures = 0;
    const offsetsWhileFailing: number[] = [];
    const flaky: UpdateInbox = {
      ...real,
      async store(entries, now, leaseMs) {
        if (failures < 1) {
          failures += 1;
          offsetsWhileFailing.push(api.confirmedBelow);
          throw new Error('the database is briefly away');
        }
        return real.store(entries, now, leaseMs);
      },
    };
    channel = await start(flaky);
    const user = api.user(81_001);
    const first = user.text('một');
    await waitFor(() => echoes(81_001).includes('một'), {
      what: 'the unstored update answered',
      timeoutMs: CEILING_MS,
    });
    const second = user.text('hai');
    await waitFor(() => echoes(81_001).includes('hai'), {
      what: 'the next one answered',
      timeoutMs: CEILING_MS,
    });
    await waitFor(
      async () => (await test.database.db.inboxUpdate.count({ where: { status: 'handled' } })) === 1,
      { what: 'the stored update marked handled' },
    );
    // The write failed once, before any offset had passed the update; it was answered once all the same.
    expect(failures).toBe(1);
    expect(offsetsWhileFailing.every((offset) => offset <= first)).toBe(true);
    expect(echoes(81_001)).toEqual(['một', 'hai']);
    const rows = await test.database.db.inboxUpdate.findMany();
    expect(rows.map((r) => [r.key.split(':')[1], r.chatId, r.status])).toEqual([
      [String(second), '81001', 'handled'],
    ]);
    expect(logs.some((l) => l.includes('handled from memory'))).toBe(true);
    await channel.stop();
    channel = undefined;
  }, 90_000);

  it('takes back at once what a dead process held, and sets aside what timed out twice, for good', async () => {
    const inbox = createUpdateInbox(test.database);
    // What a killed process left: stored, its lease still running (a minute), never handled.
    const botId = api.token.split(':')[0];
    const left = {
      update_id: 990_001,
      message: {
        message_id: 1,
        date: 0,
        chat: { id: 81_002, type: 'private' },
        from: { id: 81_002, is_bot: false, first_name: 'A' },
        text: 'còn lại',
      },
    };
    await inbox.store(
      [{ channel: 'telegram', key: `${botId}:990001`, chatId: '81002', payload: JSON.stringify(left) }],
      new Date(),
      60_000,
    );
    channel = await start(inbox);
    await waitFor(() => echoes(81_002).includes('còn lại'), {
      what: 'the left-over update handled',
      timeoutMs: CEILING_MS,
    });

    // An update whose handling never ends: the chat moves on, then it is tried once more, then set aside.
    const user = api.user(81_003);
    user.text('treo');
    user.text('sau');
    await waitFor(() => echoes(81_003).includes('sau'), {
      what: 'the chat moving on',
      timeoutMs: CEILING_MS,
    });
    const setAside = (m: string) => m.includes('bỏ qua');
    await waitFor(() => echoes(81_003).some(setAside), { what: 'the chat told', timeoutMs: CEILING_MS });
    expect(engine.seen.filter((t) => t === 'treo')).toHaveLength(2);
    const poison = await test.database.db.inboxUpdate.findMany({ where: { status: 'poison' } });
    expect(poison.map((r) => [r.chatId, r.attempts])).toEqual([['81003', 2]]);
    expect(logs.some((l) => l.includes('"level":50') && l.includes('set aside'))).toBe(true);

    // A restart: it is not read again. A left-over update of another chat shows the restart's claim ran.
    await channel.stop();
    await inbox.store(
      [
        {
          channel: 'telegram',
          key: `${botId}:990002`,
          chatId: '81004',
          payload: JSON.stringify({
            ...left,
            update_id: 990_002,
            message: {
              ...left.message,
              chat: { id: 81_004, type: 'private' },
              from: { ...left.message.from, id: 81_004 },
              text: 'mốc',
            },
          }),
        },
      ],
      new Date(),
      60_000,
    );
    channel = await start(inbox);
    await waitFor(() => echoes(81_004).includes('mốc'), {
      what: 'the restart claiming',
      timeoutMs: CEILING_MS,
    });
    expect(engine.seen.filter((t) => t === 'treo')).toHaveLength(2);
    expect(echoes(81_003).filter(setAside)).toHaveLength(1);
    expect(echoes(81_003).filter((m) => m === 'sau')).toHaveLength(1);
  }, 120_000);
});
