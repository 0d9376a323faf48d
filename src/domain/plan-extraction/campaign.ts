import type { ExtractedCampaign } from './types.js';
import type { PlanLine } from './lines.js';
import { collapseSpaces, fold } from './text.js';

/**
 * The campaign the plan launches: its title (the line after "KẾ HOẠCH"), its year, and whether it is
 * the annual movement or a sprint ("90 ngày nước rút", "đợt cao điểm") with its window.
 */
const SPRINT_WORDS = /(nuoc rut|cao diem|\d+ ngay|dot thi dua|thi dua dot|chuyen de)/;
/** A sprint beyond doubt: "90 ngày nước rút". "Đợt cao điểm" may be a round inside the year's movement. */
const SURE_SPRINT_WORDS = /(nuoc rut|\d+ ngay)/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function lastDayOfMonth(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(day)}`;
}

function findTitle(lines: readonly PlanLine[]): { title: string | null; index: number } {
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (!line || !/^ke hoach\b/.test(line.folded)) continue;
    const rest = line.raw.replace(/^kế hoạch\s*[:.]?\s*/iu, '').trim();
    if (rest !== '') return { title: rest, index: i };
    const next = lines.slice(i + 1).find((l) => l.kind !== 'blank');
    if (next && !/^(can cu|thuc hien|so:)/.test(next.folded)) return { title: next.raw, index: i };
  }
  const fallback = lines.findIndex((l) => /^phat dong phong trao thi dua/.test(l.folded));
  return fallback >= 0
    ? { title: lines[fallback]?.raw ?? null, index: fallback }
    : { title: null, index: -1 };
}

function yearOf(title: string | null, lines: readonly PlanLine[]): number | null {
  const fromTitle = title ? [...title.matchAll(/\b(20\d{2})\b/g)].pop()?.[1] : undefined;
  if (fromTitle) return Number(fromTitle);
  const counts = new Map<number, number>();
  for (const line of lines)
    for (const m of line.folded.matchAll(/nam (20\d{2})\b/g))
      counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
  return best ? best[0] : null;
}

function clamp(date: string, low: string, high: string): string {
  return date < low ? low : date > high ? high : date;
}

/** "từ nay đến hết tháng 12 năm 2024", "từ ngày 01/10/2024 đến ngày 31/12/2024", "đến hết ngày 31/12/2024". */
function windowOf(text: string, year: number, today: string): { start: string | null; end: string } | null {
  let end: string | null = null;
  const untilDay = /den (?:het )?(?:ngay )?(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})/.exec(text);
  const untilMonth = /den (?:het )?(?:cuoi )?thang (\d{1,2})(?:\s*\/\s*| nam )(\d{4})/.exec(text);
  const untilYear = /den (?:het |cuoi )?nam (\d{4})/.exec(text);
  if (untilDay) end = isoDate(Number(untilDay[3]), Number(untilDay[2]), Number(untilDay[1]));
  else if (untilMonth) end = lastDayOfMonth(Number(untilMonth[2]), Number(untilMonth[1]));
  else if (untilYear) end = `${untilYear[1]}-12-31`;
  if (end === null) return null;
  const fromDay = /tu (?:ngay )?(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})/.exec(text);
  const fromMonth = /tu (?:dau )?thang (\d{1,2})(?:\s*\/\s*| nam )(\d{4})/.exec(text);
  let start: string | null = null;
  if (fromDay) start = isoDate(Number(fromDay[3]), Number(fromDay[2]), Number(fromDay[1]));
  else if (fromMonth) start = isoDate(Number(fromMonth[2]), Number(fromMonth[1]), 1);
  // "từ nay" is the day the plan was issued: a plan read after its window closed cannot say which day
  // that was, and the reviewer fills it in rather than get an empty window.
  else if (/tu nay|tu thoi diem nay|ke tu nay|tu khi ban hanh/.test(text))
    start = today > end ? null : clamp(today, `${year}-01-01`, end);
  return { start, end };
}

export function readCampaign(lines: readonly PlanLine[], today: string): ExtractedCampaign {
  const { title: rawTitle } = findTitle(lines);
  let title = rawTitle ? collapseSpaces(rawTitle).replace(/[.;:]$/, '') : null;
  // "KẾ HOẠCH THI ĐUA NĂM 2025": a title in capitals, in sentence case
  if (title && title === title.toLocaleUpperCase('vi') && /\p{Lu}{3}/u.test(title))
    title = title.charAt(0) + title.slice(1).toLocaleLowerCase('vi');
  const year = yearOf(title, lines);
  const foldedTitle = title ? fold(title) : '';
  const windowLine = lines.find((l) =>
    /(tu nay|tu ngay \d|tu thang \d).{0,60}den (het |cuoi )?(ngay|thang|nam)/.test(l.folded),
  );
  // An annual movement ("… năm 2026") often holds a peak round ("đợt cao điểm từ 01/9 đến 30/11"):
  // a window in the text makes a sprint only when the title names no year.
  // "… năm 2026 và đợt thi đua cao điểm …" is the annual movement with a round inside it.
  const yearAt = foldedTitle.search(/\bnam 20\d{2}\b/);
  const sprintAt = foldedTitle.search(SPRINT_WORDS);
  const annualTitle =
    yearAt >= 0 && !SURE_SPRINT_WORDS.test(foldedTitle) && (sprintAt < 0 || yearAt < sprintAt);
  const sprint = !annualTitle && (sprintAt >= 0 || windowLine !== undefined);
  if (year === null) return { title, year, kind: sprint ? 'sprint' : 'annual', start: null, end: null };
  if (!sprint) return { title, year, kind: 'annual', start: `${year}-01-01`, end: `${year}-12-31` };
  const window = windowLine ? windowOf(windowLine.folded, year, today) : null;
  return { title, year, kind: 'sprint', start: window?.start ?? null, end: window?.end ?? null };
}
