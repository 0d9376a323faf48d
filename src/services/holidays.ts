import { DEFAULT_VN_HOLIDAYS, isLocalDate, type Holiday } from '../domain/calendar/index.js';
import type { Db } from '../store/database.js';
import { scheduleOf } from './campaign-schedule.js';
import { UserError } from './errors.js';
import { syncPeriods } from './plan-import.js';

/**
 * Fills in the shipped Vietnamese holidays for every year that has none yet. Years an
 * administrator has edited are left alone, so running this at every start is safe.
 */
export async function ensureDefaultHolidays(db: Db): Promise<number> {
  const existing = await db.holiday.findMany({ select: { date: true } });
  const editedYears = new Set(existing.map((h) => h.date.slice(0, 4)));
  const missing = DEFAULT_VN_HOLIDAYS.filter((h) => !editedYears.has(h.date.slice(0, 4)));
  if (missing.length === 0) return 0;
  await db.holiday.createMany({ data: missing.map((h) => ({ date: h.date, name: h.name, kind: h.kind })) });
  return missing.length;
}

export async function listHolidays(db: Db, year?: number): Promise<Holiday[]> {
  const rows = await db.holiday.findMany({
    where: year === undefined ? {} : { date: { startsWith: `${year}-` } },
    orderBy: { date: 'asc' },
  });
  return rows.map((row) => ({ date: row.date, name: row.name, kind: row.kind as Holiday['kind'] }));
}

/** Deadlines may move with the holidays (a deadline shifted off a day off), so periods follow. */
async function recomputeDeadlines(db: Db, timeZone: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const holidays = await tx.holiday.findMany();
    for (const campaign of await tx.campaign.findMany()) {
      await syncPeriods(tx, campaign, scheduleOf(campaign), holidays as Holiday[], timeZone);
    }
  });
}

export async function setHoliday(db: Db, holiday: Holiday, timeZone: string): Promise<void> {
  if (!isLocalDate(holiday.date)) throw new UserError('common:holiday.bad_date', { date: holiday.date });
  if (!holiday.name.trim()) throw new UserError('common:holiday.missing_name');
  await db.holiday.upsert({
    where: { date: holiday.date },
    create: holiday,
    update: { name: holiday.name, kind: holiday.kind },
  });
  await recomputeDeadlines(db, timeZone);
}

export async function removeHoliday(db: Db, date: string, timeZone: string): Promise<void> {
  const deleted = await db.holiday.deleteMany({ where: { date } });
  if (deleted.count === 0) throw new UserError('common:holiday.not_found', { date });
  await recomputeDeadlines(db, timeZone);
}
