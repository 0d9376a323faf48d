import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VN_HOLIDAYS,
  addDays,
  createWorkingCalendar,
  isLocalDate,
  weekday,
  type Holiday,
} from '../../src/domain/calendar/index.js';

const plain = createWorkingCalendar([]);
const vn = createWorkingCalendar(DEFAULT_VN_HOLIDAYS);

describe('createWorkingCalendar without holidays', () => {
  it('works Monday to Friday', () => {
    expect(plain.isWorkingDay('2024-09-13')).toBe(true);
    expect(plain.isWorkingDay('2024-09-14')).toBe(false);
    expect(plain.isWorkingDay('2024-09-15')).toBe(false);
    expect(plain.isWorkingDay('2024-09-16')).toBe(true);
  });

  it('previous/next are strictly before/after', () => {
    expect(plain.previousWorkingDay('2024-09-16')).toBe('2024-09-13');
    expect(plain.previousWorkingDay('2024-09-13')).toBe('2024-09-12');
    expect(plain.nextWorkingDay('2024-09-13')).toBe('2024-09-16');
    expect(plain.nextWorkingDay('2024-09-12')).toBe('2024-09-13');
  });

  it('on-or-before/after keep a working day and move a weekend', () => {
    expect(plain.workingDayOnOrBefore('2024-09-13')).toBe('2024-09-13');
    expect(plain.workingDayOnOrAfter('2024-09-13')).toBe('2024-09-13');
    expect(plain.workingDayOnOrBefore('2024-09-14')).toBe('2024-09-13');
    expect(plain.workingDayOnOrBefore('2024-09-15')).toBe('2024-09-13');
    expect(plain.workingDayOnOrAfter('2024-09-14')).toBe('2024-09-16');
    expect(plain.workingDayOnOrAfter('2024-09-15')).toBe('2024-09-16');
  });

  it('has no holidays', () => {
    expect(plain.holidayOn('2024-09-02')).toBeNull();
    expect(plain.isWorkingDay('2024-09-02')).toBe(true);
  });
});

describe('createWorkingCalendar with holidays and make-up days', () => {
  it('a holiday of kind off is not a working day, and has a name', () => {
    expect(vn.isWorkingDay('2024-09-02')).toBe(false);
    expect(vn.holidayOn('2024-09-02')).toEqual({ date: '2024-09-02', name: 'Quốc khánh', kind: 'off' });
  });

  it('a workday Saturday is a working day (04/5/2024 paid back 29/4/2024)', () => {
    expect(weekday('2024-05-04')).toBe(6);
    expect(vn.isWorkingDay('2024-05-04')).toBe(true);
    expect(vn.holidayOn('2024-05-04')?.kind).toBe('workday');
    expect(vn.isWorkingDay('2024-04-29')).toBe(false);
    expect(vn.isWorkingDay('2024-05-11')).toBe(false);
  });

  it('walks over a whole break', () => {
    // 27/4–1/5/2024 off, 2/5 Thursday is the first working day after.
    expect(vn.nextWorkingDay('2024-04-26')).toBe('2024-05-02');
    expect(vn.previousWorkingDay('2024-05-02')).toBe('2024-04-26');
    expect(vn.workingDayOnOrAfter('2024-04-30')).toBe('2024-05-02');
    expect(vn.workingDayOnOrBefore('2024-04-30')).toBe('2024-04-26');
    // Tết Giáp Thìn: 8–14/2/2024.
    expect(vn.workingDayOnOrBefore('2024-02-14')).toBe('2024-02-07');
    expect(vn.workingDayOnOrAfter('2024-02-10')).toBe('2024-02-15');
    // A make-up Saturday is a stop for both directions.
    expect(vn.nextWorkingDay('2024-05-03')).toBe('2024-05-04');
    expect(vn.previousWorkingDay('2024-05-06')).toBe('2024-05-04');
  });

  it('lets off win over workday on the same date, in either order', () => {
    const off: Holiday = { date: '2024-05-04', name: 'Extra day off', kind: 'off' };
    const work: Holiday = { date: '2024-05-04', name: 'Make-up', kind: 'workday' };
    for (const list of [
      [off, work],
      [work, off],
    ]) {
      const calendar = createWorkingCalendar(list);
      expect(calendar.isWorkingDay('2024-05-04')).toBe(false);
      expect(calendar.holidayOn('2024-05-04')).toEqual(off);
    }
  });

  it('a workday entry on a weekday changes nothing', () => {
    const calendar = createWorkingCalendar([{ date: '2024-09-13', name: 'x', kind: 'workday' }]);
    expect(calendar.isWorkingDay('2024-09-13')).toBe(true);
  });

  it('throws on a malformed holiday date, and on a malformed query', () => {
    expect(() => createWorkingCalendar([{ date: '2024-02-30', name: 'x', kind: 'off' }])).toThrow(RangeError);
    expect(() => vn.isWorkingDay('2024/09/02')).toThrow(RangeError);
    expect(() => vn.holidayOn('2024/09/02')).toThrow(RangeError);
    expect(() => vn.workingDayOnOrBefore('2024-09-31')).toThrow(RangeError);
    expect(() => vn.nextWorkingDay('2024-09-31')).toThrow(RangeError);
  });
});

