import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPLY_LEASE_MS, REPLY_TTL_MS } from '../../src/delivery/outbox.js';
import { createDeliveryWorker, type DeliveryMessage } from '../../src/delivery/worker.js';
import { createDialogEngine } from '../../src/dialog/engine.js';
import type { DialogStore } from '../../src/dialog/ports.js';
import type { DialogEngine, DialogResult, Input } from '../../src/dialog/types.js';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { replyOutbox } from '../../src/services/dialog-store/replies.js';
import { createInvite } from '../../src/services/invites.js';
import type { Database } from '../../src/store/database.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { importPlanFile } from '../support/plans.js';

/**
 * A dialog step's replies through the outbox: written in the step's transaction, held and marked sent by
 * the process that handled it; after a "crash" (replies never delivered), sent by the delivery worker
 * once the hold ran out, before what the chat was answered since; dropped when too old.
 */
const TZ = 'Asia/Ho_Chi_Minh';
/** 10 September 2026 09:00 in Hanoi: Quý III/2026 of the demo plan is open. */
const NOW = new Date('2026-09-10T02:00:00Z');
const silent = pino({ level: 'silent' });
const backends = await availableBackends();

describe.each(backends)('replies through the outbox on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  let update = 0;
  let chat = 0;
  /** The outbox's clock, moved by the tests (the holds and the expiry are on it). */
  let clockMs = Date.parse('2026-12-02T08:00:00Z');
  const clock = () => new Date(clockMs);

  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    await importPlanFile(test.database.db);
  });
  afterAll(async () => {
    await test?.drop();
  });
  afterEach(async () => {
    await test.database.db.outboxMessage.deleteMany();
    await test.database.db.chatLink.deleteMany();
  });

  const storeOf = (holder: string): DialogStore =>
    createDialogStore(test.database, TZ, undefined, null, replyOutbox({ holder, clock }));
  const engineOn = (store: DialogStore): DialogEngine =>
    createDialogEngine({
      store,
      timeZone: TZ,
      defaultLocale: 'vi',
      now: () => NOW,
      nonce: () => randomBytes(3).toString('base64url'),
    });
  const on = (engine: DialogEngine, chatId: string, input: Input): Promise<DialogResult> =>
    engine.handle({
      channel: 'telegram',
      updateKey: `b:${++update}`,
      chatId,
      userId: chatId,
      input,
      receivedAt: NOW,
    });
  const rows = () =>
    test.database.db.outboxMessage.findMany({ orderBy: { id: 'asc' }, where: { expiresAt: { not: null } } });
  /** The rows of the last step's replies. */
  const lastStep = async () => (await rows()).filter((r) => r.key.startsWith(`reply:telegram:b:${update}:`));
  const firstKey = (m: DeliveryMessage) => m.payload.lines[0]?.key;

  /** A chat linked to the official `vhxh`, its replies delivered (and marked) by `engine`'s process. */
  async function linkedChat(engine: DialogEngine): Promise<string> {
    const chatId = `${9100 + ++chat}`;
    const { code } = await createInvite(test.database.db, { officialCode: 'vhxh', days: 7, now: new Date() });
    const linked = await on(engine, chatId, { kind: 'command', command: 'dangky', args: code });
    await linked.outbox?.deliver(() => Promise.resolve(linked.replies.length));
    return chatId;
  }

  function recordingWorker() {
    const sent: DeliveryMessage[] = [];
    const worker = createDeliveryWorker({
      database: test.database,
      workerId: 'worker',
      logger: silent,
      clock,
      limits: { perSecond: 1000, perChatIntervalMs: 0 },
      send: (message) => {
        sent.push(message);
        return Promise.resolve({ ok: true });
      },
    });
    return { sent, worker };
  }

  it('writes the replies in the step, held by the process, and marks them sent once they went out', async () => {
    const engine = engineOn(storeOf('alive'));
    const chatId = await linkedChat(engine);
    const result = await on(engine, chatId, { kind: 'command', command: 'baocao', args: '' });
    expect(result.outbox?.sendNow).toBe(true);
    const held = await lastStep();
    expect(held.map((r) => [r.status, r.lockedBy])).toEqual(result.replies.map(() => ['sending', 'alive']));
    expect(held[0]?.key).toBe(`reply:telegram:b:${update}:0`);
    expect(held[0]?.officialId).not.toBeNull();
    expect(held[0]?.lockedUntil?.getTime()).toBe(clockMs + REPLY_LEASE_MS);
    expect(held[0]?.expiresAt?.getTime()).toBe(clockMs + REPLY_TTL_MS);
    await result.outbox?.deliver(() => Promise.resolve(result.replies.length));
    expect((await lastStep()).map((r) => r.status)).toEqual(result.replies.map(() => 'sent'));
    // Nothing for the worker.
    const { sent, worker } = recordingWorker();
    clockMs += REPLY_LEASE_MS * 2;
    await worker.runOnce();
    expect(sent).toEqual([]);
  });

  it('stores nothing of a step that fails: neither its effects nor its replies', async () => {
    const store = storeOf('alive');
    const failing: DialogStore = {
      ...store,
      transaction: (work) =>
        store.transaction(async (repo) => {
          await work(repo);
          throw new Error('the database went away before the commit');
        }),
    };
    const chatId = await linkedChat(engineOn(store));
    const before = (await rows()).length;
    await expect(
      on(engineOn(failing), chatId, { kind: 'command', command: 'baocao', args: '' }),
    ).rejects.toThrow('went away');
    expect(await rows()).toHaveLength(before);
  });

  it("sends what a crash left once its hold ran out, before the chat's later replies", async () => {
    const dead = engineOn(storeOf('dead'));
    const chatId = await linkedChat(engineOn(storeOf('alive')));
    // The dead process stored a question and never sent it.
    const lost = await on(dead, chatId, { kind: 'command', command: 'baocao', args: '' });
    expect(lost.outbox?.sendNow).toBe(true);
    // The restarted process answers the next message: queued behind, not sent at once.
    const alive = engineOn(storeOf('alive'));
    const later = await on(alive, chatId, { kind: 'command', command: 'chitieu', args: '' });
    expect(later.outbox?.sendNow).toBe(false);

    const { sent, worker } = recordingWorker();
    await worker.runOnce();
    expect(sent).toEqual([]);
    clockMs += REPLY_LEASE_MS + 1;
    await worker.runOnce();
    expect(sent.map(firstKey)).toEqual([
      ...lost.replies.map((r) => r.lines[0]?.key),
      ...later.replies.map((r) => r.lines[0]?.key),
    ]);
    expect(new Set((await rows()).filter((r) => r.chatId === chatId).map((r) => r.status))).toEqual(
      new Set(['sent']),
    );
  });

  it('hands to the worker what could not be sent at once, and keeps the chat waiting behind it', async () => {
    const engine = engineOn(storeOf('alive'));
    const chatId = await linkedChat(engine);
    const refused = await on(engine, chatId, { kind: 'command', command: 'baocao', args: '' });
    await refused.outbox?.deliver(() => Promise.resolve(0));
    const next = await on(engine, chatId, { kind: 'command', command: 'chitieu', args: '' });
    expect(next.outbox?.sendNow).toBe(false);
    const { sent, worker } = recordingWorker();
    // The refused replies wait for their retry, and the later ones behind them.
    await worker.runOnce();
    expect(sent).toEqual([]);
    clockMs += 5_001;
    await worker.runOnce();
    expect(sent.map(firstKey)).toEqual([
      ...refused.replies.map((r) => r.lines[0]?.key),
      ...next.replies.map((r) => r.lines[0]?.key),
    ]);
  });

  it('drops a reply too old to be sent out of context', async () => {
    const chatId = await linkedChat(engineOn(storeOf('alive')));
    await on(engineOn(storeOf('dead')), chatId, { kind: 'command', command: 'baocao', args: '' });
    const { sent, worker } = recordingWorker();
    clockMs += REPLY_TTL_MS + 1;
    const stats = await worker.runOnce();
    expect(sent).toEqual([]);
    expect(stats.expired).toBeGreaterThan(0);
    expect(new Set((await lastStep()).map((r) => r.status))).toEqual(new Set(['expired']));
  });

  it('keeps no reply for a store without an outbox, nor for the console', async () => {
    const plain = engineOn(createDialogStore(test.database, TZ, undefined, null, null));
    const result = await on(plain, '9199', { kind: 'command', command: 'trogiup', args: '' });
    expect(result.outbox).toBeUndefined();
    const console = await engineOn(storeOf('alive')).handle({
      channel: 'console',
      updateKey: `c:${++update}`,
      chatId: 'console',
      userId: 'console',
      input: { kind: 'command', command: 'trogiup', args: '' },
      receivedAt: NOW,
    });
    expect(console.outbox).toBeUndefined();
    expect(await rows()).toEqual([]);
  });
});
