import { describe, expect, it } from 'vitest';
import {
  extractPlan,
  type ExtractedIndicator,
  type ExtractedPlan,
} from '../../src/domain/plan-extraction/index.js';

/** A plan around the given target lines, with the parts that must give no indicator. */
function plan(body: string[], options: { today?: string; title?: string } = {}): ExtractedPlan {
  const lines = [
    'KẾ HOẠCH',
    options.title ?? 'Phát động phong trào thi đua thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2025',
    'Căn cứ Quyết định số 7919/QĐ-UBND ngày 27/12/2024 của UBND huyện Bình Sơn;',
    'I. MỤC ĐÍCH, YÊU CẦU',
    '- Phấn đấu hoàn thành 100% các chỉ tiêu, tạo khí thế thi đua sôi nổi.',
    'II. CHỈ TIÊU THI ĐUA',
    ...body,
    'III. TỔ CHỨC THỰC HIỆN',
    '1. Giao phòng Nội vụ theo dõi, đôn đốc 12 tổ dân phố đạt 95% kế hoạch.',
    'Nơi nhận:',
    '- 12 Tổ dân phố;',
  ];
  return extractPlan({ lines, today: options.today ?? '2025-03-10' });
}

function all(extracted: ExtractedPlan): ExtractedIndicator[] {
  const walk = (list: ExtractedIndicator[]): ExtractedIndicator[] =>
    list.flatMap((i) => [i, ...walk(i.children)]);
  return walk(extracted.indicators);
}

/** "value unit comparator" of every numeric target */
function triples(extracted: ExtractedPlan): string[] {
  return all(extracted)
    .filter((i) => i.measure !== 'boolean')
    .flatMap((i) => i.targets.map((t) => `${t.value} ${i.unit ?? '-'} ${t.comparator}`));
}

describe('extractPlan: figures and units', () => {
  it('reads Vietnamese numbers with their units', () => {
    const result = plan([
      'a) Về kinh tế:',
      '- Tổng thu ngân sách nhà nước trên địa bàn đạt 11.807 triệu đồng',
      '- Giá trị sản xuất nông nghiệp 28,2 tỷ đồng',
      '- Năng suất lúa bình quân 62,5 tạ/ha',
      '- Tỷ lệ tăng dân số tự nhiên dưới 8,6‰',
      '- Diện tích đất nông nghiệp: 0,01ha',
      '- Thu nhập bình quân đầu người đạt 65 triệu đồng/người/năm',
    ]);
    expect(triples(result)).toEqual([
      '11807 triệu đồng >=',
      '28.2 tỷ đồng >=',
      '62.5 tạ/ha >=',
      '8.6 ‰ <=',
      '0.01 ha >=',
      // the per-year is the period, not the unit (INDICATORS.md)
      '65 triệu đồng >=',
    ]);
    const [revenue, , yieldRate] = result.indicators;
    expect(revenue).toMatchObject({
      name: 'Tổng thu ngân sách nhà nước trên địa bàn',
      measure: 'cumulative',
      line: 8,
      category: 'Kinh tế',
    });
    expect(yieldRate?.measure).toBe('level');
    expect(result.indicators[3]).toMatchObject({
      name: 'Tỷ lệ tăng dân số tự nhiên',
      measure: 'level',
      unit: '‰',
    });
  });

  it('flags a figure with no comparator word, and says which comparators it read', () => {
    const result = plan([
      '- Tỷ lệ hộ nghèo cuối năm còn dưới 1,5%',
      '- Số hộ nghèo giảm trong năm 12 hộ',
      '- Tỷ lệ học sinh tốt nghiệp đạt 99% trở lên',
      '- Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi: 5,6%',
      '- Tổng chi ngân sách xã: 8.630 triệu đồng',
      '- Tạo việc làm mới cho 290 người',
      '- Duy trì không có hộ nghèo tái nghèo',
    ]);
    expect(triples(result)).toEqual([
      '1.5 % <=',
      '12 hộ >=',
      '99 % >=',
      '5.6 % <=',
      '8630 triệu đồng <=',
      '290 người >=',
    ]);
    // a zero goal is a yes/no goal, as a clerk enters it (INDICATORS.md), not "= 0 hộ"
    expect(result.indicators[6]).toMatchObject({
      measure: 'boolean',
      name: 'Duy trì không có hộ nghèo tái nghèo',
    });
    const malnutrition = result.indicators[3];
    expect(malnutrition?.flags).toContain('assumed_comparator');
    expect(result.indicators[2]?.flags).not.toContain('assumed_comparator');
    expect(malnutrition?.confidence).toBeLessThan(result.indicators[2]?.confidence ?? 0);
  });
});

