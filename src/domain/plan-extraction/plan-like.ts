import type { PlanLine } from './lines.js';
import type { ExtractedIndicator } from './types.js';

/**
 * Whether a document is a plan with targets at all. A README, a letter (công văn: "Kính gửi …") or a
 * decision without targets holds figures too, and read as a plan it gives "indicators" such as an
 * environment variable. A plan says so in its head — a "KẾ HOẠCH" title line, or the movement it
 * launches — before any addressee, and it states at least one figure as a target (or a few outcomes).
 */
const HEAD_LINES = 40;
const PLAN_TITLE = /^(ke hoach|phat dong phong trao thi dua|chuong trinh thi dua)(?![a-z])/;
const LETTER = /^(kinh gui|v\/v|ve viec)(?![a-z])/;
const MIN_OUTCOMES = 3;

export function looksLikePlan(
  lines: readonly PlanLine[],
  indicators: readonly ExtractedIndicator[],
): boolean {
  let seen = 0;
  let titled = false;
  for (const line of lines) {
    if (line.kind === 'blank') continue;
    seen += 1;
    if (seen > HEAD_LINES) break;
    if (LETTER.test(line.folded)) return false;
    if (PLAN_TITLE.test(line.folded)) {
      titled = true;
      break;
    }
  }
  if (!titled) return false;
  const numeric = indicators.some((i) => i.measure !== 'boolean');
  return numeric || indicators.length >= MIN_OUTCOMES;
}
