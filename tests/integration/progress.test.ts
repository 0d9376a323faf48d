import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialogEngine } from '../../src/dialog/engine.js';
import { createI18n } from '../../src/i18n.js';
import { createInvite } from '../../src/services/invites.js';
import { addReport } from '../../src/services/reports.js';
import type { Database } from '../../src/store/database.js';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { tiendo } from '../support/cli.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { importPlanFile } from '../support/plans.js';

const TZ = 'Asia/Ho_Chi_Minh';
/** 10 September 2026, 09:00 in Hanoi: Quý III/2026 is being collected, due 14/09. */
const AT = '2026-09-10T02:00:00.000Z';
const i18n = createI18n('vi');
const backends = await availableBackends();

interface JsonIndicator {
  code: string;
  status: string;
  latest: { value: string; periodKey: string } | null;
  targets: { percent: string | null; expected: string | null; status: string }[];
}

describe.each(backends)('progress on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    await importPlanFile(test.database.db);
    const report = (officialCode: string, indicatorCode: string, periodKey: string, valueText: string) =>
      addReport(test.database.db, {
        officialCode,
        indicatorCode,
        periodKey,
        valueText,
        channel: 'cli',
        today: '2026-09-10',
      });
    await report('tckt', 'NS01', '2026-Q2', '5.120');
    await report('tckt', 'NS01', '2026-Q3', '8.540,5'); // pace at 14/09: 11.807 × 257/365 = 8.313,42… → on track
    await report('vhxh', 'XH01', '2026-Q3', '150'); // pace ≈ 204,2; 80 % of it ≈ 163,3 → at risk
    await report('vhxh', 'XH02', '2026-Q3', '0,3'); // ≤ 0,32 % → met
    await report('vhxh', 'XH04', '2026-Q3', '95,2'); // ≥ 95,15 met, ≥ 95 met
    await report('ct', 'QP02', '2026-Q3', 'chưa đạt'); // boolean, campaign running → behind
  });
  afterAll(async () => test?.drop());

  it('evaluates values, shares, paces and statuses exactly', async () => {
    const run = await tiendo({ DATABASE_URL: test.url }, 'progress', '--at', AT, '--format', 'json');
    expect(run.code, run.err).toBe(0);
    const json = JSON.parse(run.out) as {
      period: { key: string };
      counts: Record<string, number>;
      indicators: JsonIndicator[];
      completeness: { due: number; reported: number };
    };
    const byCode = new Map(json.indicators.map((i) => [i.code, i]));
    expect(json.period.key).toBe('2026-Q3');
    expect(byCode.get('NS01')).toMatchObject({
      status: 'on_track',
      latest: { value: '8540.5', periodKey: '2026-Q3' },
      targets: [{ percent: '72.3', expected: '8313.4219', status: 'on_track' }],
    });
    expect(byCode.get('XH01')).toMatchObject({
      status: 'at_risk',
      targets: [{ percent: '51.7', status: 'at_risk' }],
    });
    expect(byCode.get('XH02')).toMatchObject({ status: 'met' });
    expect(byCode.get('XH04')?.targets.map((t) => t.status)).toEqual(['met', 'met']);
    expect(byCode.get('QP02')).toMatchObject({ status: 'behind', latest: { value: '0' } });
    expect(byCode.get('KT01')).toMatchObject({ status: 'no_report', latest: null });
    expect(Object.values(json.counts).reduce((a, b) => a + b, 0)).toBe(json.indicators.length);
    expect(json.completeness).toMatchObject({ due: 12, reported: 5 });
  });

  it('shows the chairman the same in /tiendo', async () => {
    const invite = await createInvite(test.database.db, { officialCode: 'ct', days: 7, now: new Date(AT) });
    const engine = createDialogEngine({
      store: createDialogStore(test.database, TZ),
      timeZone: TZ,
      defaultLocale: 'vi',
      now: () => new Date(AT),
      nonce: () => 'x1',
    });
    const event = (n: number, command: string, args = '') => ({
      channel: 'telegram' as const,
      updateKey: `p${n}`,
      chatId: '8801',
      userId: '8801',
      input: { kind: 'command' as const, command, args },
      receivedAt: new Date(AT),
    });
    await engine.handle(event(1, 'dangky', invite.code));
    const result = await engine.handle(event(2, 'tiendo'));
    const text = result.replies.flatMap((r) => r.lines.map((l) => i18n.render(l))).join('\n');
    expect(text).toContain('Kỳ Quý III/2026, hạn 14/09/2026 17:00 (còn 4 ngày)');
    expect(text).toContain('Đã báo cáo 5/12 lượt (41,7 %)');
    expect(text).toContain(
      '🟢 NS01 Tổng thu ngân sách nhà nước trên địa bàn: 8.540,5 triệu đồng / ≥ 11.807 triệu đồng (72,3 %) · tiến độ cần 8.313,42 triệu đồng',
    );
    expect(text).toContain('🔴 XH01 Tạo việc làm mới và tăng việc làm: 150 người / ≥ 290 người (51,7 %)');
    expect(text).toContain('✅ XH02 Tỷ lệ hộ nghèo cuối năm: 0,3 % (mục tiêu ≤ 0,32 %)');
    expect(text).toContain('🟡 QP02 Giữ vững xã vững mạnh về quốc phòng: chưa đạt (mục tiêu đạt)');
    expect(text).toContain('Chậm báo cáo Quý II/2026');
    const detail = await engine.handle(event(3, 'tiendo', 'ns01'));
    const detailText = detail.replies.flatMap((r) => r.lines.map((l) => i18n.render(l))).join('\n');
    expect(detailText).toContain('• Quý II/2026: 5.120 triệu đồng (tckt)');
    expect(detailText).toContain('• Quý III/2026: 8.540,5 triệu đồng (tckt)');
    expect(detailText).toContain('Cán bộ phụ trách: Đỗ Quang Huy');
  });

  it('refuses a bad --at, --format or --out, and writes nothing', async () => {
    const env = { DATABASE_URL: test.url };
    expect((await tiendo(env, 'progress', '--at', 'hôm qua')).code).toBe(2);
    expect((await tiendo(env, 'progress', '--format', 'docx')).code).toBe(2);
    expect(await tiendo(env, 'progress', '--format', 'png')).toMatchObject({
      code: 2,
      err: expect.stringContaining('cần --out'),
    });
    expect(
      await tiendo(env, 'progress', '--format', 'xlsx', '--out', '/nonexistent/dir/x.xlsx'),
    ).toMatchObject({
      code: 1,
      err: expect.stringContaining('Không ghi được tệp /nonexistent/dir/x.xlsx'),
    });
    expect((await tiendo(env, 'remind', '--at', 'ngày mai')).code).toBe(2);
    expect((await tiendo(env, 'official', 'invite', '--official', 'ct', '--days', 'bảy')).code).toBe(2);
    expect(await tiendo(env, 'official', 'invite', '--official', 'ct', '--days', '365')).toMatchObject({
      code: 1,
      err: expect.stringContaining('từ 1 đến 90'),
    });
    expect(await tiendo(env, 'official', 'invite', '--official', 'nobody')).toMatchObject({
      code: 1,
      err: expect.stringContaining('nobody'),
    });
    expect(await test.database.db.invite.count({ where: { official: { code: 'nobody' } } })).toBe(0);
  });
});