describe('extractPlan: structure', () => {
  it('splits a line of several figures, naming each from the line and its head', () => {
    const result = plan(['+ Lúa nước: diện tích 55 ha, năng suất 39,1 tạ/ha, sản lượng 215 tấn']);
    expect(result.indicators.map((i) => [i.name, i.unit, i.measure])).toEqual([
      ['Diện tích lúa nước', 'ha', 'cumulative'],
      ['Năng suất lúa nước', 'tạ/ha', 'level'],
      ['Sản lượng lúa nước', 'tấn', 'cumulative'],
    ]);
    for (const indicator of result.indicators) expect(indicator.flags).toContain('split_from_line');
  });

  it('keeps several targets of one indicator with their sources', () => {
    const result = plan(['- Tỷ lệ dân số tham gia bảo hiểm y tế (Thị xã giao: 95,52 %; HĐND xã giao: 90 %)']);
    expect(result.indicators).toHaveLength(1);
    expect(result.indicators[0]).toMatchObject({
      name: 'Tỷ lệ dân số tham gia bảo hiểm y tế',
      unit: '%',
      targets: [
        { source: 'Thị xã giao', comparator: '>=', value: '95.52' },
        { source: 'HĐND xã giao', comparator: '>=', value: '90' },
      ],
    });
  });

  it('reads "Trong đó" parts and parenthesised parts as children of the total', () => {
    const result = plan([
      '- Diện tích cấp giấy chứng nhận lần đầu 0,03 ha. Trong đó: đất ở đô thị 0,02 ha; đất nông nghiệp: 0,01ha.',
      '- Tổng sản lượng lương thực 1.409 tấn, (Lúa: 1.270 tấn, Ngô 139 tấn)',
    ]);
    expect(result.indicators).toHaveLength(2);
    expect(result.indicators[0]?.children.map((c) => [c.name, c.targets[0]?.value])).toEqual([
      ['Diện tích đất ở đô thị', '0.02'],
      ['Diện tích đất nông nghiệp', '0.01'],
    ]);
    expect(result.indicators[1]?.children.map((c) => c.name)).toEqual(['Sản lượng lúa', 'Sản lượng ngô']);
  });

  it('reads a "Trong đó" line as the parts of the indicator above', () => {
    const result = plan([
      '- Giải quyết việc làm cho 180 lao động',
      '- Trong đó: xuất khẩu lao động 10 người',
    ]);
    expect(result.indicators).toHaveLength(1);
    expect(result.indicators[0]?.children.map((c) => [c.name, c.unit, c.targets[0]?.value])).toEqual([
      // named as INDICATORS.md enters a count by what the people do
      ['Số người xuất khẩu lao động', 'người', '10'],
    ]);
  });

  it('reads "đạt 95,5% (Huyện giao: 94%)" and "Huyện giao …; xã phấn đấu …" as targets of one indicator', () => {
    const result = plan([
      '- Tỷ lệ người dân tham gia BHYT đạt 95,5% (Huyện giao: 94%).',
      '- Tổng thu ngân sách nhà nước: Huyện giao 3.200 triệu đồng; xã phấn đấu 3.500 triệu đồng.',
    ]);
    expect(result.indicators.map((i) => i.targets.map((t) => `${t.source ?? ''} ${t.value}`))).toEqual([
      [' 95.5', 'Huyện giao 94'],
      ['Huyện giao 3200', 'Xã phấn đấu 3500'],
    ]);
  });

  it('reads "+" sub-items as children of the item above when it has a figure', () => {
    const result = plan(['- Tổng đàn gia súc 1.270 con', '+ Đàn bò 400 con', '+ Đàn heo 800 con']);
    expect(result.indicators).toHaveLength(1);
    expect(result.indicators[0]?.children.map((c) => c.name)).toEqual(['Đàn bò', 'Đàn heo']);
  });

  it('reads qualitative goals as boolean indicators, flagged', () => {
    const result = plan([
      '* Phấn đấu thực hiện hoàn thành các chỉ tiêu chủ yếu:',
      '- Giữ vững xã vững mạnh về quốc phòng',
      '- Xã đạt tiêu chí quốc gia về y tế',
      'Thực hiện tốt công tác cải cách hành chính, duy trì vị trí tốp đầu về chỉ số cải cách hành chính.',
    ]);
    const booleans = all(result).filter((i) => i.measure === 'boolean');
    expect(booleans.map((b) => b.name)).toEqual([
      'Giữ vững xã vững mạnh về quốc phòng',
      'Xã đạt tiêu chí quốc gia về y tế',
      'Duy trì vị trí tốp đầu về chỉ số cải cách hành chính',
    ]);
    for (const b of booleans) {
      expect(b.flags).toContain('boolean_goal');
      expect(b.targets).toEqual([{ source: null, comparator: '=', value: '1' }]);
      expect(b.unit).toBeNull();
    }
  });
});

