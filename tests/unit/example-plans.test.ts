import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Plan, PlanIndicator } from '../../src/domain/plan/plan.js';
import { parsePlanText } from '../../src/services/plan-file.js';

/**
 * The example plans are hand-written from the real plans in /work/shared/seeds/. The tables below are
 * derived from the seed text independently of the YAML (each line quotes the seed): every numeric target
 * of a seed must appear exactly once, with its exact value, unit and comparator, so that a forgotten or
 * mistyped chỉ tiêu fails here.
 */

/** `value unit comparator`, the value as canonical decimal text. */
type Triple = `${string} | ${string} | ${'>=' | '<=' | '='}`;

function load(name: string): Plan {
  const text = readFileSync(new URL(`../../examples/plans/${name}.yaml`, import.meta.url), 'utf8');
  const result = parsePlanText(text);
  if (!result.ok) throw new Error(`${name}.yaml does not load: ${JSON.stringify(result.problems, null, 2)}`);
  if (result.warnings.length > 0)
    throw new Error(`${name}.yaml has warnings: ${JSON.stringify(result.warnings, null, 2)}`);
  return result.plan;
}

function numericTriples(plan: Plan): string[] {
  return plan.indicators
    .filter((i) => i.measure !== 'boolean')
    .flatMap((i) => i.targets.map((t) => `${t.value} | ${i.unit} | ${t.comparator}`))
    .sort();
}

function booleans(plan: Plan): PlanIndicator[] {
  return plan.indicators.filter((i) => i.measure === 'boolean');
}

function byCode(plan: Plan, code: string): PlanIndicator {
  const found = plan.indicators.find((i) => i.code === code);
  if (!found) throw new Error(`no indicator ${code}`);
  return found;
}

function byName(plan: Plan, pattern: RegExp): PlanIndicator {
  const found = plan.indicators.filter((i) => pattern.test(i.name));
  expect(found, `exactly one indicator named like ${pattern}`).toHaveLength(1);
  return found[0] as PlanIndicator;
}

function childrenOf(plan: Plan, parent: PlanIndicator): string[] {
  return plan.indicators
    .filter((i) => i.parentCode === parent.code)
    .map((i) => `${i.name}: ${i.targets.map((t) => `${t.comparator} ${t.value}`).join(', ')} ${i.unit}`);
}

function expectCommonShape(plan: Plan): void {
  const officialCodes = new Set(plan.officials.map((o) => o.code));
  for (const indicator of plan.indicators) {
    expect(indicator.assignees.length, `${indicator.code} is assigned`).toBeGreaterThan(0);
    for (const code of indicator.assignees)
      expect(officialCodes.has(code), `${indicator.code} → ${code}`).toBe(true);
    expect(indicator.targets.length, `${indicator.code} has a target`).toBeGreaterThan(0);
    if (indicator.measure === 'boolean')
      expect(indicator.targets).toEqual([{ source: '', comparator: '=', value: '1' }]);
  }
  expect(plan.officials.filter((o) => o.role === 'chairman')).toHaveLength(1);
  expect(plan.officials.filter((o) => o.role === 'admin').length).toBeGreaterThan(0);
}

