import { redactDatabaseUrl } from '../../store/database-url.js';
import { migrateDatabase, type CliContext } from '../context.js';
import { EXIT, Exit } from '../exit.js';

/** `db migrate` */
export async function runDbMigrate(ctx: CliContext): Promise<void> {
  const { t } = ctx.i18n;
  const result = await migrateDatabase(ctx.config.databaseUrl);
  await ctx.database(); // default holidays
  ctx.io.out(
    result.ran.length > 0
      ? t('cli:db.migrate.applied', { count: result.ran.length, names: result.ran.join(', ') })
      : t('cli:db.migrate.up_to_date', { count: result.applied.length }),
  );
}

/** `db status` */
export async function runDbStatus(ctx: CliContext): Promise<void> {
  const { t } = ctx.i18n;
  const state = await migrateDatabase(ctx.config.databaseUrl, { apply: false });
  ctx.io.out(t('cli:db.status.database', { url: redactDatabaseUrl(ctx.config.databaseUrl) }));
  ctx.io.out(t('cli:db.status.applied', { count: state.applied.length }));
  for (const name of state.pending) ctx.io.out(t('cli:db.status.pending', { name }));
  for (const name of state.modified) ctx.io.out(t('cli:db.status.modified', { name }));
  for (const name of state.failed) ctx.io.out(t('cli:db.status.failed', { name }));
  if (state.pending.length + state.modified.length + state.failed.length > 0) throw new Exit(EXIT.refused);
}