describe('extractPlan: numbered goals', () => {
  it('reads "1.14. Duy trì …" in a numbered list of targets as a yes/no goal, not as a heading', () => {
    const result = plan([
      '1. Chỉ tiêu về văn hóa - xã hội',
      '1.13. Tỷ lệ hộ nghèo còn dưới 1,2%.',
      '1.14. Duy trì xã đạt tiêu chí quốc gia về y tế.',
    ]);
    const goals = all(result).filter((i) => i.measure === 'boolean');
    expect(goals.map((g) => [g.line, g.name])).toEqual([[9, 'Duy trì xã đạt tiêu chí quốc gia về y tế']]);
    expect(triples(result)).toEqual(['1.2 % <=']);
  });
});

describe('extractPlan: tables and wrapped lines', () => {
  it('reads a target table: name, unit and target columns, baselines left out, sections as categories', () => {
    const result = plan([
      '| STT | Chỉ tiêu | ĐVT | Thực hiện năm 2024 | Kế hoạch năm 2025 |',
      '|---|---|---|---|---|',
      '| I | KINH TẾ | | | |',
      '| 1 | Tổng thu ngân sách nhà nước | Triệu đồng | 5.120 | 5.480 |',
      '| 1.1 | Thu thuế | Triệu đồng | 2.000 | 2.100 |',
      '| 2 | Tỷ lệ hộ nghèo | % | 2,61 | 1,95 |',
      '| II | XÃ HỘI | | | |',
      '| 3 | Giữ vững danh hiệu xã văn hóa | | Đạt | Đạt |',
    ]);
    expect(triples(result)).toEqual(['5480 triệu đồng >=', '2100 triệu đồng >=', '1.95 % <=']);
    expect(result.indicators.map((i) => [i.name, i.category, i.measure])).toEqual([
      ['Tổng thu ngân sách nhà nước', 'Kinh tế', 'cumulative'],
      ['Tỷ lệ hộ nghèo', 'Kinh tế', 'level'],
      ['Giữ vững danh hiệu xã văn hóa', 'Xã hội', 'boolean'],
    ]);
    expect(result.indicators[0]?.children.map((c) => c.name)).toEqual(['Thu thuế']);
  });

  it('reads a table of several target columns as targets with their sources', () => {
    const result = plan([
      'Chỉ tiêu\tĐVT\tHuyện giao\tXã phấn đấu',
      'Tỷ lệ tham gia bảo hiểm y tế\t%\t95,5\t≥ 96',
    ]);
    expect(result.indicators[0]).toMatchObject({
      unit: '%',
      targets: [
        { source: 'Huyện giao', comparator: '>=', value: '95.5' },
        { source: 'Xã phấn đấu', comparator: '>=', value: '96' },
      ],
    });
  });

  it('joins a sentence wrapped over several lines', () => {
    const result = plan(['- Tỷ lệ hộ nghèo theo chuẩn đa chiều giảm', '', 'xuống còn 1,5% cuối năm']);
    expect(triples(result)).toEqual(['1.5 % <=']);
    expect(result.indicators[0]).toMatchObject({ name: 'Tỷ lệ hộ nghèo theo chuẩn đa chiều', line: 7 });
  });
});

