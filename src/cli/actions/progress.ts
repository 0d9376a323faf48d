import { writeFile } from 'node:fs/promises';
import { filePages } from '../../domain/message.js';
import { progressJson } from '../../reports/progress-json.js';
import { summaryLines } from '../../reports/progress-view.js';
import { campaignProgress } from '../../services/progress.js';
import type { CliContext } from '../context.js';
import { EXIT, Exit } from '../exit.js';

export type ProgressFormat = 'text' | 'json' | 'png' | 'xlsx';

export interface ProgressOptions {
  org?: string;
  campaign?: string;
  at?: Date;
  format: ProgressFormat;
  out?: string;
  province?: string;
  catalog?: string;
}

/** Files, not text: they need --out. */
const BINARY: readonly ProgressFormat[] = ['png', 'xlsx'];

/** `progress` */
export async function runProgress(ctx: CliContext, options: ProgressOptions): Promise<void> {
  const { t } = ctx.i18n;
  if (options.province !== undefined || options.catalog !== undefined)
    return (await import('./province-progress.js')).runProvinceProgress(ctx, options);
  const { db } = await ctx.database();
  const at = options.at ?? ctx.now();
  const data = await campaignProgress(db, {
    organizationCode: options.org,
    campaignCode: options.campaign,
    today: ctx.today(),
    at,
    timeZone: ctx.config.timeZone,
  });
  if (BINARY.includes(options.format) && !options.out) {
    ctx.io.err(t('cli:progress.needs_out', { format: options.format }));
    throw new Exit(EXIT.usage);
  }
  const render = { i18n: ctx.i18n, locale: ctx.config.locale, timeZone: ctx.config.timeZone };
  const content: string | Uint8Array[] =
    options.format === 'png'
      ? // imported when asked for: the text and JSON forms need neither resvg nor exceljs
        await (await import('../../reports/progress-chart.js')).renderProgressChart(data, render)
      : options.format === 'xlsx'
        ? [
            await (
              await import('../../reports/progress-xlsx.js')
            ).renderProgressXlsx(data, { ...render, generatedAt: at }),
          ]
        : `${
            options.format === 'json'
              ? JSON.stringify(progressJson(data, ctx.i18n, ctx.config.locale), null, 2)
              : summaryLines(data, { timeZone: ctx.config.timeZone, now: at })
                  .map((line) => ctx.i18n.render(line))
                  .join('\n')
          }\n`;
  if (!options.out) {
    ctx.io.out(String(content).trimEnd());
    return;
  }
  for (const file of outputFiles(options.out, content)) {
    try {
      await writeFile(file.name, file.bytes);
    } catch (error) {
      ctx.io.err(
        t('cli:progress.unwritable', {
          file: file.name,
          code: (error as NodeJS.ErrnoException).code ?? 'EIO',
        }),
      );
      throw new Exit(EXIT.refused);
    }
    ctx.io.out(t('cli:progress.written', { file: file.name }));
  }
}

/** What --out names: FILE for a text or one picture; FILE-1.png, FILE-2.png… for the pages of a long chart. */
function outputFiles(
  out: string,
  content: string | Uint8Array[],
): { name: string; bytes: string | Uint8Array }[] {
  if (typeof content === 'string') return [{ name: out, bytes: content }];
  const [bytes, ...morePages] = content;
  if (!bytes) return [];
  return filePages({ kind: 'photo', name: out, bytes, ...(morePages.length > 0 ? { morePages } : {}) });
}
