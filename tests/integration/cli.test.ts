import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigrations } from '../../src/store/migrate.js';
import { tiendo } from '../support/cli.js';
import { availableBackends, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { TIENDO_BIN } from '../support/tiendo-process.js';

const run = promisify(execFile);
const backends = await availableBackends();
const DEMO = 'examples/plans/demo.yaml';

describe.each(backends)('the tiendo command line on %s', (kind) => {
  let test: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    env = { DATABASE_URL: test.url };
  });
  afterAll(async () => test?.drop());

  it('imports every example plan, and a second import changes nothing', async () => {
    for (const file of [
      'examples/plans/phuong-truong-quang-trong-2023.yaml',
      'examples/plans/thi-xa-nga-nam-2023.yaml',
      'examples/plans/quan-90-ngay-nuoc-rut-2024.yaml',
      DEMO,
    ]) {
      const first = await tiendo(env, 'plan', 'import', file);
      expect(first.code, first.err).toBe(0);
      expect(first.out).toContain('Thêm');
      const second = await tiendo(env, 'plan', 'import', file);
      expect(second).toMatchObject({ code: 0 });
      expect(second.out).toContain('Không có gì thay đổi');
    }
  });

  it('rejects a broken plan with every problem and its place, and changes nothing', async () => {
    const before = await tiendo(env, 'plan', 'show', '--org', 'quang-trung', '--json');
    const dir = mkdtempSync(join(tmpdir(), 'tiendo-plan-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      [
        'organization: { code: quang-trung, name: "UBND xã Quang Trung (sửa)" }',
        'campaign: { code: quang-trung-2026, title: "Kế hoạch", kind: annual, start: 2026-01-01, end: 2026-12-31 }',
        'officials: [ { code: ct, name: "Chủ tịch", role: chairman } ]',
        'indicators:',
        '  - { code: A1, name: "Thu ngân sách", category: "Ngân sách", unit: "triệu đồng", measure: cumulative, target: 11.807, assignees: [ct] }',
        '  - { code: A2, name: "Tỷ lệ BHYT", category: "Văn hóa - xã hội", unit: "%", measure: level, taget: ">= 95" }',
        '  - { code: A3, name: "Sản lượng", category: "Kinh tế", unit: "tấn", measure: cumulative, target: "abc", assignees: [nobody] }',
      ].join('\n'),
    );
    const result = await tiendo(env, 'plan', 'import', file);
    expect(result.code).toBe(1);
    expect(result.err).toContain('indicators[0].target (dòng 5)');
    expect(result.err).toContain('indicators[1].taget (dòng 6)');
    expect(result.err).toContain('Cơ sở dữ liệu không thay đổi');
    expect(result.err.split('\n').filter((l) => l.startsWith('  - ')).length).toBeGreaterThanOrEqual(2);
    const after = await tiendo(env, 'plan', 'show', '--org', 'quang-trung', '--json');
    expect(after.out).toBe(before.out);
  });

  it('records Vietnamese numbers exactly and keeps every correction', async () => {
    const add = (value: string, ...extra: string[]) =>
      tiendo(
        env,
        'report',
        'add',
        '--org',
        'quang-trung',
        '--official',
        'tckt',
        '--indicator',
        'NS01',
        '--period',
        '2026-Q3',
        '--value',
        value,
        ...extra,
      );
    const first = await add('8.540,5', '--note', 'Số ước');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('8.540,5 triệu đồng');
    const second = await add('8,54 tỷ');
    expect(second.out).toContain('lần sửa thứ 2');
    const bad = await add('1.2.3');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/1\.2\.3/);
    const list = await tiendo(env, 'report', 'list', '--org', 'quang-trung', '--history', '--json');
    const rows = JSON.parse(list.out) as {
      value: string;
      revision: number;
      note: string | null;
      channel: string;
    }[];
    expect(rows.map((r) => [r.revision, r.value, r.note, r.channel])).toEqual([
      [1, '8540.5', 'Số ước', 'cli'],
      [2, '8540', 'Số ước', 'cli'],
    ]);
  });

  it('asks for --org when several organizations are stored', async () => {
    const result = await tiendo(env, 'official', 'list');
    expect(result.code).toBe(1);
    expect(result.err).toContain('--org');
    const listed = await tiendo(env, 'official', 'list', '--org', 'quang-trung', '--json');
    expect(JSON.parse(listed.out)).toContainEqual(expect.objectContaining({ code: 'ct', role: 'chairman' }));
  });

  it('edits holidays and moves shifted deadlines with them', async () => {
    const added = await tiendo(env, 'holiday', 'add', '2026-12-14', 'Ngày nghỉ thử');
    expect(added.code, added.err).toBe(0);
    const listed = await tiendo(env, 'holiday', 'list', '--year', '2026', '--json');
    expect(JSON.parse(listed.out)).toContainEqual({ date: '2026-12-14', name: 'Ngày nghỉ thử', kind: 'off' });
    const removed = await tiendo(env, 'holiday', 'remove', '2026-12-14');
    expect(removed.code).toBe(0);
    expect((await tiendo(env, 'holiday', 'remove', '2026-12-14')).code).toBe(1);
    expect((await tiendo(env, 'holiday', 'add', '2026-13-01', 'x')).code).toBe(1);
  });

  it('reports the migration state', async () => {
    const status = await tiendo(env, 'db', 'status');
    expect(status.code).toBe(0);
    expect(status.out).toContain(`Đã áp dụng: ${readMigrations(kind).length}`);
    expect(status.out).not.toMatch(/password/);
  });
});