describe('extractPlan: what is not a target', () => {
  it('refuses decree numbers, dates, years, project numbers, durations, ages and baselines', () => {
    const result = plan([
      '- Thực hiện Đề án 06 của Chính phủ theo Nghị quyết số 10-NQ/QU ngày 21/12/2023, giai đoạn 2021 - 2025.',
      '- Kết quả 9 tháng năm 2024: xã lũy kế đến nay đạt 09 tiêu chí nông thôn mới.',
      '- Tỷ lệ trẻ em dưới 5 tuổi được tiêm chủng đầy đủ đạt 98%',
    ]);
    expect(triples(result)).toEqual(['98 % >=']);
    expect(result.skipped.some((s) => s.reason === 'context_number' && s.line === 8)).toBe(true);
  });

  it('flags a figure whose sentence speaks of results already reached', () => {
    const result = plan([
      '- Năm 2024 xã đã đạt 15 tiêu chí, năm 2025 phấn đấu đạt 17 tiêu chí nông thôn mới nâng cao',
    ]);
    expect(triples(result)).toEqual(['17 tiêu chí >=']);
    expect(result.indicators[0]?.name).toBe('Số tiêu chí nông thôn mới nâng cao');
    expect(result.indicators[0]?.flags).toContain('maybe_context');
    expect(result.indicators[0]?.confidence).toBeLessThan(0.6);
  });

  it('gives no indicator from purpose, implementation, rewards or the distribution list', () => {
    const result = plan([]);
    expect(result.indicators).toEqual([]);
    expect(result.skipped.map((s) => s.reason)).toContain('not_a_goal');
  });

  it('gives nothing from the review of the year before, however its parts are headed', () => {
    const result = plan([
      'PHẦN I. ĐÁNH GIÁ KẾT QUẢ PHONG TRÀO THI ĐUA NĂM 2024',
      '- Tổng thu ngân sách nhà nước đạt 18,64 tỷ đồng, bằng 112,3% dự toán.',
      '- Tỷ lệ dân số tham gia bảo hiểm y tế đạt 92%.',
      'PHẦN II. NỘI DUNG, CHỈ TIÊU THI ĐUA NĂM 2025',
      '- Tỷ lệ dân số tham gia bảo hiểm y tế đạt 95%.',
    ]);
    expect(triples(result)).toEqual(['95 % >=']);
    const reviewed = plan([
      '1. Tình hình năm 2024',
      'Năm 2024 thu ngân sách đạt 9.850 triệu đồng, bằng 112 % dự toán.',
      '2. Chỉ tiêu năm 2025',
      '- Thu ngân sách đạt 10.500 triệu đồng.',
    ]);
    expect(triples(reviewed)).toEqual(['10500 triệu đồng >=']);
  });

  it('gives nothing for text that is not a plan', () => {
    const result = extractPlan({ lines: ['Xin chào', 'Hôm nay trời đẹp, 25 độ.', ''], today: '2025-01-01' });
    expect(result.indicators).toEqual([]);
    expect(result.campaign).toMatchObject({ title: null, year: null });
    expect(result.organizationName).toBeNull();
  });
});

