import type { Message } from '../../domain/message.js';
import { catalogLines, provinceLines } from '../../reports/province-view.js';
import { catalogAcross, provinceByCode, provinceProgress } from '../../services/province.js';
import type { CliContext } from '../context.js';
import { EXIT, Exit } from '../exit.js';

interface ProvinceOptions {
  province?: string;
  catalog?: string;
  at?: Date;
  format: string;
}

/** A period's name rendered, the rest as stored: the JSON a script reads. */
function rendered(ctx: CliContext, value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, inner: unknown) =>
      (key === 'name' || key === 'periodName') &&
      typeof inner === 'object' &&
      inner !== null &&
      'key' in inner
        ? ctx.i18n.render(inner as Message)
        : inner,
    ),
  );
}

/** `progress --province CODE [--catalog CODE]`: the province's view, text or JSON (no chart, no Excel). */
export async function runProvinceProgress(ctx: CliContext, options: ProvinceOptions): Promise<void> {
  const { t } = ctx.i18n;
  if (options.province === undefined) {
    ctx.io.err(t('cli:progress.catalog_needs_province'));
    throw new Exit(EXIT.usage);
  }
  if (options.format !== 'text' && options.format !== 'json') {
    ctx.io.err(t('cli:progress.province_format', { format: options.format }));
    throw new Exit(EXIT.usage);
  }
  const { db } = await ctx.database();
  const province = await provinceByCode(db, options.province);
  const scope = { at: options.at ?? ctx.now(), timeZone: ctx.config.timeZone };
  const data =
    options.catalog === undefined
      ? await provinceProgress(db, province.id, scope)
      : await catalogAcross(db, province.id, options.catalog, scope);
  if (options.format === 'json') {
    ctx.io.out(JSON.stringify(rendered(ctx, data), null, 2));
    return;
  }
  const lines = 'entry' in data ? catalogLines(data) : provinceLines(data, { timeZone: ctx.config.timeZone });
  ctx.io.out(lines.map((line) => ctx.i18n.render(line)).join('\n'));
}
