import {
  deadlineCountdown,
  formatDayMonthYear,
  formatLocalDateTime,
  localDateOf,
} from '../domain/calendar/index.js';
import { targetParam, valueParam } from '../domain/indicators/describe.js';
import type { Line, Message, Param } from '../domain/message.js';
import { formatViNumber } from '../domain/numbers/index.js';
import type { IndicatorProgress, Status } from '../domain/progress/index.js';
import type { PeriodApprovalView, ProgressReportData } from '../domain/progress/index.js';

/**
 * The chairman's views as lines of i18n messages: the one-screen summary, a category, an indicator.
 * Pure, so the chat (/tiendo) and the command line (tiendo progress) show the same thing.
 */
export const STATUS_MARK: Record<Status, string> = {
  met: '✅',
  on_track: '🟢',
  behind: '🟡',
  at_risk: '🔴',
  over_limit: '⛔',
  no_report: '⚪',
};

function line(key: string, params: Record<string, Param> = {}, style?: Line['style']): Line {
  return { key, params, ...(style ? { style } : {}) };
}

function percent(value: string): string {
  return formatViNumber(value, { maxFractionDigits: 1 });
}

/** "✅ NS01 Tổng thu ngân sách: 12.000 / ≥ 11.807 triệu đồng (101,6 %)" and its pace when behind. */
export function indicatorLine(indicator: IndicatorProgress): Line {
  const mark = STATUS_MARK[indicator.status];
  const indent = indicator.parentCode ? '   ↳ ' : '';
  const first = indicator.targets[0];
  const base = { mark, indent, code: indicator.code, name: indicator.name };
  if (!indicator.latest) return line('progress:line.no_report', base);
  const target = targetParam(first && { comparator: first.comparator, value: first.target }, indicator);
  const value = valueParam(indicator.latest.value, indicator);
  if (first?.percent !== null && first?.percent !== undefined) {
    const pace =
      first.expected && first.status !== 'met'
        ? {
            key: 'progress:pace',
            params: {
              expected: formatViNumber(first.expected, { unit: indicator.unit, maxFractionDigits: 2 }),
            },
          }
        : '';
    return line('progress:line.percent', { ...base, value, target, percent: percent(first.percent), pace });
  }
  return line('progress:line.value', { ...base, value, target });
}

export function categoriesOf(data: ProgressReportData): string[] {
  return [...new Set(data.progress.indicators.map((i) => i.category))];
}

/** "Số liệu Quý III/2026: đã duyệt ngày 20/10/2026 (Phạm Minh Tuấn)." or "… chưa duyệt." */
export function approvalLine(approval: PeriodApprovalView, timeZone: string): Line {
  return line(`approval:status.${approval.state}`, {
    period: approval.period,
    date: approval.at ? formatDayMonthYear(localDateOf(approval.at, timeZone)) : '',
    name: approval.by ?? '',
  });
}

export function summaryLines(data: ProgressReportData, options: { timeZone: string; now: Date }): Line[] {
  const { progress } = data;
  const lines: Line[] = [
    line('progress:title', { organization: data.organization.name, campaign: data.campaign.title }, 'title'),
  ];
  const ended = data.campaign.end < localDateOf(options.now, options.timeZone);
  if (progress.period && ended) {
    // "quá hạn 1084 ngày" says nothing useful about a plan of three years ago
    lines.push(
      line('progress:period_ended', {
        period: progress.period.name,
        end: formatDayMonthYear(data.campaign.end),
      }),
    );
  } else if (progress.period) {
    lines.push(
      line('progress:period', {
        period: progress.period.name,
        deadline: formatLocalDateTime(progress.period.deadlineAt, options.timeZone),
        countdown: deadlineCountdown(progress.period.deadlineAt, options.now, options.timeZone),
      }),
    );
  }
  const { due, reported } = progress.completeness;
  lines.push(
    line('progress:completeness', {
      reported,
      due,
      percent: due > 0 ? percent(String(Math.round((reported / due) * 1000) / 10)) : '0',
    }),
  );
  lines.push(line('progress:counts', { ...progress.counts }));
  if (data.approval) lines.push(approvalLine(data.approval, options.timeZone));
  if (progress.counts.over_limit > 0)
    lines.push(line('progress:counts_over_limit', { count: progress.counts.over_limit }));
  for (const category of categoriesOf(data)) {
    lines.push(line('progress:category', { category }, 'title'));
    for (const indicator of progress.indicators.filter((i) => i.category === category))
      lines.push(indicatorLine(indicator));
  }
  if (data.paused.length > 0) {
    lines.push(
      line(
        'progress:paused',
        { names: data.paused.map((p) => `${p.name} (${formatDayMonthYear(p.until)})`).join(', ') },
        'muted',
      ),
    );
  }
  if (data.unreachable.length > 0) {
    lines.push(
      line('progress:unreachable', { names: data.unreachable.map((o) => o.name).join(', ') }, 'muted'),
    );
  }
  if (progress.late) {
    lines.push(
      line(
        'progress:late.title',
        { period: progress.late.period.name, count: progress.late.officials.length },
        'title',
      ),
    );
    for (const official of progress.late.officials) {
      lines.push(
        line('progress:late.official', {
          name: official.name,
          unit: official.unit ?? '—',
          missing: official.missing.join(', '),
        }),
      );
    }
  }
  return lines;
}

