import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignProgress } from '../../src/services/progress.js';
import { catalogAcross, communesOf, provinceByCode, provinceProgress } from '../../src/services/province.js';
import { addReport } from '../../src/services/reports.js';
import type { Database } from '../../src/store/database.js';
import { tiendo } from '../support/cli.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';

const TZ = 'Asia/Ho_Chi_Minh';
/** 2 December 2026, 10:00 in Hanoi: Quý IV/2026 (cut-off 14/12) is being collected. */
const AT = new Date('2026-12-02T03:00:00.000Z');
const COMMUNES = ['xa-an-phu', 'xa-binh-minh', 'xa-cam-lo'];
const backends = await availableBackends();

describe.each(backends)('a province over communes on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  const env = () => ({ DATABASE_URL: test.url });
  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
  });
  afterAll(async () => test?.drop());

  it('refuses a commune whose province is not imported yet, storing nothing', async () => {
    const run = await tiendo(env(), 'plan', 'import', 'examples/province/xa-an-phu.yaml');
    expect(run.code).toBe(1);
    expect(run.err).toContain('Chưa có tỉnh mã «tinh-demo» (parent)');
    expect(await test.database.db.organization.count()).toBe(0);
  });

  it('imports the province, then its communes under it; a province file on a commune code is refused', async () => {
    const province = await tiendo(env(), 'plan', 'import', 'examples/province/tinh-demo.yaml');
    expect(province.code, province.err).toBe(0);
    expect(province.out).toContain('Đã nhập tỉnh tinh-demo');
    for (const code of COMMUNES) {
      const run = await tiendo(env(), 'plan', 'import', `examples/province/${code}.yaml`);
      expect(run.code, run.err).toBe(0);
    }
    const { id } = await provinceByCode(test.database.db, 'tinh-demo');
    expect((await communesOf(test.database.db, id)).map((c) => c.code)).toEqual(COMMUNES);
    const stored = await test.database.db.indicator.findFirstOrThrow({
      where: { code: 'XH04', campaign: { code: 'xa-cam-lo-2026' } },
    });
    expect(stored.catalogCode).toBe('BHYT_COVERAGE');

    const dir = await mkdtemp(join(tmpdir(), 'tiendo-province-'));
    const file = join(dir, 'wrong.yaml');
    const text = await readFile('examples/province/tinh-demo.yaml', 'utf8');
    await writeFile(file, text.replace('code: tinh-demo', 'code: xa-cam-lo'));
    const wrong = await tiendo(env(), 'plan', 'import', file);
    await rm(dir, { recursive: true });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('Mã «xa-cam-lo» đã là mã của một xã');
  });

  it('counts completeness and statuses per commune as each commune’s own /tiendo does', async () => {
    const db = test.database.db;
    const report = (
      organizationCode: string,
      officialCode: string,
      indicatorCode: string,
      periodKey: string,
      valueText: string,
    ) =>
      addReport(db, {
        organizationCode,
        officialCode,
        indicatorCode,
        periodKey,
        valueText,
        channel: 'cli',
        today: '2026-12-02',
      });
    // An Phú: NS01 7.100 at Q3 (pace 9.450 × 257/365 ≈ 6.654) on track; XH04 93,2 < 95,15 behind; XH02 0,3 ≤ 0,32 met
    await report('xa-an-phu', 'tckt', 'NS01', '2026-Q3', '7.100');
    await report('xa-an-phu', 'vhxh', 'XH04', '2026-Q3', '93,2');
    await report('xa-an-phu', 'vhxh', 'XH02', '2026-Q3', '0,3');
    // Bình Minh: NS01 12.900 at Q3 (pace ≈ 9.998) on track; in Q4: XH04 96,1 met, QP02 đạt met,
    // KT01 30 against the pace 31,5 × 348/365 ≈ 30,03 → behind (above 80 % of it)
    await report('xa-binh-minh', 'tckt', 'NS01', '2026-Q3', '12.900');
    await report('xa-binh-minh', 'vhxh', 'XH04', '2026-Q4', '96,1');
    await report('xa-binh-minh', 'ct', 'QP02', '2026-Q4', 'đạt');
    await report('xa-binh-minh', 'vp', 'KT01', '2026-Q4', '30');
    // Cam Lộ: NS01 2.100 at Q2 (pace 7.900 × 165/365 ≈ 3.571; 2.100 < 80 %) at risk; XH02 0,5 > 0,32 over the limit
    await report('xa-cam-lo', 'tckt', 'NS01', '2026-Q2', '2.100');
    await report('xa-cam-lo', 'vhxh', 'XH02', '2026-Q3', '0,5');

    const { id } = await provinceByCode(db, 'tinh-demo');
    const view = await provinceProgress(db, id, { at: AT, timeZone: TZ });
    const counts = Object.fromEntries(view.communes.map((c) => [c.code, c.counts]));
    expect(counts['xa-an-phu']).toEqual({
      met: 1,
      on_track: 1,
      behind: 1,
      at_risk: 0,
      over_limit: 0,
      no_report: 9,
    });
    expect(counts['xa-binh-minh']).toEqual({
      met: 2,
      on_track: 1,
      behind: 1,
      at_risk: 0,
      over_limit: 0,
      no_report: 8,
    });
    expect(counts['xa-cam-lo']).toEqual({
      met: 0,
      on_track: 0,
      behind: 0,
      at_risk: 1,
      over_limit: 1,
      no_report: 10,
    });
    // 12 assignments each; only Bình Minh's three Q4 answers count for the period being collected
    expect(view.communes.map((c) => c.completeness)).toEqual([
      { due: 12, reported: 0 },
      { due: 12, reported: 3 },
      { due: 12, reported: 0 },
    ]);
    expect(view.totals).toMatchObject({ due: 36, reported: 3 });
    expect(view.communes.every((c) => c.period?.key === '2026-Q4')).toBe(true);
    for (const commune of view.communes) {
      const own = await campaignProgress(db, {
        organizationCode: commune.code,
        today: '2026-12-02',
        at: AT,
        timeZone: TZ,
      });
      expect(commune.counts).toEqual(own.progress.counts);
      expect(commune.completeness).toEqual({
        due: own.progress.completeness.due,
        reported: own.progress.completeness.reported,
      });
    }
  });

  it('shows one catalogue indicator across the communes: value, share of the own target, who is missing', async () => {
    const { id } = await provinceByCode(test.database.db, 'tinh-demo');
    const across = await catalogAcross(test.database.db, id, 'BHYT_COVERAGE', { at: AT, timeZone: TZ });
    const [anPhu, binhMinh, camLo] = across.communes;
    expect(anPhu).toMatchObject({ status: 'behind', latest: { value: '93.2', periodKey: '2026-Q3' } });
    expect(anPhu?.target).toEqual({ comparator: '>=', value: '95.15', percent: '98' });
    expect(anPhu?.missing.map((o) => o.code)).toEqual(['vhxh']);
    expect(binhMinh).toMatchObject({ status: 'met', missing: [], latest: { value: '96.1' } });
    expect(camLo).toMatchObject({ status: 'no_report', latest: null });

    const text = await tiendo(
      env(),
      'progress',
      '--province',
      'tinh-demo',
      '--catalog',
      'BHYT_COVERAGE',
      '--at',
      AT.toISOString(),
    );
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain('🟡 xa-an-phu UBND xã An Phú (XH04): 93,2 % / ≥ 95,15 % (98 %), Quý III/2026');
    expect(text.out).toContain('chưa báo cáo Quý IV/2026: Hoàng Thị Mai');
    const json = await tiendo(
      env(),
      'progress',
      '--province',
      'tinh-demo',
      '--format',
      'json',
      '--at',
      AT.toISOString(),
    );
    expect(json.code, json.err).toBe(0);
    expect((JSON.parse(json.out) as { totals: { due: number } }).totals.due).toBe(36);
    const unknown = await tiendo(env(), 'progress', '--province', 'tinh-demo', '--catalog', 'NOPE_CODE');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Không có mã «NOPE_CODE» trong danh mục chỉ tiêu chung');
    const commune = await tiendo(env(), 'progress', '--province', 'xa-cam-lo');
    expect(commune.code).toBe(1);
    expect(commune.err).toContain('không phải là tỉnh');
  });
});
