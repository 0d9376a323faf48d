import { writeFile } from 'node:fs/promises';
import { rankingJson } from '../../reports/ranking-json.js';
import { communeRankingLines } from '../../reports/ranking-view.js';
import { communeRanking } from '../../services/ranking.js';
import type { CliContext } from '../context.js';
import { EXIT, Exit } from '../exit.js';

export type RankingFormat = 'text' | 'json' | 'xlsx';

export interface RankingOptions {
  organization?: string;
  org?: string;
  campaign?: string;
  at?: Date;
  format: RankingFormat;
  out?: string;
}

/** `ranking` */
export async function runRanking(ctx: CliContext, options: RankingOptions): Promise<void> {
  const { t } = ctx.i18n;
  if (options.format === 'xlsx' && !options.out) {
    ctx.io.err(t('cli:progress.needs_out', { format: options.format }));
    throw new Exit(EXIT.usage);
  }
  const { db } = await ctx.database();
  const at = options.at ?? ctx.now();
  const data = await communeRanking(db, {
    organizationCode: options.organization ?? options.org,
    campaignCode: options.campaign,
    today: ctx.today(),
    at,
  });
  const { locale, timeZone } = ctx.config;
  const content: string | Uint8Array =
    options.format === 'xlsx'
      ? // imported when asked for: the text and JSON forms need no exceljs
        await (
          await import('../../reports/evaluation-xlsx.js')
        ).renderCommuneEvaluationXlsx(data, { i18n: ctx.i18n, locale, timeZone, generatedAt: at })
      : options.format === 'json'
        ? `${JSON.stringify(rankingJson(data, ctx.i18n, locale), null, 2)}\n`
        : `${communeRankingLines(data, { timeZone })
            .map((line) => ctx.i18n.render(line))
            .join('\n')}\n`;
  if (!options.out) {
    ctx.io.out(String(content).trimEnd());
    return;
  }
  try {
    await writeFile(options.out, content);
  } catch (error) {
    ctx.io.err(
      t('cli:progress.unwritable', {
        file: options.out,
        code: (error as NodeJS.ErrnoException).code ?? 'EIO',
      }),
    );
    throw new Exit(EXIT.refused);
  }
  ctx.io.out(t('cli:progress.written', { file: options.out }));
}