export function categoryLines(data: ProgressReportData, category: string): Line[] {
  const indicators = data.progress.indicators.filter((i) => i.category === category);
  return [line('progress:category', { category }, 'title'), ...indicators.map(indicatorLine)];
}

/** An indicator: every target, the history by period, who reports it, their notes. */
export function indicatorLines(data: ProgressReportData, code: string): Line[] | null {
  const indicator = data.progress.indicators.find((i) => i.code.toLowerCase() === code.toLowerCase());
  if (!indicator) return null;
  const lines: Line[] = [
    line(
      'progress:detail.title',
      { mark: STATUS_MARK[indicator.status], code: indicator.code, name: indicator.name },
      'title',
    ),
  ];
  lines.push(line(`progress:status.${indicator.status}`));
  for (const target of indicator.targets) {
    const goal = targetParam({ comparator: target.comparator, value: target.target }, indicator);
    lines.push(
      line(target.source ? 'progress:detail.target_of' : 'progress:detail.target', {
        source: target.source,
        target: goal,
        percent: target.percent === null ? '—' : percent(target.percent),
        status: { key: `progress:status.${target.status}` } satisfies Message,
      }),
    );
  }
  lines.push(line('progress:detail.history', {}, 'title'));
  if (indicator.history.length === 0) lines.push(line('progress:detail.no_history'));
  for (const entry of indicator.history) {
    lines.push(
      line('progress:detail.entry', {
        period: entry.periodName,
        value: valueParam(entry.value, indicator),
        officials: entry.officials.join(', '),
      }),
    );
    for (const note of entry.notes) lines.push(line('progress:detail.note', { note }, 'muted'));
  }
  lines.push(
    line('progress:detail.assignees', { names: indicator.assignees.map((a) => a.name).join(', ') || '—' }),
  );
  return lines;
}

const BAR_CELLS = 10;
/** Drawn up to 150 %: beyond, the number says it. */
const BAR_MAX = 150;

/**
 * The chart as text, for a channel that cannot send a picture (Zalo without a public URL): a bar of
 * ten cells per indicator for 100 %, up to 150 %, with its status mark and the figure.
 */
export function textChartLines(data: ProgressReportData): Line[] {
  const lines: Line[] = [line('progress:textchart.title', { campaign: data.campaign.title }, 'title')];
  for (const indicator of data.progress.indicators) {
    const percent = indicator.targets[0]?.percent ?? null;
    const mark = STATUS_MARK[indicator.status];
    if (percent === null) {
      lines.push(
        line('progress:textchart.no_bar', {
          mark,
          code: indicator.code,
          status: { key: `progress:status.${indicator.status}` },
        }),
      );
      continue;
    }
    const filled = Math.round((Math.min(Number(percent), BAR_MAX) / 100) * BAR_CELLS);
    const bar = '█'.repeat(filled) + '░'.repeat(Math.max(0, BAR_CELLS - filled));
    lines.push(
      line('progress:textchart.bar', {
        mark,
        code: indicator.code,
        bar,
        percent: formatViNumber(percent, { maxFractionDigits: 1 }),
      }),
    );
  }
  return lines;
}
