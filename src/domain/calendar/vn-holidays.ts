import { addDays } from './dates.js';
import type { Holiday, LocalDate } from './types.js';

function off(date: LocalDate, name: string): Holiday {
  return { date, name, kind: 'off' };
}

function workday(date: LocalDate, name: string): Holiday {
  return { date, name, kind: 'workday' };
}

function offRange(from: LocalDate, to: LocalDate, name: string): Holiday[] {
  const days: Holiday[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) days.push(off(date, name));
  return days;
}

/**
 * Days off and make-up working days for officials (cán bộ, công chức, viên chức)
 * who keep Saturday and Sunday as their weekly rest, 2023–2027.
 *
 * This is only the seed: administrators edit the list (it is loaded into a
 * database table), so each year's announcement can be entered when it comes out
 * and this file need not be kept up to date.
 *
 * Where it comes from:
 * - Statutory holidays, Bộ luật Lao động 2019, Điều 112: Tết Dương lịch (1/1);
 *   Tết Âm lịch, 5 days; Giỗ Tổ Hùng Vương (10/3 âm lịch); Ngày Chiến thắng (30/4);
 *   Ngày Quốc tế Lao động (1/5); Quốc khánh (2/9) and 1/9 or 3/9. A holiday on a
 *   weekly rest day is compensated on the next working day (Điều 111, khoản 3).
 * - Lunar dates: mùng 1 Tết 2023-01-22, 2024-02-10, 2025-01-29, 2026-02-17,
 *   2027-02-06; Giỗ Tổ 2023-04-29, 2024-04-18, 2025-04-07, 2026-04-26, 2027-04-16.
 * - 2023–2026: the Government's yearly schedules for officials as announced
 *   (Bộ LĐTBXH until 2025, Bộ Nội vụ since), i.e. the actual breaks, swaps and
 *   make-up Saturdays. Best knowledge at the time of writing; check against the
 *   official notices when seeding a production database.
 * - 2027: not announced yet: statutory days with weekend compensation only, Tết
 *   taken as the last day of the lunar year plus mùng 1–4 and Quốc khánh as
 *   2/9 + 3/9 (the choice that joins a weekend). Expect administrators to
 *   replace it with the Government's schedule.
 *
 * Weekend days are listed only inside Tết breaks, so that `holidayOn` can name
 * any day of the break; elsewhere only weekdays matter for `off`.
 */
export const DEFAULT_VN_HOLIDAYS: readonly Holiday[] = Object.freeze(
  [
    // 2023
    off('2023-01-01', 'Tết Dương lịch'),
    off('2023-01-02', 'Nghỉ bù Tết Dương lịch'),
    ...offRange('2023-01-20', '2023-01-26', 'Tết Nguyên đán Quý Mão'),
    off('2023-04-29', 'Giỗ Tổ Hùng Vương'),
    off('2023-04-30', 'Ngày Chiến thắng'),
    off('2023-05-01', 'Ngày Quốc tế Lao động'),
    off('2023-05-02', 'Nghỉ bù Giỗ Tổ Hùng Vương'),
    off('2023-05-03', 'Nghỉ bù Ngày Chiến thắng'),
    off('2023-09-01', 'Quốc khánh (ngày liền kề)'),
    off('2023-09-02', 'Quốc khánh'),
    off('2023-09-04', 'Nghỉ bù Quốc khánh'),

    // 2024
    off('2024-01-01', 'Tết Dương lịch'),
    ...offRange('2024-02-08', '2024-02-14', 'Tết Nguyên đán Giáp Thìn'),
    off('2024-04-18', 'Giỗ Tổ Hùng Vương'),
    off('2024-04-29', 'Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 04/5/2024)'),
    off('2024-04-30', 'Ngày Chiến thắng'),
    off('2024-05-01', 'Ngày Quốc tế Lao động'),
    workday('2024-05-04', 'Làm bù cho thứ Hai 29/4/2024'),
    off('2024-09-02', 'Quốc khánh'),
    off('2024-09-03', 'Quốc khánh (ngày liền kề)'),

    // 2025
    off('2025-01-01', 'Tết Dương lịch'),
    ...offRange('2025-01-25', '2025-02-02', 'Tết Nguyên đán Ất Tỵ'),
    off('2025-04-07', 'Giỗ Tổ Hùng Vương'),
    workday('2025-04-26', 'Làm bù cho thứ Sáu 02/5/2025'),
    off('2025-04-30', 'Ngày Chiến thắng'),
    off('2025-05-01', 'Ngày Quốc tế Lao động'),
    off('2025-05-02', 'Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/4/2025)'),
    off('2025-09-01', 'Quốc khánh (ngày liền kề)'),
    off('2025-09-02', 'Quốc khánh'),

    // 2026
    off('2026-01-01', 'Tết Dương lịch'),
    off('2026-01-02', 'Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)'),
    workday('2026-01-10', 'Làm bù cho thứ Sáu 02/01/2026'),
    ...offRange('2026-02-14', '2026-02-22', 'Tết Nguyên đán Bính Ngọ'),
    off('2026-04-26', 'Giỗ Tổ Hùng Vương'),
    off('2026-04-27', 'Nghỉ bù Giỗ Tổ Hùng Vương'),
    off('2026-04-30', 'Ngày Chiến thắng'),
    off('2026-05-01', 'Ngày Quốc tế Lao động'),
    off('2026-09-01', 'Quốc khánh (ngày liền kề)'),
    off('2026-09-02', 'Quốc khánh'),

    // 2027 (statutory with compensation, see above)
    off('2027-01-01', 'Tết Dương lịch'),
    ...offRange('2027-02-05', '2027-02-11', 'Tết Nguyên đán Đinh Mùi'),
    off('2027-04-16', 'Giỗ Tổ Hùng Vương'),
    off('2027-04-30', 'Ngày Chiến thắng'),
    off('2027-05-01', 'Ngày Quốc tế Lao động'),
    off('2027-05-03', 'Nghỉ bù Ngày Quốc tế Lao động'),
    off('2027-09-02', 'Quốc khánh'),
    off('2027-09-03', 'Quốc khánh (ngày liền kề)'),
  ].map((holiday) => Object.freeze(holiday)),
);