describe('DEFAULT_VN_HOLIDAYS', () => {
  const years = [2023, 2024, 2025, 2026, 2027];
  const byDate = new Map(DEFAULT_VN_HOLIDAYS.map((holiday) => [holiday.date, holiday]));

  it('has valid, unique dates from 2023 to 2027, each with a name', () => {
    expect(byDate.size).toBe(DEFAULT_VN_HOLIDAYS.length);
    for (const holiday of DEFAULT_VN_HOLIDAYS) {
      expect(isLocalDate(holiday.date)).toBe(true);
      expect(holiday.name.length).toBeGreaterThan(0);
      expect(years).toContain(Number(holiday.date.slice(0, 4)));
    }
  });

  it('is frozen, since it is shared', () => {
    expect(Object.isFrozen(DEFAULT_VN_HOLIDAYS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_VN_HOLIDAYS[0])).toBe(true);
  });

  it('has every fixed statutory holiday as a day off', () => {
    for (const year of years) {
      for (const day of ['01-01', '04-30', '05-01', '09-02']) {
        expect(byDate.get(`${year}-${day}`)?.kind, `${year}-${day}`).toBe('off');
      }
    }
  });

  it('has Giỗ Tổ Hùng Vương (10/3 âm lịch) off', () => {
    for (const date of ['2023-04-29', '2024-04-18', '2025-04-07', '2026-04-26', '2027-04-16']) {
      expect(byDate.get(date)?.name, date).toBe('Giỗ Tổ Hùng Vương');
    }
  });

  it('has mùng 1 to mùng 4 Tết and the day before off', () => {
    for (const newYear of ['2023-01-22', '2024-02-10', '2025-01-29', '2026-02-17', '2027-02-06']) {
      for (let offset = -1; offset <= 3; offset++) {
        const date = addDays(newYear, offset);
        expect(byDate.get(date)?.kind, date).toBe('off');
        expect(byDate.get(date)?.name, date).toMatch(/^Tết Nguyên đán/);
      }
    }
  });

  it('has the announced Tết breaks', () => {
    const tet = (from: string, to: string): boolean => {
      for (let date = from; date <= to; date = addDays(date, 1)) {
        if (byDate.get(date)?.kind !== 'off') return false;
      }
      return byDate.get(addDays(from, -1)) === undefined && byDate.get(addDays(to, 1)) === undefined;
    };
    expect(tet('2023-01-20', '2023-01-26')).toBe(true);
    expect(tet('2024-02-08', '2024-02-14')).toBe(true);
    expect(tet('2025-01-25', '2025-02-02')).toBe(true);
    expect(tet('2026-02-14', '2026-02-22')).toBe(true);
  });

  it('only makes weekend days into workdays', () => {
    const workdays = DEFAULT_VN_HOLIDAYS.filter((holiday) => holiday.kind === 'workday');
    expect(workdays.map((holiday) => holiday.date)).toEqual(['2024-05-04', '2025-04-26', '2026-01-10']);
    for (const holiday of workdays) expect(weekday(holiday.date)).toBeGreaterThanOrEqual(6);
  });

  it('costs officials exactly the 11 statutory days each year (swaps are paid back)', () => {
    for (const year of years) {
      const inYear = DEFAULT_VN_HOLIDAYS.filter((holiday) => holiday.date.startsWith(`${year}-`));
      const weekdaysOff = inYear.filter(
        (holiday) => holiday.kind === 'off' && weekday(holiday.date) <= 5,
      ).length;
      const madeUp = inYear.filter((holiday) => holiday.kind === 'workday').length;
      expect(weekdaysOff - madeUp, String(year)).toBe(11);
    }
  });

  it('compensates a weekend holiday on the next working day', () => {
    // 1/1/2023 Sunday → 2/1; Giỗ Tổ 26/4/2026 Sunday → 27/4; 1/5/2027 Saturday → 3/5.
    expect(vn.isWorkingDay('2023-01-02')).toBe(false);
    expect(vn.isWorkingDay('2026-04-27')).toBe(false);
    expect(vn.isWorkingDay('2027-05-03')).toBe(false);
    expect(vn.isWorkingDay('2027-05-04')).toBe(true);
  });
});
