import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialogEngine } from '../../src/dialog/engine.js';
import { createI18n } from '../../src/i18n.js';
import { renderCommuneEvaluationXlsx } from '../../src/reports/evaluation-xlsx.js';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { createInvite } from '../../src/services/invites.js';
import { addReport } from '../../src/services/reports.js';
import { communeSummaries, provinceRanking } from '../../src/services/ranking.js';
import type { Database } from '../../src/store/database.js';
import { tiendo } from '../support/cli.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { importPlanFile } from '../support/plans.js';

/** 1 October 2026, 09:00 in Hanoi: Q1, Q2 and Q3 are past their deadline, Q4 is not. */
const AT = '2026-10-01T02:00:00.000Z';
const backends = await availableBackends();
const TZ = 'Asia/Ho_Chi_Minh';
const i18n = createI18n('vi');

/** LibreOffice renders the sheet the way the council prints it; CI must have it (docs/ranking.md). */
function libreOffice(): string | null {
  try {
    return execFileSync('which', ['libreoffice'], { encoding: 'utf8' }).trim() || null;
  } catch {
    if (process.env.CI && !['false', '0'].includes(process.env.CI))
      throw new Error('libreoffice is required in CI');
    console.warn('libreoffice not found: the evaluation sheet is checked cell by cell only on this machine.');
    return null;
  }
}

/**
 * The demo commune (examples/plans/demo.yaml), three closed quarters: 36 figures due.
 *
 * | official | unit        | indicators            | due | reported | on time | score (50/50)          |
 * |----------|-------------|-----------------------|-----|----------|---------|------------------------|
 * | tckt     | Kinh tế     | NS01                  | 3   | 3        | 3       | 100,0                  |
 * | ktnn     | Kinh tế     | KT02, KT02a, KT02b    | 9   | 8        | 7       | 15/18 = 83,3           |
 * | vp       | Văn phòng   | KT01                  | 3   | 3        | 2       | 5/6 = 83,3 (below ktnn: on time 66,7 % < 77,8 %) |
 * | pct      | —           | QP01                  | 3   | 3        | 0       | 50,0                   |
 * | vhxh     | Văn hóa-XH  | XH01–XH05             | 15  | 5        | 5       | 33,3                   |
 * | ct       | —           | QP02                  | 3   | 0        | 0       | 0,0                    |
 * Units: Kinh tế 12/11/10 → 21/24 = 87,5; Văn phòng 83,3; Văn hóa - Xã hội 33,3; leaders 6/3/0 → 25,0.
 */
const SEED: [official: string, indicator: string, period: string, value: string, late: boolean][] = [
  ['tckt', 'NS01', '2026-Q1', '3.000', false],
  ['tckt', 'NS01', '2026-Q2', '6.000', false],
  ['tckt', 'NS01', '2026-Q3', '12.000', false],
  ['vp', 'KT01', '2026-Q1', '8', false],
  ['vp', 'KT01', '2026-Q2', '15', false],
  ['vp', 'KT01', '2026-Q3', '30', true],
  ['ktnn', 'KT02', '2026-Q1', '300', false],
  ['ktnn', 'KT02', '2026-Q2', '700', false],
  ['ktnn', 'KT02', '2026-Q3', '1.500', false],
  ['ktnn', 'KT02a', '2026-Q1', '250', false],
  ['ktnn', 'KT02a', '2026-Q2', '600', false],
  ['ktnn', 'KT02a', '2026-Q3', '1.300', false],
  ['ktnn', 'KT02b', '2026-Q1', '50', false],
  ['ktnn', 'KT02b', '2026-Q2', '100', true],
  ['vhxh', 'XH01', '2026-Q3', '150', false],
  ['vhxh', 'XH02', '2026-Q3', '0,3', false],
  ['vhxh', 'XH03', '2026-Q3', '8', false],
  ['vhxh', 'XH04', '2026-Q3', '95,2', false],
  ['vhxh', 'XH05', '2026-Q3', '100', false],
  ['pct', 'QP01', '2026-Q1', '100', true],
  ['pct', 'QP01', '2026-Q2', '100', true],
  ['pct', 'QP01', '2026-Q3', '100', true],
];

