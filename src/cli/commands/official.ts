import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_INVITE_DAYS } from '../../services/invites.js';
import type { CliContext } from '../context.js';

export function registerOfficialCommands(program: Command, ctx: CliContext): void {
  const { t } = ctx.i18n;
  const official = program.command('official').description(t('cli:official.description'));
  const actions = () => import('../actions/official.js');

  official
    .command('list')
    .description(t('cli:official.list.description'))
    .option('--org <code>', t('cli:option.org'))
    .option('--json', t('cli:option.json'))
    .action(async (options: { org?: string; json?: boolean }) =>
      (await actions()).runOfficialList(ctx, options),
    );

  official
    .command('invite')
    .description(t('cli:official.invite.description'))
    .requiredOption('--official <code>', t('cli:report.add.official'))
    .option(
      '--days <days>',
      t('cli:official.invite.days', { days: DEFAULT_INVITE_DAYS }),
      (value: string) => {
        if (!/^\d+$/.test(value)) throw new InvalidArgumentError(value);
        return Number(value);
      },
    )
    .option('--org <code>', t('cli:option.org'))
    .action(async (options: { official: string; days?: number; org?: string }) =>
      (await actions()).runOfficialInvite(ctx, options),
    );
}
