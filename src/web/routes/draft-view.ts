import type { Message } from '../../domain/message.js';
import type { Translate } from '../../i18n.js';
import {
  FORM_LIMITS,
  type DraftDocument,
  type DraftRow,
  type FieldProblem,
} from '../../services/web-plan-draft/index.js';

/** What the review page's template shows: the rows by category, the lists to pick from, the problems. */

export interface RowView {
  /** the row's index: its fields are r<n>_… */
  n: number;
  row: DraftRow;
  /** the targets' fields, with one empty to add a source */
  targets: { source: string; comparator: string; value: string }[];
  /** one select per assignee, and one empty to add another */
  assignees: string[];
  problems: Map<string, Message[]>;
  flagged: boolean;
  isNew: boolean;
}

export interface DraftView {
  categories: { name: string; rows: RowView[] }[];
  newRow: RowView;
  /** officials and units to assign: value, label */
  people: { units: { code: string; label: string }[]; officials: { code: string; label: string }[] };
  parents: { code: string; label: string }[];
  problems: Map<string, Message[]>;
  /** problems of no field of the page */
  loose: Message[];
  problemCount: number;
  flaggedCount: number;
  newUnit: number;
  newOfficial: number;
}

const short = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function rowView(n: number, row: DraftRow, problems: Map<string, Message[]>): RowView {
  const mine = new Map([...problems].filter(([field]) => field.startsWith(`r${n}_`)));
  const targets = row.targets.map((t) => ({ ...t }));
  if (targets.length < FORM_LIMITS.targets) targets.push({ source: '', comparator: '>=', value: '' });
  return {
    n,
    row,
    targets,
    assignees: [...row.assignees, ''],
    problems: mine,
    flagged: mine.size > 0 || row.origin?.review === true,
    isNew: false,
  };
}

/** The fields the page shows a problem beside; a problem of any other part is listed at the top. */
const KNOWN_FIELD =
  /^(r\d+_(code|name|category|unit|measure|parent|assignees|t\d+)|c_(code|title|kind|start|end)|u\d+_(code|name)|o\d+_(code|name|title|role|unit))$/;

export function draftView(doc: DraftDocument, found: FieldProblem[], t: Translate): DraftView {
  const problems = new Map<string, Message[]>();
  const loose: Message[] = [];
  for (const { field, message } of found) {
    if (!KNOWN_FIELD.test(field)) loose.push(message);
    else problems.set(field, [...(problems.get(field) ?? []), message]);
  }
  const byCode = new Map(doc.indicators.map((row) => [row.code, row]));
  const categoryOf = (row: DraftRow, depth = 0): string =>
    row.category ||
    (depth < 10 && byCode.get(row.parent) ? categoryOf(byCode.get(row.parent) as DraftRow, depth + 1) : '');
  const groups = new Map<string, RowView[]>();
  doc.indicators.forEach((row, n) => {
    const name = categoryOf(row) || t('web:draft.no_category');
    groups.set(name, [...(groups.get(name) ?? []), rowView(n, row, problems)]);
  });
  const rows = [...groups.values()].flat();
  const newRow = {
    ...rowView(doc.indicators.length, emptyRow(), problems),
    isNew: true,
  };
  return {
    categories: [...groups].map(([name, list]) => ({ name, rows: list })),
    newRow,
    people: {
      units: doc.units.map((u) => ({ code: u.code, label: `${u.name} (${u.code})` })),
      officials: doc.officials.map((o) => ({
        code: o.code,
        label: `${o.name}${o.title ? ` — ${o.title}` : ''} (${o.code})`,
      })),
    },
    parents: doc.indicators
      .filter((row) => row.parent === '' && row.code !== '')
      .map((row) => ({ code: row.code, label: `${row.code} — ${short(row.name, 40)}` })),
    problems,
    loose,
    problemCount: found.length,
    flaggedCount: rows.filter((r) => r.row.origin?.review).length,
    newUnit: doc.units.length,
    newOfficial: doc.officials.length,
  };
}

function emptyRow(): DraftRow {
  return { code: '', name: '', category: '', unit: '', measure: '', targets: [], parent: '', assignees: [] };
}