describe('extractPlan: campaign and organization', () => {
  it('reads an annual plan and its issuer', () => {
    const result = extractPlan({
      lines: [
        'KẾ HOẠCH',
        'Phát động phong trào thi đua năm 2023',
        'Căn cứ Quyết định của UBND thành phố Quảng Ngãi;',
        'Ủy ban nhân dân thị xã Ngã Năm xây dựng kế hoạch phát động phong trào thi đua năm 2023.',
      ],
      today: '2023-02-01',
    });
    expect(result.campaign).toEqual({
      title: 'Phát động phong trào thi đua năm 2023',
      year: 2023,
      kind: 'annual',
      start: '2023-01-01',
      end: '2023-12-31',
    });
    expect(result.organizationName).toBe('UBND thị xã Ngã Năm');
  });

  it('reads a sprint "từ nay đến hết tháng 12 năm 2024" from the day it is read', () => {
    const lines = [
      'KẾ HOẠCH',
      'Phát động phong trào thi đua 90 ngày nước rút năm 2024',
      'Phong trào thi đua thực hiện cao điểm từ nay đến hết tháng 12 năm 2024.',
    ];
    expect(extractPlan({ lines, today: '2024-10-03' }).campaign).toMatchObject({
      kind: 'sprint',
      year: 2024,
      start: '2024-10-03',
      end: '2024-12-31',
    });
    // read before the year starts, the window starts with the year
    expect(extractPlan({ lines, today: '2023-12-20' }).campaign).toMatchObject({
      start: '2024-01-01',
      end: '2024-12-31',
    });
    // read after it closed, "từ nay" cannot be dated: left for the reviewer, not guessed
    expect(extractPlan({ lines, today: '2026-11-23' }).campaign).toMatchObject({
      kind: 'sprint',
      start: null,
      end: '2024-12-31',
    });
  });

  it('keeps an annual movement with a peak round inside it annual', () => {
    const lines = [
      'KẾ HOẠCH',
      'Phát động phong trào thi đua yêu nước năm 2026 và đợt thi đua cao điểm chào mừng các ngày lễ lớn',
      'Đợt thi đua cao điểm từ ngày 01/9/2026 đến ngày 30/11/2026.',
    ];
    expect(extractPlan({ lines, today: '2026-01-12' }).campaign).toMatchObject({
      kind: 'annual',
      start: '2026-01-01',
      end: '2026-12-31',
    });
  });

  it('reads a sprint with both dates written out', () => {
    const lines = [
      'KẾ HOẠCH',
      'Phát động đợt thi đua cao điểm năm 2025',
      'Thời gian: từ ngày 01/6/2025 đến ngày 30/9/2025.',
    ];
    expect(extractPlan({ lines, today: '2025-05-01' }).campaign).toMatchObject({
      kind: 'sprint',
      start: '2025-06-01',
      end: '2025-09-30',
    });
  });
});

