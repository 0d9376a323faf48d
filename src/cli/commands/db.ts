import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerDbCommands(program: Command, ctx: CliContext): void {
  const { t } = ctx.i18n;
  const db = program.command('db').description(t('cli:db.description'));
  const actions = () => import('../actions/db.js');

  db.command('migrate')
    .description(t('cli:db.migrate.description'))
    .action(async () => (await actions()).runDbMigrate(ctx));

  db.command('status')
    .description(t('cli:db.status.description'))
    .action(async () => (await actions()).runDbStatus(ctx));
}
