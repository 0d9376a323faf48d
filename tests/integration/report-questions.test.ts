import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { tiendo } from '../support/cli.js';
import type { Database } from '../../src/store/database.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';

const backends = await availableBackends();
const TZ = 'Asia/Ho_Chi_Minh';

describe.each(backends)('plausibility questions on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  let env: Record<string, string>;
  const add = (...args: string[]) =>
    tiendo(env, 'report', 'add', '--official', 'ktnn', '--period', '2026-Q3', ...args);
  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    env = { DATABASE_URL: test.url };
    const imported = await tiendo(env, 'plan', 'import', 'examples/plans/demo.yaml');
    expect(imported.code, imported.err).toBe(0);
  });
  afterAll(async () => test?.drop());

  it('report add refuses "Trong đó" parts above their total with the reason, and --force records them', async () => {
    expect((await add('--indicator', 'KT02', '--value', '1000')).code).toBe(0);
    expect((await add('--indicator', 'KT02a', '--value', '900')).code).toBe(0);
    const refused = await add('--indicator', 'KT02b', '--value', '139');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Các phần «Trong đó» cộng lại (1.039 tấn) lớn hơn tổng (1.000 tấn)');
    expect(refused.err).toContain('--force');
    const listed = await tiendo(env, 'report', 'list', '--period', '2026-Q3', '--json');
    expect((JSON.parse(listed.out) as { indicator: string }[]).map((r) => r.indicator)).not.toContain(
      'KT02b',
    );
    expect((await add('--indicator', 'KT02b', '--value', '100')).code).toBe(0);
    const forced = await add('--indicator', 'KT02b', '--value', '139', '--force');
    expect(forced.code, forced.err).toBe(0);
  });

  it('report add questions a fraction of people; the chat sees the parts around an indicator', async () => {
    const people = await tiendo(
      env,
      'report',
      'add',
      '--official',
      'vhxh',
      '--indicator',
      'XH01',
      '--period',
      '2026-Q3',
      '--value',
      '2,5',
    );
    expect(people).toMatchObject({ code: 1 });
    expect(people.err).toContain('số người thường là số nguyên');
    const store = createDialogStore(test.database, TZ);
    const parts = await store.transaction(async (repo) => {
      const official = await test.database.db.official.findFirstOrThrow({ where: { code: 'ktnn' } });
      const items = await repo.reportItems(official.id, new Date('2026-09-10T02:00:00Z'));
      return items.find((i) => i.code === 'KT02a')?.parts;
    });
    expect(parts).toMatchObject({ total: '1000', siblings: ['139'], children: [] });
  });
});

describe.each(backends)('a plan that has already ended, on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  let env: Record<string, string>;
  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    env = { DATABASE_URL: test.url };
  });
  afterAll(async () => test?.drop());

  it('plan import warns, and progress says the plan is over rather than counting days overdue', async () => {
    const imported = await tiendo(env, 'plan', 'import', 'examples/plans/thi-xa-nga-nam-2023.yaml');
    expect(imported.code, imported.err).toBe(0);
    expect(imported.err).toContain('kế hoạch này đã kết thúc ngày 31/12/2023');
    const progress = await tiendo(env, 'progress', '--at', '2026-12-02T09:00:00+07:00');
    expect(progress.code, progress.err).toBe(0);
    expect(progress.out).toContain('kế hoạch đã kết thúc ngày 31/12/2023');
    expect(progress.out).not.toMatch(/quá hạn \d+ ngày/);
  });
});
