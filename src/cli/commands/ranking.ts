import { InvalidArgumentError, type Command } from 'commander';
import type { RankingFormat, RankingOptions } from '../actions/ranking.js';
import type { CliContext } from '../context.js';

const FORMATS: readonly RankingFormat[] = ['text', 'json', 'xlsx'];

/** `tiendo ranking`: the emulation ranking of a commune's units and officials, or its year-end sheet. */
export function registerRankingCommand(program: Command, ctx: CliContext): void {
  const { t } = ctx.i18n;
  program
    .command('ranking')
    .description(t('cli:ranking.description'))
    .option('--organization <code>', t('cli:option.org'))
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
        return value as RankingFormat;
      },
      'text',
    )
    .option('--out <file>', t('cli:progress.out'))
    .action(async (options: RankingOptions) =>
      (await import('../actions/ranking.js')).runRanking(ctx, options),
    );
}
