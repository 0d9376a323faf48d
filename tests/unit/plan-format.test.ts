import { describe, expect, it } from 'vitest';
import { formatPath, type Plan } from '../../src/domain/plan/plan.js';
import { parsePlanText, type LocatedProblem } from '../../src/services/plan-file.js';

/**
 * The plan loader (YAML → checked plan) on small texts. Every problem is checked for its i18n key, the
 * place it names (`indicators[0].target`) and the line it gives, since that is all an author gets.
 */

// Line numbers matter below: keep this text as it is and vary it with `vary`.
const MINIMAL = [
  /*  1 */ 'organization: { code: xa-a, name: "UBND xã A" }',
  /*  2 */ 'campaign:',
  /*  3 */ '  code: xa-a-2026',
  /*  4 */ '  title: "Kế hoạch năm 2026"',
  /*  5 */ '  kind: annual',
  /*  6 */ '  start: 2026-01-01',
  /*  7 */ '  end: 2026-12-31',
  /*  8 */ 'units:',
  /*  9 */ '  - { code: kinh-te, name: "Kinh tế" }',
  /* 10 */ 'officials:',
  /* 11 */ '  - { code: ct, name: "Chủ tịch", role: chairman }',
  /* 12 */ '  - { code: kt1, name: "Cán bộ 1", role: officer, unit: kinh-te }',
  /* 13 */ '  - { code: kt2, name: "Cán bộ 2", title: "Công chức", role: officer, unit: kinh-te }',
  /* 14 */ 'indicators:',
  /* 15 */ '  - code: NS01',
  /* 16 */ '    name: "Thu ngân sách"',
  /* 17 */ '    category: "Ngân sách"',
  /* 18 */ '    unit: "triệu đồng"',
  /* 19 */ '    measure: cumulative',
  /* 20 */ '    target: ">= 11.807"',
  /* 21 */ '    assignees: [ct]',
  '',
].join('\n');

/** MINIMAL with `from` (which must occur exactly once) replaced by `to`. */
function vary(from: string, to: string, text: string = MINIMAL): string {
  expect(text.split(from), `"${from}" occurs once`).toHaveLength(2);
  return text.replace(from, to);
}

/** MINIMAL with lines added at its end (line 22 onwards), under `indicators:`. */
function withIndicators(...lines: string[]): string {
  return `${MINIMAL}${lines.join('\n')}\n`;
}

function load(text: string): Plan {
  const result = parsePlanText(text);
  if (!result.ok) throw new Error(`expected a valid plan: ${JSON.stringify(result.problems)}`);
  return result.plan;
}

interface Shown {
  key: string;
  path: string;
  line: number | undefined;
  params?: Record<string, string | number>;
}

function show(problem: LocatedProblem, withParams: boolean): Shown {
  const out: Shown = { key: problem.key, path: formatPath(problem.path), line: problem.line };
  if (withParams && problem.params) out.params = problem.params;
  return out;
}

/** The problems of a text that must not load, without their params. */
function problems(text: string): Shown[] {
  const result = parsePlanText(text);
  if (result.ok) throw new Error('expected the plan to be refused');
  return result.problems.map((p) => show(p, false));
}

/** The same, params included. */
function problemsWithParams(text: string): Shown[] {
  const result = parsePlanText(text);
  if (result.ok) throw new Error('expected the plan to be refused');
  return result.problems.map((p) => show(p, true));
}