describe('extractPlan: the classes of issue 16', () => {
  const tree = (lines: string[]) =>
    plan(lines).indicators.map((i) => ({
      name: i.name,
      category: i.category,
      targets: i.targets.map((t) => `${t.comparator} ${t.value}${t.source ? ` (${t.source})` : ''}`),
      children: i.children.map((c) => c.name),
    }));

  it('reads "2. 2." and "a)" headings as categories, and a list of herds as siblings', () => {
    const read = tree([
      '2. 2. Về văn hóa – xã hội',
      '- Chăn nuôi: đàn trâu 450 con; đàn bò 1.200 con (bò lai 600 con đạt 50%); đàn lợn 3.000 con.',
    ]);
    expect(read.map((i) => [i.name, i.children])).toEqual([
      ['Đàn trâu', []],
      ['Đàn bò', ['Đàn bò lai', 'Tỷ lệ đàn bò lai']],
      ['Đàn lợn', []],
    ]);
    expect(read.every((i) => i.category === 'Văn hóa – xã hội')).toBe(true);
  });

  it('reads one poverty ceiling with its two sources, "giảm N, còn M" as one ceiling, and a dot decimal', () => {
    const read = tree([
      '- Tỷ lệ hộ nghèo: giảm 5 hộ, còn 12 hộ, 0,5 % chỉ tiêu cấp trên giao và 0,45 % HĐND giao; hộ cận nghèo: 0.78%',
    ]);
    expect(read.map((i) => [i.name, i.targets])).toEqual([
      ['Số hộ nghèo', ['<= 12']],
      // the source as written (INDICATORS.md)
      ['Tỷ lệ hộ nghèo', ['<= 0.5 (Chỉ tiêu cấp trên giao)', '<= 0.45 (HĐND giao)']],
      ['Tỷ lệ hộ cận nghèo', ['<= 0.78']],
    ]);
  });

  it('completes bare measures with their crop, and names a total before its "(trong đó …)" part', () => {
    expect(tree(['- Năng suất lúa đạt 60 tạ/ha; sản lượng 5.000 tấn.']).map((i) => i.name)).toEqual([
      'Năng suất lúa',
      'Sản lượng lúa',
    ]);
    const insured = tree(['- Tỷ lệ tham gia BHYT (trong đó hộ nghèo 100%) đạt 95%.']);
    expect(insured.map((i) => [i.name, i.targets, i.children])).toEqual([
      ['Tỷ lệ tham gia BHYT', ['>= 95'], ['Hộ nghèo']],
    ]);
  });

  it('reads "không dưới" as a floor and zero goals as yes/no goals, one per clause', () => {
    const read = plan([
      '- Thu ngân sách không dưới 10.500 triệu đồng.',
      '- Không có cháy nổ lớn, không có tai nạn giao thông nghiêm trọng.',
    ]);
    expect(triples(read)).toEqual(['10500 triệu đồng >=']);
    expect(read.indicators.filter((i) => i.measure === 'boolean').map((i) => i.name)).toEqual([
      'Không có cháy nổ lớn',
      'Không có tai nạn giao thông nghiêm trọng',
    ]);
  });
});

describe('extractPlan: names a clerk keeps, totals and restatements', () => {
  const read = (lines: string[]) =>
    all(plan(lines)).map(
      (i) => `${i.name} | ${i.measure} ${i.targets.map((t) => `${t.comparator} ${t.value}`).join(' ')}`,
    );

  it('names counts and works after their action, and shares the action with the next bare count', () => {
    expect(
      read([
        '- Phát triển mới 85 doanh nghiệp và 260 hộ kinh doanh.',
        '- Chỉnh trang, nâng cấp 3,2 km hẻm, kiệt; giải quyết việc làm cho 1.250 lao động.',
      ]),
    ).toEqual([
      'Số doanh nghiệp phát triển mới | cumulative >= 85',
      'Số hộ kinh doanh phát triển mới | cumulative >= 260',
      'Hẻm, kiệt được chỉnh trang, nâng cấp | cumulative >= 3.2',
      'Số lao động được giải quyết việc làm | cumulative >= 1250',
    ]);
  });

  it('names a change given as a rate, and reads a ceiling from the name however the figure is said', () => {
    expect(
      read([
        '- Giá trị sản xuất công nghiệp tăng 8% so với năm 2025; số vụ tai nạn giao thông giảm ít nhất 10%.',
        '- Tỷ lệ tăng dân số tự nhiên 0,9%; tỷ lệ trẻ em suy dinh dưỡng thể nhẹ cân 7,8%, thể thấp còi 10,5%.',
      ]),
    ).toEqual([
      'Tốc độ tăng giá trị sản xuất công nghiệp so với năm 2025 | level >= 8',
      'Mức giảm số vụ tai nạn giao thông | level >= 10',
      'Tỷ lệ tăng dân số tự nhiên | level <= 0.9',
      'Tỷ lệ trẻ em suy dinh dưỡng thể nhẹ cân | level <= 7.8',
      'Tỷ lệ trẻ em suy dinh dưỡng thể nhẹ cân — thể thấp còi | level <= 10.5',
    ]);
  });

  it('reads "thêm N …, nâng tổng số lên M/T" as one level on the total, baselines in brackets left out', () => {
    expect(
      read([
        '- Có thêm 02 thôn đạt chuẩn nông thôn mới kiểu mẫu, nâng tổng số lên 05/12 thôn (năm 2025: 3/12).',
      ]),
    ).toEqual(['Số thôn đạt chuẩn nông thôn mới kiểu mẫu | level >= 5']);
  });

  it('ends the parts of a total at a clause of its own, and drops a growth rate restating an amount', () => {
    const tree = plan([
      '- Tổng thu ngân sách đạt 20 tỷ đồng, tăng 10% so với cùng kỳ, trong đó thu thuế 5 tỷ đồng; chi ngân sách thường xuyên không quá 15 tỷ đồng.',
      '- Diện tích lúa 2 vụ 480 ha.',
    ]).indicators.map((i) => [i.name, i.targets[0]?.comparator, i.children.map((c) => c.name)]);
    expect(tree).toEqual([
      ['Tổng thu ngân sách', '>=', ['Thu thuế']],
      ['Chi ngân sách thường xuyên', '<=', []],
      ['Diện tích lúa 2 vụ', '>=', []],
    ]);
  });
});

