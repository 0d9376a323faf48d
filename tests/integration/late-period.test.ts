import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialogResult, Input } from '../../src/dialog/types.js';
import { createI18n } from '../../src/i18n.js';
import { availableBackends } from '../support/databases.js';
import { linkedEngine, type LinkedEngine } from '../support/linked-engine.js';

/** `/baocao Q2`: a late quarter, reported through the engine and the real store, on both databases. */
/** 10 September 2026 09:00 in Hanoi: Quý III/2026 of the demo plan is open, Quý II long overdue. */
const NOW = new Date('2026-09-10T02:00:00Z');
const backends = await availableBackends();
const i18n = createI18n('vi');

describe.each(backends)('a late quarter named after /baocao on %s', (kind) => {
  let chats: LinkedEngine;

  beforeAll(async () => {
    chats = await linkedEngine(kind, { now: NOW, channel: 'zalo' });
  });
  afterAll(async () => chats?.test.drop());

  const send = (input: Input): Promise<DialogResult> => chats.send('z7101', input);
  const rendered = (result: DialogResult) =>
    result.replies.flatMap((r) => r.lines.map((l) => i18n.render(l, 'vi'))).join('\n');

  it('reports Quý II with "/baocao quý II" and refuses Quý IV, not started', async () => {
    await chats.link('z7101', 'vhxh');
    expect(rendered(await send({ kind: 'command', command: 'baocao', args: 'Q4' }))).toContain(
      'Kỳ «Q4» chưa bắt đầu',
    );
    const start = await send({ kind: 'command', command: 'baocao', args: 'quý II' });
    expect(rendered(start)).toContain('Quý II/2026 — hạn');
    await send({ kind: 'text', text: '1. 120; 2. 0,3' });
    await send({ kind: 'text', text: '1' });
    const reports = await chats.test.database.db.report.findMany({
      include: { indicator: true, period: true },
    });
    expect(reports.map((r) => [r.indicator.code, r.period.key, r.value]).sort()).toEqual([
      ['XH01', '2026-Q2', '120'],
      ['XH02', '2026-Q2', '0.3'],
    ]);
  });
});
