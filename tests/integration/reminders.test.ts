import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialogEngine } from '../../src/dialog/engine.js';
import { createI18n } from '../../src/i18n.js';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { addReport } from '../../src/services/reports.js';
import type { Database } from '../../src/store/database.js';
import { tiendo } from '../support/cli.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { importPlanFile } from '../support/plans.js';

const TZ = 'Asia/Ho_Chi_Minh';
const backends = await availableBackends();

interface Planned {
  key: string;
  kind: string;
  official: { code: string };
  period: string;
  step: string;
  missing: string[];
  channel: string | null;
  text: string;
}

describe.each(backends)('reminders on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  let env: Record<string, string>;
  const remind = async (at: string, ...extra: string[]) => {
    const run = await tiendo(env, 'remind', '--at', at, '--json', ...extra);
    expect(run.code, run.err).toBe(0);
    return JSON.parse(run.out) as { messages: Planned[]; queued: number; duplicates: number };
  };
  const report = (officialCode: string, indicatorCode: string, valueText: string) =>
    addReport(test.database.db, {
      officialCode,
      indicatorCode,
      periodKey: '2026-Q3',
      valueText,
      channel: 'cli',
      today: '2026-09-11',
    });

  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    env = { DATABASE_URL: test.url };
    await importPlanFile(test.database.db);
    await report('tckt', 'NS01', '8.540,5');
    await report('vhxh', 'XH01', '150');
  });
  afterAll(async () => test?.drop());

  it('lists exactly the officials who still miss something, with what they miss', async () => {
    // Friday 11/09/2026 09:00: the Q3 deadline is Monday 14/09; Sunday's d1 moves to Friday.
    const { messages } = await remind('2026-09-11T09:00:00+07:00', '--dry-run');
    const byOfficial = Object.fromEntries(messages.map((m) => [m.official.code, m]));
    expect(Object.keys(byOfficial).sort()).toEqual(['ct', 'ktnn', 'pct', 'vhxh', 'vp']);
    expect(byOfficial.vhxh).toMatchObject({
      period: '2026-Q3',
      step: 'd1',
      missing: ['XH02', 'XH03', 'XH04', 'XH05'],
    });
    expect(byOfficial.ktnn?.missing).toEqual(['KT02', 'KT02a', 'KT02b']);
    expect(byOfficial.vhxh?.text).toContain('Còn 4/5 chỉ tiêu chưa báo cáo');
    expect(messages.every((m) => m.channel === null)).toBe(true); // nobody linked a chat yet
  });

  it('drops an official once they have reported, and sends nothing at night', async () => {
    await report('ktnn', 'KT02', '1.250');
    await report('ktnn', 'KT02a', '1.100');
    await report('ktnn', 'KT02b', '150');
    const { messages } = await remind('2026-09-11T09:00:00+07:00', '--dry-run');
    expect(messages.map((m) => m.official.code)).not.toContain('ktnn');
    expect((await remind('2026-09-11T02:00:00+07:00', '--dry-run')).messages).toEqual([]);
  });

  it('queues each reminder once, on the channel the official used last', async () => {
    const vhxh = await test.database.db.official.findFirstOrThrow({ where: { code: 'vhxh' } });
    await test.database.db.chatLink.createMany({
      data: [
        {
          officialId: vhxh.id,
          channel: 'telegram',
          externalUserId: 'tg-1',
          chatId: 'tg-1',
          lastSeenAt: new Date('2026-09-01T02:00:00Z'),
        },
        {
          officialId: vhxh.id,
          channel: 'zalo',
          externalUserId: 'za-1',
          chatId: 'za-1',
          lastSeenAt: new Date('2026-09-05T02:00:00Z'),
        },
      ],
    });
    const first = await remind('2026-09-11T09:00:00+07:00');
    expect(first.messages.find((m) => m.official.code === 'vhxh')?.channel).toBe('zalo');
    expect(first.queued).toBe(1); // only vhxh has a chat
    const again = await remind('2026-09-11T10:00:00+07:00');
    expect(again.messages.find((m) => m.official.code === 'vhxh')).toBeUndefined();
    const rows = await test.database.db.outboxMessage.findMany({ where: { officialId: vhxh.id } });
    expect(rows.map((r) => [r.key.endsWith(':d1'), r.channel, r.chatId, r.status])).toEqual([
      [true, 'zalo', 'za-1', 'pending'],
    ]);
  });

  it('sends the chairman one digest the morning after the deadline', async () => {
    const { messages } = await remind('2026-09-15T08:00:00+07:00', '--dry-run');
    const digests = messages.filter((m) => m.kind === 'digest');
    expect(digests.map((m) => m.official.code).sort()).toEqual(['ct', 'vp']);
    expect(digests[0]?.text).toContain('Hoàng Thị Mai');
  });

  it('/nhacnho shows the next reminders, pauses them on leave, and the chairman sees who paused', async () => {
    const at = new Date('2026-09-11T02:30:00Z'); // Friday 09:30 in Hanoi
    const engine = createDialogEngine({
      store: createDialogStore(test.database, TZ),
      timeZone: TZ,
      defaultLocale: 'vi',
      now: () => at,
      nonce: () => 'n1',
    });
    const i18n = createI18n('vi');
    let n = 0;
    const say = async (command: string, args = '') => {
      const result = await engine.handle({
        channel: 'telegram',
        updateKey: `r${++n}`,
        chatId: 'tg-1',
        userId: 'tg-1',
        input: { kind: 'command', command, args },
        receivedAt: at,
      });
      return result.replies.flatMap((r) => r.lines.map((l) => i18n.render(l))).join('\n');
    };
    const overview = await say('nhacnho');
    expect(overview).toContain('Lịch nhắc việc của anh/chị');
    expect(overview).toMatch(/• \d{2}\/\d{2}\/2026 \d{2}:\d{2} — /);
    expect(await say('nhacnho', '20/09')).toContain('Đã tạm dừng nhắc việc đến hết ngày 20/09/2026');
    const paused = await remind('2026-09-15T09:00:00+07:00', '--dry-run');
    expect(paused.messages.filter((m) => m.kind === 'reminder').map((m) => m.official.code)).not.toContain(
      'vhxh',
    );
    const progress = await tiendo(env, 'progress', '--at', '2026-09-15T09:00:00+07:00');
    expect(progress.out).toContain('Đang tạm dừng nhắc việc: Hoàng Thị Mai (20/09/2026)');
    expect(await say('nhacnho', '31/12/2027')).toContain('Ngày chưa đúng');
    expect(await say('nhacnho', 'bat')).toContain('Đã bật lại nhắc việc');
    const back = await remind('2026-09-15T09:00:00+07:00', '--dry-run');
    expect(back.messages.map((m) => m.official.code)).toContain('vhxh');
  });
});
