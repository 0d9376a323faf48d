import { InvalidArgumentError, type Command } from 'commander';
import type { ProgressFormat, ProgressOptions } from '../actions/progress.js';
import type { CliContext } from '../context.js';

const FORMATS: readonly ProgressFormat[] = ['text', 'json', 'png', 'xlsx'];

export function registerProgressCommand(program: Command, ctx: CliContext): void {
  const { t } = ctx.i18n;
  program
    .command('progress')
    .description(t('cli:progress.description'))
    .option('--org <code>', t('cli:option.org'))
    .option('--campaign <code>', t('cli:option.campaign'))
    .option('--at <iso-time>', t('cli:progress.at'), (value: string) => {
      const at = new Date(value);
      if (Number.isNaN(at.getTime())) throw new InvalidArgumentError(value);
      return at;
    })
    .option(
      '--format <format>',
      t('cli:progress.format', { formats: FORMATS.join(', ') }),
      (value: string) => {
        if (!(FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(value);
        return value as ProgressFormat;
      },
      'text',
    )
    .option('--out <file>', t('cli:progress.out'))
    .option('--province <code>', t('cli:progress.province'))
    .option('--catalog <code>', t('cli:progress.catalog'))
    .action(async (options: ProgressOptions) =>
      (await import('../actions/progress.js')).runProgress(ctx, options),
    );
}
