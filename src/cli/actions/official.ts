import { formatLocalDateTime } from '../../domain/calendar/index.js';
import { createInvite, DEFAULT_INVITE_DAYS, displayInviteCode } from '../../services/invites.js';
import { listOfficials } from '../../services/plan-query.js';
import type { CliContext } from '../context.js';
import { formatTable } from '../table.js';

/** `official list` */
export async function runOfficialList(
  ctx: CliContext,
  options: { org?: string; json?: boolean },
): Promise<void> {
  const { t } = ctx.i18n;
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
}

/** `official invite` */
export async function runOfficialInvite(
  ctx: CliContext,
  options: { official: string; days?: number; org?: string },
): Promise<void> {
  const { t } = ctx.i18n;
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
}
