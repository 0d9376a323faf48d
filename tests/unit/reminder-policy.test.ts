import { describe, expect, it } from 'vitest';
import {
  createWorkingCalendar,
  DEFAULT_VN_HOLIDAYS,
  instantAt,
  quarterName,
  checkpointName,
  type LocalDate,
} from '../../src/domain/calendar/index.js';
import {
  chairmanDigest,
  dueReminders,
  nextReminders,
  REPORT_NOW_TOKEN,
  reportedKey,
  stepText,
  type ReminderAssignment,
  type ReminderInput,
  type ReminderOfficial,
  type ReminderPeriod,
} from '../../src/domain/reminders/index.js';
import type { OutboundMessage } from '../../src/dialog/types.js';
import { createI18n, loadResources, type Locale } from '../../src/i18n.js';

const TZ = 'Asia/Ho_Chi_Minh';
const calendar = createWorkingCalendar(DEFAULT_VN_HOLIDAYS);
const resources = loadResources();
const i18n = createI18n('vi', resources);
const local = (date: LocalDate, time: string): Date => instantAt(date, time, TZ);

function render(message: OutboundMessage, locale: Locale = 'vi'): string[] {
  const out = [
    ...message.lines.map((line) => i18n.render(line, locale)),
    ...message.choices.flat().map((choice) => `[${i18n.render(choice.label, locale)}]`),
  ];
  // an unknown key renders as itself: "reminders:title.x" or "calendar:…"
  for (const text of out) expect(text, text).not.toMatch(/\b(reminders|calendar):[a-z_.]+/);
  for (const text of out) expect(text, text).not.toMatch(/\{\{|\}\}/);
  return out;
}

const IND: ReminderAssignment[] = [
  { indicatorId: 'i1', code: 'NS01', name: 'Thu ngân sách' },
  { indicatorId: 'i2', code: 'NTM02', name: 'Tiêu chí nông thôn mới' },
  { indicatorId: 'i3', code: 'BHYT03', name: 'Tỷ lệ tham gia BHYT' },
  { indicatorId: 'i4', code: 'GD04', name: 'Trường đạt chuẩn quốc gia' },
];

function official(id: string, over: Partial<ReminderOfficial> = {}): ReminderOfficial {
  return {
    id,
    code: id.toUpperCase(),
    name: `Cán bộ ${id}`,
    pausedUntil: null,
    unreachable: false,
    assigned: IND,
    ...over,
  };
}

// 2024 quarterly, deadlines 17:00 on the 14th as they fall (Q3 and Q4 on a Saturday).
const quarter = (q: number, deadline: LocalDate): ReminderPeriod => ({
  id: `Q${q}`,
  key: `2024-Q${q}`,
  name: quarterName(2024, q),
  cutoff: deadline,
  deadlineAt: local(deadline, '17:00'),
  position: q,
});
const Q2 = quarter(2, '2024-06-14');
const Q3 = quarter(3, '2024-09-14');
const Q4 = quarter(4, '2024-12-14');

/** every answer of these officials for these periods */
function allReported(officialIds: string[], periods: ReminderPeriod[], indicators = IND): string[] {
  return periods.flatMap((p) =>
    officialIds.flatMap((o) => indicators.map((i) => reportedKey(p.id, i.indicatorId, o))),
  );
}

function annual(at: Date, over: Partial<ReminderInput> = {}): ReminderInput {
  return {
    at,
    timeZone: TZ,
    calendar,
    campaign: { kind: 'annual', start: '2024-01-01', end: '2024-12-31' },
    periods: [Q2, Q3, Q4],
    officials: [official('an', { name: 'Nguyễn Văn An' })],
    reported: allReported(['an'], [Q2]),
    sent: new Set(),
    ...over,
  };
}

const steps = (input: ReminderInput): string[] => dueReminders(input).map((r) => r.key);

