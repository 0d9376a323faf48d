import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actOnApproval,
  approvalHistory,
  approvalStatus,
  type ApprovalRequest,
} from '../../src/services/approval.js';
import { addReport } from '../../src/services/reports.js';
import { saveReportForm } from '../../src/services/web-report-form.js';
import { UserError } from '../../src/services/errors.js';
import type { Db } from '../../src/store/database.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { importPlanFile } from '../support/plans.js';

const backends = await availableBackends();

const TODAY = '2026-09-20';
const routing = {
  served: ['telegram', 'zalo'] as const,
  preference: 'last_used' as const,
  defaultLocale: 'vi' as const,
  now: new Date('2026-09-20T03:00:00Z'),
};

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserError) return error.key;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe.each(backends)('period approval on %s', (kind) => {
  let test: TestDatabase & { database: { db: Db } };
  let db: Db;
  const act = (actorCode: string, action: ApprovalRequest['action'], extra: Partial<ApprovalRequest> = {}) =>
    actOnApproval(db, { periodKey: '2026-Q3', today: TODAY, actorCode, action, ...extra }, routing);
  const report = (officialCode: string, indicatorCode: string, valueText: string) =>
    addReport(db, {
      officialCode,
      indicatorCode,
      periodKey: '2026-Q3',
      valueText,
      channel: 'cli',
      today: TODAY,
    });

  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    db = test.database.db;
    await importPlanFile(db);
    const vhxh = await db.official.findFirstOrThrow({ where: { code: 'vhxh' } });
    await db.chatLink.create({
      data: { officialId: vhxh.id, channel: 'telegram', externalUserId: '501', chatId: '501' },
    });
    await report('vhxh', 'XH01', '150');
    await report('vhxh', 'XH02', '0,3');
    await report('tckt', 'NS01', '8.540');
  });
  afterAll(async () => test?.drop());

  it('refuses what the rules refuse, and stores nothing then', async () => {
    expect(await refusal(act('ct', 'approve'))).toBe('approval:error.state.open');
    expect(await refusal(act('vhxh', 'check'))).toBe('approval:error.role');
    expect(await refusal(act('ct', 'return'))).toBe('approval:error.note_required');
    expect(await refusal(act('ct', 'return', { note: 'x', indicatorCodes: ['NOPE'] }))).toBe(
      'approval:error.unknown_indicators',
    );
    expect(await db.approvalEvent.count()).toBe(0);
    expect(await db.outboxMessage.count()).toBe(0);
  });

  it('a return reaches only the officials of the indicators sent back, with the note', async () => {
    await act('vp', 'check');
    const outcome = await act('ct', 'return', { note: 'XH01 thấp bất thường', indicatorCodes: ['XH01'] });
    expect(outcome.state).toBe('returned');
    expect(outcome.returned.map((r) => [r.officialCode, r.indicators.map((i) => i.code)])).toEqual([
      ['vhxh', ['XH01']],
    ]);
    const queued = await db.outboxMessage.findMany();
    expect(queued).toHaveLength(1);
    expect(queued[0]?.chatId).toBe('501');
    const payload = JSON.parse(queued[0]?.payload ?? '{}') as {
      lines: { key: string }[];
      choices: { token: string }[][];
    };
    expect(payload.lines.map((l) => l.key)).toContain('approval:returned.note');
    expect(payload.choices[0]?.[0]?.token).toBe(`remind:tralai:${outcome.eventId}`);
  });

  it('an approved period is locked for every writer until the chairman reopens it', async () => {
    await report('vhxh', 'XH01', '180');
    await act('vp', 'check');
    // A vice-chairman approves only when the plan gives the right.
    expect(await refusal(act('pct', 'approve'))).toBe('approval:error.role');
    await act('ct', 'approve');
    expect(await refusal(report('vhxh', 'XH01', '200'))).toBe('approval:error.locked');
    expect(await refusal(report('tckt', 'NS01', '9.000'))).toBe('approval:error.locked');
    // The web form: refused beside the field, nothing stored.
    const vhxh = await db.official.findFirstOrThrow({ where: { code: 'vhxh' } });
    const xh01 = await db.report.findFirstOrThrow({
      where: { official: { code: 'vhxh' }, indicator: { code: 'XH01' }, period: { key: '2026-Q3' } },
    });
    const saved = await saveReportForm(db, vhxh.id, {
      periodId: xh01.periodId,
      entries: [{ indicatorId: xh01.indicatorId, text: '210', version: xh01.revision }],
      confirmed: true,
      now: routing.now,
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    expect(saved.status).toBe('refused');
    expect(saved.status === 'refused' && saved.problems[0]).toMatchObject({
      kind: 'parse',
      message: { key: 'approval:error.locked' },
    });
    const stored = await db.report.findFirstOrThrow({ where: { indicator: { code: 'XH01' } } });
    expect(stored.value).toBe('180');
    const period = await db.period.findFirstOrThrow({ where: { key: '2026-Q3' } });
    expect((await approvalStatus(db, period.id)).state).toBe('approved');
    // Another period is not locked.
    await expect(
      addReport(db, {
        officialCode: 'vhxh',
        indicatorCode: 'XH01',
        periodKey: '2026-Q2',
        valueText: '100',
        channel: 'cli',
        today: TODAY,
      }),
    ).resolves.toMatchObject({ status: 'created' });

    expect(await refusal(act('vp', 'reopen'))).toBe('approval:error.role');
    await act('ct', 'reopen');
    await expect(report('vhxh', 'XH01', '200')).resolves.toMatchObject({ status: 'revised' });
  });

  it('keeps every step in the history: who, what, the note and the indicators', async () => {
    const steps = await approvalHistory(db, { periodKey: '2026-Q3', today: TODAY });
    expect(steps.map((s) => [s.action, s.state, s.actor, s.note, s.indicators])).toEqual([
      ['check', 'checked', 'vp', null, []],
      ['return', 'returned', 'ct', 'XH01 thấp bất thường', ['XH01']],
      ['check', 'checked', 'vp', null, []],
      ['approve', 'approved', 'ct', null, []],
      ['reopen', 'open', 'ct', null, []],
    ]);
  });

  it('two approvals at once: one passes, the other is told', async () => {
    await act('vp', 'check');
    const results = await Promise.allSettled([act('ct', 'approve'), act('ct', 'approve')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && (rejected.reason as UserError).key).toMatch(
      /^approval:error\.(state\.approved|concurrent_change)$/,
    );
    await act('ct', 'reopen');
  });

  it('a figure being saved while the chairman approves: both orders end consistent', async () => {
    await act('vp', 'check');
    const [saved, approved] = await Promise.allSettled([
      report('vhxh', 'XH02', '0,25'),
      act('ct', 'approve'),
    ]);
    expect(approved.status).toBe('fulfilled');
    const stored = await db.report.findFirstOrThrow({
      where: { indicator: { code: 'XH02' }, period: { key: '2026-Q3' } },
    });
    // Either the figure came before the approval (stored) or after it (refused as locked): never lost silently.
    if (saved.status === 'fulfilled') expect(stored.value).toBe('0.25');
    else {
      expect((saved.reason as UserError).key).toBe('approval:error.locked');
      expect(stored.value).toBe('0.3');
    }
  });
});