describe('extractPlan: goals and sources as a clerk enters them', () => {
  it('splits goals that repeat the object of one verb, reads "mức độ 3" as no figure, and goals stated of a subject', () => {
    const goals = plan([
      '- Duy trì phổ cập giáo dục tiểu học mức độ 3, phổ cập giáo dục trung học cơ sở mức độ 2.',
      '- Tỷ lệ trẻ 5 tuổi ra lớp đạt 100%; giữ vững chuẩn phổ cập giáo dục, xóa mù chữ mức độ 2.',
      '1.23. Chính quyền xã được xếp loại hoàn thành tốt nhiệm vụ trở lên.',
    ])
      .indicators.filter((i) => i.measure === 'boolean')
      .map((i) => i.name);
    expect(goals).toEqual([
      'Duy trì phổ cập giáo dục tiểu học mức độ 3',
      'Duy trì phổ cập giáo dục trung học cơ sở mức độ 2',
      'Giữ vững chuẩn phổ cập giáo dục, xóa mù chữ mức độ 2',
      'Chính quyền xã được xếp loại hoàn thành tốt nhiệm vụ trở lên',
    ]);
  });

  it('keeps a source only beside another, reads a source before a comparator word, and a count over a restated share', () => {
    const read = all(
      plan([
        '- Tuyển chọn và gọi công dân nhập ngũ đạt 100% chỉ tiêu huyện giao.',
        '- Số hộ kinh doanh đăng ký mới (Huyện giao: 30 hộ; HĐND xã giao: tối thiểu 35 hộ).',
        '- Gọi công dân nhập ngũ: 14 thanh niên, đạt 100% chỉ tiêu Huyện giao.',
        '- Giữ vững 100% trường công lập đạt chuẩn quốc gia (04/04 trường).',
      ]),
    ).map(
      (i) => `${i.name}: ${i.targets.map((t) => `${t.value}${t.source ? ` ${t.source}` : ''}`).join(', ')}`,
    );
    expect(read).toEqual([
      'Tỷ lệ hoàn thành chỉ tiêu tuyển chọn và gọi công dân nhập ngũ: 100',
      'Số hộ kinh doanh đăng ký mới: 30 Huyện giao, 35 HĐND xã giao',
      'Số thanh niên gọi công dân nhập ngũ: 14',
      'Giữ vững trường công lập đạt chuẩn quốc gia: 100',
    ]);
  });
});

describe('extractPlan: the review flag', () => {
  it('flags a name taken from running text, and leaves a clean name of a many-figure line unflagged', () => {
    const read = all(
      plan([
        '- Tỷ lệ hộ gia đình văn hóa đạt 95%; năng suất lúa đạt 60 tạ/ha; sản lượng lúa 5.000 tấn.',
        'Các ngành tập trung chỉ đạo sản xuất theo hướng hàng hóa, phấn đấu tổng diện tích gieo trồng 3.240 ha.',
      ]),
    ).map((i) => [i.name, i.confidence < 0.6, i.flags.includes('unclear_name')]);
    expect(read).toEqual([
      ['Tỷ lệ hộ gia đình văn hóa', false, false],
      ['Năng suất lúa', false, false],
      ['Sản lượng lúa', false, false],
      [expect.stringContaining('tập trung'), true, true],
    ]);
  });
});

