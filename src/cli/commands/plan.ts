import { InvalidArgumentError, type Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerPlanCommands(program: Command, ctx: CliContext): void {
  const { t } = ctx.i18n;
  const plan = program.command('plan').description(t('cli:plan.description'));
  const actions = () => import('../actions/plan.js');

  plan
    .command('check')
    .description(t('cli:plan.check.description'))
    .argument('<file>', t('cli:plan.file'))
    .action(async (file: string) => (await actions()).runPlanCheck(ctx, file));

  plan
    .command('import')
    .description(t('cli:plan.import.description'))
    .argument('<file>', t('cli:plan.file'))
    .option('--dry-run', t('cli:plan.import.dry_run'))
    .action(async (file: string, options: { dryRun?: boolean }) =>
      (await actions()).runPlanImport(ctx, file, options),
    );

  plan
    .command('extract')
    .description(t('cli:plan.extract.description'))
    .argument('<file>', t('cli:plan.extract.file'))
    .option('--format <format>', t('cli:plan.extract.format'), (value: string) => {
      if (value !== 'yaml' && value !== 'json') throw new InvalidArgumentError(value);
      return value;
    })
    .option('--out <file>', t('cli:plan.extract.out'))
    .option('--org <code>', t('cli:plan.extract.org'))
    .action(async (file: string, options: { format?: 'yaml' | 'json'; out?: string; org?: string }) =>
      (await actions()).runPlanExtract(ctx, file, options),
    );

  plan
    .command('show')
    .description(t('cli:plan.show.description'))
    .option('--org <code>', t('cli:option.org'))
    .option('--campaign <code>', t('cli:option.campaign'))
    .option('--json', t('cli:option.json'))
    .action(async (options: { org?: string; campaign?: string; json?: boolean }) =>
      (await actions()).runPlanShow(ctx, options),
    );
}
