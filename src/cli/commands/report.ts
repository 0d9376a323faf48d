import type { Command } from 'commander';
import type { AddOptions, ListOptions } from '../actions/report.js';
import type { CliContext } from '../context.js';

export function registerReportCommands(program: Command, ctx: CliContext): void {
  const { t } = ctx.i18n;
  const report = program.command('report').description(t('cli:report.description'));
  const actions = () => import('../actions/report.js');

  report
    .command('add')
    .description(t('cli:report.add.description'))
    .requiredOption('--official <code>', t('cli:report.add.official'))
    .requiredOption('--indicator <code>', t('cli:report.add.indicator'))
    .requiredOption('--period <key>', t('cli:report.add.period'))
    .requiredOption('--value <value>', t('cli:report.add.value'))
    .option('--note <text>', t('cli:report.add.note'))
    .option('--force', t('cli:report.add.force'))
    .option('--org <code>', t('cli:option.org'))
    .option('--campaign <code>', t('cli:option.campaign'))
    .action(async (options: AddOptions) => (await actions()).runReportAdd(ctx, options));

  report
    .command('list')
    .description(t('cli:report.list.description'))
    .option('--official <code>', t('cli:report.add.official'))
    .option('--period <key>', t('cli:report.add.period'))
    .option('--history', t('cli:report.list.history'))
    .option('--org <code>', t('cli:option.org'))
    .option('--campaign <code>', t('cli:option.campaign'))
    .option('--json', t('cli:option.json'))
    .action(async (options: ListOptions) => (await actions()).runReportList(ctx, options));
}
