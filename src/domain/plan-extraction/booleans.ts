import type { PlanLine } from './lines.js';
import { capitalize, collapseSpaces, fold } from './text.js';

/**
 * Qualitative goals: an outcome the plan commits to without a figure ("Giữ vững phường vững mạnh về
 * quốc phòng", "đạt chuẩn quốc gia", "giảm tai nạn giao thông"). Two ways to find them: a short item
 * with no figure in a list of targets, and a clause that opens with an outcome verb. Exhortations
 * about "các chỉ tiêu" in general are not goals.
 */
export const OUTCOME_VERBS =
  /^(giu vung|duy tri|giam|keo giam|kiem che|ngan chan|khong de xay ra|khong de phat sinh|hoan thanh tot nhiem vu|dat chuan|dat tieu chi|dat danh hieu|duoc cong nhan|xay dung .{0,40}dat chuan)(?![a-z])/;
const GENERIC =
  /(cac (muc tieu, )?chi tieu|chi tieu, nhiem vu|nhiem vu nam|ke hoach de ra|muc cao nhat|nhiem vu duoc giao|nhiem vu chinh tri|tinh than|phong trao thi dua|giam ngheo ben vung)/;
const TARGET_LIST = /(chi tieu|muc tieu)/;

export interface BooleanGoal {
  name: string;
  /** the whole line was the goal (a list item), not a clause cut out of a paragraph */
  wholeLine: boolean;
}

function shorten(text: string): string {
  const clean = collapseSpaces(text).replace(/[.;,:]+$/, '');
  if (clean.length <= 120) return capitalize(clean);
  const cut = clean.slice(0, 120);
  return capitalize(cut.slice(0, cut.lastIndexOf(' ')));
}

/** `heading` is the folded nearest heading and list intro; `opensList` says the next line is a "+" sub-item. */
export function findBooleans(
  line: PlanLine,
  heading: string,
  opensList: boolean,
  hasFigures: boolean,
): BooleanGoal[] {
  if (line.kind === 'heading' || line.kind === 'intro' || line.kind === 'blank') return [];
  const isListItem = line.kind === 'item' || line.kind === 'subitem';
  if (
    isListItem &&
    !hasFigures &&
    !opensList &&
    line.text.length <= 200 &&
    TARGET_LIST.test(heading) &&
    !GENERIC.test(line.folded)
  ) {
    return [{ name: shorten(line.text), wholeLine: true }];
  }
  const goals: BooleanGoal[] = [];
  const seen = new Set<string>();
  for (const sentence of line.text.split(/(?<=[.;])\s+/)) {
    const parts = sentence.split(/,\s+/);
    for (let i = 0; i < parts.length; i += 1) {
      // the goal starts at a clause; only its opening words are tested before the rest is joined
      if (!OUTCOME_VERBS.test(fold(parts[i] ?? ''))) continue;
      const rest = parts.slice(i).join(', ');
      const folded = fold(rest);
      if (!OUTCOME_VERBS.test(folded) || GENERIC.test(folded) || /\d|khong (co|con) /.test(folded)) continue;
      const key = folded.slice(0, 24);
      if (!seen.has(key)) goals.push({ name: shorten(rest), wholeLine: false });
      seen.add(key);
      break;
    }
  }
  return goals;
}