describe('tiendo progress --format png', () => {
  let demo: TestDatabase & { database: Database };
  let fifty: TestDatabase & { database: Database };
  let dir: string;
  beforeAll(async () => {
    [demo, fifty] = await Promise.all([createMigratedDatabase('sqlite'), createMigratedDatabase('sqlite')]);
    await importPlanFile(demo.database.db);
    await importPlanFile(fifty.database.db, 'tests/fixtures/plans/50-indicators.yaml');
    dir = await mkdtemp(join(tmpdir(), 'tiendo-chart-'));
  });
  afterAll(async () => {
    await Promise.all([demo?.drop(), fifty?.drop()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const size = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

  it('writes FILE for a chart of one picture, FILE-1.png, FILE-2.png… for one of several pages', async () => {
    const one = join(dir, 'demo.png');
    const run = await tiendo(
      { DATABASE_URL: demo.url },
      'progress',
      '--at',
      AT,
      '--format',
      'png',
      '--out',
      one,
    );
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain(one);
    expect(size(await readFile(one))).toMatchObject({ width: 1080 });

    const many = join(dir, 'nam-muoi.png');
    const paged = await tiendo(
      { DATABASE_URL: fifty.url },
      'progress',
      '--at',
      AT,
      '--format',
      'png',
      '--out',
      many,
    );
    expect(paged.code, paged.err).toBe(0);
    const written = (await readdir(dir)).filter((f) => f.startsWith('nam-muoi')).sort();
    expect(written.length).toBeGreaterThanOrEqual(3);
    expect(written).toEqual(written.map((_, i) => `nam-muoi-${i + 1}.png`));
    for (const file of written) {
      expect(paged.out).toContain(join(dir, file));
      const { width, height } = size(await readFile(join(dir, file)));
      expect(width).toBeLessThanOrEqual(1280);
      expect(height).toBeLessThanOrEqual(2000);
    }
  });
});
