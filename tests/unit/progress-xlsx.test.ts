import ExcelJS from 'exceljs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  evaluateProgress,
  type ProgressIndicator,
  type ProgressInput,
  type ProgressReport,
} from '../../src/domain/progress/index.js';
import { createI18n, type I18n } from '../../src/i18n.js';
import { renderProgressXlsx, romanNumeral } from '../../src/reports/progress-xlsx.js';
import type { ProgressReportData } from '../../src/services/progress.js';

const quarter = (n: number, roman: string) => ({
  key: 'calendar:period.quarter',
  params: { roman, quarter: n, year: 2026 },
});

function indicator(
  p: Partial<ProgressIndicator> & Pick<ProgressIndicator, 'id' | 'code' | 'name' | 'category' | 'position'>,
): ProgressIndicator {
  return { unit: '', measure: 'cumulative', parentId: null, targets: [], assignees: [], ...p };
}

const target = (value: string, comparator: '>=' | '<=' | '=' = '>=', source = '') => ({
  source,
  comparator,
  value,
});

function report(
  indicatorId: string,
  periodId: string,
  officialId: string,
  value: string,
  note: string | null = null,
): ProgressReport {
  return { indicatorId, periodId, officialId, value, note, updatedAt: new Date('2026-04-01T03:00:00Z') };
}

function input(): ProgressInput {
  return {
    campaign: { start: '2026-01-01', end: '2026-12-31' },
    periods: [
      {
        id: 'q1',
        key: '2026-Q1',
        position: 1,
        cutoff: '2026-03-31',
        deadlineAt: new Date('2026-04-05T10:00:00Z'),
        name: quarter(1, 'I'),
      },
      {
        id: 'q2',
        key: '2026-Q2',
        position: 2,
        cutoff: '2026-06-30',
        deadlineAt: new Date('2026-07-05T10:00:00Z'),
        name: quarter(2, 'II'),
      },
    ],
    indicators: [
      indicator({
        id: 'kt01',
        code: 'KT01',
        name: 'Giá trị sản xuất ngành nông nghiệp',
        category: 'Kinh tế',
        unit: 'tỷ đồng',
        position: 1,
        targets: [target('28.2')],
        assignees: ['vp'],
      }),
      indicator({
        id: 'kt02',
        code: 'KT02',
        name: 'Tổng sản lượng lương thực',
        category: 'Kinh tế',
        unit: 'tấn',
        position: 2,
        targets: [target('1409')],
        assignees: ['ktnn'],
      }),
      indicator({
        id: 'kt02a',
        code: 'KT02a',
        name: 'Sản lượng lúa',
        category: 'Kinh tế',
        unit: 'tấn',
        position: 3,
        parentId: 'kt02',
        targets: [target('1270')],
        assignees: ['ktnn'],
      }),
      indicator({
        id: 'kt02b',
        code: 'KT02b',
        name: 'Sản lượng ngô',
        category: 'Kinh tế',
        unit: 'tấn',
        position: 4,
        parentId: 'kt02',
        targets: [target('139')],
        assignees: ['ktnn'],
      }),
      indicator({
        id: 'xh02',
        code: 'XH02',
        name: 'Tỷ lệ hộ nghèo cuối năm',
        category: 'Văn hóa - xã hội',
        unit: '%',
        measure: 'level',
        position: 5,
        targets: [target('0.32', '<=')],
        assignees: ['vhxh'],
      }),
      indicator({
        id: 'xh04',
        code: 'XH04',
        name: 'Tỷ lệ dân số tham gia BHYT',
        category: 'Văn hóa - xã hội',
        unit: '%',
        measure: 'level',
        position: 6,
        targets: [target('95.15', '>=', 'Tỉnh giao'), target('95', '>=', 'HĐND xã giao')],
        assignees: ['vhxh'],
      }),
      indicator({
        id: 'qp02',
        code: 'QP02',
        name: 'Giữ vững xã vững mạnh về quốc phòng',
        category: 'Quốc phòng - an ninh',
        measure: 'boolean',
        position: 7,
        targets: [target('1')],
        assignees: ['ct'],
      }),
      indicator({
        id: 'ns01',
        code: 'NS01',
        name: 'Tổng thu ngân sách nhà nước trên địa bàn',
        category: 'Ngân sách',
        unit: 'triệu đồng',
        position: 8,
        targets: [target('11807')],
        assignees: ['tckt'],
      }),
    ],
    officials: [
      { id: 'ct', code: 'ct', name: 'Phạm Minh Tuấn', unitCode: null, unitName: null },
      {
        id: 'vp',
        code: 'vp',
        name: 'Trần Văn Bình',
        unitCode: 'van-phong',
        unitName: 'Văn phòng - Thống kê',
      },
      { id: 'ktnn', code: 'ktnn', name: 'Lê Thị Hoa', unitCode: 'kinh-te', unitName: 'Kinh tế - Tài chính' },
      {
        id: 'tckt',
        code: 'tckt',
        name: 'Đỗ Quang Huy',
        unitCode: 'kinh-te',
        unitName: 'Kinh tế - Tài chính',
      },
      {
        id: 'vhxh',
        code: 'vhxh',
        name: 'Hoàng Thị Mai',
        unitCode: 'van-hoa-xa-hoi',
        unitName: 'Văn hóa - Xã hội',
      },
    ],
    reports: [
      report('kt01', 'q1', 'vp', '6.1'),
      report('kt01', 'q2', 'vp', '15.3', 'Vụ chiêm xuân được mùa'),
      report('kt02', 'q1', 'ktnn', '720.5'),
      report('kt02a', 'q1', 'ktnn', '650'),
      report('kt02b', 'q1', 'ktnn', '70.5'),
      report('xh02', 'q1', 'vhxh', '0.35'),
      report('xh04', 'q1', 'vhxh', '95.2'),
      report('qp02', 'q2', 'ct', '1'),
    ],
    at: new Date('2026-05-10T02:00:00Z'),
  };
}