interface JsonEntry {
  code: string | null;
  rank: number | null;
  score: string | null;
  due: number;
  reported: number;
  onTime: number;
  classification: string | null;
  tie: { kind: string; by?: string; text: string } | null;
}

describe.each(backends)('the emulation ranking on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  let dir: string;
  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    dir = await mkdtemp(join(tmpdir(), 'tiendo-ranking-'));
    const db = test.database.db;
    await importPlanFile(db);
    await importPlanFile(db, 'examples/plans/thi-xa-nga-nam-2023.yaml');
    for (const [officialCode, indicatorCode, periodKey, valueText, late] of SEED) {
      await addReport(db, {
        organizationCode: 'quang-trung',
        officialCode,
        indicatorCode,
        periodKey,
        valueText,
        channel: 'cli',
        today: '2026-10-01',
      });
      // When the figure was first given: a day before its deadline, or a millisecond after it.
      const period = await db.period.findFirstOrThrow({
        where: { key: periodKey, campaign: { code: 'quang-trung-2026' } },
      });
      const createdAt = new Date(period.deadlineAt.getTime() + (late ? 1 : -86_400_000));
      await db.report.updateMany({
        where: { periodId: period.id, official: { code: officialCode }, indicator: { code: indicatorCode } },
        data: { createdAt },
      });
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await test?.drop();
  });

  it('ranks the officials and units as computed by hand', async () => {
    const run = await tiendo(
      { DATABASE_URL: test.url },
      'ranking',
      '--organization',
      'quang-trung',
      '--at',
      AT,
      '--format',
      'json',
    );
    expect(run.code, run.err).toBe(0);
    const json = JSON.parse(run.out) as {
      periods: { key: string }[];
      ended: boolean;
      officials: JsonEntry[];
      units: JsonEntry[];
    };
    expect(json.periods.map((p) => p.key)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(json.ended).toBe(false);
    expect(
      json.officials.map((o) => [o.code, o.rank, o.score, o.due, o.reported, o.onTime, o.classification]),
    ).toEqual([
      ['tckt', 1, '100.0', 3, 3, 3, 'excellent'],
      ['ktnn', 2, '83.3', 9, 8, 7, 'good'],
      ['vp', 3, '83.3', 3, 3, 2, 'good'],
      ['pct', 4, '50.0', 3, 3, 0, 'completed'],
      ['vhxh', 5, '33.3', 15, 5, 5, 'not_completed'],
      ['ct', 6, '0.0', 3, 0, 0, 'not_completed'],
    ]);
    expect(json.officials[2]?.tie).toMatchObject({ kind: 'behind', by: 'timeliness' });
    expect(json.officials[2]?.tie?.text).toBe(
      'bằng điểm với Lê Thị Hoa, xếp sau vì tỷ lệ đúng hạn thấp hơn (66,7 % so với 77,8 %)',
    );
    expect(json.units.map((u) => [u.code, u.rank, u.score, u.due, u.reported, u.onTime])).toEqual([
      ['kinh-te', 1, '87.5', 12, 11, 10],
      ['van-phong', 2, '83.3', 3, 3, 2],
      ['van-hoa-xa-hoi', 3, '33.3', 15, 5, 5],
      [null, 4, '25.0', 6, 3, 0],
    ]);
  });

  it('prints the same as text, with the rule in one line', async () => {
    const run = await tiendo(
      { DATABASE_URL: test.url },
      'ranking',
      '--organization',
      'quang-trung',
      '--at',
      AT,
    );
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain(
      'Điểm = 50 % tỷ lệ đầy đủ + 50 % tỷ lệ đúng hạn; bằng điểm thì xét đúng hạn, rồi đầy đủ.',
    );
    expect(run.out).toContain('1. Kinh tế - Tài chính: 87,5 điểm · đủ 11/12 · đúng hạn 10/12');
    expect(run.out).toContain('3. Trần Văn Bình: 83,3 điểm · đủ 3/3 · đúng hạn 2/3');
    expect(run.out).toContain('4. Lãnh đạo UBND (không thuộc bộ phận): 25,0 điểm');
  });

  it('writes the year-end evaluation sheet with the figures behind each class', async () => {
    const file = join(dir, 'xep-loai.xlsx');
    const run = await tiendo(
      { DATABASE_URL: test.url },
      'ranking',
      '--organization',
      'quang-trung',
      '--at',
      AT,
      '--format',
      'xlsx',
      '--out',
      file,
    );
    expect(run.code, run.err).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(file)) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no sheet');
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const find = (name: string) => rows.find((r) => r[1] === name);
    // rank, name, due, reported, on time, completeness, timeliness, score, class, note
    expect(find('Kinh tế - Tài chính')?.slice(0, 9)).toEqual([
      1,
      'Kinh tế - Tài chính',
      12,
      11,
      10,
      11 / 12,
      10 / 12,
      87.5,
      'Hoàn thành tốt',
    ]);
    expect(find('Đỗ Quang Huy')?.slice(0, 9)).toEqual([
      1,
      'Đỗ Quang Huy',
      3,
      3,
      3,
      1,
      1,
      100,
      'Hoàn thành xuất sắc',
    ]);
    expect(find('Trần Văn Bình')?.[7]).toBe(83.3);
    expect(find('Trần Văn Bình')?.[9]).toContain('xếp sau vì tỷ lệ đúng hạn thấp hơn');
    expect(find('Phạm Minh Tuấn')?.slice(7, 9)).toEqual([0, 'Không hoàn thành']);
    expect(ws.getCell('A1').value).toBe('UBND XÃ QUANG TRUNG');
    expect(rows.some((r) => r.includes('BẢNG ĐỀ XUẤT XẾP LOẠI THI ĐUA NĂM 2026'))).toBe(true);
    if (!libreOffice()) return;
    execFileSync('libreoffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, file], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'xep-loai.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('BẢNG ĐỀ XUẤT XẾP LOẠI THI ĐUA NĂM 2026');
    expect(text).toContain('Hoàn thành xuất sắc');
    expect(text).toMatch(/87,5/);
    expect(text).toMatch(/91,7%/); // 11/12 complete, in the Vietnamese number format
  }, 180_000);

  it('summarises and ranks communes for a province', async () => {
    const db = test.database.db;
    const organizations = await db.organization.findMany({ orderBy: { code: 'desc' } });
    const summaries = await communeSummaries(
      db,
      organizations.map((o) => o.id),
      { at: new Date(AT), timeZone: 'Asia/Ho_Chi_Minh' },
    );
    // At 1 October: 9 indicators met, KT02b on track (100 ≥ its pace at 14/06, 139 × 165/365 ≈ 62,8), XH01 at
    // risk, QP02 not reported → 10/12; 22 of 36 figures reported, 17 on time.
    expect(summaries.find((s) => s.code === 'quang-trung')).toMatchObject({
      campaign: { code: 'quang-trung-2026' },
      targets: { n: 10, d: 12 },
      reporting: { due: 36, reported: 22, onTime: 17 },
    });
    const ranking = await provinceRanking(
      db,
      organizations.map((o) => o.id),
      { at: new Date(AT), timeZone: 'Asia/Ho_Chi_Minh' },
    );
    // 0,5 × 10/12 + 0,25 × 22/36 + 0,25 × 17/36 = 99/144 = 68,75 % → 68,8
    expect(ranking.communes[0]).toMatchObject({
      key: 'quang-trung',
      rank: 1,
      score: 688,
      classification: 'completed',
    });
    expect(ranking.communes[1]).toMatchObject({ rank: 2 });
  });

  it('answers /xephang in the chat, with the sheet on request, to the leaders only', async () => {
    const engine = createDialogEngine({
      store: createDialogStore(test.database, TZ),
      timeZone: TZ,
      defaultLocale: 'vi',
      now: () => new Date(AT),
      nonce: () => 'x1',
      renderers: {
        chart: async () => [new Uint8Array([1])],
        spreadsheet: async () => new Uint8Array([2]),
        evaluation: (data, locale, generatedAt) =>
          renderCommuneEvaluationXlsx(data, { i18n, locale, timeZone: TZ, generatedAt }),
      },
    });
    let n = 0;
    const say = (channel: 'telegram' | 'zalo', chat: string, command: string, args = '') =>
      engine.handle({
        channel,
        updateKey: `r${++n}`,
        chatId: chat,
        userId: chat,
        input: { kind: 'command' as const, command, args },
        receivedAt: new Date(AT),
      });
    const text = (result: Awaited<ReturnType<typeof say>>) =>
      result.replies.flatMap((r) => r.lines.map((l) => i18n.render(l))).join('\n');
    const db = test.database.db;
    const link = async (channel: 'telegram' | 'zalo', chat: string, officialCode: string) => {
      const invite = await createInvite(db, {
        organizationCode: 'quang-trung',
        officialCode,
        days: 7,
        now: new Date(AT),
      });
      await say(channel, chat, 'dangky', invite.code);
    };
    await link('telegram', '9901', 'ct');
    const shown = await say('telegram', '9901', 'xephang');
    expect(text(shown)).toContain(
      'Điểm = 50 % tỷ lệ đầy đủ + 50 % tỷ lệ đúng hạn; bằng điểm thì xét đúng hạn, rồi đầy đủ.',
    );
    expect(text(shown)).toContain('1. Đỗ Quang Huy: 100,0 điểm · đủ 3/3 · đúng hạn 3/3');
    expect(text(shown)).toContain(
      '↳ bằng điểm với Lê Thị Hoa, xếp sau vì tỷ lệ đúng hạn thấp hơn (66,7 % so với 77,8 %)',
    );
    // the plan runs until 31/12: the sheet only on request
    expect(shown.replies.some((r) => r.file)).toBe(false);
    const sheet = await say('telegram', '9901', 'xephang', 'excel');
    const file = sheet.replies.find((r) => r.file)?.file;
    expect(file).toMatchObject({ kind: 'document', name: 'xep-loai-quang-trung-2026-2026.xlsx' });
    const bytes = file?.bytes;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes ?? []) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets[0]?.getCell('A5').value).toBe('BẢNG ĐỀ XUẤT XẾP LOẠI THI ĐUA NĂM 2026');
    // Zalo sends no files: where to get the sheet instead
    await link('zalo', 'z9902', 'pct');
    expect(text(await say('zalo', 'z9902', 'xephang', 'excel'))).toContain(
      'Zalo chưa nhận được tệp trực tiếp từ bot',
    );
    // an officer is refused
    await link('telegram', '9903', 'vhxh');
    const refused = await say('telegram', '9903', 'xephang');
    expect(text(refused)).toBe('Xếp hạng thi đua dành cho Chủ tịch, Phó Chủ tịch và Văn phòng.');
  });

  it('refuses a bad --format or a file without --out, writing nothing', async () => {
    const env = { DATABASE_URL: test.url };
    expect((await tiendo(env, 'ranking', '--organization', 'quang-trung', '--format', 'pdf')).code).toBe(2);
    expect(await tiendo(env, 'ranking', '--organization', 'quang-trung', '--format', 'xlsx')).toMatchObject({
      code: 2,
      err: expect.stringContaining('cần --out'),
    });
    expect(await tiendo(env, 'ranking', '--organization', 'khong-co')).toMatchObject({ code: 1 });
  });
});
