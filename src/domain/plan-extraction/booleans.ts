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

/**
 * "Duy trì phổ cập giáo dục tiểu học mức độ 3, phổ cập giáo dục trung học cơ sở mức độ 2": clauses
 * that repeat the object of the first one's verb are goals of their own, each with the verb (and the
 * words of the object before the repeated one: "Giữ vững chuẩn phổ cập …, phổ cập …"). Null otherwise.
 */
function sharedVerbGoals(parts: readonly string[]): string[] | null {
  const first = parts[0] ?? '';
  const verb = OUTCOME_VERBS.exec(fold(first));
  if (parts.length < 2 || !verb) return null;
  const object = first.slice(verb[0].length).trim().split(/\s+/);
  const foldedObject = object.map((w) => fold(w)).slice(0, 4);
  const names = [first];
  for (const part of parts.slice(1)) {
    const at = foldedObject.indexOf(fold(part.trim().split(/\s+/)[0] ?? ''));
    if (at < 0) return null;
    names.push([first.slice(0, verb[0].length), ...object.slice(0, at), part.trim()].join(' '));
  }
  return names;
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
    const shared = sharedVerbGoals(parts);
    if (shared) return shared.map((name) => ({ name: shorten(name), wholeLine: true }));
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
      // "mức độ 3" names the standard's level, not a figure to reach
      if (GENERIC.test(folded) || /\d/.test(folded.replace(/(muc do|cap do) \d+/g, ''))) continue;
      for (const name of sharedVerbGoals(parts.slice(i, end)) ?? [goal]) {
        const key = fold(name).slice(0, 48);
        if (!seen.has(key)) goals.push({ name: shorten(name), wholeLine: false });
        seen.add(key);
      }
    }
  }
  return goals;
}
