import { listHolidays, removeHoliday, setHoliday } from '../../services/holidays.js';
import type { CliContext } from '../context.js';
import { formatTable } from '../table.js';

/** `holiday list` */
export async function runHolidayList(
  ctx: CliContext,
  options: { year?: number; json?: boolean },
): Promise<void> {
  const { t } = ctx.i18n;
  const { db } = await ctx.database();
  const holidays = await listHolidays(db, options.year);
  if (options.json) {
    ctx.io.out(JSON.stringify(holidays, null, 2));
    return;
  }
  ctx.io.out(
    formatTable([
      [t('cli:holiday.col.date'), t('cli:holiday.col.kind'), t('cli:holiday.col.name')],
      ...holidays.map((h) => [h.date, t(`cli:holiday.kind.${h.kind}`), h.name]),
    ]),
  );
}

/** `holiday add` */
export async function runHolidayAdd(
  ctx: CliContext,
  date: string,
  name: string,
  options: { workday?: boolean },
): Promise<void> {
  const { db } = await ctx.database();
  await setHoliday(db, { date, name, kind: options.workday ? 'workday' : 'off' }, ctx.config.timeZone);
  ctx.io.out(ctx.i18n.t('cli:holiday.add.done', { date, name }));
}

/** `holiday remove` */
export async function runHolidayRemove(ctx: CliContext, date: string): Promise<void> {
  const { db } = await ctx.database();
  await removeHoliday(db, date, ctx.config.timeZone);
  ctx.io.out(ctx.i18n.t('cli:holiday.remove.done', { date }));
}
