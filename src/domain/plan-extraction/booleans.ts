import type { PlanLine } from './lines.js';
import { capitalize, collapseSpaces, fold } from './text.js';

/**
 * Qualitative goals: an outcome the plan commits to without a figure ("Giữ vững phường vững mạnh về
 * quốc phòng", "đạt chuẩn quốc gia", "giảm tai nạn giao thông"). Two ways to find them: a short item
 * with no figure in a list of targets, and a clause that opens with an outcome verb. Exhortations
 * about "các chỉ tiêu" in general are not goals.
 */
export const OUTCOME_VERBS =
  /^(giu vung|duy tri|giam|keo giam|kiem che|ngan chan|khong de xay ra|khong de phat sinh|khong phat sinh|khong co|khong con|hoan thanh tot nhiem vu|dat chuan|dat tieu chi|dat danh hieu|duoc cong nhan|xay dung .{0,40}dat chuan)(?![a-z])/;
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
    const parts = line.text.split(/[;,]\s+/);
    if (parts.length > 1 && parts.every((part) => OUTCOME_VERBS.test(fold(part))))
      return parts.map((part) => ({ name: shorten(part), wholeLine: true }));
    return [{ name: shorten(line.text), wholeLine: true }];
  }
  const goals: BooleanGoal[] = [];
  const seen = new Set<string>();
  for (const sentence of line.text.split(/(?<=[.;])\s+/)) {
    const parts = sentence.split(/,\s+/);
    // "không có cháy nổ lớn, không có tai nạn giao thông": each clause opening with an outcome is a goal,
    // running to the next such clause
    const opens = parts.map((part) => OUTCOME_VERBS.test(fold(part)));
    for (let i = 0; i < parts.length; i += 1) {
      if (!opens[i]) continue;
      let end = i + 1;
      while (end < parts.length && !opens[end]) end += 1;
      const goal = parts.slice(i, end).join(', ');
      const folded = fold(goal);
      if (GENERIC.test(folded) || /\d/.test(folded)) continue;
      const key = folded.slice(0, 24);
      if (!seen.has(key)) goals.push({ name: shorten(goal), wholeLine: false });
      seen.add(key);
    }
  }
  return goals;
}
