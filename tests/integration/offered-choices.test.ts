import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialogEngine } from '../../src/dialog/engine.js';
import type { DialogEngine, DialogResult, Input } from '../../src/dialog/types.js';
import { createInvite } from '../../src/services/invites.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { importPlanFile } from '../support/plans.js';

/**
 * A number typed on a channel without buttons (Zalo here) is read against the choices the conversation
 * stored, not a process's memory: two engines, each with its own client and pool on one database, as
 * two instances behind a load balancer (or one instance before and after a restart) would be.
 */
const TZ = 'Asia/Ho_Chi_Minh';
/** 10 September 2026 09:00 in Hanoi: Quý III/2026 of the demo plan is open. */
const NOW = new Date('2026-09-10T02:00:00Z');
const backends = await availableBackends();

describe.each(backends)('typed choices across two instances on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  let other: Database;
  const engines: DialogEngine[] = [];
  let update = 0;

  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    other = await openDatabase(test.url);
    // Imported on the test's day: only the open quarter is owed, /baocao asks no question.
    await importPlanFile(test.database.db, undefined, undefined, NOW);
    for (const database of [test.database, other])
      engines.push(
        createDialogEngine({
          store: createDialogStore(database, TZ),
          timeZone: TZ,
          defaultLocale: 'vi',
          now: () => NOW,
          nonce: () => randomBytes(3).toString('base64url'),
        }),
      );
  });
  afterAll(async () => {
    await other?.close();
    await test?.drop();
  });

  function send(instance: 0 | 1, input: Input): Promise<DialogResult> {
    const engine = engines[instance];
    if (!engine) throw new Error('no engine');
    return engine.handle({
      channel: 'zalo',
      updateKey: `z:${++update}`,
      chatId: 'z7001',
      userId: 'z7001',
      input,
      receivedAt: NOW,
    });
  }
  const text = (instance: 0 | 1, typed: string) => send(instance, { kind: 'text', text: typed });
  const keys = (result: DialogResult) => result.replies.flatMap((r) => r.lines.map((l) => l.key));

  it('reads "2" on the other instance as "Nhập lại", not as the figure 2', async () => {
    const { code } = await createInvite(test.database.db, { officialCode: 'vhxh', days: 7, now: new Date() });
    await send(0, { kind: 'command', command: 'dangky', args: code });
    await send(0, { kind: 'command', command: 'baocao', args: '' });
    const confirm = await text(0, '50');
    expect(keys(confirm)).toContain('dialog:report.confirm.value');
    const again = await text(1, '2');
    expect(keys(again)).toContain('dialog:report.question.title');
    expect(keys(again)).not.toContain('dialog:report.confirm.value');
    // The question asks for a figure: "2" is now the figure 2, and "1" on the first instance confirms it.
    await text(0, '2');
    const saved = await text(1, '1');
    expect(keys(saved)[0]).toBe('dialog:report.saved');
    const reports = await test.database.db.report.findMany({ include: { indicator: true } });
    expect(reports.map((r) => [r.indicator.code, r.value])).toEqual([['XH01', '2']]);
  });
});