describe('dueReminders: a quarter end on a Saturday (2024-Q3, deadline 14/09/2024)', () => {
  it.each([
    ['Thursday 05/09, no step yet', '2024-09-05', '09:00', []],
    [
      'd7 falls on Saturday 07/09: Friday 06/09 at the start of office hours',
      '2024-09-06',
      '07:30',
      ['an:Q3:d7'],
    ],
    ['06:59: before office hours', '2024-09-06', '06:59', []],
    ['16:59: still office hours', '2024-09-06', '16:59', ['an:Q3:d7']],
    ['17:00: office hours are over', '2024-09-06', '17:00', []],
    ['17:01', '2024-09-06', '17:01', []],
    ['2 a.m.', '2024-09-11', '02:00', []],
    ['Saturday 07/09 itself', '2024-09-07', '09:00', []],
    ['Monday 09/09: d7 still in force (not sent yet)', '2024-09-09', '09:00', ['an:Q3:d7']],
    ['d3 on Wednesday 11/09', '2024-09-11', '08:00', ['an:Q3:d3']],
    ['d0 moves to Friday 13/09, d1 on the same day gives way', '2024-09-13', '07:30', ['an:Q3:d0']],
    ['the deadline day, a Saturday', '2024-09-14', '09:00', []],
    ['first late day: Monday 16/09', '2024-09-16', '09:00', ['an:Q3:late-2024-09-16']],
    ['tenth late working day', '2024-09-27', '09:00', ['an:Q3:late-2024-09-27']],
    ['past the limit of 10 working days', '2024-09-30', '09:00', []],
  ])('%s', (_label, date, time, expected) => {
    expect(steps(annual(local(date, time)))).toEqual(expected);
  });

  it('an approved (locked) period, or one due before the official was given the indicators, asks nothing', () => {
    const at = local('2024-09-16', '09:00');
    expect(steps(annual(at))).toEqual(['an:Q3:late-2024-09-16']);
    expect(steps(annual(at, { periods: [Q2, { ...Q3, locked: true }, Q4] }))).toEqual([]);
    const givenInOctober = IND.map((a) => ({ ...a, owedSince: local('2024-10-01', '08:00') }));
    expect(steps(annual(at, { officials: [official('an', { assigned: givenInOctober })] }))).toEqual([]);
  });

  it('a key already queued is not due again, and an earlier step does not take its place', () => {
    const at = local('2024-09-11', '10:00');
    expect(steps(annual(at, { sent: new Set(['an:Q3:d3']) }))).toEqual([]);
    expect(steps(annual(at, { sent: new Set(['an:Q3:d7']) }))).toEqual(['an:Q3:d3']);
  });

  it('after downtime from 05/09 to 13/09 only the latest step goes, once', () => {
    const due = dueReminders(annual(local('2024-09-13', '11:00')));
    expect(due.map((r) => r.step)).toEqual(['d0']);
    const next = annual(local('2024-09-13', '11:15'), { sent: new Set(due.map((r) => r.key)) });
    expect(steps(next)).toEqual([]);
  });

  it('a custom office day and fewer pre-deadline steps are options', () => {
    const input = annual(local('2024-09-11', '07:00'), { officeHours: { start: '06:30', end: '11:30' } });
    expect(steps(input)).toEqual(['an:Q3:d3']);
    expect(steps({ ...input, at: local('2024-09-11', '12:00') })).toEqual([]);
    expect(steps(annual(local('2024-09-11', '09:00'), { options: { daysBefore: [7] } }))).toEqual([
      'an:Q3:d7',
    ]);
    expect(steps(annual(local('2024-09-18', '09:00'), { options: { maxLateDays: 2 } }))).toEqual([]);
  });
});

describe('dueReminders: who gets one', () => {
  const at = local('2024-09-13', '09:00');
  const people = [
    official('an'),
    official('binh'),
    official('chi'),
    official('dung', { pausedUntil: '2024-09-13' }),
    official('em', { pausedUntil: '2024-09-12' }),
    official('giang', { unreachable: true }),
    official('ha', { assigned: [] }),
  ];
  const reported = [
    ...allReported(['an', 'binh', 'chi', 'dung', 'em', 'giang'], [Q2]),
    ...allReported(['binh'], [Q3]),
    ...allReported(['chi'], [Q3], IND.slice(1, 3)),
  ];
  const due = dueReminders(annual(at, { officials: people, reported: new Set(reported) }));

  it('not who reported everything, nor the paused (through pausedUntil), nor the unreachable, nor who has no indicator', () => {
    expect(due.map((r) => r.officialId)).toEqual(['an', 'chi', 'em']);
  });

  it('lists what is still missing: everything, or the rest of a partial report', () => {
    expect(due.find((r) => r.officialId === 'an')?.missing.map((m) => m.code)).toEqual([
      'NS01',
      'NTM02',
      'BHYT03',
      'GD04',
    ]);
    const chi = due.find((r) => r.officialId === 'chi');
    expect(chi?.missing).toEqual([
      { code: 'NS01', name: 'Thu ngân sách' },
      { code: 'GD04', name: 'Trường đạt chuẩn quốc gia' },
    ]);
    expect(chi && render(chi.message)).toEqual([
      'Hôm nay là hạn báo cáo Quý III/2024',
      'Kính gửi đồng chí Cán bộ chi,',
      'Còn 2/4 chỉ tiêu chưa báo cáo:',
      '• NS01 Thu ngân sách',
      '• GD04 Trường đạt chuẩn quốc gia',
      'Hạn chót: 17:00 ngày 14/09/2024 (còn 1 ngày).',
      'Bấm «Báo cáo ngay» hoặc gõ /baocao để nhập số liệu.',
      '[Báo cáo ngay]',
    ]);
  });

  it('keys are <officialId>:<periodId>:<step>, unique, and every reminder offers remind:baocao', () => {
    expect(due.map((r) => r.key)).toEqual(['an:Q3:d0', 'chi:Q3:d0', 'em:Q3:d0']);
    for (const r of due) {
      expect(r.periodId).toBe('Q3');
      expect(r.message.choices).toEqual([
        [{ token: REPORT_NOW_TOKEN, label: { key: 'reminders:choice.report' } }],
      ]);
    }
    expect(REPORT_NOW_TOKEN).toBe('remind:baocao');
  });
});