describe('extractPlan: headings of every numbering style', () => {
  const categories = (lines: string[]) =>
    extractPlan({ lines, today: '2026-01-15' }).indicators.map((i) => `${i.category}: ${i.name}`);

  it('reads "Phần thứ …" with its title on the next line, and "A. LĨNH VỰC …" as categories', () => {
    const read = categories([
      'KẾ HOẠCH',
      'Phát động phong trào thi đua năm 2026',
      'Phần thứ nhất',
      'MỤC ĐÍCH, YÊU CẦU',
      '- Cổ vũ Nhân dân 22 tổ dân phố hoàn thành 100% chỉ tiêu.',
      'Phần thứ hai',
      'CÁC CHỈ TIÊU THI ĐUA NĂM 2026',
      'A. LĨNH VỰC KINH TẾ',
      '1. Tổng thu ngân sách nhà nước trên địa bàn đạt 48.750 triệu đồng.',
      'B. LĨNH VỰC VĂN HÓA - XÃ HỘI',
      '* Giáo dục',
      '- Tỷ lệ học sinh tốt nghiệp trung học cơ sở đạt 99,6%.',
      '- Trạm Y tế phường duy trì đạt Bộ tiêu chí quốc gia về y tế.',
      'Phần thứ ba',
      'CÁC ĐỢT THI ĐUA VÀ KHEN THƯỞNG',
      '3. Cuối năm tặng Giấy khen cho tối đa 06 tập thể và 15 cá nhân tiêu biểu.',
    ]);
    expect(read).toEqual([
      'Kinh tế: Tổng thu ngân sách nhà nước trên địa bàn',
      'Văn hóa - xã hội: Tỷ lệ học sinh tốt nghiệp trung học cơ sở',
      'Văn hóa - xã hội: Trạm Y tế phường duy trì đạt Bộ tiêu chí quốc gia về y tế',
    ]);
  });

  it('reads a "*" group as the category only where no heading above names a field', () => {
    const read = categories([
      'KẾ HOẠCH',
      'Phát động phong trào thi đua năm 2026',
      'II. CÁC CHỈ TIÊU THI ĐUA',
      '* Kinh tế',
      '- Thu ngân sách đạt 9.600 triệu đồng.',
      '1. Về văn hóa - xã hội',
      '* Giáo dục:',
      '- Tỷ lệ trẻ 5 tuổi ra lớp đạt 100%.',
    ]);
    expect(read).toEqual(['Kinh tế: Thu ngân sách', 'Văn hóa - xã hội: Tỷ lệ trẻ 5 tuổi ra lớp']);
  });
});

describe('extractPlan: the head of the document', () => {
  it.each([
    [
      ['ỦY BAN NHÂN DÂN', 'XÃ HÒA AN', 'Số: 12/KH-UBND', 'KẾ HOẠCH', 'Phát động phong trào thi đua năm 2026'],
      'UBND xã Hòa An',
      'Phát động phong trào thi đua năm 2026',
    ],
    [
      ['ỦY BAN NHÂN DÂN HUYỆN X', 'ỦY BAN NHÂN DÂN XÃ PHÚ MỸ', 'KẾ HOẠCH THI ĐUA NĂM 2025'],
      'UBND xã Phú Mỹ',
      'Thi đua năm 2025',
    ],
    [
      ['UBND XÃ AN BÌNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'KẾ HOẠCH', 'Thi đua "Dân vận khéo" năm 2025'],
      'UBND xã An Bình',
      'Thi đua "Dân vận khéo" năm 2025',
    ],
  ])('reads the issuer with its place name and the title from %j', (head, organization, title) => {
    const read = extractPlan({
      lines: [...head, 'II. CHỈ TIÊU', '- Thu ngân sách đạt 100 triệu đồng'],
      today: '2025-01-01',
    });
    expect(read.organizationName).toBe(organization);
    expect(read.campaign.title).toBe(title);
  });
});
