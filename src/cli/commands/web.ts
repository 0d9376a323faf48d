import { InvalidArgumentError, type Command } from 'commander';
import { formatLocalDateTime } from '../../domain/calendar/index.js';
import {
  createWebLink,
  isWebPurpose,
  webBaseUrl,
  webLinkUrl,
  type WebPurpose,
} from '../../services/web-links.js';
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
    .action(async (options: { official: string; purpose: WebPurpose; org?: string; draft?: string }) => {
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
    });
}
