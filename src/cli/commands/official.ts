import type { Command } from 'commander';
import { listOfficials } from '../../services/plan-query.js';
import type { CliContext } from '../context.js';
import { formatTable } from '../table.js';

export function registerOfficialCommands(program: Command, ctx: CliContext): void {
  const { t } = ctx.i18n;
  const official = program.command('official').description(t('cli:official.description'));

  official
    .command('list')
    .description(t('cli:official.list.description'))
    .option('--org <code>', t('cli:option.org'))
    .option('--json', t('cli:option.json'))
    .action(async (options: { org?: string; json?: boolean }) => {
      const { db } = await ctx.database();
      const officials = await listOfficials(db, options.org);
      if (options.json) {
        ctx.io.out(JSON.stringify(officials, null, 2));
        return;
      }
      ctx.io.out(
        formatTable([
          ['code', 'name', 'role', 'unit', 'indicators', 'chats'].map((c) => t(`cli:official.list.col.${c}`)),
          ...officials.map((o) => [
            o.code,
            o.name + (o.active ? '' : ` (${t('cli:plan.show.inactive')})`),
            t(`common:role.${o.role}`),
            o.unit ?? '',
            String(o.assignments),
            String(o.linkedChats),
          ]),
        ]),
      );
    });
}
