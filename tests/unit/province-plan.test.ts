import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../src/domain/catalog/catalog.js';
import { normalizeProvince } from '../../src/domain/plan/province.js';
import { loadCatalog } from '../../src/services/catalog.js';
import { parseOrganizationText, parsePlanText } from '../../src/services/plan-file.js';

const demo = readFileSync('examples/plans/demo.yaml', 'utf8');
const province = readFileSync('examples/province/tinh-demo.yaml', 'utf8');

describe('the national catalogue', () => {
  it('ships 15–25 entries with a code, a Vietnamese name, a unit and a measure', () => {
    const catalog = loadCatalog();
    expect(catalog.size).toBeGreaterThanOrEqual(15);
    expect(catalog.size).toBeLessThanOrEqual(25);
    expect(catalog.get('BHYT_COVERAGE')).toEqual({
      code: 'BHYT_COVERAGE',
      name: 'Tỷ lệ dân số tham gia bảo hiểm y tế',
      unit: '%',
      measure: 'level',
    });
  });

  it('refuses a duplicated or malformed entry', () => {
    const entry = { code: 'A_B', name: 'x', unit: '%', measure: 'level' };
    expect(() => parseCatalog([entry, entry])).toThrow(/twice/);
    expect(() => parseCatalog([{ ...entry, code: 'lower' }])).toThrow();
    expect(parseCatalog(parse(readFileSync('catalog/indicators.yaml', 'utf8'))).size).toBe(
      loadCatalog().size,
    );
  });
});

describe('catalog: and parent: in a commune plan', () => {
  const withCatalog = (code: string, line = 'XH04') =>
    demo.replace(`  - code: ${line}\n`, `  - code: ${line}\n    catalog: ${code}\n`);

  it('stores a known catalogue code with the indicator, and the parent with the organization', () => {
    const result = parsePlanText(
      withCatalog('BHYT_COVERAGE').replace(
        'name: "UBND xã Quang Trung" }',
        'name: "UBND xã Quang Trung", parent: tinh-demo }',
      ),
    );
    expect(result.ok && result.warnings).toEqual([]);
    if (!result.ok) throw new Error('refused');
    expect(result.plan.organization.parent).toBe('tinh-demo');
    expect(result.plan.indicators.find((i) => i.code === 'XH04')?.catalog).toBe('BHYT_COVERAGE');
  });

  it('warns on an unknown catalogue code and on a unit other than the catalogue’s', () => {
    const unknown = parsePlanText(withCatalog('NOT_IN_CATALOG'));
    expect(unknown.ok).toBe(true);
    expect(unknown.warnings).toMatchObject([
      {
        key: 'plan:warning.unknown_catalog',
        path: ['indicators', 6, 'catalog'],
        params: { catalog: 'NOT_IN_CATALOG' },
      },
    ]);
    const unit = parsePlanText(withCatalog('NS_REVENUE', 'KT02'));
    expect(unit.warnings).toMatchObject([
      { key: 'plan:warning.catalog_unit', params: { unit: 'tấn', expected: 'triệu đồng' } },
    ]);
  });

  it('refuses a malformed code, a code given twice and a commune that is its own parent', () => {
    expect(parsePlanText(withCatalog('bhyt'))).toMatchObject({
      ok: false,
      problems: [{ key: 'plan:error.bad_catalog_code' }],
    });
    const twice = withCatalog('BHYT_COVERAGE').replace('  - code: XH02', '  - code: XH02');
    const both = twice.replace(
      'measure: level, target: "<= 0,32"',
      'measure: level, target: "<= 0,32", catalog: BHYT_COVERAGE',
    );
    expect(parsePlanText(both)).toMatchObject({
      ok: false,
      problems: [{ key: 'plan:error.duplicate_catalog' }],
    });
    const self = demo.replace(
      'name: "UBND xã Quang Trung" }',
      'name: "UBND xã Quang Trung", parent: quang-trung }',
    );
    expect(parsePlanText(self)).toMatchObject({
      ok: false,
      problems: [{ key: 'plan:error.parent_is_self' }],
    });
  });

  it('refuses the province role in a commune plan', () => {
    const result = parsePlanText(demo.replace('role: vice_chairman', 'role: province_admin'));
    expect(result).toMatchObject({ ok: false, problems: [{ key: 'plan:error.invalid_value' }] });
  });
});

describe('a province file', () => {
  it('is the organization and its province users, without a plan', () => {
    const result = parseOrganizationText(province);
    expect(result.ok && 'province' in result && result.province).toEqual({
      organization: { code: 'tinh-demo', name: 'Sở Nội vụ tỉnh Demo' },
      officials: [
        {
          code: 'tdkt',
          name: 'Vũ Thị Thu',
          title: 'Chuyên viên Ban Thi đua - Khen thưởng',
          role: 'province_admin',
        },
      ],
    });
  });

  it('refuses a campaign, a commune role or a duplicate; the chat’s plan reader refuses it whole', () => {
    expect(
      normalizeProvince({ organization: { code: 'p', name: 'P', level: 'province' }, campaign: {} }),
    ).toMatchObject({
      ok: false,
      problems: [{ key: 'plan:error.unknown_key', path: ['campaign'] }],
    });
    const officer = { code: 'a', name: 'A', role: 'officer' };
    expect(
      normalizeProvince({ organization: { code: 'p', name: 'P', level: 'province' }, officials: [officer] })
        .ok,
    ).toBe(false);
    const user = { code: 'a', name: 'A', role: 'province_admin' };
    expect(
      normalizeProvince({
        organization: { code: 'p', name: 'P', level: 'province' },
        officials: [user, user],
      }),
    ).toMatchObject({
      ok: false,
      problems: [{ key: 'plan:error.duplicate_code' }],
    });
    expect(parsePlanText(province)).toMatchObject({
      ok: false,
      problems: [{ key: 'plan:error.province_file' }],
    });
  });
});
