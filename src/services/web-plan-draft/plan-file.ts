import { stringify } from 'yaml';
import type { Message } from '../../domain/message.js';
import type { PathSegment } from '../../domain/plan/plan.js';
import { parsePlanText } from '../plan-file.js';
import type { DraftDocument, DraftRow, DraftTarget } from './document.js';

/**
 * The page's document as the plan file the chat and `tiendo plan import` take, and the plan check's
 * problems put back beside the page's fields.
 */

/** A problem beside one field of the page ("r3_name", "r3_t0", "c_start", "o2_role"); "" for the page. */
export interface FieldProblem {
  field: string;
  message: Message;
}

type RawTarget = string | boolean;

function targetText(target: DraftTarget, row: DraftRow): RawTarget {
  if (row.measure === 'boolean') return target.value.trim() === '' ? true : target.value.trim();
  return `${target.comparator} ${target.value.trim()}`;
}

function rawIndicator(row: DraftRow, children: Record<string, unknown>[]): Record<string, unknown> {
  const raw: Record<string, unknown> = { code: row.code, name: row.name };
  if (row.category) raw.category = row.category;
  if (row.unit) raw.unit = row.unit;
  if (row.measure) raw.measure = row.measure;
  const targets = row.targets.filter((t) => t.value.trim() !== '');
  const single = targets.length === 1 && targets[0]?.source.trim() === '';
  if (single && targets[0]) raw.target = targetText(targets[0], row);
  else if (targets.length > 0)
    raw.targets = targets.map((t) => ({ source: t.source.trim(), target: targetText(t, row) }));
  if (row.assignees.length > 0) raw.assignees = row.assignees;
  if (row.note) raw.note = row.note;
  if (children.length > 0) raw.children = children;
  return raw;
}

export interface PlanFile {
  yaml: string;
  /** each row's path in the plan file ("indicators", 2, "children", 0), by row index */
  paths: Map<number, PathSegment[]>;
  /** rows that are not in the file (their parent is unknown or they are their own ancestors) */
  problems: FieldProblem[];
}

function treeOf(doc: DraftDocument): {
  roots: number[];
  children: Map<number, number[]>;
  problems: FieldProblem[];
} {
  const byCode = new Map<string, number>();
  doc.indicators.forEach((row, i) => {
    if (!byCode.has(row.code)) byCode.set(row.code, i);
  });
  const roots: number[] = [];
  const children = new Map<number, number[]>();
  const problems: FieldProblem[] = [];
  doc.indicators.forEach((row, i) => {
    if (row.parent === '') return void roots.push(i);
    const parent = byCode.get(row.parent);
    if (parent === undefined || parent === i) {
      problems.push({
        field: `r${i}_parent`,
        message: { key: 'web:draft.problem.parent', params: { code: row.parent } },
      });
      return;
    }
    children.set(parent, [...(children.get(parent) ?? []), i]);
  });
  return { roots, children, problems };
}

/** The document as a plan file (YAML), the way `plan show` and the chat write it. */
export function planFileOf(doc: DraftDocument): PlanFile {
  const { roots, children, problems } = treeOf(doc);
  const paths = new Map<number, PathSegment[]>();
  const build = (index: number, path: PathSegment[]): Record<string, unknown> => {
    paths.set(index, path);
    const kids = (children.get(index) ?? []).map((child, k) => build(child, [...path, 'children', k]));
    return rawIndicator(doc.indicators[index] as DraftRow, kids);
  };
  const indicators = roots.map((index, k) => build(index, ['indicators', k]));
  // a row whose parent chain loops never hangs from a root
  doc.indicators.forEach((row, i) => {
    if (!paths.has(i) && !problems.some((p) => p.field === `r${i}_parent`))
      problems.push({
        field: `r${i}_parent`,
        message: { key: 'web:draft.problem.parent', params: { code: row.parent } },
      });
  });
  const { campaign } = doc;
  const plan = {
    organization: doc.organization,
    campaign: {
      code: campaign.code,
      title: campaign.title,
      kind: campaign.kind,
      ...campaign.rest,
      start: campaign.start,
      end: campaign.end,
    },
    units: doc.units,
    officials: doc.officials.map((o) => ({
      code: o.code,
      name: o.name,
      ...(o.title ? { title: o.title } : {}),
      role: o.role,
      ...(o.unit ? { unit: o.unit } : {}),
    })),
    indicators,
  };
  return { yaml: stringify(plan, { lineWidth: 0 }), paths, problems };
}

const SECTION_PREFIX: Record<string, string> = { units: 'u', officials: 'o' };

/** The page's field a plan problem is about. */
function fieldOf(path: PathSegment[], rows: Map<string, number>): string {
  const [section, index, key] = path;
  if (section === 'campaign') return typeof index === 'string' ? `c_${index}` : 'c_';
  if (typeof section === 'string' && section in SECTION_PREFIX && typeof index === 'number')
    return `${SECTION_PREFIX[section]}${index}_${typeof key === 'string' ? key : 'code'}`;
  if (section !== 'indicators') return '';
  // the longest prefix that is a row: the rest names its field
  for (let depth = path.length; depth >= 2; depth--) {
    const row = rows.get(JSON.stringify(path.slice(0, depth)));
    if (row === undefined) continue;
    const [field, target] = path.slice(depth);
    if (field === 'targets' && typeof target === 'number') return `r${row}_t${target}`;
    if (field === 'targets' || field === 'target') return `r${row}_t0`;
    return `r${row}_${typeof field === 'string' ? field : 'name'}`;
  }
  return '';
}

/** A target's problem quotes what the page's value field holds, without the comparator put before it. */
function typedParams(params: Record<string, string | number>): Record<string, string | number> {
  const { input } = params;
  return typeof input === 'string' ? { ...params, input: input.replace(/^(>=|<=|=) /, '') } : params;
}

export interface CheckedDraft {
  yaml: string;
  problems: FieldProblem[];
}

/** `tiendo plan check` on the document, each problem beside its field. */
export function checkDraft(doc: DraftDocument): CheckedDraft {
  const file = planFileOf(doc);
  const result = parsePlanText(file.yaml);
  const rows = new Map([...file.paths].map(([row, path]) => [JSON.stringify(path), row]));
  const problems = result.ok
    ? []
    : result.problems.map((p) => ({
        field: fieldOf(p.path, rows),
        message: { key: p.key, ...(p.params ? { params: typedParams(p.params) } : {}) },
      }));
  return { yaml: file.yaml, problems: [...file.problems, ...problems] };
}
