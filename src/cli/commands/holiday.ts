import { InvalidArgumentError, type Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerHolidayCommands(program: Command, ctx: CliContext): void {
  const { t } = ctx.i18n;
  const holiday = program.command('holiday').description(t('cli:holiday.description'));
  const actions = () => import('../actions/holiday.js');

  holiday
    .command('list')
    .description(t('cli:holiday.list.description'))
    .option('--year <year>', t('cli:holiday.list.year'), (value: string) => {
      if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError(value);
      return Number(value);
    })
    .option('--json', t('cli:option.json'))
    .action(async (options: { year?: number; json?: boolean }) =>
      (await actions()).runHolidayList(ctx, options),
    );

  holiday
    .command('add')
    .description(t('cli:holiday.add.description'))
    .argument('<date>', t('cli:holiday.add.date'))
    .argument('<name>', t('cli:holiday.add.name'))
    .option('--workday', t('cli:holiday.add.workday'))
    .action(async (date: string, name: string, options: { workday?: boolean }) =>
      (await actions()).runHolidayAdd(ctx, date, name, options),
    );

  holiday
    .command('remove')
    .description(t('cli:holiday.remove.description'))
    .argument('<date>', t('cli:holiday.add.date'))
    .action(async (date: string) => (await actions()).runHolidayRemove(ctx, date));
}