describe('the tiendo command line itself', () => {
  it('shows help in Vietnamese for every command', async () => {
    const env = { DATABASE_URL: 'file:/nonexistent/never-opened.db' };
    const top = await tiendo(env, '--help');
    expect(top.code).toBe(0);
    expect(top.out).toContain('Cách dùng:');
    expect(top.out).toContain('Lệnh:');
    for (const command of [
      ['plan', 'import'],
      ['plan', 'show'],
      ['report', 'add'],
      ['report', 'list'],
      ['official', 'list'],
      ['holiday', 'add'],
      ['db', 'migrate'],
      ['start'],
    ]) {
      const help = await tiendo(env, ...command, '--help');
      expect(help.code).toBe(0);
      expect(help.out).toContain('Tùy chọn:');
    }
  });

  it('explains misuse in the reader’s language with exit code 2', async () => {
    const env = { DATABASE_URL: 'file:/nonexistent/never-opened.db' };
    expect(await tiendo(env, 'plan', 'import')).toMatchObject({
      code: 2,
      err: expect.stringContaining('Thiếu tham số'),
    });
    expect(await tiendo(env, 'nope')).toMatchObject({
      code: 2,
      err: expect.stringContaining('Lệnh không có'),
    });
    const english = await tiendo({ ...env, TIENDO_LOCALE: 'en' }, 'report', 'add');
    expect(english).toMatchObject({ code: 2, err: expect.stringContaining('Missing required option') });
  });

  it('refuses a bad configuration with every problem named', async () => {
    const result = await tiendo(
      { DATABASE_URL: 'mysql://x', TIENDO_TIME_ZONE: 'Mars/Olympus' },
      'plan',
      'show',
    );
    expect(result.code).toBe(2);
    expect(result.err).toContain('DATABASE_URL');
    expect(result.err).toContain('TIENDO_TIME_ZONE');
  });

  it('runs as a real process through the package bin, and npm start loads the demo', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiendo-bin-'));
    const env = {
      ...process.env,
      DATABASE_URL: `file:${join(dir, 'tiendo.db')}`,
      LOG_LEVEL: 'warn',
      TIENDO_CONSOLE: 'off',
    };
    // from another working directory: the compiled code finds its migrations, locales and demo plan
    const started = await run(process.execPath, [TIENDO_BIN, 'start'], { env, cwd: dir });
    expect(started.stdout).toContain('Đã nạp kế hoạch mẫu');
    expect(started.stdout).toMatch(/Quý (I|II|III|IV)\/\d{4}|đã hết các kỳ báo cáo/);
    const shown = await run(process.execPath, [TIENDO_BIN, 'plan', 'show', '--json'], { env, cwd: dir });
    expect(JSON.parse(shown.stdout).organization.code).toBe('quang-trung');
    const failed = await run(
      process.execPath,
      [TIENDO_BIN, 'report', 'add', '--official', 'x', '--indicator', 'y', '--period', 'z', '--value', '1'],
      { env },
    ).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
  });

  it('start loads the demo into an empty database only when TIENDO_DEMO allows it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiendo-demo-'));
    const off = await tiendo({ DATABASE_URL: `file:${join(dir, 'off.db')}`, TIENDO_DEMO: 'off' }, 'start');
    expect(off.out).toContain('Chưa có kế hoạch nào');
    const other = { DATABASE_URL: `file:${join(dir, 'other.db')}` };
    expect((await tiendo(other, 'plan', 'import', 'examples/plans/thi-xa-nga-nam-2023.yaml')).code).toBe(0);
    expect((await tiendo({ ...other, TIENDO_DEMO: 'auto' }, 'start')).out).toContain(
      'Đang theo dõi 1 kế hoạch',
    );
    const on = await tiendo({ ...other, TIENDO_DEMO: 'on' }, 'start');
    expect(on.out).toContain('Đã nạp kế hoạch mẫu');
    expect(on.out).toContain('Đang theo dõi 2 kế hoạch');
  });

  it('declares its commands without loading what they run: help imports no service, database or schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiendo-help-'));
    const record = join(dir, 'imports.txt');
    const hook = new URL('../support/record-imports.js', import.meta.url).href;
    const help = await run(process.execPath, ['--import', hook, TIENDO_BIN, '--help'], {
      env: { ...process.env, RECORD_IMPORTS: record },
      cwd: dir,
    });
    expect(help.stdout).toContain('report');
    const loaded = readFileSync(record, 'utf8').split('\n');
    expect(loaded.some((url) => url.includes('/node_modules/commander/'))).toBe(true);
    const heavy = loaded.filter((url) =>
      /\/node_modules\/(@prisma|zod|pino|luxon|exceljs|pdfjs-dist|fastify|telegraf)\/|\/dist\/(store\/generated|cli\/actions|main\.js|config\.js)/.test(
        url,
      ),
    );
    expect(heavy).toEqual([]);
  });

  it('reads a .env file in the working directory, the environment winning over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiendo-env-'));
    writeFileSync(join(dir, '.env'), `TIENDO_LOCALE=en\nDATABASE_URL=file:${join(dir, 'x.db')}\n`);
    const bin = TIENDO_BIN;
    const { TIENDO_LOCALE: _ignored, ...inherited } = process.env;
    expect((await run(process.execPath, [bin, '--help'], { cwd: dir, env: inherited })).stdout).toContain(
      'Usage:',
    );
    expect(
      (await run(process.execPath, [bin, '--help'], { cwd: dir, env: { ...inherited, TIENDO_LOCALE: 'vi' } }))
        .stdout,
    ).toContain('Cách dùng:');
  });
});
