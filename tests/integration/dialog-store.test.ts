import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialogEngine } from '../../src/dialog/engine.js';
import type { DialogEngine, DialogResult, InboundEvent, Input } from '../../src/dialog/types.js';
import { createI18n } from '../../src/i18n.js';
import { createInvite } from '../../src/services/invites.js';
import type { Database } from '../../src/store/database.js';
import { LAST_SEEN_PRECISION_MS } from '../../src/services/dialog-store/officials.js';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { importPlanFile } from '../support/plans.js';

const TZ = 'Asia/Ho_Chi_Minh';
/** 10 September 2026, 09:00 in Hanoi: Quý III/2026 is open, due 14/09 17:00. */
const NOW = new Date('2026-09-10T02:00:00Z');
const i18n = createI18n('vi');
const backends = await availableBackends();

describe.each(backends)('the dialog engine on the %s store', (kind) => {
  let test: TestDatabase & { database: Database };
  let counter = 0;
  let update = 0;
  const engine = (): DialogEngine =>
    createDialogEngine({
      store: createDialogStore(test.database, TZ),
      timeZone: TZ,
      defaultLocale: 'vi',
      now: () => NOW,
      nonce: () => `n${++counter}`,
    });
  const event = (input: Input, userId = '501', updateKey = String(++update)): InboundEvent => ({
    channel: 'telegram',
    updateKey,
    chatId: userId,
    userId,
    input,
    receivedAt: NOW,
  });
  const text = (result: DialogResult) =>
    result.replies.flatMap((r) => r.lines.map((l) => i18n.render(l))).join('\n');
  const tokens = (result: DialogResult) =>
    result.replies.flatMap((r) => r.choices.flat().map((c) => c.token));

  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    // Imported on the test's day: only the open quarter is owed, /baocao asks no question.
    await importPlanFile(test.database.db, undefined, undefined, NOW);
  });
  afterAll(async () => test?.drop());

  it('links a chat with an invite, once', async () => {
    const invite = await createInvite(test.database.db, { officialCode: 'tckt', days: 7, now: NOW });
    const stranger = await engine().handle(event({ kind: 'command', command: 'baocao', args: '' }));
    expect(text(stranger)).toContain('chưa được liên kết');
    const linked = await engine().handle(
      event({ kind: 'command', command: 'start', args: invite.code.toLowerCase() }),
    );
    expect(text(linked)).toContain('Đã liên kết tài khoản với Đỗ Quang Huy');
    const again = await engine().handle(
      event({ kind: 'command', command: 'dangky', args: invite.code }, '502'),
    );
    expect(text(again)).toContain('đã được dùng');
    const stored = await test.database.db.invite.findFirstOrThrow({ where: { official: { code: 'tckt' } } });
    expect(stored.codeHash).not.toContain(invite.code);
    expect(stored.usedAt).not.toBeNull();
  });

  it('walks through a report, stores it once, and resumes after a restart', async () => {
    const start = await engine().handle(event({ kind: 'command', command: 'baocao', args: '' }));
    expect(text(start)).toContain('Quý III/2026 — hạn 14/09/2026 17:00 (còn 4 ngày)');
    expect(text(start)).not.toContain('Quý II/2026');
    expect(text(start)).toContain('NS01');
    const confirm = await engine().handle(event({ kind: 'text', text: '8.540,5' }));
    expect(text(confirm)).toContain('8.540,5 triệu đồng');
    const ok = tokens(confirm).find((t) => t.endsWith(':ok'));
    expect(ok).toBeDefined();
    // A new engine (a restarted process) continues the same conversation.
    const press = event({ kind: 'choice', token: ok! });
    const saved = await engine().handle(press);
    expect(text(saved)).toContain('Đã ghi NS01: 8.540,5 triệu đồng');
    const duplicate = await engine().handle(press);
    expect(duplicate.duplicate).toBe(true);
    const reports = await test.database.db.report.findMany({
      where: { official: { code: 'tckt' } },
      include: { revisions: true },
    });
    expect(reports.map((r) => [r.value, r.revisions.length])).toEqual([['8540.5', 1]]);
    const stale = await engine().handle(event({ kind: 'choice', token: ok! }));
    expect(stale.staleChoice).toBe(true);
  });

  it('answers two chats at once without mixing their conversations', async () => {
    const invite = await createInvite(test.database.db, { officialCode: 'ktnn', days: 7, now: NOW });
    await engine().handle(event({ kind: 'command', command: 'dangky', args: invite.code }, '601'));
    const results = await Promise.all([
      engine().handle(event({ kind: 'command', command: 'chitieu', args: '' }, '501')),
      engine().handle(event({ kind: 'command', command: 'baocao', args: '' }, '601')),
      engine().handle(event({ kind: 'command', command: 'lichsu', args: '' }, '501')),
    ]);
    expect(text(results[0])).toContain('NS01');
    expect(text(results[1])).toContain('KT02');
    expect(text(results[2])).toContain('8.540,5 triệu đồng');
  });

  it('clears the unreachable mark when the official writes to the bot again', async () => {
    const official = await test.database.db.official.findFirstOrThrow({ where: { code: 'tckt' } });
    await test.database.db.official.update({ where: { id: official.id }, data: { unreachableSince: NOW } });
    await engine().handle(event({ kind: 'command', command: 'trogiup', args: '' }, '501'));
    expect(
      (await test.database.db.official.findUniqueOrThrow({ where: { id: official.id } })).unreachableSince,
    ).toBeNull();
  });

  it('remembers when each chat link was used last, for reminders to follow the official', async () => {
    const link = await test.database.db.chatLink.findFirstOrThrow({ where: { externalUserId: '501' } });
    const longAgo = new Date(Date.now() - 2 * LAST_SEEN_PRECISION_MS);
    await test.database.db.chatLink.update({ where: { id: link.id }, data: { lastSeenAt: longAgo } });
    await engine().handle(event({ kind: 'command', command: 'chitieu', args: '' }, '501'));
    const after = await test.database.db.chatLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(after.lastSeenAt.getTime()).toBeGreaterThan(longAgo.getTime() + LAST_SEEN_PRECISION_MS);
    // Seen within the minute: the next message writes nothing (one write less for every step of a report).
    await engine().handle(event({ kind: 'command', command: 'chitieu', args: '' }, '501'));
    const again = await test.database.db.chatLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(again.lastSeenAt).toEqual(after.lastSeenAt);
  });
});