describe('dueReminders: messages read right', () => {
  it('before the deadline (d7) in Vietnamese and English', () => {
    const [d7] = dueReminders(annual(local('2024-09-06', '08:00')));
    expect(d7 && render(d7.message)).toEqual([
      'Nhắc hạn báo cáo Quý III/2024',
      'Kính gửi đồng chí Nguyễn Văn An,',
      'Còn 4/4 chỉ tiêu chưa báo cáo:',
      '• NS01 Thu ngân sách',
      '• NTM02 Tiêu chí nông thôn mới',
      '• BHYT03 Tỷ lệ tham gia BHYT',
      '• GD04 Trường đạt chuẩn quốc gia',
      'Hạn chót: 17:00 ngày 14/09/2024 (còn 8 ngày).',
      'Bấm «Báo cáo ngay» hoặc gõ /baocao để nhập số liệu.',
      '[Báo cáo ngay]',
    ]);
    const en = d7 ? render(d7.message, 'en') : [];
    expect(en[0]).toBe('Reminder: Q3 2024 report due soon');
    expect(en).toContain('Deadline: 14/09/2024 at 17:00 (8 days left).');
    expect(en.at(-1)).toBe('[Report now]');
  });

  it('late, with the overdue count', () => {
    const [late] = dueReminders(annual(local('2024-09-16', '08:00')));
    const text = late ? render(late.message) : [];
    expect(text[0]).toBe('Báo cáo Quý III/2024 đã quá hạn');
    expect(text).toContain('Hạn chót: 17:00 ngày 14/09/2024 (quá hạn 2 ngày).');
    expect(text).toContain('Đề nghị đồng chí báo cáo sớm để Ủy ban kịp tổng hợp.');
  });

  it('a long list is cut and the rest counted', () => {
    const [r] = dueReminders(annual(local('2024-09-06', '08:00'), { options: { maxListed: 2 } }));
    const text = r ? render(r.message) : [];
    expect(text).toContain('… và 2 chỉ tiêu khác');
    expect(r?.missing).toHaveLength(4);
  });
});

describe('dueReminders: the 2/9 holiday week of 2025', () => {
  const period = (id: string, deadline: LocalDate): ReminderPeriod => ({
    id,
    key: id,
    name: { key: 'calendar:period.month', params: { month: 8, year: 2025 } },
    cutoff: '2025-08-31',
    deadlineAt: local(deadline, '17:00'),
    position: 1,
  });
  const input = (p: ReminderPeriod, date: LocalDate, time = '09:00'): ReminderInput => ({
    at: local(date, time),
    timeZone: TZ,
    calendar,
    campaign: { kind: 'annual', start: '2025-01-01', end: '2025-12-31' },
    periods: [p],
    officials: [official('an')],
    reported: [],
    sent: new Set(),
  });

  it('the calendar has Monday 1/9 and Tuesday 2/9 off', () => {
    expect(calendar.isWorkingDay('2025-09-01')).toBe(false);
    expect(calendar.isWorkingDay('2025-09-02')).toBe(false);
  });

  it.each([
    ['d7 on Wednesday 27/08', '2025-08-27', ['an:M:d7']],
    ['d3 (Sunday 31/08) and d1 (2/9) both move to Friday 29/08: d1 speaks', '2025-08-29', ['an:M:d1']],
    ['nothing on the holidays', '2025-09-01', []],
    ['nothing on 2/9', '2025-09-02', []],
    ['d0 on Wednesday 03/09', '2025-09-03', ['an:M:d0']],
  ])('deadline Wednesday 03/09: %s', (_label, date, expected) => {
    expect(steps(input(period('M', '2025-09-03'), date))).toEqual(expected);
  });

  it('a deadline on Friday 29/08: the first late day is Wednesday 03/09', () => {
    const p = period('M', '2025-08-29');
    expect(steps(input(p, '2025-09-02'))).toEqual([]);
    expect(steps(input(p, '2025-09-03'))).toEqual(['an:M:late-2025-09-03']);
  });
});