describe('examples/plans/phuong-truong-quang-trong-2023.yaml', () => {
  const plan = load('phuong-truong-quang-trong-2023');

  // ke-hoach-phuong-truong-quang-trong-2023.txt, section II.2 and the lists of sections 3 and 4.
  const expected: Triple[] = [
    // a) "Giá trị sản xuất ở các lĩnh vực: Dịch vụ 574,45 tỷ đồng, Công nghiệp 76,66 tỷ đồng, nông nghiệp 28,2 tỷ đồng."
    '574.45 | tỷ đồng | >=',
    '76.66 | tỷ đồng | >=',
    '28.2 | tỷ đồng | >=',
    // "Tổng sản lượng lương thực 1.409 tấn, (Lúa: 1.270 tấn, Ngô 139 tấn)"
    '1409 | tấn | >=',
    '1270 | tấn | >=',
    '139 | tấn | >=',
    // "Rau các loại: diện tích 70 ha, năng suất 195 tạ/ha, sản lượng 1.365 tấn"
    '70 | ha | >=',
    '195 | tạ/ha | >=',
    '1365 | tấn | >=',
    // "Cây mè: diện tích 18 ha, năng suất 230 tạ/ha, sản lượng 414 tấn"
    '18 | ha | >=',
    '230 | tạ/ha | >=',
    '414 | tấn | >=',
    // "Lạc: diện tích 10 ha, năng suất 22 tạ/ha, sản lượng 22 tấn"
    '10 | ha | >=',
    '22 | tạ/ha | >=',
    '22 | tấn | >=',
    // "Đàn gia súc: Trâu 70 con, bò 400 con, heo 800 con"
    '70 | con | >=',
    '400 | con | >=',
    '800 | con | >=',
    // b) "Tổng thu ngân sách Nhà nước trên địa bàn đạt 11.807 triệu đồng"
    '11807 | triệu đồng | >=',
    // "Tổng thu ngân sách địa phương đạt 8.630 triệu đồng"
    '8630 | triệu đồng | >=',
    // "Tổng Chi ngân sách phường: 8.630 triệu đồng" (a dự toán chi: spending stays within it)
    '8630 | triệu đồng | <=',
    // "Tổng số các loại thuế thu được năm 2023 là 4.658 triệu đồng"
    '4658 | triệu đồng | >=',
    // c) "Diện tích cấp giấy chứng nhận quyền sử dụng đất lần đầu 0,03 ha. Trong đó: đất ở đô thị 0,02 ha; đất nông nghiệp: 0,01ha."
    '0.03 | ha | >=',
    '0.02 | ha | >=',
    '0.01 | ha | >=',
    // "Tỷ lệ rác thải đô thị được thu gom đạt 96%"
    '96 | % | >=',
    // "Tỷ lệ hộ dân được dùng nước sạch, nước hợp vệ sinh đạt 95%"
    '95 | % | >=',
    // Văn hóa - xã hội: "Tỷ lệ học sinh xét tốt nghiệp đạt 99% trở lên ở các cấp"
    '99 | % | >=',
    // "Tỷ lệ tăng dân số tự nhiên dưới 8,6‰."
    '8.6 | ‰ | <=',
    // "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng dưới 5,6%."
    '5.6 | % | <=',
    // "Số hộ nghèo giảm trong năm 02 hộ, tỷ lệ hộ nghèo cuối năm còn dưới 0,32%"
    '2 | hộ | >=',
    '0.32 | % | <=',
    // "Tỷ lệ hộ cận nghèo còn dưới 2,4%."
    '2.4 | % | <=',
    // "Tạo việc làm mới và tăng việc làm cho 290 người."
    '290 | người | >=',
    // "Tỷ lệ dân số tham gia BHYT đạt 95%."
    '95 | % | >=',
    // "Tỷ lệ gia đình đạt danh hiệu gia đình văn hóa đạt 96%."
    '96 | % | >=',
    // "100% Cơ quan, Tổ dân phố văn hóa"
    '100 | % | >=',
    // "Số học sinh có mặt đầu năm học. 3.630 học sinh. Trong đó: Mầm non 430 học sinh, Tiểu học 1.900 học sinh. THCS: 1.300 học sinh"
    '3630 | học sinh | >=',
    '430 | học sinh | >=',
    '1900 | học sinh | >=',
    '1300 | học sinh | >=',
    // Quốc phòng, an ninh: "Phần đầu hoàn thành 100% chỉ tiêu giao quân năm 2023"
    '100 | % | >=',
    // Xây dựng Đảng: "Tổ chức cơ sở đảng và đảng viên hoàn thành tốt nhiệm vụ đạt 80% trở lên, trong đó có 20% tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ."
    '80 | % | >=',
    '20 | % | >=',
    // "Có 70% tổ chức Mặt trận, đoàn thể phường hoàn thành tốt nhiệm vụ trở lên."
    '70 | % | >=',
  ];
  // "Thực hiện các tiêu chí để xây dựng phường văn minh đô thị", "Giữ vững phương vững mạnh về quốc
  // phòng", "Giữ vững phương đạt tiêu chuẩn “An toàn về an ninh trật tự”"
  const expectedBooleans = [/văn minh đô thị/, /vững mạnh về quốc phòng/, /An toàn về an ninh trật tự/];

  it('loads with no warnings, as an annual quarterly plan of the phường', () => {
    expect(plan.organization.code).toBe('truong-quang-trong');
    expect(plan.campaign).toMatchObject({ kind: 'annual', year: 2023 });
    expect(plan.campaign.schedule).toMatchObject({
      start: '2023-01-01',
      end: '2023-12-31',
      scheme: 'quarterly',
    });
    expect(plan.officials.find((o) => o.role === 'chairman')?.name).toBe('Trương Thanh Thảo');
    expectCommonShape(plan);
  });

  it('has every target of the seed, and nothing else', () => {
    expect(expected).toHaveLength(45);
    expect(numericTriples(plan)).toEqual([...expected].sort());
    expect(booleans(plan)).toHaveLength(expectedBooleans.length);
    for (const pattern of expectedBooleans) byName(plan, pattern);
    expect(plan.indicators).toHaveLength(48);
  });

  it('breaks the food output down into rice and maize', () => {
    const food = byName(plan, /lương thực/);
    expect(food).toMatchObject({ parentCode: null, unit: 'tấn', measure: 'cumulative' });
    expect(childrenOf(plan, food)).toEqual(['Sản lượng lúa: >= 1270 tấn', 'Sản lượng ngô: >= 139 tấn']);
  });

  it('reads the other "Trong đó" lines as children too', () => {
    expect(childrenOf(plan, byName(plan, /giấy chứng nhận/))).toHaveLength(2);
    expect(childrenOf(plan, byName(plan, /^Số học sinh có mặt/))).toHaveLength(3);
    expect(childrenOf(plan, byName(plan, /tổ chức cơ sở đảng và đảng viên/))).toHaveLength(1);
  });

  it('gives each indicator the measure its wording implies', () => {
    expect(byName(plan, /Số hộ nghèo giảm/)).toMatchObject({ measure: 'cumulative', unit: 'hộ' });
    expect(byName(plan, /Tỷ lệ hộ nghèo/)).toMatchObject({ measure: 'level', unit: '%' });
    expect(byName(plan, /tăng dân số tự nhiên/)).toMatchObject({ measure: 'level', unit: '‰' });
    expect(byName(plan, /Tổng thu ngân sách Nhà nước/)).toMatchObject({
      measure: 'cumulative',
      unit: 'triệu đồng',
    });
    expect(byName(plan, /đàn bò/)).toMatchObject({ measure: 'level', unit: 'con' });
    expect(byName(plan, /Năng suất rau/)).toMatchObject({ measure: 'level', unit: 'tạ/ha' });
    for (const indicator of plan.indicators.filter((i) => i.unit === '%' || i.unit === '‰')) {
      expect(indicator.measure, indicator.code).toBe('level');
    }
  });
});

