import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import type {
  ExtractedIndicator,
  ExtractedPlan,
  ExtractionFlag,
} from '../../src/domain/plan-extraction/types.js';
import { normalizePlan } from '../../src/domain/plan/normalize.js';
import { createI18n } from '../../src/i18n.js';
import { parsePlanText } from '../../src/services/plan-file.js';
import {
  buildPlanDraft,
  draftJson,
  draftYaml,
  type DraftIndicator,
  type PlanDraft,
} from '../../src/services/plan-draft/index.js';
import { categoryPrefix, organizationSlug, slug } from '../../src/services/plan-draft/codes.js';

/**
 * The draft a reviewer starts from, built from ExtractedPlans made by hand (the extractor is tested on
 * its own): codes, targets in Vietnamese notation with their sources, booleans, "Trong đó" children,
 * the review comments, and that the draft, once a person has filled in the assignees, is a valid plan.
 */

const i18n = createI18n('vi');
const t = i18n.t;

function indicator(over: Partial<ExtractedIndicator> & Pick<ExtractedIndicator, 'name'>): ExtractedIndicator {
  return {
    category: 'a) Các chỉ tiêu phát triển kinh tế',
    unit: 'tỷ đồng',
    measure: 'cumulative',
    targets: [{ source: null, comparator: '>=', value: '45' }],
    children: [],
    line: 10,
    sourceText: 'thu ngân sách đạt 45 tỷ đồng',
    confidence: 0.9,
    flags: [],
    ...over,
  };
}

const PLAN: ExtractedPlan = {
  organizationName: 'UBND phường Trường Quang Trọng',
  truncated: null,
  campaign: {
    title: 'Phát động phong trào thi đua năm 2023',
    year: 2023,
    kind: 'annual',
    start: '2023-01-01',
    end: '2023-12-31',
  },
  indicators: [
    indicator({ name: 'Thu ngân sách', line: 31 }),
    indicator({
      name: 'Tổng sản lượng lương thực',
      unit: 'tấn',
      targets: [{ source: null, comparator: '>=', value: '1409' }],
      line: 33,
      sourceText: 'Tổng sản lượng lương thực 1.409 tấn, trong đó: lúa 1.270 tấn; ngô 139 tấn',
      children: [
        indicator({
          name: 'Sản lượng lúa',
          unit: 'tấn',
          targets: [{ source: null, comparator: '>=', value: '1270' }],
          line: 33,
          flags: ['split_from_line'],
        }),
        indicator({
          name: 'Sản lượng ngô',
          unit: 'tấn',
          targets: [{ source: null, comparator: '>=', value: '139.5' }],
          line: 33,
          confidence: 0.4,
          flags: ['split_from_line'],
        }),
      ],
    }),
    indicator({
      name: 'Tỷ lệ người tham gia bảo hiểm y tế',
      category: 'b) Các chỉ tiêu văn hóa – xã hội:',
      unit: '%',
      measure: 'level',
      targets: [
        { source: 'Thị xã giao', comparator: '>=', value: '95.15' },
        { source: 'HĐND xã giao', comparator: '>=', value: '95' },
      ],
      line: 47,
      sourceText: 'tỷ lệ người tham gia bảo hiểm y tế: Thị xã giao 95,15%, HĐND xã giao 95%',
    }),
    indicator({
      name: 'Tỷ lệ hộ nghèo',
      category: 'b) Các chỉ tiêu văn hóa – xã hội:',
      unit: '%',
      measure: 'level',
      targets: [{ source: null, comparator: '<=', value: '0.32' }],
      line: 49,
      sourceText: 'giảm tỷ lệ hộ nghèo còn dưới 0,32%',
    }),
    indicator({
      name: 'Giữ vững phường vững mạnh về quốc phòng',
      category: 'c) Quốc phòng, an ninh',
      unit: null,
      measure: 'boolean',
      targets: [{ source: null, comparator: '=', value: '1' }],
      line: 64,
      sourceText: '- Giữ vững phường vững mạnh về quốc phòng.',
      confidence: 0.55,
      flags: ['boolean_goal'],
    }),
  ],
  skipped: [{ line: 20, text: 'lũy kế đến nay đạt 09 tiêu chí', reason: 'context_number' }],
};

function build(plan: ExtractedPlan = PLAN): PlanDraft {
  const result = buildPlanDraft(plan, {}, t);
  if (!result.ok) throw new Error(`no draft: ${result.code}`);
  return result.draft;
}

