import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type {
  Comparator,
  ExtractedIndicator,
  ExtractedPlan,
  Measure,
} from '../../src/domain/plan-extraction/index.js';
import { fold } from '../../src/domain/plan-extraction/text.js';
import { cleanCategory as draftCategory } from '../../src/services/plan-draft/build.js';
import { LOW_CONFIDENCE } from '../../src/services/plan-draft/types.js';
import { readingDay, scoreExtraction, sumScores, type Labels, type Score } from './extraction-metrics.js';

/**
 * Scores a draft against labels written at the level of the indicator (NAME.indicators.json,
 * tests/fixtures/plan-extraction/INDICATORS.md) by the number of edits a clerk makes to turn the draft
 * into the label. The rule is written out in tests/fixtures/plan-extraction/README.md ("Edits to
 * correct"); this file is that rule, and the two must say the same.
 */
export interface IndicatorLabel {
  line: number;
  name: string;
  category: string;
  unit: string;
  measure: Measure;
  comparator: Comparator;
  targets: { source: string | null; value: string }[];
  parent: string | null;
  note?: string;
}

export interface IndicatorLabels {
  /** the day the plan is read on, when no NAME.labels.json beside it gives one */
  today?: string;
  title: string;
  organization: string;
  indicators: IndicatorLabel[];
}

/** A draft indicator, flattened the way the clerk sees it in the plan file. */
export interface DraftRow {
  line: number;
  name: string;
  category: string;
  unit: string;
  measure: Measure;
  comparators: Comparator[];
  targets: { source: string | null; value: string }[];
  /** index of the parent row, null at the top */
  parent: number | null;
  flagged: boolean;
}

export type EditField =
  | 'title'
  | 'organization'
  | 'name'
  | 'category'
  | 'unit'
  | 'measure'
  | 'comparator'
  | 'parent'
  | 'target'
  | 'source'
  | 'add'
  | 'delete';

export interface Edit {
  field: EditField;
  line: number;
  /** what the label says (or the draft row deleted) */
  detail: string;
  count: number;
}

export interface IndicatorScore {
  labelled: number;
  drafted: number;
  matched: number;
  edits: number;
  editList: Edit[];
  categoriesRight: number;
  flagged: number;
  flaggedNeedingEdit: number;
  unflagged: number;
  unflaggedNeedingEdit: number;
  /** indexes (in draftRows order) of the draft rows that needed an edit: to study the review flag */
  rowsNeedingEdit: number[];
  /** (value, unit) pairs and comparators, on the targets of the indicator labels */
  pairs: Score;
}

const DEFAULT_CATEGORY = 'Chỉ tiêu chung';