describe('examples/plans/thi-xa-nga-nam-2023.yaml', () => {
  const plan = load('thi-xa-nga-nam-2023');

  // ke-hoach-thi-xa-nga-nam-2023.txt, section II.1.2 "Chỉ tiêu thi đua".
  const expected: Triple[] = [
    // a) "Tỷ lệ sản lượng lúa đặc sản, lúa thơm chiếm trên 65% tổng sản lượng lúa toàn thị xã"
    '65 | % | >=',
    // "tổng sản lượng khai thác và nuôi trồng thủy sản đạt 12.500 tấn"
    '12500 | tấn | >=',
    // "thu ngân sách đạt 45 tỷ đồng"
    '45 | tỷ đồng | >=',
    // b) Giáo dục: "tỷ lệ trường đạt chuẩn quốc gia đạt 100%"
    '100 | % | >=',
    // "tỷ lệ huy động trẻ em, học sinh trong độ tuổi đến lớp mẫu giáo đạt 90%"
    '90 | % | >=',
    // "tỷ lệ huy động học sinh đi học đúng tuổi cấp tiểu học đạt 99,5%; trung học cơ sở đạt 98%, trung học phổ thông đạt 50%"
    '99.5 | % | >=',
    '98 | % | >=',
    '50 | % | >=',
    // Y tế: "tỷ lệ xã, phường thị trấn đạt chuẩn quốc gia về y tế đạt 100%"
    '100 | % | >=',
    // "tỷ lệ trạm y tế có bác sĩ đạt 100%"
    '100 | % | >=',
    // "tỷ lệ người tham gia bảo hiểm y tế đạt 95,15% dân số"
    '95.15 | % | >=',
    // Việc làm: "tỷ lệ lao động qua đào tạo đạt 65,51%"
    '65.51 | % | >=',
    // "tỷ lệ lao động qua đào tạo có văn bằng, chứng chỉ đạt là 57,11%"
    '57.11 | % | >=',
    // "tỷ lệ lao động đang làm việc so với tổng số lao động trong độ tuổi đạt là 72%"
    '72 | % | >=',
    // "Giảm tỷ lệ hộ nghèo bình quân 2%/năm, trong đó giảm tỷ lệ hộ Khmer nghèo 3%."
    '2 | % | >=',
    '3 | % | >=',
  ];
  // c) "Đảm bảo an ninh chính trị, trật tự an toàn xã hội và xây dựng lực lượng Công an nhân dân năm 2023.",
  // "Xây dựng Đề án đấu tranh phòng, chống tội phạm ma túy trên địa bàn thị xã."
  const expectedBooleans = [/an ninh chính trị, trật tự an toàn xã hội/, /Đề án .*ma túy/];

  it('loads with no warnings, as an annual quarterly plan of the thị xã', () => {
    expect(plan.organization.code).toBe('nga-nam');
    expect(plan.campaign).toMatchObject({ kind: 'annual', year: 2023 });
    expect(plan.campaign.schedule).toMatchObject({
      start: '2023-01-01',
      end: '2023-12-31',
      scheme: 'quarterly',
    });
    expectCommonShape(plan);
  });

  it('has every target of the seed, and nothing else', () => {
    expect(expected).toHaveLength(16);
    expect(numericTriples(plan)).toEqual([...expected].sort());
    expect(booleans(plan)).toHaveLength(expectedBooleans.length);
    for (const pattern of expectedBooleans) byName(plan, pattern);
    expect(plan.indicators).toHaveLength(18);
  });

  it('reads "trong đó giảm tỷ lệ hộ Khmer nghèo" as a child of the poverty reduction', () => {
    const poverty = byName(plan, /^Mức giảm tỷ lệ hộ nghèo/);
    expect(poverty).toMatchObject({ parentCode: null, measure: 'cumulative', unit: '%' });
    expect(childrenOf(plan, poverty)).toEqual(['Mức giảm tỷ lệ hộ Khmer nghèo trong năm: >= 3 %']);
  });

  it('has no food-output breakdown (the seed gives none)', () => {
    expect(plan.indicators.filter((i) => i.parentCode !== null)).toHaveLength(1);
  });
});

