import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  ASSIGNEE_FIELDS,
  fieldOf,
  proposeAssignee,
  type AssigneeCandidate,
} from '../../src/domain/plan-extraction/assignees.js';

/**
 * Proposed assignees (issue 16): the keyword table puts an indicator in a field, and the field goes to
 * the official (or unit) whose title says they hold it, tested against the demo plan's organization.
 */
interface DemoPlan {
  units: { code: string; name: string }[];
  officials: { code: string; name: string; title?: string; role: string }[];
}

const demo = parse(
  readFileSync(new URL('../../examples/plans/demo.yaml', import.meta.url), 'utf8'),
) as DemoPlan;
const candidates: AssigneeCandidate[] = [
  ...demo.officials.map((o) => ({
    code: o.code,
    label: o.title ?? o.name,
    kind: 'official' as const,
    leads: o.role === 'chairman' || o.role === 'vice_chairman',
  })),
  ...demo.units.map((u) => ({ code: u.code, label: u.name, kind: 'unit' as const })),
];

const propose = (name: string, category: string | null = null, from = candidates) =>
  proposeAssignee({ name, category }, from)?.code ?? null;

describe('proposed assignees', () => {
  it('reads the field of an indicator from its name, then its category', () => {
    expect(fieldOf('Năng suất lúa', 'Kinh tế')?.field).toBe('agriculture');
    expect(fieldOf('Tỷ lệ dân số tham gia bảo hiểm y tế', null)?.field).toBe('health-and-social');
    expect(fieldOf('Tỷ lệ hoàn thành chỉ tiêu giao quân', 'Quốc phòng, an ninh')?.field).toBe('military');
    expect(fieldOf('Tổng thu ngân sách nhà nước trên địa bàn', 'Kinh tế')?.field).toBe('budget');
    expect(fieldOf('Tỷ lệ gia đình đạt danh hiệu gia đình văn hóa', null)?.field).toBe(
      'culture-and-education',
    );
    // "đạt" folds to "dat": it must not read as land ("đất")
    expect(fieldOf('Số xã đạt chuẩn', null)).toBeNull();
    expect(fieldOf('Chỉ tiêu khác', null)).toBeNull();
  });

  it('gives each field to the official whose title holds it in the demo organization', () => {
    expect(propose('Năng suất lúa', 'Kinh tế')).toBe('ktnn');
    expect(propose('Tổng đàn bò', 'Kinh tế')).toBe('ktnn');
    expect(propose('Tổng thu ngân sách nhà nước trên địa bàn')).toBe('tckt');
    expect(propose('Tỷ lệ dân số tham gia BHYT', 'Văn hóa - xã hội')).toBe('vhxh');
    expect(propose('Tỷ lệ hộ nghèo')).toBe('vhxh');
    expect(propose('Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn')).toBe('vp');
  });

  it('proposes nobody when nobody holds the field, and the military command when there is one', () => {
    expect(propose('Tỷ lệ hoàn thành chỉ tiêu giao quân')).toBeNull();
    const withMilitary: AssigneeCandidate[] = [
      ...candidates,
      { code: 'chqs', label: 'Chỉ huy trưởng Ban Chỉ huy Quân sự xã', kind: 'official' },
    ];
    expect(propose('Tỷ lệ hoàn thành chỉ tiêu giao quân', null, withMilitary)).toBe('chqs');
  });

  it('prefers an official to a unit, and a leader only when nobody else fits', () => {
    const units: AssigneeCandidate[] = [{ code: 'kinh-te', label: 'Kinh tế - Tài chính', kind: 'unit' }];
    expect(propose('Tổng thu ngân sách', null, units)).toBe('kinh-te');
    const lead: AssigneeCandidate[] = [
      { code: 'pct', label: 'Phó Chủ tịch phụ trách kinh tế', kind: 'official', leads: true },
      ...units,
    ];
    expect(propose('Tổng thu ngân sách', null, lead)).toBe('kinh-te');
  });

  it('keeps every keyword folded, as the matching compares folded text', () => {
    for (const field of ASSIGNEE_FIELDS)
      for (const word of [...field.indicator, ...field.holder]) expect(word).toMatch(/^[a-z ]+$/);
  });
});
