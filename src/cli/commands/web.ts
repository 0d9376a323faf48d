import { InvalidArgumentError, type Command } from 'commander';
import { isWebPurpose, type WebPurpose } from '../../services/web-links.js';
import type { CliContext } from '../context.js';

export function registerWebCommands(program: Command, ctx: CliContext): void {
  const { t } = ctx.i18n;
  const web = program.command('web').description(t('web:cli.description'));
  web
    .command('link')
    .description(t('web:cli.link.description'))
    .requiredOption('--official <code>', t('web:cli.link.official'))
    .requiredOption('--purpose <purpose>', t('web:cli.link.purpose'), (value: string) => {
      if (!isWebPurpose(value)) throw new InvalidArgumentError(t('web:cli.link.bad_purpose'));
      return value;
    })
    .option('--org <code>', t('cli:option.org'))
    .option('--draft <id>', t('web:cli.link.draft'))
    .action(async (options: { official: string; purpose: WebPurpose; org?: string; draft?: string }) =>
      (await import('../actions/web.js')).runWebLink(ctx, options),
    );
}