describe('dueReminders: a 90-day sprint', () => {
  // 01/06/2025 (a Sunday) – 29/08/2025, three checkpoints
  const cp = (index: number, cutoff: LocalDate, deadline: LocalDate): ReminderPeriod => ({
    id: `CP${index}`,
    key: `CP${index}`,
    name: checkpointName(index, 3, cutoff),
    cutoff,
    deadlineAt: local(deadline, '17:00'),
    position: index,
  });
  const CP1 = cp(1, '2025-06-30', '2025-07-02');
  const CP2 = cp(2, '2025-07-31', '2025-08-04');
  const CP3 = cp(3, '2025-08-29', '2025-08-29');
  const risky = IND.map((a, i) => (i === 1 ? { ...a, atRisk: true, status: 'behind' as const } : a));
  const sprint = (date: LocalDate, over: Partial<ReminderInput> = {}): ReminderInput => ({
    at: local(date, '08:00'),
    timeZone: TZ,
    calendar,
    campaign: { kind: 'sprint', start: '2025-06-01', end: '2025-08-29' },
    periods: [CP1, CP2, CP3],
    officials: [official('an', { assigned: risky }), official('binh'), official('chi', { assigned: [] })],
    reported: [],
    sent: new Set(),
    ...over,
  });

  it('kickoff on the first working day, Monday 02/06, to every assignee', () => {
    expect(steps(sprint('2025-05-30'))).toEqual([]);
    const due = dueReminders(sprint('2025-06-02'));
    expect(due.map((r) => r.key)).toEqual(['an:CP1:kickoff', 'binh:CP1:kickoff']);
    const text = due[0] ? render(due[0].message) : [];
    expect(text.slice(0, 4)).toEqual([
      'Bắt đầu đợt thi đua',
      'Kính gửi đồng chí Cán bộ an,',
      'Đợt thi đua từ 01/06/2025 đến 29/08/2025 (còn 88 ngày).',
      'Đồng chí phụ trách 4 chỉ tiêu:',
    ]);
    expect(text).toContain('Mốc báo cáo đầu tiên: Mốc 1/3 (đến 30/06/2025), hạn 17:00 ngày 02/07/2025.');
    expect(steps(sprint('2025-06-03', { sent: new Set(due.map((r) => r.key)) }))).toEqual([]);
  });

  it('a countdown when a checkpoint starts; one message per official per run, the deadline first', () => {
    // 01/07: CP2 starts, and it is also d1 of CP1
    expect(steps(sprint('2025-07-01'))).toEqual(['an:CP1:d1', 'binh:CP1:d1']);
    const after = sprint('2025-07-01', { sent: new Set(['an:CP1:d1', 'binh:CP1:d1']) });
    expect(steps(after)).toEqual(['an:CP2:countdown-CP2', 'binh:CP2:countdown-CP2']);
    const [countdown] = dueReminders(after);
    expect(countdown && render(countdown.message).slice(0, 3)).toEqual([
      'Đợt thi đua còn 59 ngày',
      'Kính gửi đồng chí Cán bộ an,',
      'Kỳ báo cáo mới: Mốc 2/3 (đến 31/07/2025).',
    ]);
    // CP1 reported: the countdown straight away
    const reported = allReported(['an', 'binh'], [CP1]);
    expect(steps(sprint('2025-07-01', { reported }))).toEqual([
      'an:CP2:countdown-CP2',
      'binh:CP2:countdown-CP2',
    ]);
    expect(steps(sprint('2025-08-01', { reported: allReported(['an', 'binh'], [CP1, CP2]) }))).toEqual([
      'an:CP3:countdown-CP3',
      'binh:CP3:countdown-CP3',
    ]);
  });

  it('nudges only in the last 10 days, only working days, only for at-risk indicators', () => {
    const reported = allReported(['an', 'binh'], [CP1, CP2, CP3]);
    expect(steps(sprint('2025-08-19', { reported }))).toEqual([]);
    const due = dueReminders(sprint('2025-08-20', { reported }));
    expect(due.map((r) => r.key)).toEqual(['an:CP3:nudge-2025-08-20']);
    expect(due[0]?.missing).toEqual([{ code: 'NTM02', name: 'Tiêu chí nông thôn mới' }]);
    expect(due[0] && render(due[0].message)).toEqual([
      'Còn 9 ngày nữa là kết thúc đợt thi đua',
      'Kính gửi đồng chí Cán bộ an,',
      '1 chỉ tiêu cần đẩy nhanh:',
      '• NTM02 Tiêu chí nông thôn mới — Chậm tiến độ',
      'Đề nghị đồng chí tập trung đẩy nhanh tiến độ và cập nhật số liệu mới nhất.',
      '[Báo cáo ngay]',
    ]);
    expect(steps(sprint('2025-08-23', { reported }))).toEqual([]);
    expect(steps(sprint('2025-08-25', { reported }))).toEqual(['an:CP3:nudge-2025-08-25']);
    const last = dueReminders(sprint('2025-08-29', { reported }));
    expect(last[0] && render(last[0].message)[0]).toBe('Hôm nay là ngày cuối của đợt thi đua');
  });

  it('an annual campaign has no kickoff, countdown or nudge', () => {
    const input = sprint('2025-08-20', {
      campaign: { kind: 'annual', start: '2025-06-01', end: '2025-08-29' },
      reported: allReported(['an', 'binh'], [CP1, CP2, CP3]),
    });
    expect(steps(input)).toEqual([]);
    expect(steps({ ...input, at: local('2025-06-02', '08:00'), reported: [] })).toEqual([]);
  });
});

