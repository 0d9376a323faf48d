import { readFileSync } from 'node:fs';
import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEADLINE_RULE,
  DEFAULT_TIME_ZONE,
  SCHEDULE_PROBLEM_CODES,
  campaignPeriods,
  countdownText,
  createWorkingCalendar,
  reportingWindow,
  validateSchedule,
  type CampaignSchedule,
  type I18nText,
} from '../../src/domain/calendar/index.js';

type Tree = { [key: string]: string | Tree };

const load = (lng: string): Tree =>
  JSON.parse(readFileSync(new URL(`../../locales/${lng}/calendar.json`, import.meta.url), 'utf8')) as Tree;
const vi = load('vi');
const en = load('en');

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

// The same options as the app's translator: the channel escapes, not i18next.
const instance = i18next.createInstance();
void instance.init({
  lng: 'vi',
  fallbackLng: false,
  resources: { vi: { calendar: vi }, en: { calendar: en } },
  ns: ['calendar'],
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
const tVi: TFunction = instance.getFixedT('vi');
const tEn: TFunction = instance.getFixedT('en');
const render = (t: TFunction, text: I18nText): string => t(text.key, text.params);

describe('locales/*/calendar.json', () => {
  it('have the same keys in Vietnamese and English', () => {
    expect([...leaves(en).keys()].sort()).toEqual([...leaves(vi).keys()].sort());
  });

  it('have no empty text', () => {
    for (const tree of [vi, en]) for (const text of leaves(tree).values()) expect(text.trim()).not.toBe('');
  });

  it('have a message for every validation problem code', () => {
    for (const code of SCHEDULE_PROBLEM_CODES) {
      expect(leaves(vi).has(`error.${code}`), code).toBe(true);
      expect(leaves(en).has(`error.${code}`), code).toBe(true);
    }
    expect([...leaves(vi).keys()].filter((key) => key.startsWith('error.')).sort()).toEqual(
      SCHEDULE_PROBLEM_CODES.map((code) => `error.${code}`).sort(),
    );
  });
});

describe('rendering the domain’s texts', () => {
  it('period names', () => {
    expect(render(tVi, reportingWindow('quarter', 2024, 3).name)).toBe('Quý III/2024');
    expect(render(tEn, reportingWindow('quarter', 2024, 3).name)).toBe('Q3 2024');
    expect(render(tVi, reportingWindow('month', 2024, 9).name)).toBe('Tháng 9/2024');
    expect(render(tEn, reportingWindow('month', 2024, 9).name)).toBe('Month 9/2024');
    expect(render(tVi, reportingWindow('half', 2024, 1).name)).toBe('6 tháng đầu năm 2024');
    expect(render(tVi, reportingWindow('half', 2024, 2).name)).toBe('6 tháng cuối năm 2024');
    expect(render(tEn, reportingWindow('half', 2024, 2).name)).toBe('Second half of 2024');
    expect(render(tVi, reportingWindow('nine_months', 2024).name)).toBe('9 tháng đầu năm 2024');
    expect(render(tVi, reportingWindow('year', 2024).name)).toBe('Năm 2024');
    expect(render(tEn, reportingWindow('year', 2024).name)).toBe('Year 2024');
  });

  it('checkpoint names, dd/MM/yyyy unescaped', () => {
    const sprint: CampaignSchedule = {
      kind: 'sprint',
      start: '2024-10-03',
      end: '2024-12-31',
      scheme: 'checkpoints',
      deadline: { ...DEFAULT_DEADLINE_RULE },
    };
    const [first] = campaignPeriods(sprint, createWorkingCalendar([]), DEFAULT_TIME_ZONE);
    expect(first && render(tVi, first.name)).toBe('Mốc 1/3 (đến 01/11/2024)');
    expect(first && render(tEn, first.name)).toBe('Checkpoint 1/3 (by 01/11/2024)');
  });

  it('countdowns, with English plurals', () => {
    expect(render(tVi, countdownText(3))).toBe('còn 3 ngày');
    expect(render(tVi, countdownText(1))).toBe('còn 1 ngày');
    expect(render(tVi, countdownText(0))).toBe('hôm nay là hạn chót');
    expect(render(tVi, countdownText(-2))).toBe('quá hạn 2 ngày');
    expect(render(tEn, countdownText(3))).toBe('3 days left');
    expect(render(tEn, countdownText(1))).toBe('1 day left');
    expect(render(tEn, countdownText(0))).toBe('the deadline is today');
    expect(render(tEn, countdownText(-1))).toBe('1 day overdue');
    expect(render(tEn, countdownText(-2))).toBe('2 days overdue');
  });

  it('every validation problem renders fully in both languages', () => {
    const garbage = {
      deadline: { time: '25:00', daysAfterCutoff: -1, shift: 'x' },
    } as unknown as CampaignSchedule;
    const samples: CampaignSchedule[] = [
      garbage,
      {
        kind: 'sprint',
        start: '2024-12-31',
        end: '2024-10-03',
        scheme: 'quarterly',
        deadline: { ...DEFAULT_DEADLINE_RULE },
      },
      {
        kind: 'sprint',
        start: '2024-10-03',
        end: '2024-12-31',
        scheme: 'checkpoints',
        checkpoints: ['2024-12-01', '2024-11-01', '2024-11-01', '2024-10-01', '2024-13-01'],
        deadline: { ...DEFAULT_DEADLINE_RULE },
      },
      {
        kind: 'sprint',
        start: '2024-10-03',
        end: '2024-12-31',
        scheme: 'checkpoints',
        checkpoints: ['2024-12-01', '2024-11-01', '2024-11-01', '2024-10-01'],
        deadline: { ...DEFAULT_DEADLINE_RULE },
      },
    ];
    const seen = new Set<string>();
    for (const sample of samples) {
      for (const problem of validateSchedule(sample)) {
        seen.add(problem.code);
        for (const t of [tVi, tEn]) {
          const text = render(t, problem.message);
          expect(text).not.toContain('{{');
          expect(text).not.toContain('calendar:');
          expect(text).not.toContain('undefined');
        }
      }
    }
    expect([...seen].sort()).toEqual([...SCHEDULE_PROBLEM_CODES].sort());
  });
});