describe('examples/plans/quan-90-ngay-nuoc-rut-2024.yaml', () => {
  const plan = load('quan-90-ngay-nuoc-rut-2024');

  // ke-hoach-quan-90-ngay-nuoc-rut-2024.txt, section II.
  const expected: Triple[] = [
    // 4. "phấn đấu giải ngân vốn đầu tư công đạt 100% kế hoạch vốn"
    '100 | % | >=',
    // 6. "duy trì không có hộ nghèo"
    '0 | hộ | <=',
  ];
  const expectedBooleans = [
    // 5. "kiên quyết, ngăn chặn tuyệt đối các trường hợp xây dựng trên đất không được phép xây dựng"
    /xây dựng trên đất không được phép xây dựng/,
    // 6. "giảm hộ cận nghèo theo chỉ tiêu thành phố giao"
    /hộ cận nghèo/,
    // 6. "duy trì vị trí tốp đầu về chất lượng giáo dục toàn diện và mũi nhọn"
    /tốp đầu về chất lượng giáo dục/,
    // 7. "hoàn thành tốt nhiệm vụ chuyển đổi số theo kế hoạch được phê duyệt"
    /chuyển đổi số/,
    // 9. "Giữ vững an ninh chính trị, trật tự an toàn xã hội, không để xảy ra vụ việc bất ngờ"
    /Giữ vững an ninh chính trị/,
    // 9. "giảm tai nạn giao thông"
    /tai nạn giao thông/,
  ];

  it('loads with no warnings, as a 90-day sprint with three checkpoints', () => {
    expect(plan.campaign).toMatchObject({ kind: 'sprint', year: 2024 });
    expect(plan.campaign.schedule).toMatchObject({
      kind: 'sprint',
      start: '2024-10-03',
      end: '2024-12-31',
      scheme: 'checkpoints',
      checkpoints: ['2024-11-01', '2024-12-01', '2024-12-31'],
    });
    const days = (Date.parse('2024-12-31') - Date.parse('2024-10-03')) / 86_400_000 + 1;
    expect(days).toBe(90);
    expect(plan.officials.find((o) => o.role === 'chairman')?.name).toBe('Nguyễn Hoàng Linh');
    expectCommonShape(plan);
  });

  it('has every target of the seed, and nothing else', () => {
    expect(numericTriples(plan)).toEqual([...expected].sort());
    expect(booleans(plan)).toHaveLength(expectedBooleans.length);
    for (const pattern of expectedBooleans) byName(plan, pattern);
    expect(plan.indicators).toHaveLength(8);
  });

  it('reads "duy trì không có hộ nghèo" as a level of at most zero households', () => {
    expect(byName(plan, /^Số hộ nghèo$/)).toMatchObject({
      measure: 'level',
      unit: 'hộ',
      targets: [{ source: '', comparator: '<=', value: '0' }],
    });
  });
});