describe('chairmanDigest', () => {
  const people = [
    official('an', { name: 'Nguyễn Văn An', unit: { code: 'VP', name: 'Văn phòng HĐND-UBND' } }),
    official('binh', { name: 'Trần Thị Bình', unit: { code: 'TC', name: 'Tài chính - Kế toán' } }),
    official('chi', {
      name: 'Lê Văn Chi',
      unit: { code: 'VP', name: 'Văn phòng HĐND-UBND' },
      unreachable: true,
    }),
    official('dung', { name: 'Phạm Dũng', unit: null, pausedUntil: '2024-09-20' }),
    official('em', { name: 'Hoàng Em', unit: { code: 'TC', name: 'Tài chính - Kế toán' } }),
  ];
  const reported = [
    ...allReported(['an', 'binh', 'chi', 'dung', 'em'], [Q2]),
    ...allReported(['em'], [Q3]),
    ...allReported(['an'], [Q3], IND.slice(0, 3)),
  ];
  const input = (date: LocalDate, time = '08:00', over: Partial<ReminderInput> = {}) =>
    annual(local(date, time), { officials: people, reported, ...over });

  it('the working morning after the deadline: Monday 16/09 for Saturday 14/09, grouped by unit', () => {
    const digest = chairmanDigest(input('2024-09-16'));
    expect(digest?.key).toBe('digest:Q3');
    expect(digest && render(digest.message)).toEqual([
      'Tổng hợp báo cáo Quý III/2024',
      'Hạn chót 17:00 ngày 14/09/2024 đã qua.',
      'Còn 4 cán bộ chưa báo cáo đủ:',
      'Tài chính - Kế toán',
      '• Trần Thị Bình (BINH): thiếu 4/4 — NS01, NTM02, BHYT03, GD04',
      'Văn phòng HĐND-UBND',
      '• Nguyễn Văn An (AN): thiếu 1/4 — GD04',
      '• Lê Văn Chi (CHI): thiếu 4/4 — NS01, NTM02, BHYT03, GD04',
      'chưa kết nối với bot, cần nhắc trực tiếp',
      'Chưa xếp đơn vị',
      '• Phạm Dũng (DUNG): thiếu 4/4 — NS01, NTM02, BHYT03, GD04',
      'đang tạm dừng nhắc đến hết 20/09/2024',
    ]);
    expect(digest?.message.choices).toEqual([]);
    expect(digest && render(digest.message, 'en')[2]).toBe('4 officials have not reported everything:');
  });

  it('null on other days, outside office hours, once queued, or when nobody is late', () => {
    expect(chairmanDigest(input('2024-09-13'))).toBeNull();
    expect(chairmanDigest(input('2024-09-14'))).toBeNull();
    expect(chairmanDigest(input('2024-09-17'))).toBeNull();
    expect(chairmanDigest(input('2024-09-16', '07:00'))).toBeNull();
    expect(chairmanDigest(input('2024-09-16', '09:00', { sent: new Set(['digest:Q3']) }))).toBeNull();
    const everyone = allReported(['an', 'binh', 'chi', 'dung', 'em'], [Q2, Q3]);
    expect(chairmanDigest(input('2024-09-16', '09:00', { reported: new Set(everyone) }))).toBeNull();
  });
});

