import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEADLINE_RULE,
  MAX_DAYS_AFTER_CUTOFF,
  validateSchedule,
  type CampaignSchedule,
} from '../../src/domain/calendar/index.js';

const sprint: CampaignSchedule = {
  kind: 'sprint',
  start: '2024-10-03',
  end: '2024-12-31',
  scheme: 'checkpoints',
  checkpoints: ['2024-11-01', '2024-12-01', '2024-12-31'],
  deadline: { ...DEFAULT_DEADLINE_RULE },
};

const codes = (schedule: CampaignSchedule): string[] =>
  validateSchedule(schedule).map((problem) => problem.code);
// Stands for data from a form or the database that does not match the type.
const untyped = (value: unknown): CampaignSchedule => value as CampaignSchedule;

describe('validateSchedule', () => {
  it('accepts a good sprint and a good annual plan', () => {
    expect(validateSchedule(sprint)).toEqual([]);
    expect(validateSchedule({ ...sprint, checkpoints: undefined })).toEqual([]);
    expect(validateSchedule({ ...sprint, checkpoints: [] })).toEqual([]);
    expect(
      validateSchedule({
        kind: 'annual',
        start: '2024-01-01',
        end: '2024-12-31',
        scheme: 'quarterly',
        deadline: { time: '08:00', daysAfterCutoff: 3, shift: 'next_working_day' },
      }),
    ).toEqual([]);
  });

  it('accepts a one-day campaign', () => {
    expect(codes({ ...sprint, end: '2024-10-03', checkpoints: ['2024-10-03'] })).toEqual([]);
  });

  it('end_before_start, with the dates as dd/MM/yyyy', () => {
    expect(validateSchedule({ ...sprint, start: '2024-12-31', end: '2024-10-03', checkpoints: [] })).toEqual([
      {
        code: 'end_before_start',
        field: 'end',
        message: {
          key: 'calendar:error.end_before_start',
          params: { start: '31/12/2024', end: '03/10/2024' },
        },
      },
    ]);
  });

  it('bad_start and bad_end', () => {
    expect(codes({ ...sprint, start: '2024-02-30', checkpoints: [] })).toEqual(['bad_start']);
    expect(codes({ ...sprint, end: '31/12/2024', checkpoints: [] })).toEqual(['bad_end']);
    expect(validateSchedule({ ...sprint, end: '31/12/2024', checkpoints: [] })[0]?.message).toEqual({
      key: 'calendar:error.bad_end',
      params: { value: '31/12/2024' },
    });
  });

  it.each(['5pm', '17h', '24:00', '7:00', '', '17:00:00'])('bad_time for %j', (time) => {
    expect(codes({ ...sprint, deadline: { ...sprint.deadline, time } })).toEqual(['bad_time']);
  });

  it.each([-1, 1.5, MAX_DAYS_AFTER_CUTOFF + 1, Number.NaN])(
    'bad_days_after_cutoff for %d',
    (daysAfterCutoff) => {
      expect(codes({ ...sprint, deadline: { ...sprint.deadline, daysAfterCutoff } })).toEqual([
        'bad_days_after_cutoff',
      ]);
    },
  );

  it('accepts 0 and the maximum days after the cut-off', () => {
    expect(codes({ ...sprint, deadline: { ...sprint.deadline, daysAfterCutoff: 0 } })).toEqual([]);
    expect(
      codes({ ...sprint, deadline: { ...sprint.deadline, daysAfterCutoff: MAX_DAYS_AFTER_CUTOFF } }),
    ).toEqual([]);
  });

  it('bad_kind, bad_scheme, bad_shift from untyped data', () => {
    expect(codes(untyped({ ...sprint, kind: 'weekly' }))).toEqual(['bad_kind']);
    expect(codes(untyped({ ...sprint, scheme: 'weekly' }))).toEqual(['bad_scheme']);
    expect(codes(untyped({ ...sprint, deadline: { ...sprint.deadline, shift: 'later' } }))).toEqual([
      'bad_shift',
    ]);
  });

  it('does not throw on garbage', () => {
    expect(codes(untyped({}))).toEqual([
      'bad_kind',
      'bad_scheme',
      'bad_start',
      'bad_end',
      'bad_time',
      'bad_days_after_cutoff',
      'bad_shift',
    ]);
    expect(codes(untyped({ ...sprint, deadline: null }))).toEqual([
      'bad_time',
      'bad_days_after_cutoff',
      'bad_shift',
    ]);
    expect(codes(untyped({ ...sprint, checkpoints: '2024-12-31' }))).toEqual(['checkpoint_bad_date']);
    expect(codes(untyped({ ...sprint, start: 20241003, checkpoints: [] }))).toEqual(['bad_start']);
  });

  it('checkpoint_bad_date names the position', () => {
    const problems = validateSchedule({ ...sprint, checkpoints: ['2024-11-01', '2024-11-31', '2024-12-31'] });
    expect(problems).toEqual([
      {
        code: 'checkpoint_bad_date',
        field: 'checkpoints',
        message: { key: 'calendar:error.checkpoint_bad_date', params: { index: 2, value: '2024-11-31' } },
      },
    ]);
  });

  it('checkpoint_outside, before the start and after the end', () => {
    expect(codes({ ...sprint, checkpoints: ['2024-10-02', '2024-12-31'] })).toEqual(['checkpoint_outside']);
    const after = validateSchedule({ ...sprint, checkpoints: ['2024-11-01', '2025-01-01'] });
    expect(after.map((problem) => problem.code)).toEqual(['checkpoint_outside']);
    expect(after[0]?.message.params).toEqual({ date: '01/01/2025', start: '03/10/2024', end: '31/12/2024' });
  });

  it('checkpoints on the first and last day are inside', () => {
    expect(codes({ ...sprint, checkpoints: ['2024-10-03', '2024-12-31'] })).toEqual([]);
  });

  it('checkpoints_unsorted', () => {
    const problems = validateSchedule({ ...sprint, checkpoints: ['2024-12-01', '2024-11-01', '2024-12-31'] });
    expect(problems.map((problem) => problem.code)).toEqual(['checkpoints_unsorted']);
    expect(problems[0]?.message.params).toEqual({ date: '01/11/2024', previous: '01/12/2024' });
  });

  it('checkpoint_duplicate, once per date', () => {
    expect(
      codes({ ...sprint, checkpoints: ['2024-11-01', '2024-11-01', '2024-11-01', '2024-12-31'] }),
    ).toEqual(['checkpoint_duplicate']);
  });

  it('last_checkpoint_not_end', () => {
    const problems = validateSchedule({ ...sprint, checkpoints: ['2024-11-01', '2024-12-01'] });
    expect(problems).toEqual([
      {
        code: 'last_checkpoint_not_end',
        field: 'checkpoints',
        message: {
          key: 'calendar:error.last_checkpoint_not_end',
          params: { date: '01/12/2024', end: '31/12/2024' },
        },
      },
    ]);
  });

  it('reports several problems at once, in a stable order', () => {
    expect(
      codes({
        ...sprint,
        checkpoints: ['2024-12-01', '2024-11-01', '2024-11-01', '2024-10-01'],
        deadline: { time: '25:00', daysAfterCutoff: 3, shift: 'none' },
      }),
    ).toEqual([
      'bad_time',
      'checkpoint_outside',
      'checkpoint_duplicate',
      'checkpoints_unsorted',
      'last_checkpoint_not_end',
    ]);
  });

  it('ignores checkpoints for other schemes', () => {
    expect(codes({ ...sprint, scheme: 'monthly', checkpoints: ['2099-01-01'] })).toEqual([]);
  });
});