/** The draft as a reviewer would finish it: everyone assigned to the chairman. */
function withAssignees(raw: unknown): unknown {
  const plan = structuredClone(raw) as { officials: unknown[]; indicators: { assignees?: string[] }[] };
  plan.officials = [{ code: 'ct', name: 'Chủ tịch', role: 'chairman' }];
  for (const item of plan.indicators) item.assignees = ['ct'];
  return plan;
}

const YAML_OPTIONS = { fileName: 'ke-hoach.docx', yamlName: 'ke-hoach.yaml', date: '23/11/2026' };

describe('codes', () => {
  it('are slugs without diacritics for organizations, as the example plans have them', () => {
    expect(organizationSlug('UBND phường Trường Quang Trọng')).toBe('truong-quang-trong');
    expect(organizationSlug('Ủy ban nhân dân thị xã Ngã Năm')).toBe('nga-nam');
    expect(organizationSlug('UBND xã Đông Hải')).toBe('dong-hai');
    expect(slug('Phát động phong trào thi đua năm 2023 của phường Trường Quang Trọng')).toMatch(
      /^[a-z0-9-]{1,40}$/,
    );
    expect(
      slug('Phát động phong trào thi đua năm 2023 của phường Trường Quang Trọng').length,
    ).toBeLessThanOrEqual(40);
  });

  it('take their prefix from the heading, the first subject named deciding', () => {
    expect(categoryPrefix('a) Các chỉ tiêu phát triển kinh tế')).toBe('KT');
    expect(categoryPrefix('Phát triển kinh tế - xã hội')).toBe('KT');
    expect(categoryPrefix('Các chỉ tiêu văn hóa – xã hội')).toBe('XH');
    expect(categoryPrefix('Quốc phòng, an ninh')).toBe('QP');
    expect(categoryPrefix('Về ngân sách')).toBe('NS');
    expect(categoryPrefix('Lĩnh vực Y tế')).toBe('YT');
    expect(categoryPrefix('Thi đua khởi nghiệp sáng tạo')).toBe('KN');
    expect(categoryPrefix(null)).toBe('CT');
  });
});

