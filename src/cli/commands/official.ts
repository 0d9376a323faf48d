import { InvalidArgumentError, type Command } from 'commander';
import { formatLocalDateTime } from '../../domain/calendar/index.js';
import { createInvite, DEFAULT_INVITE_DAYS, displayInviteCode } from '../../services/invites.js';
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
    .action(async (options: { official: string; days?: number; org?: string }) => {
      const { db } = await ctx.database();
      const invite = await createInvite(db, {
        organizationCode: options.org,
        officialCode: options.official,
        days: options.days ?? DEFAULT_INVITE_DAYS,
        now: ctx.now(),
      });
      const expires = formatLocalDateTime(invite.expiresAt, ctx.config.timeZone);
      ctx.io.out(
        t('cli:official.invite.created', {
          name: invite.official.name,
          code: displayInviteCode(invite.code),
          expires,
        }),
      );
      const username = ctx.config.telegram?.username;
      ctx.io.out(
        username
          ? t('cli:official.invite.link', { link: `https://t.me/${username}?start=${invite.code}` })
          : t('cli:official.invite.no_link'),
      );
      ctx.io.out(t('cli:official.invite.command', { code: displayInviteCode(invite.code) }));
    });
}
