import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply } from 'fastify';
import type { Locale } from '../i18n.js';
import type { ProgressReportData } from '../services/progress.js';
import type { WebContext } from './context.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The Excel report's file name in the reader's language, "Báo cáo tiến độ quang-trung-2026 2026-Q3.xlsx"
 * (codes, not titles: a title may hold a slash), with an ASCII twin for clients that read only `filename`.
 */
function names(ctx: WebContext, data: ProgressReportData, locale: Locale): { name: string; ascii: string } {
  const code = data.campaign.code.replace(/[^A-Za-z0-9_-]/g, '');
  const stamp = (data.progress.period?.key ?? '').replace(/[^A-Za-z0-9_-]/g, '');
  const suffix = stamp ? `${code} ${stamp}` : code;
  const title = ctx.i18n.forLocale(locale)('web:download.xlsx_name');
  return {
    name: `${title} ${suffix}.xlsx`,
    ascii: `tien-do-${suffix.replace(' ', '-')}.xlsx`,
  };
}

/** The chat's Excel report of a plan, drawn for this request (exceljs is loaded on first use). */
export async function sendSpreadsheet(
  ctx: WebContext,
  reply: FastifyReply,
  data: ProgressReportData,
  locale: Locale,
) {
  const { renderProgressXlsx } = await import('../reports/progress-xlsx.js');
  const bytes = await renderProgressXlsx(data, {
    i18n: ctx.i18n,
    locale,
    timeZone: ctx.config.timeZone,
    generatedAt: ctx.now(),
  });
  const { name, ascii } = names(ctx, data, locale);
  return reply
    .header('cache-control', 'no-store')
    .header('content-disposition', contentDisposition(name, { fallback: ascii }))
    .type(XLSX_TYPE)
    .send(bytes);
}