describe('buildPlanDraft', () => {
  it('numbers indicators by category and their parts by letter', () => {
    const draft = build();
    const codes = (items: DraftIndicator[]): unknown[] =>
      items.map((i) => (i.children ? [i.code, codes(i.children)] : i.code));
    expect(codes(draft.plan.indicators)).toEqual([
      'KT01',
      ['KT02', ['KT02a', 'KT02b']],
      'XH01',
      'XH02',
      'QP01',
    ]);
    expect(draft.review.map((r) => r.code)).toEqual([
      'KT01',
      'KT02',
      'KT02a',
      'KT02b',
      'XH01',
      'XH02',
      'QP01',
    ]);
  });

  it('names the organization and campaign from the document', () => {
    const { plan, missing } = build();
    expect(plan.organization).toEqual({ code: 'truong-quang-trong', name: 'UBND phường Trường Quang Trọng' });
    expect(plan.campaign).toEqual({
      code: 'truong-quang-trong-2023',
      title: 'Phát động phong trào thi đua năm 2023',
      kind: 'annual',
      year: 2023,
      start: '2023-01-01',
      end: '2023-12-31',
    });
    expect(missing).toEqual([]);
  });

  it('prefers the organization and campaign code it is given, and lists the units and officials given', () => {
    const result = buildPlanDraft(
      PLAN,
      {
        organization: { code: 'xa-a', name: 'UBND xã A' },
        campaignCode: 'nuoc-rut-2024',
        units: [{ code: 'kt', name: 'Kinh tế' }],
        officials: [{ code: 'ct', name: 'Chủ tịch', role: 'chairman' }],
      },
      t,
    );
    expect(result.ok && result.draft.plan.organization).toEqual({ code: 'xa-a', name: 'UBND xã A' });
    expect(result.ok && result.draft.plan.campaign.code).toBe('nuoc-rut-2024');
    expect(result.ok && result.draft.plan.units).toEqual([{ code: 'kt', name: 'Kinh tế' }]);
    expect(result.ok && result.draft.plan.officials).toHaveLength(1);
  });

  it('codes a sprint apart from the annual plan', () => {
    const sprint = build({
      ...PLAN,
      campaign: {
        title: 'Đợt thi đua 90 ngày',
        year: 2024,
        kind: 'sprint',
        start: '2024-10-03',
        end: '2024-12-31',
      },
    });
    expect(sprint.plan.campaign.code).toBe('truong-quang-trong-nuoc-rut-2024');
  });

  it('writes targets the Vietnamese way, with their sources when there are several', () => {
    const [ns, food, bhyt, poor] = build().plan.indicators;
    expect(ns).toMatchObject({
      category: 'Các chỉ tiêu phát triển kinh tế',
      unit: 'tỷ đồng',
      measure: 'cumulative',
      target: '>= 45',
      assignees: [],
    });
    expect(food?.target).toBe('>= 1.409');
    expect(food?.children?.map((c) => c.target)).toEqual(['>= 1.270', '>= 139,5']);
    // children inherit what their parent says already
    expect(food?.children?.[0]).toEqual({ code: 'KT02a', name: 'Sản lượng lúa', target: '>= 1.270' });
    expect(bhyt).toMatchObject({ category: 'Các chỉ tiêu văn hóa – xã hội', unit: '%', measure: 'level' });
    expect(bhyt?.targets).toEqual([
      { source: 'Thị xã giao', target: '>= 95,15' },
      { source: 'HĐND xã giao', target: '>= 95' },
    ]);
    expect(bhyt?.target).toBeUndefined();
    expect(poor?.target).toBe('<= 0,32');
  });

  it('gives a sourceless second target a name, and keeps sources unique', () => {
    const draft = build({
      ...PLAN,
      indicators: [
        indicator({
          name: 'Thu ngân sách',
          targets: [
            { source: 'Tỉnh giao', comparator: '>=', value: '40' },
            { source: 'Tỉnh giao', comparator: '>=', value: '42' },
            { source: null, comparator: '>=', value: '45' },
          ],
        }),
      ],
    });
    expect(draft.plan.indicators[0]?.targets?.map((x) => x.source)).toEqual([
      'Tỉnh giao',
      'Tỉnh giao (2)',
      'Mục tiêu 3',
    ]);
  });

  it('makes a goal without a figure a boolean indicator, with no unit or target', () => {
    const qp = build().plan.indicators[4];
    expect(qp).toEqual({
      code: 'QP01',
      name: 'Giữ vững phường vững mạnh về quốc phòng',
      category: 'Quốc phòng, an ninh',
      measure: 'boolean',
      assignees: [],
    });
  });

  it('keeps the source line, text, confidence and flags of every indicator for the reviewer', () => {
    const review = build().review;
    expect(review.find((r) => r.code === 'KT02b')).toEqual({
      code: 'KT02b',
      name: 'Sản lượng ngô',
      line: 33,
      sourceText: 'thu ngân sách đạt 45 tỷ đồng',
      confidence: 0.4,
      flags: ['split_from_line'],
      needsReview: true,
    });
    expect(review.filter((r) => r.needsReview).map((r) => r.code)).toEqual(['KT02b', 'QP01']);
  });

  it('leaves null what the document does not say, and lists it', () => {
    const draft = build({
      organizationName: null,
      truncated: null,
      campaign: { title: null, year: null, kind: 'annual', start: null, end: null },
      indicators: [
        indicator({ name: 'Trồng cây xanh', category: null, unit: null, flags: ['unknown_unit'] }),
      ],
      skipped: [],
    });
    expect(draft.plan.organization).toEqual({ code: null, name: null });
    expect(draft.plan.campaign).toEqual({ code: null, title: null, kind: 'annual', start: null, end: null });
    expect(draft.plan.indicators[0]).toMatchObject({ code: 'CT01', category: 'Chỉ tiêu chung', unit: null });
    expect(draft.missing).toEqual([
      'organization.code',
      'organization.name',
      'campaign.code',
      'campaign.title',
      'campaign.start',
      'campaign.end',
      'indicators[0].unit',
    ]);
    // and the plan check refuses it until they are filled
    const checked = normalizePlan(withAssignees(draft.plan));
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(checked.problems.map((p) => p.path.join('.'))).toEqual(
        expect.arrayContaining(['organization.code', 'campaign.start', 'indicators.0.unit']),
      );
  });

  it('says "not a plan" rather than give an empty draft', () => {
    const result = buildPlanDraft({ ...PLAN, indicators: [] }, {}, t);
    expect(result).toEqual({ ok: false, code: 'not_a_plan', message: { key: 'plan:document.not_a_plan' } });
    expect(i18n.render(result.ok ? { key: '' } : result.message)).toMatch(/Không tìm thấy chỉ tiêu nào/);
  });

  it('is, once the assignees are filled in, a plan that passes normalizePlan with the same figures', () => {
    const checked = normalizePlan(withAssignees(build().plan));
    expect(checked.ok ? [] : checked.problems).toEqual([]);
    if (!checked.ok) return;
    const { plan } = checked;
    expect(plan.organization.code).toBe('truong-quang-trong');
    const byCode = new Map(plan.indicators.map((i) => [i.code, i]));
    expect(byCode.get('KT02')?.targets).toEqual([{ source: '', comparator: '>=', value: '1409' }]);
    expect(byCode.get('KT02b')).toMatchObject({
      parentCode: 'KT02',
      unit: 'tấn',
      category: 'Các chỉ tiêu phát triển kinh tế',
      assignees: ['ct'],
    });
    expect(byCode.get('KT02b')?.targets[0]?.value).toBe('139.5');
    expect(byCode.get('XH01')?.targets.map((x) => [x.source, x.value])).toEqual([
      ['Thị xã giao', '95.15'],
      ['HĐND xã giao', '95'],
    ]);
    expect(byCode.get('XH02')?.targets).toEqual([{ source: '', comparator: '<=', value: '0.32' }]);
    expect(byCode.get('QP01')).toMatchObject({
      measure: 'boolean',
      unit: '',
      targets: [{ source: '', comparator: '=', value: '1' }],
    });
  });
});