function data(): ProgressReportData {
  return {
    organization: { code: 'quang-trung', name: 'UBND xã Quang Trung' },
    campaign: {
      code: 'qt-2026',
      title: 'Phát động phong trào thi đua năm 2026',
      kind: 'annual',
      start: '2026-01-01',
      end: '2026-12-31',
    },
    progress: evaluateProgress(input()),
    paused: [],
    unreachable: [],
  };
}

const generatedAt = new Date('2026-05-10T18:30:00Z'); // 11/05/2026 in Asia/Ho_Chi_Minh

let i18n: I18n;
let wb: ExcelJS.Workbook;
let sheet: ExcelJS.Worksheet;
let status: ExcelJS.Worksheet;

async function read(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as Parameters<typeof book.xlsx.load>[0]);
  return book;
}

/** The row whose column B (or A) holds `text`. */
function rowWith(ws: ExcelJS.Worksheet, text: string, column = 2): ExcelJS.Row {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(column).value === text) return ws.getRow(r);
  throw new Error(`no row with ${text}`);
}

beforeAll(async () => {
  i18n = createI18n('vi');
  const buffer = await renderProgressXlsx(data(), {
    i18n,
    locale: 'vi',
    timeZone: 'Asia/Ho_Chi_Minh',
    generatedAt,
  });
  wb = await read(buffer);
  sheet = wb.worksheets[0] as ExcelJS.Worksheet;
  status = wb.worksheets[1] as ExcelJS.Worksheet;
});

afterEach(() => {
  vi.useRealTimers();
});

