import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialogEngine } from '../../src/dialog/engine.js';
import type { DialogEngine, DialogResult, Input } from '../../src/dialog/types.js';
import { createI18n } from '../../src/i18n.js';
import { createInvite } from '../../src/services/invites.js';
import type { Database } from '../../src/store/database.js';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { importPlanFile } from '../support/plans.js';

/** `/baocao Q2`: a late quarter, reported through the engine and the real store, on both databases. */
const TZ = 'Asia/Ho_Chi_Minh';
/** 10 September 2026 09:00 in Hanoi: Quý III/2026 of the demo plan is open, Quý II long overdue. */
const NOW = new Date('2026-09-10T02:00:00Z');
const backends = await availableBackends();
const i18n = createI18n('vi');

describe.each(backends)('a late quarter named after /baocao on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  let engine: DialogEngine;
  let update = 0;

  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    await importPlanFile(test.database.db);
    engine = createDialogEngine({
      store: createDialogStore(test.database, TZ),
      timeZone: TZ,
      defaultLocale: 'vi',
      now: () => NOW,
      nonce: () => randomBytes(3).toString('base64url'),
    });
  });
  afterAll(async () => test?.drop());

  const send = (input: Input): Promise<DialogResult> =>
    engine.handle({
      channel: 'zalo',
      updateKey: `z:${++update}`,
      chatId: 'z7101',
      userId: 'z7101',
      input,
      receivedAt: NOW,
    });
  const rendered = (result: DialogResult) =>
    result.replies.flatMap((r) => r.lines.map((l) => i18n.render(l, 'vi'))).join('\n');

  it('reports Quý II with "/baocao quý II" and refuses Quý IV, not started', async () => {
    const { code } = await createInvite(test.database.db, { officialCode: 'vhxh', days: 7, now: new Date() });
    await send({ kind: 'command', command: 'dangky', args: code });
    expect(rendered(await send({ kind: 'command', command: 'baocao', args: 'Q4' }))).toContain(
      'Kỳ «Q4» chưa bắt đầu',
    );
    const start = await send({ kind: 'command', command: 'baocao', args: 'quý II' });
    expect(rendered(start)).toContain('Quý II/2026 — hạn');
    await send({ kind: 'text', text: '1. 120; 2. 0,3' });
    await send({ kind: 'text', text: '1' });
    const reports = await test.database.db.report.findMany({ include: { indicator: true, period: true } });
    expect(reports.map((r) => [r.indicator.code, r.period.key, r.value]).sort()).toEqual([
      ['XH01', '2026-Q2', '120'],
      ['XH02', '2026-Q2', '0.3'],
    ]);
  });
});
