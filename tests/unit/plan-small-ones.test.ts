import { describe, expect, it } from 'vitest';
import { groupWarnings } from '../../src/domain/plan/warnings.js';
import { parsePlanText } from '../../src/services/plan-file.js';

const plan = (indicators: string[]) =>
  [
    'organization: { code: xa-a, name: "UBND xã A" }',
    'campaign: { code: xa-a-2026, title: "Kế hoạch", kind: annual, start: 2026-01-01, end: 2026-12-31 }',
    'officials: [ { code: ct, name: "Chủ tịch", role: chairman } ]',
    'indicators:',
    ...indicators,
    '',
  ].join('\n');

describe('plan files: the small ones', () => {
  it('takes unit "" on a yes/no goal as no unit (what plan show --json writes), and refuses it elsewhere', () => {
    const yesNo = parsePlanText(
      plan([
        '  - { code: QP, name: "Xã vững mạnh", category: "QP", unit: "", measure: boolean, assignees: [ct] }',
      ]),
    );
    expect(yesNo.ok).toBe(true);
    if (yesNo.ok) expect(yesNo.plan.indicators[0]?.unit).toBe('');
    const count = parsePlanText(
      plan([
        '  - { code: A, name: "Thu", category: "NS", unit: "", measure: cumulative, target: 5, assignees: [ct] }',
      ]),
    );
    expect(count.ok).toBe(false);
    if (!count.ok)
      expect(count.problems.map((p) => [p.key, p.path.join('.')])).toEqual([
        ['plan:error.required', 'indicators.0.unit'],
      ]);
  });

  it('groups the warnings about many indicators into one line, codes listed up to a limit', () => {
    const codes = Array.from({ length: 14 }, (_, i) => `KT${String(i + 1).padStart(2, '0')}`);
    const result = parsePlanText(
      plan(
        codes.map(
          (c) =>
            `  - { code: ${c}, name: "Chỉ tiêu ${c}", category: "KT", unit: "tấn", measure: cumulative, target: 5 }`,
        ),
      ),
    );
    expect(result.warnings).toHaveLength(14);
    expect(groupWarnings(result.warnings)).toEqual([
      {
        path: [],
        key: 'plan:warning.no_assignee_group',
        params: { count: 14, codes: 'KT01, KT02, KT03, KT04, KT05, KT06, KT07, KT08, KT09, KT10, …' },
      },
    ]);
    const one = groupWarnings(result.warnings.slice(0, 1));
    expect(one).toEqual(result.warnings.slice(0, 1));
  });
});
