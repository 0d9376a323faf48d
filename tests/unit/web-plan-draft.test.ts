import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlanText } from '../../src/services/plan-file.js';
import {
  changedBetween,
  checkDraft,
  documentFromForm,
  documentFromPlanYaml,
  formIsWhole,
  planFileOf,
  type DraftDocument,
} from '../../src/services/web-plan-draft/index.js';
import { DEMO_PLAN_FILE } from '../support/plans.js';

/**
 * The review page's document: a plan file read into rows and written back unchanged in meaning, the
 * page's form read back, and the plan check's problems put beside the page's fields.
 */
const ORG = { code: 'quang-trung', name: 'UBND xã Quang Trung' };
const demo = () => documentFromPlanYaml(readFileSync(DEMO_PLAN_FILE, 'utf8'), ORG);

describe('the draft document', () => {
  it('reads a plan file into one row per indicator and writes back the same plan', () => {
    const doc = demo();
    const children = doc.indicators.filter((row) => row.parent !== '');
    expect(children.length).toBeGreaterThan(0);
    expect(doc.indicators[0]).toMatchObject({
      code: 'NS01',
      targets: [{ source: '', comparator: '>=', value: '11.807' }],
      assignees: ['tckt'],
    });
    const original = parsePlanText(readFileSync(DEMO_PLAN_FILE, 'utf8'));
    const written = parsePlanText(planFileOf(doc).yaml);
    expect(original.ok && written.ok).toBe(true);
    if (original.ok && written.ok) expect(written.plan).toEqual(original.plan);
    expect(checkDraft(doc).problems).toEqual([]);
  });

  it('puts each problem of the plan check beside its field', () => {
    const doc: DraftDocument = structuredClone(demo());
    const child = doc.indicators.findIndex((row) => row.parent !== '');
    doc.indicators[0] = {
      ...doc.indicators[0]!,
      unit: '',
      targets: [{ source: '', comparator: '<=', value: 'abc' }],
    };
    doc.indicators[child] = { ...doc.indicators[child]!, assignees: ['nobody'] };
    doc.indicators[1] = { ...doc.indicators[1]!, parent: 'XX99' };
    const fields = checkDraft(doc).problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['r0_unit', `r${child}_assignees`, 'r1_parent']));
    // a malformed value of the file's shape is found first, as `plan check` does
    const dated: DraftDocument = structuredClone(demo());
    dated.campaign.start = '2026-13-01';
    expect(checkDraft(dated).problems.map((p) => p.field)).toEqual(['c_start']);
    // a target is read only once its unit is known; with the unit back, its value is the problem
    doc.indicators[0] = { ...doc.indicators[0], unit: 'triệu đồng' };
    const target = checkDraft(doc).problems.find((p) => p.field === 'r0_t0');
    expect(target?.message.params?.input).toBe('abc');
  });

  it('reads the page’s form back: edits, a new row, a deleted one, blanks ignored', () => {
    const full = demo();
    // two stored rows: r2 is the page's empty row for a new indicator
    const stored = {
      ...full,
      units: full.units.slice(0, 1),
      officials: full.officials.filter((o) => o.code === 'vp'),
      indicators: full.indicators.slice(0, 2),
    };
    const body: Record<string, string | string[]> = {
      c_title: 'Kế hoạch',
      c_code: 'kh-2027',
      c_kind: 'annual',
      c_start: '2027-01-01',
      c_end: '2027-12-31',
      u0_code: 'kinh-te',
      u0_name: 'Kinh tế',
      u1_code: '',
      u1_name: '',
      o0_code: 'vp',
      o0_name: 'Trần Văn Bình',
      o0_title: '',
      o0_role: 'admin',
      o0_unit: 'kinh-te',
      o1_code: '',
      o1_name: '',
      o1_title: '',
      o1_role: 'officer',
      o1_unit: '',
      r0_code: 'NS01',
      r0_name: '  Thu   ngân sách ',
      r0_cat: 'Ngân sách',
      r0_unit: 'triệu đồng',
      r0_measure: 'cumulative',
      r0_parent: '',
      r0_as: ['tckt', 'vp', ''],
      r0_t0_src: '',
      r0_t0_cmp: '<=',
      r0_t0_val: '12.000',
      r0_t1_src: '',
      r0_t1_cmp: '>=',
      r0_t1_val: '',
      r1_code: 'KT01',
      r1_name: 'Bỏ',
      r1_cat: '',
      r1_unit: '',
      r1_measure: '',
      r1_parent: '',
      r1_del: '1',
      r2_code: '',
      r2_name: '',
      r2_cat: '',
      r2_unit: '',
      r2_measure: '',
      r2_parent: '',
    };
    expect(formIsWhole(body, stored)).toBe(true);
    expect(formIsWhole({ ...body, r1_name: undefined }, stored)).toBe(false);
    const doc = documentFromForm(body, stored);
    expect(doc.organization).toEqual(ORG);
    expect(doc.units).toEqual([{ code: 'kinh-te', name: 'Kinh tế' }]);
    expect(doc.officials).toHaveLength(1);
    expect(doc.indicators).toHaveLength(1);
    expect(doc.indicators[0]).toMatchObject({
      name: 'Thu ngân sách',
      assignees: ['tckt', 'vp'],
      targets: [{ source: '', comparator: '<=', value: '12.000' }],
    });
    expect(changedBetween(doc, stored)).toContain('KT01 Giá trị sản xuất ngành nông nghiệp');
  });
});
