import { formatLocalDateTime } from '../../domain/calendar/index.js';
import { createWebLink, webBaseUrl, webLinkUrl, type WebPurpose } from '../../services/web-links.js';
import type { CliContext } from '../context.js';

/** `web link` */
export async function runWebLink(
  ctx: CliContext,
  options: { official: string; purpose: WebPurpose; org?: string; draft?: string },
): Promise<void> {
  const { t } = ctx.i18n;
  const { db } = await ctx.database();
  const link = await createWebLink(db, {
    organizationCode: options.org,
    officialCode: options.official,
    purpose: options.purpose,
    now: ctx.now(),
    ttlHours: ctx.config.web.linkTtlHours,
    draftId: options.draft,
  });
  ctx.io.out(
    t('web:cli.link.created', {
      name: link.official.name,
      purpose: link.purpose,
      expires: formatLocalDateTime(link.expiresAt, ctx.config.timeZone),
    }),
  );
  ctx.io.out(webLinkUrl(webBaseUrl(ctx.config), link.path));
  if (!ctx.config.web.publicUrl) ctx.io.out(t('web:cli.link.local_only'));
}
