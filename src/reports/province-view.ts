import { formatLocalDateTime } from '../domain/calendar/index.js';
import { targetParam, valueParam } from '../domain/indicators/describe.js';
import type { Line, Param } from '../domain/message.js';
import { formatViNumber } from '../domain/numbers/index.js';
import type { CatalogAcross, ProvinceProgress } from '../domain/province/types.js';
import { STATUS_MARK } from './progress-view.js';

/**
 * The province user's views as lines of i18n messages, shared by the chat (`/tiendo`) and the command
 * line (`tiendo progress --province`): one line per commune, and one catalogue indicator across them.
 */

function line(key: string, params: Record<string, Param> = {}, style?: Line['style']): Line {
  return { key, params, ...(style ? { style } : {}) };
}

function share(reported: number, due: number): string {
  return due > 0
    ? formatViNumber(String(Math.round((reported / due) * 1000) / 10), { maxFractionDigits: 1 })
    : '0';
}

/** "xa-001 UBND xã số 1 — Quý III/2026: 45/60 lượt (75 %) · ✅ 3 🟢 4 🟡 1 🔴 0 ⛔ 0 ⚪ 2" per commune. */
export function provinceLines(data: ProvinceProgress, options: { timeZone: string }): Line[] {
  const { totals } = data;
  const lines: Line[] = [
    line('progress:province.title', { province: data.province.name, count: data.communes.length }, 'title'),
    line('progress:completeness', {
      reported: totals.reported,
      due: totals.due,
      percent: share(totals.reported, totals.due),
    }),
    line('progress:counts', { ...totals.counts }),
  ];
  if (totals.counts.over_limit > 0)
    lines.push(line('progress:counts_over_limit', { count: totals.counts.over_limit }));
  if (data.communes.length === 0) lines.push(line('progress:province.no_communes', {}, 'muted'));
  for (const commune of data.communes) {
    if (!commune.period || !commune.campaign) {
      lines.push(line('progress:province.commune_no_plan', { code: commune.code, name: commune.name }));
      continue;
    }
    const { due, reported } = commune.completeness;
    lines.push(
      line('progress:province.commune', {
        code: commune.code,
        name: commune.name,
        period: commune.period.name,
        deadline: formatLocalDateTime(commune.period.deadlineAt, options.timeZone),
        reported,
        due,
        percent: share(reported, due),
        ...commune.counts,
      }),
    );
  }
  lines.push(line('progress:province.hint', {}, 'muted'));
  return lines;
}

/** One catalogue indicator across the communes: value, share of the commune's own target, who is missing. */
export function catalogLines(data: CatalogAcross): Line[] {
  const lines: Line[] = [
    line(
      'progress:province.catalog_title',
      { catalog: data.entry.code, name: data.entry.name, province: data.province.name },
      'title',
    ),
  ];
  for (const commune of data.communes) {
    const base = { code: commune.code, name: commune.name };
    const indicator = commune.indicator;
    if (!indicator) {
      lines.push(line('progress:province.catalog_absent', base));
      continue;
    }
    const own = { ...base, indicator: indicator.code };
    if (!commune.latest || !commune.status) lines.push(line('progress:province.catalog_no_report', own));
    else {
      const value = valueParam(commune.latest.value, indicator);
      const target = targetParam(commune.target ?? undefined, indicator);
      const percent = commune.target?.percent;
      lines.push(
        line(
          percent !== null && percent !== undefined
            ? 'progress:province.catalog_percent'
            : 'progress:province.catalog_value',
          {
            ...own,
            mark: STATUS_MARK[commune.status],
            value,
            target,
            period: commune.latest.periodName,
            percent: percent ? formatViNumber(percent, { maxFractionDigits: 1 }) : '',
          },
        ),
      );
    }
    if (commune.missing.length > 0 && commune.period)
      lines.push(
        line(
          'progress:province.catalog_missing',
          { period: commune.period.name, names: commune.missing.map((o) => o.name).join(', ') },
          'muted',
        ),
      );
  }
  return lines;
}