describe('examples/plans/demo.yaml', () => {
  const plan = load('demo');

  it('is the 2026 annual plan of UBND xã Quang Trung', () => {
    expect(plan.organization).toEqual({ code: 'quang-trung', name: 'UBND xã Quang Trung' });
    expect(plan.campaign).toMatchObject({ kind: 'annual', year: 2026 });
    expect(plan.campaign.schedule).toMatchObject({
      start: '2026-01-01',
      end: '2026-12-31',
      scheme: 'quarterly',
    });
    expectCommonShape(plan);
  });

  it('has three units and a chairman, a vice-chairman, an admin and officers', () => {
    expect(plan.units).toHaveLength(3);
    expect(plan.officials.length).toBeGreaterThanOrEqual(5);
    expect(plan.officials.length).toBeLessThanOrEqual(6);
    const role = (code: string) => plan.officials.find((o) => o.code === code)?.role;
    expect([role('ct'), role('pct'), role('vp')]).toEqual(['chairman', 'vice_chairman', 'admin']);
    expect(
      plan.units.find((u) => u.code === plan.officials.find((o) => o.code === 'vp')?.unitCode)?.name,
    ).toBe('Văn phòng - Thống kê');
    expect(plan.officials.filter((o) => o.role === 'officer').length).toBeGreaterThanOrEqual(2);
  });

  it('shows every feature with about twelve indicators', () => {
    expect(plan.indicators).toHaveLength(12);
    const units = new Set(plan.indicators.map((i) => i.unit));
    for (const unit of ['triệu đồng', 'tỷ đồng', 'tấn', '%', '‰', 'người'])
      expect(units.has(unit), unit).toBe(true);
    expect(new Set(plan.indicators.map((i) => i.measure))).toEqual(
      new Set(['cumulative', 'level', 'boolean']),
    );

    const food = byName(plan, /lương thực/);
    expect(childrenOf(plan, food)).toEqual(['Sản lượng lúa: >= 1270 tấn', 'Sản lượng ngô: >= 139 tấn']);

    expect(byName(plan, /Tỷ lệ hộ nghèo/)).toMatchObject({
      measure: 'level',
      targets: [{ comparator: '<=', value: '0.32' }],
    });
    expect(byName(plan, /tăng dân số tự nhiên/)).toMatchObject({ unit: '‰', measure: 'level' });

    const bhyt = byName(plan, /BHYT/);
    expect(bhyt).toMatchObject({ unit: '%', measure: 'level' });
    expect(bhyt.targets).toEqual([
      { source: 'Tỉnh giao', comparator: '>=', value: '95.15' },
      { source: 'HĐND xã giao', comparator: '>=', value: '95' },
    ]);
    expect(booleans(plan).length).toBeGreaterThan(0);
  });

  it('takes its targets from the seeds', () => {
    expect(numericTriples(plan)).toEqual(
      [
        '11807 | triệu đồng | >=',
        '28.2 | tỷ đồng | >=',
        '1409 | tấn | >=',
        '1270 | tấn | >=',
        '139 | tấn | >=',
        '290 | người | >=',
        '0.32 | % | <=',
        '8.6 | ‰ | <=',
        '95.15 | % | >=',
        '95 | % | >=',
        '100 | % | >=',
        '100 | % | >=',
      ].sort(),
    );
    expect(byCode(plan, 'QP02').measure).toBe('boolean');
  });
});
