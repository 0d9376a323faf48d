import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n.js';

describe('English plurals', () => {
  it('says "1 problem" and "2 problems", never "problem(s)"', () => {
    const en = createI18n('en').forLocale('en');
    const t = (key: string, params: Record<string, string | number>): string => String(en(key, params));
    expect(t('cli:plan.rejected', { file: 'a.yaml', count: 1 })).toContain('1 problem to fix');
    expect(t('cli:plan.rejected', { file: 'a.yaml', count: 2 })).toContain('2 problems to fix');
    expect(t('cli:db.migrate.up_to_date', { count: 1 })).toBe('The database is up to date (1 migration).');
    expect(t('cli:start.serving', { count: 3 })).toBe('Following 3 plans:');
    expect(t('plan:import.period_has_reports', { period: 'Q1', count: 1 })).toContain('1 report belongs');
    const vi = createI18n('vi').forLocale('vi');
    expect(vi('cli:plan.rejected', { file: 'a.yaml', count: 2 })).toContain('có 2 chỗ cần sửa');
  });
});
