import { formatLocalDateTime } from '../../domain/calendar/index.js';
import { formatValue } from '../../reports/targets.js';
import { addReport, listReports, questionReport } from '../../services/reports.js';
import type { CliContext } from '../context.js';
import { EXIT, Exit } from '../exit.js';
import { formatTable } from '../table.js';

export interface AddOptions {
  org?: string;
  campaign?: string;
  official: string;
  indicator: string;
  period: string;
  value: string;
  note?: string;
  force?: boolean;
}

export interface ListOptions {
  org?: string;
  campaign?: string;
  official?: string;
  period?: string;
  history?: boolean;
  json?: boolean;
}

/** `report add` */
export async function runReportAdd(ctx: CliContext, options: AddOptions): Promise<void> {
  const { t } = ctx.i18n;
  const { db } = await ctx.database();
  const input = {
    organizationCode: options.org,
    campaignCode: options.campaign,
    officialCode: options.official,
    indicatorCode: options.indicator,
    periodKey: options.period,
    valueText: options.value,
    note: options.note,
    channel: 'cli',
    today: ctx.today(),
  } as const;
  // The chat asks "is this right?"; a script cannot answer, so it is told why and how to insist.
  const warnings = options.force ? [] : await questionReport(db, input);
  if (warnings.length > 0) {
    for (const warning of warnings) ctx.io.err(t(`dialog:warning.${warning.code}`, warning.params));
    ctx.io.err(t('cli:report.add.questioned', { indicator: options.indicator }));
    throw new Exit(EXIT.refused);
  }
  const outcome = await addReport(db, input);
  ctx.io.out(
    t(`cli:report.add.${outcome.status}`, {
      value: formatValue(ctx.i18n, outcome.value, outcome.unit, outcome.measure),
      revision: outcome.revision,
      indicator: options.indicator,
      period: options.period,
    }),
  );
}

/** `report list` */
export async function runReportList(ctx: CliContext, options: ListOptions): Promise<void> {
  const { t } = ctx.i18n;
  const { db } = await ctx.database();
  const rows = await listReports(db, {
    organizationCode: options.org,
    campaignCode: options.campaign,
    officialCode: options.official,
    periodKey: options.period,
    history: options.history ?? false,
    today: ctx.today(),
  });
  if (options.json) {
    ctx.io.out(JSON.stringify(rows, null, 2));
    return;
  }
  if (rows.length === 0) {
    ctx.io.out(t('cli:report.list.empty'));
    return;
  }
  ctx.io.out(
    formatTable([
      ['period', 'indicator', 'official', 'value', 'revision', 'recorded', 'note'].map((c) =>
        t(`cli:report.list.col.${c}`),
      ),
      ...rows.map((r) => [
        r.period,
        r.indicator,
        r.official,
        formatValue(ctx.i18n, r.value, r.unit, r.measure),
        String(r.revision),
        formatLocalDateTime(new Date(r.recordedAt), ctx.config.timeZone),
        r.note ?? '',
      ]),
    ]),
  );
}
