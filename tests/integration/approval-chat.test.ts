import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialogResult } from '../../src/dialog/types.js';
import { addReport } from '../../src/services/reports.js';
import { availableBackends } from '../support/databases.js';
import { linkedEngine, type LinkedEngine } from '../support/linked-engine.js';

/**
 * The approval in the chat, on the real store: the office marks Quý III checked under its /tiendo, the
 * chairman returns it with a reason (the official gets the message with a button that opens the report
 * on that period), then approves; the official's correction is refused while the figures are locked.
 */
/** 20 September 2026 09:00 in Hanoi: Quý III/2026's deadline (14/09) has passed. */
const NOW = new Date('2026-09-20T02:00:00Z');
const backends = await availableBackends();

describe.each(backends)('approving a period in the chat on %s', (kind) => {
  let chats: LinkedEngine;

  beforeAll(async () => {
    chats = await linkedEngine(kind, { now: NOW });
    for (const [code, chat] of [
      ['ct', 't-ct'],
      ['vp', 't-vp'],
      ['vhxh', 't-vhxh'],
    ] as const)
      await chats.link(chat, code);
    await addReport(chats.test.database.db, {
      officialCode: 'vhxh',
      indicatorCode: 'XH01',
      periodKey: '2026-Q3',
      valueText: '15',
      channel: 'cli',
      today: '2026-09-13',
    });
  });
  afterAll(async () => chats?.test.drop());

  const send: LinkedEngine['send'] = (chat, input) => chats.send(chat, input);
  const keys = (result: DialogResult) => result.replies.flatMap((r) => r.lines.map((l) => l.key));
  const buttons = (result: DialogResult) =>
    result.replies.flatMap((r) => r.choices.flat().map((c) => ({ token: c.token, key: c.label.key })));
  const press = (chat: string, result: DialogResult, key: string) => {
    const button = buttons(result).find((b) => b.key === key);
    if (!button) throw new Error(`no button ${key} in ${JSON.stringify(buttons(result))}`);
    return send(chat, { kind: 'choice', token: button.token });
  };
  const progress = (chat: string) => send(chat, { kind: 'command', command: 'tiendo', args: '' });

  it('the office checks; the summary then says so, and the chairman gets approve and return', async () => {
    const office = await progress('t-vp');
    expect(keys(office)).toContain('approval:status.open');
    expect(buttons(office).map((b) => b.key)).toContain('approval:action.check');
    const checked = await press('t-vp', office, 'approval:action.check');
    expect(keys(checked)).toEqual(['approval:done.check']);

    const chairman = await progress('t-ct');
    expect(keys(chairman)).toContain('approval:status.checked');
    const offered = buttons(chairman).map((b) => b.key);
    expect(offered).toEqual(expect.arrayContaining(['approval:action.approve', 'approval:action.return']));
    expect(offered).not.toContain('approval:action.check');
  });

  it('a return asks its reason; the official is told, and the button opens the report on Quý III', async () => {
    const asked = await press('t-ct', await progress('t-ct'), 'approval:action.return');
    expect(keys(asked)).toEqual(['approval:ask_note']);
    const blank = await send('t-ct', { kind: 'text', text: '   ' });
    expect(keys(blank)).toEqual(['approval:ask_note_again']);
    const returned = await send('t-ct', { kind: 'text', text: 'XH01 thấp bất thường, kiểm tra lại' });
    expect(keys(returned)).toEqual(['approval:done.return']);

    // The return's notice (the replies of the chat's steps have an expiry; a notice has none).
    const queued = await chats.test.database.db.outboxMessage.findMany({
      where: { expiresAt: null },
      include: { official: true },
    });
    expect(queued.map((m) => m.official?.code)).toEqual(['vhxh']);
    const payload = JSON.parse(queued[0]?.payload ?? '{}') as {
      lines: { key: string; params?: Record<string, unknown> }[];
      choices: { token: string }[][];
    };
    expect(payload.lines.find((l) => l.key === 'approval:returned.note')?.params).toEqual({
      note: 'XH01 thấp bất thường, kiểm tra lại',
    });
    const token = payload.choices[0]?.[0]?.token ?? '';
    const opened = await send('t-vhxh', { kind: 'choice', token });
    expect(keys(opened)).toEqual(
      expect.arrayContaining(['approval:correcting', 'dialog:report.question.title']),
    );
    const question = opened.replies
      .flatMap((r) => r.lines)
      .find((l) => l.key === 'dialog:report.question.title');
    expect(question?.params).toMatchObject({ code: 'XH01' });
    const typed = await send('t-vhxh', { kind: 'text', text: '150' });
    const saved = await press('t-vhxh', typed, 'dialog:button.ok');
    expect(JSON.stringify(saved.replies)).toContain('dialog:report.saved');
    const stored = await chats.test.database.db.report.findFirstOrThrow({
      where: { indicator: { code: 'XH01' }, period: { key: '2026-Q3' } },
    });
    expect(stored.value).toBe('150');
  });

  it('after approval the figures are locked in the chat too, and the summary says approved', async () => {
    await press('t-vp', await progress('t-vp'), 'approval:action.check');
    const approved = await press('t-ct', await progress('t-ct'), 'approval:action.approve');
    expect(keys(approved)).toEqual(['approval:done.approve']);
    expect(keys(await progress('t-ct'))).toContain('approval:status.approved');
    // The office has nothing left to press; the chairman may reopen.
    expect(buttons(await progress('t-vp')).map((b) => b.key)).not.toContain('approval:action.check');
    expect(buttons(await progress('t-ct')).map((b) => b.key)).toContain('approval:action.reopen');

    await send('t-vhxh', { kind: 'command', command: 'baocao', args: 'Q3' });
    const typed = await send('t-vhxh', { kind: 'text', text: '20' });
    const confirmed = await press('t-vhxh', typed, 'dialog:button.ok');
    expect(JSON.stringify(confirmed.replies)).toContain('approval:error.locked');
    expect(
      await chats.test.database.db.report.count({
        where: { indicator: { code: 'XH02' }, period: { key: '2026-Q3' } },
      }),
    ).toBe(0);
  });
});
