import { InvalidArgumentError, type Command } from 'commander';
import type { RemindOptions } from '../actions/remind.js';
import type { CliContext } from '../context.js';

export function registerRemindCommand(program: Command, ctx: CliContext): void {
  const { t } = ctx.i18n;
  program
    .command('remind')
    .description(t('cli:remind.description'))
    .option('--at <iso-time>', t('cli:remind.at'), (value: string) => {
      const at = new Date(value);
      if (Number.isNaN(at.getTime())) throw new InvalidArgumentError(value);
      return at;
    })
    .option('--dry-run', t('cli:remind.dry_run'))
    .option('--json', t('cli:option.json'))
    .option('--org <code>', t('cli:option.org'))
    .action(async (options: RemindOptions) => (await import('../actions/remind.js')).runRemind(ctx, options));
}
