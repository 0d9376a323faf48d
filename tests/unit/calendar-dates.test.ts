import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_TIME_ZONE,
  addDays,
  daysBetween,
  formatDayMonthYear,
  instantAt,
  isLocalDate,
  isTimeOfDay,
  localDate,
  localDateOf,
  weekday,
} from '../../src/domain/calendar/index.js';

const HANOI = DEFAULT_TIME_ZONE;

describe('isLocalDate', () => {
  it.each(['2024-02-29', '2023-12-31', '2027-01-01'])('accepts %s', (value) => {
    expect(isLocalDate(value)).toBe(true);
  });

  it.each([
    '2023-02-29',
    '2024-02-30',
    '2024-13-01',
    '2024-00-10',
    '2024-2-1',
    '24-01-01',
    '2024-01-01T00:00',
    '',
    ' 2024-01-01',
  ])('rejects %j', (value) => {
    expect(isLocalDate(value)).toBe(false);
  });

  it('rejects what is not a string', () => {
    expect(isLocalDate(20240101)).toBe(false);
    expect(isLocalDate(null)).toBe(false);
    expect(isLocalDate(undefined)).toBe(false);
    expect(isLocalDate(new Date())).toBe(false);
  });
});

describe('isTimeOfDay', () => {
  it.each(['00:00', '07:30', '17:00', '23:59'])('accepts %s', (value) => {
    expect(isTimeOfDay(value)).toBe(true);
  });
  it.each(['24:00', '17:60', '7:30', '17h00', '17:00:00', '', 1700])('rejects %j', (value) => {
    expect(isTimeOfDay(value)).toBe(false);
  });
});

describe('addDays', () => {
  it('crosses month and year ends', () => {
    expect(addDays('2024-01-31', 1)).toBe('2024-02-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2024-12-14', 1)).toBe('2024-12-15');
  });

  it('knows leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
  });

  it('returns the same date for 0 and normalises nothing else', () => {
    expect(addDays('2024-09-14', 0)).toBe('2024-09-14');
  });

  it('throws on a bad date or a fractional count', () => {
    expect(() => addDays('2024-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2024-02-01', 1.5)).toThrow(RangeError);
  });
});

describe('daysBetween', () => {
  it('counts calendar days, signed', () => {
    expect(daysBetween('2024-01-01', '2024-12-31')).toBe(365);
    expect(daysBetween('2023-01-01', '2023-12-31')).toBe(364);
    expect(daysBetween('2024-09-14', '2024-09-11')).toBe(-3);
    expect(daysBetween('2024-09-14', '2024-09-14')).toBe(0);
  });
});

describe('weekday', () => {
  it('is ISO: Monday 1 … Sunday 7', () => {
    expect(weekday('2024-09-09')).toBe(1);
    expect(weekday('2024-09-13')).toBe(5);
    expect(weekday('2024-09-14')).toBe(6);
    expect(weekday('2024-09-15')).toBe(7);
    expect(weekday('2024-02-29')).toBe(4);
  });
});

describe('localDate', () => {
  it('rolls month 0 back to December of the previous year', () => {
    expect(localDate(2024, 0, 15)).toBe('2023-12-15');
    expect(localDate(2024, 3, 14)).toBe('2024-03-14');
    expect(localDate(2024, 13, 1)).toBe('2025-01-01');
  });
});

describe('formatDayMonthYear', () => {
  it('is dd/MM/yyyy with leading zeros', () => {
    expect(formatDayMonthYear('2024-11-01')).toBe('01/11/2024');
    expect(formatDayMonthYear('2024-12-31')).toBe('31/12/2024');
  });
});

describe('localDateOf', () => {
  it('is the date in the given zone, not in UTC', () => {
    const instant = new Date('2024-09-13T17:30:00Z');
    expect(localDateOf(instant, HANOI)).toBe('2024-09-14');
    expect(localDateOf(instant, 'UTC')).toBe('2024-09-13');
    expect(localDateOf(new Date('2024-09-13T16:59:59Z'), HANOI)).toBe('2024-09-13');
    expect(localDateOf(new Date('2024-09-13T17:00:00Z'), HANOI)).toBe('2024-09-14');
  });

  it('throws on an unknown zone or an invalid date', () => {
    expect(() => localDateOf(new Date('2024-09-13T17:30:00Z'), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => localDateOf(new Date('nonsense'), HANOI)).toThrow(RangeError);
  });
});

describe('instantAt', () => {
  it('maps a local time to the instant, UTC+7 in Hanoi', () => {
    expect(instantAt('2024-09-14', '17:00', HANOI).toISOString()).toBe('2024-09-14T10:00:00.000Z');
    expect(instantAt('2024-09-14', '00:00', HANOI).toISOString()).toBe('2024-09-13T17:00:00.000Z');
    expect(instantAt('2024-09-14', '23:59', HANOI).toISOString()).toBe('2024-09-14T16:59:00.000Z');
  });

  it('uses the zone it is given, DST included', () => {
    expect(instantAt('2024-09-14', '17:00', 'UTC').toISOString()).toBe('2024-09-14T17:00:00.000Z');
    expect(instantAt('2024-07-01', '17:00', 'Europe/Paris').toISOString()).toBe('2024-07-01T15:00:00.000Z');
    expect(instantAt('2024-01-15', '17:00', 'Europe/Paris').toISOString()).toBe('2024-01-15T16:00:00.000Z');
  });

  it('round-trips with localDateOf', () => {
    for (const time of ['00:00', '06:59', '07:00', '16:59', '17:00', '23:59']) {
      expect(localDateOf(instantAt('2024-12-31', time, HANOI), HANOI)).toBe('2024-12-31');
    }
  });

  it('throws on a bad time, date or zone', () => {
    expect(() => instantAt('2024-09-14', '5pm', HANOI)).toThrow(RangeError);
    expect(() => instantAt('2024-09-31', '17:00', HANOI)).toThrow(RangeError);
    expect(() => instantAt('2024-09-14', '17:00', 'Nowhere/Land')).toThrow(RangeError);
  });
});

describe('independence from the machine zone', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('gives the same answers whatever TZ the process runs in', () => {
    for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
      process.env.TZ = tz;
      expect(instantAt('2024-09-14', '17:00', HANOI).toISOString()).toBe('2024-09-14T10:00:00.000Z');
      expect(localDateOf(new Date('2024-09-13T17:30:00Z'), HANOI)).toBe('2024-09-14');
      expect(addDays('2024-03-09', 1)).toBe('2024-03-10');
      expect(weekday('2024-03-10')).toBe(7);
    }
  });
});