/** Lower case, one space, no punctuation around words: the text two people would call the same. */
function plain(text: string | null | undefined): string {
  return (text ?? '')
    .normalize('NFC')
    .toLocaleLowerCase('vi')
    .replace(/[“”"'«»]/g, '')
    .replace(/[\s,;:.()*–—-]+/g, ' ')
    .trim();
}

function words(text: string): string[] {
  return fold(plain(text)).split(' ').filter(Boolean);
}

/**
 * Names are the same for the clerk when the draft's name holds at least 70 % of the label's words
 * (Vietnamese words are syllables, folded, counted with repeats) and at least half of the draft's
 * words are the label's: "Tỷ lệ" for "Tỷ lệ hộ nghèo" is a rename, a name with a few extra words is not.
 */
export function sameName(draft: string, label: string): boolean {
  const d = words(draft);
  const l = words(label);
  if (l.length === 0) return d.length === 0;
  const pool = [...d];
  let shared = 0;
  for (const w of l) {
    const at = pool.indexOf(w);
    if (at >= 0) {
      shared += 1;
      pool.splice(at, 1);
    }
  }
  return shared / l.length >= 0.7 && d.length > 0 && shared / d.length >= 0.5;
}

/** Share of the label's words found in the draft's name, 0..1: used to match, not to count. */
function nameSimilarity(draft: string, label: string): number {
  const d = new Set(words(draft));
  const l = words(label);
  return l.length === 0 ? 0 : l.filter((w) => d.has(w)).length / l.length;
}

function flatten(indicators: readonly ExtractedIndicator[], parent: number | null, out: DraftRow[]): void {
  for (const indicator of indicators) {
    const boolean = indicator.measure === 'boolean';
    out.push({
      line: indicator.line,
      name: indicator.name,
      // the draft's category, as build.ts writes it: a child without its own takes its parent's
      category: indicator.category
        ? draftCategory(indicator.category)
        : parent !== null
          ? (out[parent]?.category ?? DEFAULT_CATEGORY)
          : DEFAULT_CATEGORY,
      unit: boolean ? '' : (indicator.unit ?? ''),
      measure: indicator.measure,
      comparators: indicator.targets.map((t) => t.comparator),
      targets: boolean
        ? [{ source: null, value: 'true' }]
        : indicator.targets.map((t) => ({ source: t.source, value: t.value })),
      parent,
      flagged: indicator.confidence < LOW_CONFIDENCE,
    });
    flatten(indicator.children, out.length - 1, out);
  }
}

export function draftRows(plan: ExtractedPlan): DraftRow[] {
  const rows: DraftRow[] = [];
  flatten(plan.indicators, null, rows);
  return rows;
}

/** Fields a clerk writes to add a labelled indicator the draft lacks. */
export function costToAdd(label: IndicatorLabel): number {
  const boolean = label.measure === 'boolean';
  const targets = boolean ? 1 : label.targets.reduce((n, t) => n + 1 + (t.source ? 1 : 0), 0);
  return 1 + 1 + (boolean ? 0 : 1) + 1 + targets + (label.parent ? 1 : 0);
}

/**
 * Pairs draft rows with labelled indicators: a pair needs lines at most 2 apart (wrapped sentences
 * are joined onto their first line) and either a shared target value or similar names (≥ 50 % of the
 * label's words); the best pairs are taken first (same line, shared value, name similarity).
 */
export function matchRows(rows: readonly DraftRow[], labels: readonly IndicatorLabel[]): Map<number, number> {
  const candidates: { row: number; label: number; score: number }[] = [];
  rows.forEach((row, r) => {
    labels.forEach((label, l) => {
      const distance = Math.abs(row.line - label.line);
      if (distance > 2) return;
      const values = new Set(row.targets.map((t) => t.value));
      const sharesValue = label.targets.some((t) => values.has(t.value));
      const similarity = nameSimilarity(row.name, label.name);
      if (!sharesValue && similarity < 0.5) return;
      const score = (distance === 0 ? 2 : 1 - distance / 4) + (sharesValue ? 2 : 0) + similarity;
      candidates.push({ row: r, label: l, score });
    });
  });
  candidates.sort((a, b) => b.score - a.score || a.row - b.row || a.label - b.label);
  const byLabel = new Map<number, number>();
  const usedRows = new Set<number>();
  for (const c of candidates) {
    if (byLabel.has(c.label) || usedRows.has(c.row)) continue;
    byLabel.set(c.label, c.row);
    usedRows.add(c.row);
  }
  return byLabel;
}

/** Edits on the targets of a matched pair: values by equality first, then what is left by position. */
function targetEdits(row: DraftRow, label: IndicatorLabel): { field: EditField; detail: string }[] {
  const edits: { field: EditField; detail: string }[] = [];
  const left = [...row.targets];
  const unmatched: IndicatorLabel['targets'] = [];
  for (const target of label.targets) {
    const at = left.findIndex((t) => t.value === target.value);
    if (at < 0) {
      unmatched.push(target);
      continue;
    }
    const [got] = left.splice(at, 1);
    if (plain(got?.source) !== plain(target.source))
      edits.push({ field: 'source', detail: `${target.source}` });
  }
  for (const target of unmatched) {
    const got = left.shift();
    edits.push({ field: 'target', detail: `${got ? `${got.value} → ` : '+'}${target.value}` });
    if (plain(got?.source) !== plain(target.source))
      edits.push({ field: 'source', detail: `${target.source}` });
  }
  for (const got of left) edits.push({ field: 'target', detail: `-${got.value}` });
  return edits;
}

function pairEdits(
  row: DraftRow,
  label: IndicatorLabel,
  parentLabel: IndicatorLabel | null,
): { field: EditField; detail: string }[] {
  const edits: { field: EditField; detail: string }[] = [];
  if (!sameName(row.name, label.name)) edits.push({ field: 'name', detail: `${row.name} → ${label.name}` });
  if (plain(row.category) !== plain(label.category))
    edits.push({ field: 'category', detail: `${row.category} → ${label.category}` });
  const boolean = label.measure === 'boolean';
  if (plain(row.unit) !== plain(boolean ? '' : label.unit))
    edits.push({ field: 'unit', detail: `${row.unit} → ${label.unit}` });
  if (row.measure !== label.measure)
    edits.push({ field: 'measure', detail: `${row.measure} → ${label.measure}` });
  if (!boolean && row.measure !== 'boolean' && row.comparators.some((c) => c !== label.comparator))
    edits.push({ field: 'comparator', detail: `${row.comparators.join(',')} → ${label.comparator}` });
  if (plain(parentLabel?.name) !== plain(label.parent))
    edits.push({ field: 'parent', detail: `${parentLabel?.name ?? 'none'} → ${label.parent ?? 'none'}` });
  edits.push(...targetEdits(row, label));
  return edits;
}

/** The indicator labels' targets in the shape of the (value, unit) labels, to reuse that score. */
export function pairLabels(labels: IndicatorLabels): Labels {
  const numeric = labels.indicators.filter((i) => i.measure !== 'boolean');
  return {
    targets: numeric.flatMap((i) =>
      i.targets.map((t) => ({
        line: i.line,
        name: i.name,
        value: t.value,
        unit: i.unit,
        comparator: i.comparator,
        source: t.source,
      })),
    ),
    booleans: labels.indicators
      .filter((i) => i.measure === 'boolean')
      .map((i) => ({ line: i.line, name: i.name })),
  };
}

export function scoreIndicators(plan: ExtractedPlan, labels: IndicatorLabels): IndicatorScore {
  const rows = draftRows(plan);
  const byLabel = matchRows(rows, labels.indicators);
  const labelOfRow = new Map([...byLabel].map(([l, r]) => [r, l]));
  const editList: Edit[] = [];
  const rowNeedsEdit = new Set<number>();
  const add = (field: EditField, line: number, detail: string, count = 1): void => {
    editList.push({ field, line, detail, count });
  };
  if (plain(plan.campaign.title) !== plain(labels.title)) add('title', 0, labels.title);
  if (plain(plan.organizationName) !== plain(labels.organization))
    add('organization', 0, labels.organization);
  let categoriesRight = 0;
  labels.indicators.forEach((label, l) => {
    const r = byLabel.get(l);
    const row = r === undefined ? undefined : rows[r];
    if (r === undefined || !row) {
      add('add', label.line, label.name, costToAdd(label));
      return;
    }
    const parentRow = row.parent;
    const parentLabelIndex = parentRow === null ? undefined : labelOfRow.get(parentRow);
    const parentLabel = parentLabelIndex === undefined ? null : (labels.indicators[parentLabelIndex] ?? null);
    // a draft parent that is no label's indicator is deleted: the row then sits where the clerk puts it
    const edits = pairEdits(row, label, parentLabel);
    if (plain(row.category) === plain(label.category)) categoriesRight += 1;
    for (const edit of edits) add(edit.field, label.line, edit.detail);
    if (edits.length > 0) rowNeedsEdit.add(r);
  });
  rows.forEach((row, r) => {
    if (labelOfRow.has(r)) return;
    add('delete', row.line, row.name);
    rowNeedsEdit.add(r);
  });
  const flagged = rows.filter((row) => row.flagged).length;
  return {
    labelled: labels.indicators.length,
    drafted: rows.length,
    matched: byLabel.size,
    edits: editList.reduce((n, e) => n + e.count, 0),
    editList,
    categoriesRight,
    flagged,
    flaggedNeedingEdit: rows.filter((row, r) => row.flagged && rowNeedsEdit.has(r)).length,
    unflagged: rows.length - flagged,
    unflaggedNeedingEdit: rows.filter((row, r) => !row.flagged && rowNeedsEdit.has(r)).length,
    rowsNeedingEdit: [...rowNeedsEdit].sort((a, b) => a - b),
    pairs: scoreExtraction(plan, pairLabels(labels)),
  };
}

/** Edits scaled to a plan of 50 indicators, the unit of the target. */
export function editsPer50(score: IndicatorScore): number {
  return score.labelled === 0 ? score.edits : (score.edits * 50) / score.labelled;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export interface IndicatorDocument {
  name: string;
  group: string;
  lines: string[];
  labels: IndicatorLabels;
  /** the (value, unit) labels beside it, for the reading day and the campaign */
  pairLabels: Labels | null;
}

/** The day a labelled plan is read on: its pair labels' day, else its own, else 1 January 2025. */
export function documentDay(d: IndicatorDocument): string {
  return d.pairLabels ? readingDay(d.pairLabels) : (d.labels.today ?? '2025-01-01');
}

/** Every `NAME.txt` with a `NAME.indicators.json` beside it in `dir/<group>/`. */
export function loadIndicatorDocuments(dir: string, groups: readonly string[]): IndicatorDocument[] {
  const documents: IndicatorDocument[] = [];
  for (const group of groups) {
    const folder = join(dir, group);
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder)
      .filter((n) => n.endsWith('.indicators.json'))
      .sort()) {
      const name = file.slice(0, -'.indicators.json'.length);
      const labels = JSON.parse(readFileSync(join(folder, file), 'utf8')) as IndicatorLabels;
      const lines = readFileSync(join(folder, `${name}.txt`), 'utf8').split(/\r?\n/);
      const old = join(folder, `${name}.labels.json`);
      const pair = existsSync(old) ? (JSON.parse(readFileSync(old, 'utf8')) as Labels) : null;
      documents.push({ name, group, lines, labels, pairLabels: pair });
    }
  }
  return documents;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(7);

function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

export const INDICATOR_TABLE_HEADER = [
  'document'.padEnd(44),
  'lab'.padStart(4),
  'drf'.padStart(4),
  'edits'.padStart(6),
  '/50'.padStart(6),
  'recall'.padStart(7),
  'prec'.padStart(7),
  'cmp'.padStart(7),
  'categ'.padStart(7),
  '  flagged→edit  unflagged→edit',
].join(' ');

export function formatIndicatorRow(name: string, s: IndicatorScore): string {
  const { pairs } = s;
  return [
    name.slice(0, 44).padEnd(44),
    String(s.labelled).padStart(4),
    String(s.drafted).padStart(4),
    String(s.edits).padStart(6),
    editsPer50(s).toFixed(1).padStart(6),
    pct(ratio(pairs.found, pairs.labelled)),
    pct(pairs.extracted === 0 ? 1 : pairs.found / pairs.extracted),
    pct(ratio(pairs.comparatorsRight, pairs.found)),
    pct(ratio(s.categoriesRight, s.labelled)),
    `  ${`${s.flaggedNeedingEdit}/${s.flagged}`.padStart(12)}  ${`${s.unflaggedNeedingEdit}/${s.unflagged}`.padStart(14)}`,
  ].join(' ');
}

/**
 * The review flag as a detector of the entries that need an edit: its precision (of the flagged, the
 * share that needed one) and its recall (of those that needed one, the share flagged).
 */
export function flagSummary(s: IndicatorScore): string {
  const needing = s.flaggedNeedingEdit + s.unflaggedNeedingEdit;
  return (
    `review flag: ${s.flagged} of ${s.drafted} entries flagged; precision ${pct(ratio(s.flaggedNeedingEdit, s.flagged)).trim()} ` +
    `(flagged that needed an edit), recall ${pct(ratio(s.flaggedNeedingEdit, needing)).trim()} ` +
    `(of the ${needing} that needed an edit, flagged); unflagged needing an edit ${pct(ratio(s.unflaggedNeedingEdit, s.unflagged)).trim()}`
  );
}

/** The edits of a plan grouped by field, for the listing under the table. */
export function editsByField(s: IndicatorScore): string {
  const totals = new Map<EditField, number>();
  for (const e of s.editList) totals.set(e.field, (totals.get(e.field) ?? 0) + e.count);
  return [...totals].map(([field, n]) => `${field} ${n}`).join(', ');
}

/** Sums scores (micro average); the edit list is kept whole. */
export function sumIndicatorScores(scores: readonly IndicatorScore[]): IndicatorScore {
  const sum = (pick: (s: IndicatorScore) => number) => scores.reduce((n, s) => n + pick(s), 0);
  return {
    labelled: sum((s) => s.labelled),
    drafted: sum((s) => s.drafted),
    matched: sum((s) => s.matched),
    edits: sum((s) => s.edits),
    editList: scores.flatMap((s) => s.editList),
    categoriesRight: sum((s) => s.categoriesRight),
    flagged: sum((s) => s.flagged),
    flaggedNeedingEdit: sum((s) => s.flaggedNeedingEdit),
    unflagged: sum((s) => s.unflagged),
    unflaggedNeedingEdit: sum((s) => s.unflaggedNeedingEdit),
    rowsNeedingEdit: [],
    pairs: sumScores(scores.map((s) => s.pairs)),
  };
}