describe('nextReminders', () => {
  it('the coming steps of one official, with their dates', () => {
    const upcoming = nextReminders(annual(local('2024-09-05', '09:00')), 'an');
    expect(upcoming.map((u) => [u.step, u.date])).toEqual([
      ['d7', '2024-09-06'],
      ['d3', '2024-09-11'],
      ['d0', '2024-09-13'],
      ['late-2024-09-16', '2024-09-16'],
      ['late-2024-09-17', '2024-09-17'],
    ]);
    expect(upcoming[0]?.at).toEqual(local('2024-09-06', '07:30'));
    expect(upcoming[0]?.key).toBe('an:Q3:d7');
  });

  it('leaves out what was sent, the paused days, and periods already reported', () => {
    const sent = new Set(['an:Q3:d3']);
    expect(nextReminders(annual(local('2024-09-11', '10:00'), { sent }), 'an', 2).map((u) => u.step)).toEqual(
      ['d0', 'late-2024-09-16'],
    );
    const paused = annual(local('2024-09-05', '09:00'), {
      officials: [official('an', { pausedUntil: '2024-09-16' })],
    });
    expect(nextReminders(paused, 'an', 1).map((u) => u.step)).toEqual(['late-2024-09-17']);
    const done = annual(local('2024-09-05', '09:00'), { reported: allReported(['an'], [Q2, Q3]) });
    expect(nextReminders(done, 'an', 2).map((u) => [u.step, u.periodId])).toEqual([
      ['d7', 'Q4'],
      ['d3', 'Q4'],
    ]);
    expect(nextReminders(done, 'nobody')).toEqual([]);
  });

  it('each step has a readable label for /nhacnho', () => {
    const labels = nextReminders(annual(local('2024-09-05', '09:00')), 'an', 4).map((u) =>
      i18n.render(stepText(u.step, Q3), 'vi'),
    );
    expect(labels).toEqual([
      'Quý III/2024: nhắc trước hạn 7 ngày',
      'Quý III/2024: nhắc trước hạn 3 ngày',
      'Quý III/2024: nhắc vào ngày hạn chót',
      'Quý III/2024: nhắc quá hạn',
    ]);
    expect(resources.vi?.reminders).toBeDefined();
  });
});

describe('nextReminders: the label says what is sent that day', () => {
  // Deadline Wednesday 04/09/2024: d3 (Sunday 01/09) and d1 (Tuesday 03/09, a holiday with Monday
  // 02/09) both move back to Friday 30/08, five days ahead: one reminder, counting five days.
  const early = quarter(3, '2024-09-04');
  it('a d3 and a d1 moved onto the same day are one line, with the real count of days', () => {
    const input = annual(local('2024-08-26', '09:00'), {
      periods: [Q2, early],
      reported: allReported(['an'], [Q2]),
    });
    const upcoming = nextReminders(input, 'an', 3);
    expect(upcoming.map((u) => [u.step, u.date])).toEqual([
      ['d7', '2024-08-28'],
      ['d1', '2024-08-30'],
      ['d0', '2024-09-04'],
    ]);
    const labels = upcoming.map((u) => i18n.render(stepText(u.step, early, u.daysBefore), 'vi'));
    expect(labels.slice(0, 2)).toEqual([
      'Quý III/2024: nhắc trước hạn 7 ngày',
      'Quý III/2024: nhắc trước hạn 5 ngày',
    ]);
    const sent = dueReminders(
      annual(local('2024-08-30', '09:00'), { periods: [Q2, early], reported: allReported(['an'], [Q2]) }),
    );
    expect(sent.map((r) => r.step)).toEqual(['d1']);
    expect(render(sent[0]?.message ?? { lines: [], choices: [] }).join('\n')).toContain('còn 5 ngày');
  });
});