describe('draftYaml', () => {
  const yaml = draftYaml(build(), YAML_OPTIONS, t);

  it('is the same plan as the draft, as YAML the plan check reads', () => {
    expect(parseDocument(yaml).toJS()).toEqual(build().plan);
    const filled = yaml
      .replaceAll('assignees: []', 'assignees: [ct]')
      .replace('officials: []', 'officials:\n  - { code: ct, name: "Chủ tịch", role: chairman }');
    const checked = parsePlanText(filled);
    expect(checked.ok ? [] : checked.problems).toEqual([]);
    expect(checked.ok && checked.plan.indicators).toHaveLength(7);
  });

  it('opens with what the reviewer must do', () => {
    const head = yaml.split('\norganization:')[0] ?? '';
    expect(head).toContain('# BẢN NHÁP kế hoạch, đọc tự động từ tệp «ke-hoach.docx» ngày 23/11/2026');
    expect(head).toContain('Đọc được 7 chỉ tiêu; 2 chỉ tiêu có độ tin cậy thấp');
    expect(head).toContain('người phụ trách mỗi chỉ tiêu (assignees)');
    expect(head).toContain('npx tiendo plan check ke-hoach.yaml');
    expect(head).not.toContain('Còn để trống');
  });

  it('puts above each indicator its source line, confidence and why to look twice', () => {
    const lines = yaml.split('\n');
    const above = (code: string) => {
      const at = lines.findIndex((l) => l.trim() === `- code: ${code}`);
      expect(at, code).toBeGreaterThan(0);
      const out: string[] = [];
      for (let i = at - 1; lines[i]?.trim().startsWith('#'); i--) out.unshift((lines[i] ?? '').trim());
      return out;
    };
    expect(above('KT01')).toEqual(['# dòng 31 · độ tin cậy 0,90: «thu ngân sách đạt 45 tỷ đồng»']);
    expect(above('KT02b')).toEqual([
      '# dòng 33 · độ tin cậy 0,40: «thu ngân sách đạt 45 tỷ đồng»',
      '# CẦN XEM: độ tin cậy thấp; tách từ một dòng có nhiều số liệu',
    ]);
    expect(above('QP01')[1]).toBe('# CẦN XEM: độ tin cậy thấp; mục tiêu không có số, hiểu là đạt/chưa đạt');
  });

  it('shortens a long source sentence and ends with the figures left out', () => {
    const long =
      'Tỷ lệ sản lượng lúa đặc sản, lúa thơm chiếm trên 65% tổng sản lượng lúa toàn thị xã; '.repeat(5);
    const text = draftYaml(
      build({ ...PLAN, indicators: [indicator({ name: 'Tỷ lệ lúa đặc sản', sourceText: long })] }),
      YAML_OPTIONS,
      t,
    );
    const comment = text.split('\n').find((l) => l.includes('dòng 10 ·')) ?? '';
    expect(comment.length).toBeLessThan(220);
    expect(comment).toMatch(/…»$/);
    expect(text.trimEnd().split('\n').slice(-2)).toEqual([
      '# Các dòng có số liệu nhưng không lấy làm chỉ tiêu (xem lại nếu cần):',
      '# dòng 20 (số liệu bối cảnh): «lũy kế đến nay đạt 09 tiêu chí»',
    ]);
  });

  it('marks what is left to fill in, and lists it in the header', () => {
    const draft = build({
      ...PLAN,
      organizationName: null,
      indicators: [indicator({ name: 'Trồng cây xanh', unit: null, flags: ['unknown_unit'] })],
    });
    const text = draftYaml(draft, YAML_OPTIONS, t);
    expect(text).toContain(
      'Còn để trống, cần điền: organization.code, organization.name, indicators[0].unit.',
    );
    expect(text).toMatch(/^ {2}code: # cần điền$/m);
    expect(text).toMatch(/^ {4}unit: # cần điền$/m);
    // a flag on an entry the extractor is sure enough of is a note, not a "CẦN XEM"
    expect(text).toContain('# Ghi chú: không rõ đơn vị');
    expect(text).not.toContain('# CẦN XEM');
  });

  it('marks «CẦN XEM» exactly on the entries the header counts as doubtful', () => {
    const text = draftYaml(build(), YAML_OPTIONS, t);
    const low = build().review.filter((item) => item.needsReview).length;
    expect(low).toBeGreaterThan(0);
    expect(text).toContain(`${low} chỉ tiêu có độ tin cậy thấp`);
    expect(text.split('\n').filter((l) => l.includes('# CẦN XEM')).length).toBe(low);
  });

  it('is in English for an English reader', () => {
    const text = draftYaml(build(), YAML_OPTIONS, i18n.forLocale('en'));
    expect(text).toContain('# DRAFT plan, read automatically from «ke-hoach.docx»');
    expect(text).toContain('# CHECK: low confidence; split from a line with several figures');
  });
});

describe('the review texts', () => {
  // every ExtractionFlag and skip reason of src/domain/plan-extraction/types.ts: a missing one would show its key
  const flags: ExtractionFlag[] = [
    'boolean_goal',
    'unknown_unit',
    'assumed_comparator',
    'split_from_line',
    'long_sentence',
    'maybe_context',
  ];
  const reasons: ExtractedPlan['skipped'][number]['reason'][] = ['context_number', 'no_target', 'not_a_goal'];

  it('exist for every flag and skip reason, in both languages', () => {
    for (const lng of ['vi', 'en'] as const) {
      const tl = i18n.forLocale(lng);
      for (const flag of flags) expect(tl(`plan:draft.flag.${flag}`), `${lng} ${flag}`).not.toMatch(/^plan:/);
      for (const reason of reasons)
        expect(tl(`plan:draft.skip_reason.${reason}`), `${lng} ${reason}`).not.toMatch(/^plan:/);
    }
    const all = draftYaml(
      build({ ...PLAN, indicators: [indicator({ name: 'Thu ngân sách', flags })] }),
      YAML_OPTIONS,
      t,
    );
    expect(all).not.toContain('plan:');
  });
});

describe('draftJson', () => {
  it('gives the plan, what to review and what was skipped', () => {
    const json = JSON.parse(
      draftJson(build(), { file: 'ke-hoach.docx', kind: 'docx', lines: 140 }),
    ) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      'source',
      'summary',
      'campaign',
      'plan',
      'missing',
      'review',
      'skipped',
    ]);
    expect(json.summary).toEqual({
      indicators: 7,
      lowConfidence: 2,
      skipped: 1,
      proposedAssignees: 0,
      truncated: null,
    });
    expect(json.source).toEqual({ file: 'ke-hoach.docx', kind: 'docx', lines: 140 });
    expect(json.plan).toEqual(build().plan);
    expect((json.review as unknown[])[0]).toEqual({
      code: 'KT01',
      name: 'Thu ngân sách',
      line: 31,
      sourceText: 'thu ngân sách đạt 45 tỷ đồng',
      confidence: 0.9,
      flags: [],
      needsReview: false,
    });
  });
});
