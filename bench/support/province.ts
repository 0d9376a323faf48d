import { stringify } from 'yaml';
import { instantAt } from '../../src/domain/calendar/index.js';
import { parsePlanText } from '../../src/services/plan-file.js';
import { importPlan } from '../../src/services/plan-import.js';
import type { Db } from '../../src/store/database.js';

/**
 * A generated province: `communes` communes, each with its annual plan for `year`, `officialsPerCommune`
 * officials and `indicatorsPerCommune` indicators, every indicator assigned to every official (the way
 * village heads each report the same indicators for their village). 100 × 30 × 30 gives the issue's
 * 3,000 officials × 30 indicators, 90,000 assignments. Plans go through the real importer, so periods,
 * deadlines and assignments are exactly what an administrator's import would store.
 */
export interface ProvinceShape {
  communes: number;
  officialsPerCommune: number;
  indicatorsPerCommune: number;
  year: number;
}

const CATEGORIES = ['Kinh tế', 'Ngân sách', 'Văn hóa - xã hội', 'Quốc phòng - an ninh', 'Xây dựng Đảng'];

export function communeCode(commune: number): string {
  return `xa-${String(commune + 1).padStart(3, '0')}`;
}

export function officialCode(official: number): string {
  return official === 0 ? 'ct' : `cb${String(official).padStart(2, '0')}`;
}

export function communePlanText(commune: number, shape: Omit<ProvinceShape, 'communes'>): string {
  const code = communeCode(commune);
  const officials = Array.from({ length: shape.officialsPerCommune }, (_, i) => ({
    code: officialCode(i),
    name: `Cán bộ ${i + 1} xã ${commune + 1}`,
    role: i === 0 ? 'chairman' : 'officer',
  }));
  const indicators = Array.from({ length: shape.indicatorsPerCommune }, (_, i) => {
    const cumulative = i % 3 !== 2;
    return {
      code: `CT${String(i + 1).padStart(2, '0')}`,
      name: `Chỉ tiêu thứ ${i + 1}`,
      category: CATEGORIES[i % CATEGORIES.length],
      unit: cumulative ? 'người' : '%',
      measure: cumulative ? 'cumulative' : 'level',
      target: cumulative ? `>= ${1000 + i * 10}` : '>= 90',
      assignees: officials.map((o) => o.code),
    };
  });
  return stringify({
    organization: { code, name: `UBND xã số ${commune + 1}` },
    campaign: {
      code: `${code}-${shape.year}`,
      title: `Kế hoạch thi đua năm ${shape.year} của xã số ${commune + 1}`,
      kind: 'annual',
      year: shape.year,
      start: `${shape.year}-01-01`,
      end: `${shape.year}-12-31`,
      periods: 'quarterly',
    },
    officials,
    indicators,
  });
}

/** Imports every commune's plan; returns the organization codes. */
export async function importProvince(
  db: Db,
  shape: ProvinceShape,
  timeZone: string,
  /** imported before the plan starts (every period owed: the reminder tick's late ones), or today */
  options: { beforeStart?: boolean } = {},
): Promise<string[]> {
  const codes: string[] = [];
  for (let commune = 0; commune < shape.communes; commune += 1) {
    const parsed = parsePlanText(communePlanText(commune, shape));
    if (!parsed.ok) throw new Error(`generated plan invalid: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
    // Who owes which period follows the import's moment (domain/indicators/owed.ts).
    const now = options.beforeStart
      ? instantAt(parsed.plan.campaign.schedule.start, '00:00', timeZone)
      : new Date();
    await importPlan(db, parsed.plan, { timeZone, now });
    codes.push(communeCode(commune));
  }
  return codes;
}

/** Telegram user id of the n-th official of the province, in import order: stable and unique. */
export function telegramUserId(commune: number, official: number): number {
  return 5_000_000 + commune * 1000 + official;
}

/** Links every official to a Telegram chat (chat id = user id, a private chat), in chunks. */
export async function linkAllToTelegram(db: Db): Promise<number> {
  const officials = await db.official.findMany({
    include: { organization: true },
    orderBy: [{ organization: { code: 'asc' } }, { code: 'asc' }],
  });
  const rows = officials.map((o) => {
    const commune = Number(o.organization.code.slice(3)) - 1;
    const official = o.code === 'ct' ? 0 : Number(o.code.slice(2));
    const userId = String(telegramUserId(commune, official));
    return { officialId: o.id, channel: 'telegram', externalUserId: userId, chatId: userId, locale: 'vi' };
  });
  for (let i = 0; i < rows.length; i += 1000) await db.chatLink.createMany({ data: rows.slice(i, i + 1000) });
  return rows.length;
}

/**
 * Reports for a share of the assignments of the period `periodKey` in every campaign (deterministic:
 * assignment n is reported when n mod 100 < percent), inserted directly in chunks.
 */
export async function reportShare(db: Db, periodKey: string, percent: number): Promise<number> {
  const periods = await db.period.findMany({ where: { key: periodKey } });
  const periodOf = new Map(periods.map((p) => [p.campaignId, p.id]));
  const assignments = await db.assignment.findMany({
    include: { indicator: { select: { campaignId: true, measure: true, position: true } } },
    orderBy: [{ indicatorId: 'asc' }, { officialId: 'asc' }],
  });
  const rows = assignments
    .filter((_, n) => n % 100 < percent)
    .flatMap((a) => {
      const periodId = periodOf.get(a.indicator.campaignId);
      if (!periodId) return [];
      const value = a.indicator.measure === 'level' ? '85' : String(700 + a.indicator.position * 7);
      return [{ indicatorId: a.indicatorId, officialId: a.officialId, periodId, value, revision: 1 }];
    });
  for (let i = 0; i < rows.length; i += 2000) await db.report.createMany({ data: rows.slice(i, i + 2000) });
  return rows.length;
}
