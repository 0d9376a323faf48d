/**
 * A period named by the official after `/baocao`: "Q3", "quý 3", "quy III", "Q3/2026", "quý 3 năm 2025",
 * "tháng 9", "T9/2026". Pure, so the chat and a web form read it alike. The year is optional: without it,
 * the period of that name the official can still report (the latest started) is meant.
 */
export interface PeriodRequest {
  kind: 'quarter' | 'month';
  index: number;
  year: number | null;
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/giu, 'd')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}

function yearOf(rest: string | undefined): number | null | undefined {
  if (!rest) return null;
  const year = /^(?:\/|-|\s+nam\s+|\s+)(\d{4})$/u.exec(rest);
  return year ? Number(year[1]) : undefined;
}

/** The period a text names, or null when it names none (the caller explains, with an example). */
export function parsePeriodRequest(text: string): PeriodRequest | null {
  const folded = fold(text);
  const quarter = /^(?:q|quy)\s*(\d|i{1,3}|iv)\b(.*)$/u.exec(folded);
  if (quarter) {
    const raw = quarter[1] ?? '';
    const index = ROMAN[raw] ?? Number(raw);
    const year = yearOf(quarter[2]);
    if (index >= 1 && index <= 4 && year !== undefined) return { kind: 'quarter', index, year };
    return null;
  }
  const month = /^(?:t|thang)\s*(\d{1,2})\b(.*)$/u.exec(folded);
  if (month) {
    const index = Number(month[1]);
    const year = yearOf(month[2]);
    if (index >= 1 && index <= 12 && year !== undefined) return { kind: 'month', index, year };
  }
  return null;
}

/** Whether a period's key (`2026-Q3`, `2026-M09`: calendar/windows.ts) is the one requested. */
export function matchesPeriodKey(request: PeriodRequest, key: string): boolean {
  const match = /^(\d{4})-(Q|M)(\d{1,2})$/u.exec(key);
  if (!match) return false;
  const kind = match[2] === 'Q' ? 'quarter' : 'month';
  return (
    kind === request.kind &&
    Number(match[3]) === request.index &&
    (request.year === null || Number(match[1]) === request.year)
  );
}

/**
 * The period of a campaign the request names that can be reported: its data window has started by
 * `today`. Of several (no year given, a campaign over several years), the latest.
 */
export function requestedPeriod<P extends { key: string; startDate: string }>(
  periods: readonly P[],
  request: PeriodRequest,
  today: string,
): P | null {
  const started = periods.filter((p) => p.startDate <= today && matchesPeriodKey(request, p.key));
  return started.sort((a, b) => a.startDate.localeCompare(b.startDate)).at(-1) ?? null;
}