describe('renderProgressXlsx', () => {
  it('names the sheets and writes the title block', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Báo cáo tiến độ', 'Tình hình báo cáo']);
    expect(sheet.getCell('A1').value).toBe('UBND XÃ QUANG TRUNG');
    expect(sheet.getCell('D1').value).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(sheet.getCell('A4').value).toBe('BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU');
    expect(sheet.getCell('A5').value).toBe('Phát động phong trào thi đua năm 2026');
    expect(sheet.getCell('A6').value).toBe('Kỳ báo cáo: Quý II/2026 (số liệu tính đến ngày 30/06/2026)');
    expect(sheet.getCell('A7').value).toBe('Ngày lập: 11/05/2026');
    expect(wb.created.toISOString()).toBe(generatedAt.toISOString());
  });

  it('writes two header rows, "Kế hoạch năm" merged over one column per target source, the unnamed one first', () => {
    expect(['A9', 'B9', 'C9', 'D9'].map((a) => sheet.getCell(a).value)).toEqual([
      'STT',
      'Chỉ tiêu',
      'ĐVT',
      'So sánh',
    ]);
    expect(sheet.getCell('E9').value).toBe('Kế hoạch năm');
    expect(sheet.getCell('G9').master.address).toBe('E9');
    expect(['E10', 'F10', 'G10'].map((a) => sheet.getCell(a).value)).toEqual([
      'Mục tiêu',
      'Tỉnh giao',
      'HĐND xã giao',
    ]);
    expect(['H9', 'I9', 'J9', 'K9', 'L9', 'M9', 'N9'].map((a) => sheet.getCell(a).value)).toEqual([
      'Thực hiện Quý II/2026',
      'Lũy kế',
      '% so với kế hoạch',
      'Đánh giá',
      'Cán bộ phụ trách',
      'Ghi chú',
      null,
    ]);
    expect(sheet.getCell('A10').master.address).toBe('A9');
    expect(sheet.getCell('A9').font.bold).toBe(true);
    expect(sheet.getCell('F10').border.bottom?.style).toBe('thin');
  });

  it('heads the sheet as an administrative report: the body and its number, the nation, place and date', () => {
    expect(sheet.getCell('A2').value).toBe('Số:        /BC-UBND');
    expect(sheet.getCell('E2').value).toBe('Độc lập - Tự do - Hạnh phúc');
    expect(sheet.getCell('E3').value).toBe('Quang Trung, ngày 11 tháng 05 năm 2026');
  });

  it('groups rows by category under bold Roman headings', () => {
    const headings = [11, 16, 19, 21].map((r) => [sheet.getCell(r, 1).value, sheet.getCell(r, 2).value]);
    expect(headings).toEqual([
      ['I', 'Kinh tế'],
      ['II', 'Văn hóa - xã hội'],
      ['III', 'Quốc phòng - an ninh'],
      ['IV', 'Ngân sách'],
    ]);
    expect(sheet.getCell('B11').font.bold).toBe(true);
    expect(romanNumeral(14)).toBe('XIV');
  });

  it('stores values as numbers in a Vietnamese format, the comparator beside them, the quarter as an increment', () => {
    const kt01 = rowWith(sheet, 'Giá trị sản xuất ngành nông nghiệp');
    expect(kt01.getCell(1).value).toBe('1');
    expect(kt01.getCell(3).value).toBe('tỷ đồng');
    expect(kt01.getCell(4).value).toBe('≥');
    expect(kt01.getCell(5).value).toBe(28.2); // a target without a source: its own column, not "Tỉnh giao"
    expect(kt01.getCell(6).value).toBeNull();
    expect(kt01.getCell(5).numFmt).toBe('[$-42A]#,##0.0');
    expect(kt01.getCell(8).value).toBe(9.2); // what Q2 added: 15,3 − 6,1
    expect(kt01.getCell(9).value).toBe(15.3); // cumulative
    const percent = kt01.getCell(10);
    expect(typeof percent.value).toBe('number');
    expect(percent.value).toBe(0.543);
    expect(percent.numFmt).toBe('[$-42A]0.0%');
    expect(kt01.getCell(11).value).toBe('Đúng tiến độ');
    expect(kt01.getCell(12).value).toBe('Trần Văn Bình');
    expect(kt01.getCell(13).value).toBe('Vụ chiêm xuân được mùa');
  });

  it('indents children under their parent, numbered 2.1, 2.2', () => {
    const parent = rowWith(sheet, 'Tổng sản lượng lương thực');
    const rice = sheet.getRow(parent.number + 1);
    const corn = sheet.getRow(parent.number + 2);
    expect([
      rice.getCell(1).value,
      rice.getCell(2).value,
      corn.getCell(1).value,
      corn.getCell(2).value,
    ]).toEqual(['2.1', 'Sản lượng lúa', '2.2', 'Sản lượng ngô']);
    expect(rice.getCell(2).alignment.indent).toBe(2);
    expect(rice.getCell(5).value).toBe(1270);
    expect(rice.getCell(5).numFmt).toBe('[$-42A]#,##0');
    // reported only for Q1: no value for Q2, the Q1 value as cumulative, said in the notes
    expect(corn.getCell(8).value).toBeNull();
    expect(corn.getCell(9).value).toBe(70.5);
    expect(corn.getCell(13).value).toBe('Số liệu Quý I/2026');
    expect(corn.getCell(11).value).toBe('Đúng tiến độ');
  });

  it('shows comparators in their own column, several sources, yes/no goals and missing reports in words', () => {
    const poor = rowWith(sheet, 'Tỷ lệ hộ nghèo cuối năm');
    expect([poor.getCell(4).value, poor.getCell(5).value]).toEqual(['≤', 0.32]);
    expect(poor.getCell(9).value).toBe(0.35);
    expect(poor.getCell(9).numFmt).toBe('[$-42A]#,##0.00');
    expect(poor.getCell(10).value).toBeNull();
    expect(poor.getCell(11).value).toBe('Vượt mức cho phép');
    const insurance = rowWith(sheet, 'Tỷ lệ dân số tham gia BHYT');
    expect([insurance.getCell(5).value, insurance.getCell(6).value, insurance.getCell(7).value]).toEqual([
      null,
      95.15,
      95,
    ]);
    expect(insurance.getCell(11).value).toBe('Vượt');
    const defence = rowWith(sheet, 'Giữ vững xã vững mạnh về quốc phòng');
    expect([
      defence.getCell(3).value,
      defence.getCell(4).value,
      defence.getCell(5).value,
      defence.getCell(9).value,
      defence.getCell(10).value,
      defence.getCell(11).value,
    ]).toEqual([null, null, 'Đạt', 'Đạt', null, 'Đạt']);
    const budget = rowWith(sheet, 'Tổng thu ngân sách nhà nước trên địa bàn');
    expect([budget.getCell(5).value, budget.getCell(9).value, budget.getCell(11).value]).toEqual([
      11807,
      null,
      'Chưa báo cáo',
    ]);
    expect(budget.getCell(5).border.right?.style).toBe('thin');
    // no number is text beside numbers
    for (let r = 11; r <= budget.number; r++)
      for (const c of [5, 6, 7, 8, 9, 10]) {
        const value = sheet.getRow(r).getCell(c).value;
        if (typeof value === 'string') expect(value, `row ${r} col ${c}`).toMatch(/^(Đạt|Chưa đạt)$/);
      }
  });

  it('sets up printing: A4 landscape, one page wide, header rows repeated, frozen under the header', () => {
    const setup = sheet.pageSetup;
    expect(setup.paperSize).toBe(9);
    expect(setup.orientation).toBe('landscape');
    expect(setup.fitToPage).toBe(true);
    expect(setup.fitToWidth).toBe(1);
    expect(setup.fitToHeight).toBe(0);
    expect(setup.printTitlesRow).toBe('9:10');
    expect(setup.margins?.left).toBe(0.5);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 10 });
    expect(sheet.getColumn(2).width).toBe(40);
    expect(sheet.getCell('B12').alignment.wrapText).toBe(true);
    expect(status.pageSetup.orientation).toBe('landscape');
  });

  it('lists on the second sheet who reported what for the period being collected, and who is late', () => {
    expect(status.getCell('A2').value).toBe('TÌNH HÌNH BÁO CÁO QUÝ II/2026');
    expect(status.getCell('A3').value).toBe('Hạn báo cáo: 17:00 ngày 05/07/2026');
    expect(status.getRow(5).values).toEqual([
      undefined,
      'STT',
      'Mã cán bộ',
      'Họ và tên',
      'Bộ phận',
      'Số chỉ tiêu phải báo cáo',
      'Đã báo cáo',
      'Tỷ lệ',
      'Chỉ tiêu còn thiếu',
    ]);
    const rows = [6, 7, 8, 9, 10].map((r) => {
      const row = status.getRow(r);
      return [1, 2, 3, 4, 5, 6, 8].map((c) => row.getCell(c).value);
    });
    expect(rows).toEqual([
      [1, 'ct', 'Phạm Minh Tuấn', '(Không thuộc bộ phận)', 1, 1, null],
      [2, 'vp', 'Trần Văn Bình', 'Văn phòng - Thống kê', 1, 1, null],
      [3, 'ktnn', 'Lê Thị Hoa', 'Kinh tế - Tài chính', 3, 0, 'KT02, KT02a, KT02b'],
      [4, 'tckt', 'Đỗ Quang Huy', 'Kinh tế - Tài chính', 1, 0, 'NS01'],
      [5, 'vhxh', 'Hoàng Thị Mai', 'Văn hóa - Xã hội', 2, 0, 'XH02, XH04'],
    ]);
    expect(status.getCell('G8').value).toBe(0);
    expect(status.getCell('G6').numFmt).toBe('0%');
    const total = status.getRow(11);
    expect([total.getCell(1).value, total.getCell(5).value, total.getCell(6).value]).toEqual([
      'Tổng cộng',
      8,
      2,
    ]);
    expect(rowWith(status, 'Chưa báo cáo Quý I/2026 (đã quá hạn)', 1).number).toBeGreaterThan(11);
    const late = rowWith(status, 'tckt', 2);
    expect(late.getCell(8).value).toBe('NS01');
  });

  it('gives the same bytes for the same input, whatever the clock says', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const a = await renderProgressXlsx(data(), {
      i18n,
      locale: 'vi',
      timeZone: 'Asia/Ho_Chi_Minh',
      generatedAt,
    });
    vi.setSystemTime(new Date('2031-07-15T13:47:22Z'));
    const b = await renderProgressXlsx(data(), {
      i18n,
      locale: 'vi',
      timeZone: 'Asia/Ho_Chi_Minh',
      generatedAt,
    });
    expect(a.equals(b)).toBe(true);
  });

  it('speaks English when asked', async () => {
    const book = await read(
      await renderProgressXlsx(data(), { i18n, locale: 'en', timeZone: 'Asia/Ho_Chi_Minh', generatedAt }),
    );
    const ws = book.worksheets[0] as ExcelJS.Worksheet;
    expect(book.worksheets.map((w) => w.name)).toEqual(['Progress report', 'Reporting status']);
    expect(ws.getCell('A4').value).toBe('REPORT ON THE RESULTS OF THE INDICATORS');
    expect(ws.getCell('E9').value).toBe('Annual plan');
    expect(rowWith(ws, 'Tổng thu ngân sách nhà nước trên địa bàn').getCell(11).value).toBe('Not reported');
  });
});
