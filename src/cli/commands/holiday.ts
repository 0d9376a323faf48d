import { InvalidArgumentError, type Command } from 'commander';
import { listHolidays, removeHoliday, setHoliday } from '../../services/holidays.js';
import type { CliContext } from '../context.js';
import { formatTable } from '../table.js';

export function registerHolidayCommands(program: Command, ctx: CliContext): void {
  const { t } = ctx.i18n;
  const holiday = program.command('holiday').description(t('cli:holiday.description'));

  holiday
    .command('list')
    .description(t('cli:holiday.list.description'))
    .option('--year <year>', t('cli:holiday.list.year'), (value: string) => {
      if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError(value);
      return Number(value);
    })
    .option('--json', t('cli:option.json'))
    .action(async (options: { year?: number; json?: boolean }) => {
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
    });

  holiday
    .command('add')
    .description(t('cli:holiday.add.description'))
    .argument('<date>', t('cli:holiday.add.date'))
    .argument('<name>', t('cli:holiday.add.name'))
    .option('--workday', t('cli:holiday.add.workday'))
    .action(async (date: string, name: string, options: { workday?: boolean }) => {
      const { db } = await ctx.database();
      await setHoliday(db, { date, name, kind: options.workday ? 'workday' : 'off' }, ctx.config.timeZone);
      ctx.io.out(t('cli:holiday.add.done', { date, name }));
    });

  holiday
    .command('remove')
    .description(t('cli:holiday.remove.description'))
    .argument('<date>', t('cli:holiday.add.date'))
    .action(async (date: string) => {
      const { db } = await ctx.database();
      await removeHoliday(db, date, ctx.config.timeZone);
      ctx.io.out(t('cli:holiday.remove.done', { date }));
    });
}