describe('a valid plan', () => {
  it('loads the minimal plan into the exact normalized shape', () => {
    const result = parsePlanText(MINIMAL);
    expect(result).toEqual({
      ok: true,
      warnings: [],
      plan: {
        organization: { code: 'xa-a', name: 'UBND xã A' },
        campaign: {
          code: 'xa-a-2026',
          title: 'Kế hoạch năm 2026',
          year: 2026,
          kind: 'annual',
          schedule: {
            kind: 'annual',
            start: '2026-01-01',
            end: '2026-12-31',
            scheme: 'quarterly',
            deadline: { time: '17:00', daysAfterCutoff: 0, shift: 'none' },
          },
        },
        units: [{ code: 'kinh-te', name: 'Kinh tế' }],
        officials: [
          { code: 'ct', name: 'Chủ tịch', title: null, role: 'chairman', unitCode: null },
          { code: 'kt1', name: 'Cán bộ 1', title: null, role: 'officer', unitCode: 'kinh-te' },
          { code: 'kt2', name: 'Cán bộ 2', title: 'Công chức', role: 'officer', unitCode: 'kinh-te' },
        ],
        indicators: [
          {
            code: 'NS01',
            parentCode: null,
            name: 'Thu ngân sách',
            category: 'Ngân sách',
            unit: 'triệu đồng',
            measure: 'cumulative',
            // ">= 11.807" is read the Vietnamese way: eleven thousand eight hundred and seven
            targets: [{ source: '', comparator: '>=', value: '11807' }],
            assignees: ['ct'],
            note: null,
            position: 1,
          },
        ],
      },
    });
  });

  it('reads every way of writing a target into a canonical comparator and value', () => {
    const plan = load(
      withIndicators(
        '  - { code: KT01, name: "Sản lượng", category: "Kinh tế", unit: "tấn", measure: cumulative, target: 663, assignees: [kt1] }',
        '  - { code: XH01, name: "Tỷ lệ hộ nghèo", category: "Xã hội", unit: "%", measure: level, target: "<= 0,32", assignees: [kt1] }',
        '  - { code: XH02, name: "Trường đạt chuẩn", category: "Xã hội", unit: "%", measure: level, target: "= 100", assignees: [kt2] }',
        '  - { code: XH03, name: "Số câu lạc bộ", category: "Xã hội", unit: "câu lạc bộ", measure: level, target: "≥ 5", assignees: [kt2] }',
        '  - { code: XH04, name: "Tỷ lệ BHYT", category: "Xã hội", unit: "%", measure: level, target: "95,5%", assignees: [kt2] }',
        '  - { code: QP01, name: "Vững mạnh về quốc phòng", category: "Quốc phòng", measure: boolean, assignees: [ct] }',
        '  - { code: QP02, name: "An toàn về an ninh trật tự", category: "Quốc phòng", measure: boolean, target: "Đạt", assignees: [ct] }',
      ),
    );
    const targets = Object.fromEntries(plan.indicators.map((i) => [i.code, i.targets]));
    expect(targets).toEqual({
      NS01: [{ source: '', comparator: '>=', value: '11807' }],
      KT01: [{ source: '', comparator: '>=', value: '663' }],
      XH01: [{ source: '', comparator: '<=', value: '0.32' }],
      XH02: [{ source: '', comparator: '=', value: '100' }],
      XH03: [{ source: '', comparator: '>=', value: '5' }],
      XH04: [{ source: '', comparator: '>=', value: '95.5' }],
      QP01: [{ source: '', comparator: '=', value: '1' }],
      QP02: [{ source: '', comparator: '=', value: '1' }],
    });
    // a boolean indicator has no unit
    expect(plan.indicators.find((i) => i.code === 'QP01')).toMatchObject({ unit: '', measure: 'boolean' });
    expect(plan.indicators.map((i) => i.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('lets children inherit category, unit, measure and assignees, each overridable', () => {
    const plan = load(
      withIndicators(
        '  - code: KT02',
        '    name: "Sản lượng lương thực"',
        '    category: "Kinh tế"',
        '    unit: "tấn"',
        '    measure: cumulative',
        '    target: ">= 1.409"',
        '    assignees: [kt1]',
        '    note: "  Theo Nghị quyết  "',
        '    children:',
        '      - { code: KT02a, name: "Lúa", target: ">= 1.270" }',
        '      - { code: KT02b, name: "Ngô", target: 139, assignees: [kt2] }',
        '      - { code: KT02c, name: "Năng suất lúa", category: "Năng suất", unit: "tạ/ha", measure: level, target: "55,5" }',
        '      - code: KT02d',
        '        name: "Vùng lúa đạt chuẩn"',
        '        measure: boolean',
        '        children:',
        '          - { code: KT02d1, name: "Vùng 1" }',
        '  - { code: KT03, name: "Sau", category: "Kinh tế", unit: "ha", measure: level, target: 2, assignees: [ct] }',
      ),
    );
    const rows = plan.indicators.map((i) => ({
      code: i.code,
      parent: i.parentCode,
      category: i.category,
      unit: i.unit,
      measure: i.measure,
      targets: i.targets.map((t) => `${t.comparator} ${t.value}`),
      assignees: i.assignees,
      position: i.position,
    }));
    expect(rows).toEqual([
      {
        code: 'NS01',
        parent: null,
        category: 'Ngân sách',
        unit: 'triệu đồng',
        measure: 'cumulative',
        targets: ['>= 11807'],
        assignees: ['ct'],
        position: 1,
      },
      {
        code: 'KT02',
        parent: null,
        category: 'Kinh tế',
        unit: 'tấn',
        measure: 'cumulative',
        targets: ['>= 1409'],
        assignees: ['kt1'],
        position: 2,
      },
      {
        code: 'KT02a',
        parent: 'KT02',
        category: 'Kinh tế',
        unit: 'tấn',
        measure: 'cumulative',
        targets: ['>= 1270'],
        assignees: ['kt1'],
        position: 3,
      },
      {
        code: 'KT02b',
        parent: 'KT02',
        category: 'Kinh tế',
        unit: 'tấn',
        measure: 'cumulative',
        targets: ['>= 139'],
        assignees: ['kt2'],
        position: 4,
      },
      {
        code: 'KT02c',
        parent: 'KT02',
        category: 'Năng suất',
        unit: 'tạ/ha',
        measure: 'level',
        targets: ['>= 55.5'],
        assignees: ['kt1'],
        position: 5,
      },
      // a boolean child does not inherit its parent's unit
      {
        code: 'KT02d',
        parent: 'KT02',
        category: 'Kinh tế',
        unit: '',
        measure: 'boolean',
        targets: ['= 1'],
        assignees: ['kt1'],
        position: 6,
      },
      {
        code: 'KT02d1',
        parent: 'KT02d',
        category: 'Kinh tế',
        unit: '',
        measure: 'boolean',
        targets: ['= 1'],
        assignees: ['kt1'],
        position: 7,
      },
      {
        code: 'KT03',
        parent: null,
        category: 'Kinh tế',
        unit: 'ha',
        measure: 'level',
        targets: ['>= 2'],
        assignees: ['ct'],
        position: 8,
      },
    ]);
    expect(plan.indicators.find((i) => i.code === 'KT02')?.note).toBe('Theo Nghị quyết');
  });

  it('expands a unit code in assignees to the officials of that unit, without duplicates', () => {
    const plan = load(
      withIndicators(
        '  - { code: KT01, name: "Sản lượng", category: "Kinh tế", unit: "tấn", measure: cumulative, target: 663, assignees: [kinh-te] }',
        '  - { code: KT02, name: "Diện tích", category: "Kinh tế", unit: "ha", measure: level, target: 5, assignees: [kt2, ct, kinh-te] }',
      ),
    );
    expect(plan.indicators.find((i) => i.code === 'KT01')?.assignees).toEqual(['kt1', 'kt2']);
    expect(plan.indicators.find((i) => i.code === 'KT02')?.assignees).toEqual(['kt2', 'ct', 'kt1']);
  });

  it('keeps two targets from two sources, in order', () => {
    const plan = load(
      vary(
        '    target: ">= 11.807"',
        [
          '    targets:',
          '      - { source: "Tỉnh giao", target: ">= 12.500,5" }',
          '      - { source: " HĐND xã giao ", target: 11807 }',
        ].join('\n'),
      ),
    );
    expect(plan.indicators[0]?.targets).toEqual([
      { source: 'Tỉnh giao', comparator: '>=', value: '12500.5' },
      { source: 'HĐND xã giao', comparator: '>=', value: '11807' },
    ]);
  });

  it('reads a sprint with its checkpoints, periods and deadline', () => {
    const plan = load(
      vary(
        '  kind: annual\n  start: 2026-01-01\n  end: 2026-12-31',
        [
          '  kind: sprint',
          '  start: 2026-10-03',
          '  end: 2026-12-31',
          '  checkpoints: [2026-11-01, 2026-12-01, 2026-12-31]',
          '  deadline: { time: "09:30", days_after_cutoff: 2, shift: next_working_day }',
        ].join('\n'),
      ),
    );
    expect(plan.campaign).toEqual({
      code: 'xa-a-2026',
      title: 'Kế hoạch năm 2026',
      year: 2026,
      kind: 'sprint',
      schedule: {
        kind: 'sprint',
        start: '2026-10-03',
        end: '2026-12-31',
        scheme: 'checkpoints',
        checkpoints: ['2026-11-01', '2026-12-01', '2026-12-31'],
        deadline: { time: '09:30', daysAfterCutoff: 2, shift: 'next_working_day' },
      },
    });
  });

  it('warns, without failing, about an indicator nobody is assigned', () => {
    const result = parsePlanText(
      withIndicators(
        '  - { code: KT01, name: "Sản lượng", category: "Kinh tế", unit: "tấn", measure: cumulative, target: 663 }',
      ),
    );
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => show(w, true))).toEqual([
      { key: 'plan:warning.no_assignee', path: 'indicators[1]', line: 22, params: { code: 'KT01' } },
    ]);
  });

  it('does not warn about a parent whose children are assigned', () => {
    const result = parsePlanText(
      withIndicators(
        '  - code: KT02',
        '    name: "Sản lượng lương thực"',
        '    category: "Kinh tế"',
        '    unit: "tấn"',
        '    measure: cumulative',
        '    target: 1409',
        '    children:',
        '      - { code: KT02a, name: "Lúa", target: 1270, assignees: [kt1] }',
      ),
    );
    expect(result).toMatchObject({ ok: true, warnings: [] });
  });
});

describe('a plan with a problem', () => {
  it('refuses an unknown key (a typo) at the key itself', () => {
    // The checks go on without the mistyped key, so the target it was meant to be is missing too.
    expect(problems(vary('    target: ">= 11.807"', '    taget: ">= 11.807"'))).toEqual([
      { key: 'plan:error.missing_target', path: 'indicators[0].target', line: 15 },
      { key: 'plan:error.unknown_key', path: 'indicators[0].taget', line: 20 },
    ]);
    expect(problems(vary('  kind: annual', '  kind: annual\n  period: quarterly'))).toEqual([
      { key: 'plan:error.unknown_key', path: 'campaign.period', line: 6 },
    ]);
  });

  it('refuses missing required fields', () => {
    expect(problems(vary('    name: "Thu ngân sách"\n', ''))).toEqual([
      { key: 'plan:error.required', path: 'indicators[0].name', line: 15 },
    ]);
    expect(problems(vary('  title: "Kế hoạch năm 2026"\n', ''))).toEqual([
      { key: 'plan:error.required', path: 'campaign.title', line: 2 },
    ]);
    // YAML's empty value is null: missing as well
    expect(problems(vary('  title: "Kế hoạch năm 2026"', '  title:'))).toEqual([
      { key: 'plan:error.required', path: 'campaign.title', line: 4 },
    ]);
    expect(problems(vary('organization: { code: xa-a, name: "UBND xã A" }\n', ''))).toEqual([
      { key: 'plan:error.required', path: 'organization', line: 1 },
    ]);
    // category, unit and measure may come from a parent, so they are checked after the schema
    expect(
      problems(vary('    category: "Ngân sách"\n    unit: "triệu đồng"\n    measure: cumulative\n', '')),
    ).toEqual([
      { key: 'plan:error.required', path: 'indicators[0].category', line: 15 },
      { key: 'plan:error.required', path: 'indicators[0].measure', line: 15 },
      { key: 'plan:error.required', path: 'indicators[0].unit', line: 15 },
    ]);
    expect(problems(vary('    category: "Ngân sách"\n', ''))).toEqual([
      { key: 'plan:error.required', path: 'indicators[0].category', line: 15 },
    ]);
  });

  it('refuses a value of the wrong type, as a wrong type and not as missing', () => {
    expect(problemsWithParams(vary('    name: "Thu ngân sách"', '    name: [a, b]'))).toEqual([
      {
        key: 'plan:error.invalid_type',
        path: 'indicators[0].name',
        line: 16,
        params: { expected: 'string' },
      },
    ]);
  });

  it('refuses an empty list of indicators', () => {
    const text = MINIMAL.slice(0, MINIMAL.indexOf('indicators:')) + 'indicators: []\n';
    expect(problemsWithParams(text)).toEqual([
      { key: 'plan:error.too_few', path: 'indicators', line: 14, params: { minimum: 1 } },
    ]);
  });

  it('refuses a value outside an enumeration', () => {
    expect(problemsWithParams(vary('    measure: cumulative', '    measure: weird'))).toEqual([
      {
        key: 'plan:error.invalid_value',
        path: 'indicators[0].measure',
        line: 19,
        params: { allowed: 'cumulative, level, boolean' },
      },
    ]);
    expect(
      problems(
        vary(
          '  - { code: ct, name: "Chủ tịch", role: chairman }',
          '  - { code: ct, name: "Chủ tịch", role: boss }',
        ),
      ),
    ).toEqual([{ key: 'plan:error.invalid_value', path: 'officials[0].role', line: 11 }]);
  });

  it('refuses a bad code', () => {
    expect(problems(vary('  - code: NS01', '  - code: "NS 01"'))).toEqual([
      { key: 'plan:error.bad_code', path: 'indicators[0].code', line: 15 },
    ]);
    expect(problems(vary('  - { code: kt1,', '  - { code: cán-bộ-1,'))).toEqual([
      { key: 'plan:error.bad_code', path: 'officials[1].code', line: 12 },
    ]);
  });

  it('refuses a date that does not exist, and a deadline time that does not', () => {
    expect(problems(vary('  start: 2026-01-01', '  start: 2023-02-30'))).toEqual([
      { key: 'plan:error.bad_date', path: 'campaign.start', line: 6 },
    ]);
    expect(problems(vary('  end: 2026-12-31', '  end: 31/12/2026'))).toEqual([
      { key: 'plan:error.bad_date', path: 'campaign.end', line: 7 },
    ]);
    expect(problems(vary('  end: 2026-12-31', '  end: 2026-12-31\n  deadline: { time: "25:00" }'))).toEqual([
      { key: 'plan:error.bad_time', path: 'campaign.deadline.time', line: 8 },
    ]);
  });

  it('refuses an end before the start, with the calendar module’s message', () => {
    expect(problemsWithParams(vary('  end: 2026-12-31', '  end: 2025-12-31'))).toEqual([
      {
        key: 'calendar:error.end_before_start',
        path: 'campaign.end',
        line: 7,
        params: { start: '01/01/2026', end: '31/12/2025' },
      },
    ]);
  });

  it('refuses an unquoted number YAML would read the English way, wherever it is', () => {
    expect(problemsWithParams(vary('    target: ">= 11.807"', '    target: 11.807'))).toEqual([
      {
        key: 'plan:error.ambiguous_number',
        path: 'indicators[0].target',
        line: 20,
        params: { value: '11.807' },
      },
    ]);
    const nested = withIndicators(
      '  - code: KT02',
      '    name: "Sản lượng"',
      '    category: "Kinh tế"',
      '    unit: "tấn"',
      '    measure: cumulative',
      '    targets: [{ source: "Tỉnh giao", target: ">= 1.409" }, { source: "Xã giao", target: 1.500 }]',
      '    assignees: [kt1]',
      '    children:',
      '      - { code: KT02a, name: "Lúa", target: 1.270 }',
    );
    expect(problems(nested)).toEqual([
      { key: 'plan:error.ambiguous_number', path: 'indicators[1].targets[1].target', line: 27 },
      { key: 'plan:error.ambiguous_number', path: 'indicators[1].children[0].target', line: 30 },
    ]);
    // a decimal that cannot be thousands is fine, and so is a quoted one
    expect(parsePlanText(vary('    target: ">= 11.807"', '    target: 11.8')).ok).toBe(true);
    expect(parsePlanText(vary('    target: ">= 11.807"', '    target: "11.807"')).ok).toBe(true);
  });

  it('refuses a target that is not a number, with the numbers module’s message', () => {
    expect(problemsWithParams(vary('    target: ">= 11.807"', '    target: "abc"'))).toEqual([
      { key: 'numbers:error.not_a_number', path: 'indicators[0].target', line: 20, params: { input: 'abc' } },
    ]);
    expect(problems(vary('    target: ">= 11.807"', '    target: ">= 5 tấn"'))).toEqual([
      { key: 'numbers:error.unit_mismatch', path: 'indicators[0].target', line: 20 },
    ]);
  });

  it('refuses an indicator code used by a parent and its child', () => {
    const text = vary(
      '    assignees: [ct]',
      [
        '    assignees: [ct]',
        '    children:',
        '      - { code: NS02, name: "Thu thuế", target: 1 }',
        '      - { code: NS01, name: "Thu phí", target: 2 }',
      ].join('\n'),
    );
    expect(problemsWithParams(text)).toEqual([
      {
        key: 'plan:error.duplicate_code',
        path: 'indicators[0].children[1].code',
        line: 24,
        params: { code: 'NS01' },
      },
    ]);
  });

  it('refuses two officials, or two units, with the same code, and an official coded like a unit', () => {
    expect(problemsWithParams(vary('  - { code: kt2,', '  - { code: kt1,'))).toEqual([
      { key: 'plan:error.duplicate_code', path: 'officials[2].code', line: 13, params: { code: 'kt1' } },
    ]);
    expect(
      problems(
        vary(
          '  - { code: kinh-te, name: "Kinh tế" }',
          '  - { code: kinh-te, name: "Kinh tế" }\n  - { code: kinh-te, name: "Tài chính" }',
        ),
      ),
    ).toEqual([{ key: 'plan:error.duplicate_code', path: 'units[1].code', line: 10 }]);
    expect(
      problems(
        vary('  - { code: ct,', '  - { code: kinh-te,').replace('assignees: [ct]', 'assignees: [kt1]'),
      ),
    ).toEqual([{ key: 'plan:error.code_is_unit', path: 'officials[0].code', line: 11 }]);
  });

  it('refuses an assignee that is neither an official nor a unit', () => {
    expect(problemsWithParams(vary('    assignees: [ct]', '    assignees: [ct, nobody]'))).toEqual([
      {
        key: 'plan:error.unknown_assignee',
        path: 'indicators[0].assignees[1]',
        line: 21,
        params: { code: 'nobody' },
      },
    ]);
  });

  it('refuses a unit nobody belongs to as an assignee', () => {
    const text = vary(
      '  - { code: kinh-te, name: "Kinh tế" }',
      '  - { code: kinh-te, name: "Kinh tế" }\n  - { code: trong, name: "Trống" }',
    );
    expect(problems(vary('    assignees: [ct]', '    assignees: [trong]', text))).toEqual([
      { key: 'plan:error.empty_unit', path: 'indicators[0].assignees[0]', line: 22 },
    ]);
  });

  it('refuses an official in an unknown unit', () => {
    expect(
      problemsWithParams(
        vary('"Cán bộ 1", role: officer, unit: kinh-te }', '"Cán bộ 1", role: officer, unit: ke-toan }'),
      ),
    ).toEqual([
      { key: 'plan:error.unknown_unit', path: 'officials[1].unit', line: 12, params: { code: 'ke-toan' } },
    ]);
  });

  it('refuses target and targets together, at the line of "targets:"', () => {
    const text = vary(
      '    target: ">= 11.807"',
      '    target: ">= 11.807"\n    targets:\n      - { source: "Tỉnh giao", target: 12000 }',
    );
    expect(problems(text)).toEqual([
      { key: 'plan:error.target_and_targets', path: 'indicators[0].targets', line: 21 },
    ]);
  });

  it('refuses the same source twice in targets', () => {
    const text = vary(
      '    target: ">= 11.807"',
      [
        '    targets:',
        '      - { source: "Tỉnh giao", target: 12000 }',
        '      - { source: "Tỉnh giao", target: 11807 }',
      ].join('\n'),
    );
    expect(problemsWithParams(text)).toEqual([
      {
        key: 'plan:error.duplicate_source',
        path: 'indicators[0].targets[1].source',
        line: 22,
        params: { source: 'Tỉnh giao' },
      },
    ]);
  });

  it('refuses a cumulative or level indicator without a target', () => {
    expect(problems(vary('    target: ">= 11.807"\n', ''))).toEqual([
      { key: 'plan:error.missing_target', path: 'indicators[0].target', line: 15 },
    ]);
  });

  it('refuses a numeric target on a boolean indicator, and true on a numeric one', () => {
    const boolean = vary(
      '    unit: "triệu đồng"\n    measure: cumulative\n    target: ">= 11.807"',
      '    measure: boolean\n    target: 100',
    );
    expect(problems(boolean)).toEqual([
      { key: 'plan:error.boolean_target', path: 'indicators[0].target', line: 19 },
    ]);
    expect(problems(vary('    target: ">= 11.807"', '    target: true'))).toEqual([
      { key: 'plan:error.boolean_for_number', path: 'indicators[0].target', line: 20 },
    ]);
  });

  it('refuses checkpoints on an annual campaign', () => {
    expect(
      problems(
        vary('  end: 2026-12-31', '  end: 2026-12-31\n  checkpoints:\n    - 2026-06-30\n    - 2026-12-31'),
      ),
    ).toEqual([{ key: 'plan:error.checkpoints_for_annual', path: 'campaign.checkpoints', line: 8 }]);
  });

  it('refuses a sprint whose last checkpoint is not its end', () => {
    const text = vary(
      '  kind: annual\n  start: 2026-01-01\n  end: 2026-12-31',
      '  kind: sprint\n  start: 2026-10-03\n  end: 2026-12-31\n  checkpoints: [2026-11-01, 2026-12-01]',
    );
    expect(problemsWithParams(text)).toEqual([
      {
        key: 'calendar:error.last_checkpoint_not_end',
        path: 'campaign.checkpoints',
        line: 8,
        params: { date: '01/12/2026', end: '31/12/2026' },
      },
    ]);
  });

  it('refuses text that is not YAML, with the line of the mistake', () => {
    // a colon in an unquoted value, the usual mistake
    expect(
      problemsWithParams(vary('    name: "Thu ngân sách"', '    name: Chỉ tiêu: thu ngân sách')),
    ).toEqual([
      { key: 'plan:error.yaml', path: '', line: 16, params: { detail: expect.stringMatching(/mapping/i) } },
    ]);
    expect(problems(vary('    name: "Thu ngân sách"', '    name: "Thu" ngân sách'))).toEqual([
      { key: 'plan:error.yaml', path: '', line: 16 },
    ]);
    // a tab used as indentation (the lines after it are then misread too)
    expect(problems(vary('    unit: "triệu đồng"', '\tunit: "triệu đồng"'))[0]).toEqual({
      key: 'plan:error.yaml',
      path: '',
      line: 18,
    });
    // an unclosed bracket is only noticed on the next line
    const unclosed = problems(vary('  kind: annual', '  kind: [annual'));
    expect(unclosed.length).toBeGreaterThan(0);
    for (const problem of unclosed) expect(problem).toEqual({ key: 'plan:error.yaml', path: '', line: 6 });
  });

  it('refuses a key written twice', () => {
    expect(problems(vary('  kind: annual', '  kind: annual\n  kind: sprint'))).toEqual([
      { key: 'plan:error.yaml', path: '', line: 6 },
    ]);
    expect(problems(vary('    unit: "triệu đồng"', '    unit: "triệu đồng"\n    category: "Thu"'))).toEqual([
      { key: 'plan:error.yaml', path: '', line: 19 },
    ]);
  });

  it('refuses an empty document', () => {
    expect(problems('')).toEqual([{ key: 'plan:error.required', path: '', line: undefined }]);
    expect(problems('# only a comment\n')).toEqual([
      { key: 'plan:error.required', path: '', line: undefined },
    ]);
  });

  it('refuses a document that is a list, not a map', () => {
    expect(problemsWithParams('- organization: x\n- campaign: y\n')).toEqual([
      { key: 'plan:error.invalid_type', path: '', line: 1, params: { expected: 'object' } },
    ]);
  });
});

describe('several problems in one file', () => {
  it('reports every problem the schema finds, sorted by line', () => {
    let text = vary('  end: 2026-12-31', '  end: 2026-13-01');
    text = vary(
      '  - { code: ct, name: "Chủ tịch", role: chairman }',
      '  - { code: ct, name: "Chủ tịch", role: boss }',
      text,
    );
    text = vary('    measure: cumulative', '    measure: weird', text);
    text = vary('    target: ">= 11.807"', '    taget: 11.807', text);
    text = vary(
      'organization: { code: xa-a, name: "UBND xã A" }',
      'organization: { code: "xa a", name: "UBND xã A" }',
      text,
    );
    expect(problems(text)).toEqual([
      { key: 'plan:error.bad_code', path: 'organization.code', line: 1 },
      { key: 'plan:error.bad_date', path: 'campaign.end', line: 7 },
      { key: 'plan:error.invalid_value', path: 'officials[0].role', line: 11 },
      { key: 'plan:error.invalid_value', path: 'indicators[0].measure', line: 19 },
      // both the typo and the unquoted number on the same line
      { key: 'plan:error.ambiguous_number', path: 'indicators[0].taget', line: 20 },
      { key: 'plan:error.unknown_key', path: 'indicators[0].taget', line: 20 },
    ]);
  });

  it('reports every problem found after the schema, sorted by line', () => {
    let text = withIndicators(
      '  - { code: KT01, name: "Sản lượng", category: "Kinh tế", unit: "tấn", measure: cumulative, assignees: [nobody] }',
      '  - { code: NS01, name: "Lặp", category: "Kinh tế", unit: "tấn", measure: cumulative, target: "abc", assignees: [ct] }',
    );
    text = vary('  end: 2026-12-31', '  end: 2025-12-31', text);
    text = vary('  - { code: kt2,', '  - { code: kt1,', text);
    expect(problems(text)).toEqual([
      { key: 'calendar:error.end_before_start', path: 'campaign.end', line: 7 },
      { key: 'plan:error.duplicate_code', path: 'officials[2].code', line: 13 },
      { key: 'plan:error.unknown_assignee', path: 'indicators[1].assignees[0]', line: 22 },
      { key: 'plan:error.missing_target', path: 'indicators[1].target', line: 22 },
      { key: 'plan:error.duplicate_code', path: 'indicators[2].code', line: 23 },
      { key: 'numbers:error.not_a_number', path: 'indicators[2].target', line: 23 },
    ]);
  });

  it('a mistyped key does not hide the problems found after the schema', () => {
    let text = vary('  kind: annual', '  kind: annual\n  period: quarterly');
    text = vary('  end: 2026-12-31', '  end: 2025-12-31', text);
    expect(problems(text).map((p) => [p.key, p.path])).toEqual([
      ['plan:error.unknown_key', 'campaign.period'],
      ['calendar:error.end_before_start', 'campaign.end'],
    ]);
  });

  it('keeps the warnings of a plan that fails', () => {
    const text = withIndicators(
      '  - { code: KT01, name: "Sản lượng", category: "Kinh tế", unit: "tấn", measure: cumulative, target: "x" }',
    );
    const result = parsePlanText(text);
    expect(result.ok).toBe(false);
    expect(result.warnings.map((w) => show(w, false))).toEqual([
      { key: 'plan:warning.no_assignee', path: 'indicators[1]', line: 22 },
    ]);
  });
});
