import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  Comparator,
  ExtractedCampaign,
  ExtractedIndicator,
  ExtractedPlan,
} from '../../src/domain/plan-extraction/index.js';

/**
 * Scores an extracted plan against its labels (tests/fixtures/plan-extraction/README.md): precision
 * and recall of the (value, unit) pairs, comparator accuracy over the pairs found, booleans by line.
 * A labelled pair is matched first to a target of the same line, then to any left over, each
 * extracted target used at most once.
 */
export interface LabelTarget {
  line: number;
  name: string;
  value: string;
  unit: string;
  comparator: Comparator;
  source: string | null;
}

export interface Labels {
  campaign?: Partial<Pick<ExtractedCampaign, 'year' | 'kind' | 'start' | 'end'>>;
  /** "YYYY-MM-DD" the document is read on, for a sprint "từ nay"; optional */
  today?: string;
  targets: LabelTarget[];
  booleans: { line: number; name: string }[];
  notTargets?: string[];
}

/** An extracted target, flattened to the shape of a label so the two compare field by field. */
export type FlatTarget = LabelTarget;

export interface Score {
  labelled: number;
  extracted: number;
  found: number;
  comparatorsRight: number;
  missed: LabelTarget[];
  spurious: FlatTarget[];
  wrongComparators: { label: LabelTarget; got: Comparator }[];
  booleans: { labelled: number; extracted: number; found: number };
  /** the campaign fields the labels give that the extractor got wrong */
  campaignErrors: string[];
}

export interface LabelledDocument {
  name: string;
  group: string;
  lines: string[];
  labels: Labels;
}

export function normalizeUnit(unit: string | null): string {
  return (unit ?? '').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();
}

function walk(indicators: readonly ExtractedIndicator[]): ExtractedIndicator[] {
  return indicators.flatMap((i) => [i, ...walk(i.children)]);
}

export function numericTargets(plan: ExtractedPlan): FlatTarget[] {
  return walk(plan.indicators)
    .filter((i) => i.measure !== 'boolean')
    .flatMap((i) =>
      i.targets.map((t) => ({
        line: i.line,
        name: i.name,
        value: t.value,
        unit: normalizeUnit(i.unit),
        comparator: t.comparator,
        source: t.source,
      })),
    );
}

export function booleanLines(plan: ExtractedPlan): number[] {
  return walk(plan.indicators)
    .filter((i) => i.measure === 'boolean')
    .map((i) => i.line);
}

/** The day to read a document on: the labels' `today`, else the labelled start (a "từ nay" sprint starts the day it is read). */
export function readingDay(labels: Labels): string {
  return labels.today ?? labels.campaign?.start ?? `${labels.campaign?.year ?? 2024}-01-01`;
}

export function scoreExtraction(plan: ExtractedPlan, labels: Labels): Score {
  const extracted = numericTargets(plan);
  const used = new Set<number>();
  const matched = new Map<LabelTarget, FlatTarget>();
  const same = (label: LabelTarget, got: FlatTarget): boolean =>
    got.value === label.value && got.unit === normalizeUnit(label.unit);
  for (const sameLine of [true, false]) {
    for (const label of labels.targets) {
      if (matched.has(label)) continue;
      const index = extracted.findIndex(
        (got, i) => !used.has(i) && same(label, got) && (!sameLine || got.line === label.line),
      );
      if (index < 0) continue;
      used.add(index);
      matched.set(label, extracted[index] as FlatTarget);
    }
  }
  const wrongComparators = [...matched]
    .filter(([label, got]) => label.comparator !== got.comparator)
    .map(([label, got]) => ({ label, got: got.comparator }));

  const boolLines = booleanLines(plan);
  const boolUsed = new Set<number>();
  let boolFound = 0;
  for (const label of labels.booleans) {
    const index = boolLines.findIndex((line, i) => !boolUsed.has(i) && line === label.line);
    if (index < 0) continue;
    boolUsed.add(index);
    boolFound += 1;
  }

  const campaignErrors: string[] = [];
  for (const [key, expected] of Object.entries(labels.campaign ?? {})) {
    const got = plan.campaign[key as keyof ExtractedCampaign];
    if (got !== expected) campaignErrors.push(`${key}: ${String(got)} ≠ ${String(expected)}`);
  }

  return {
    labelled: labels.targets.length,
    extracted: extracted.length,
    found: matched.size,
    comparatorsRight: matched.size - wrongComparators.length,
    missed: labels.targets.filter((l) => !matched.has(l)),
    spurious: extracted.filter((_, i) => !used.has(i)),
    wrongComparators,
    booleans: { labelled: labels.booleans.length, extracted: boolLines.length, found: boolFound },
    campaignErrors,
  };
}

/** Sums scores (micro average). */
export function sumScores(scores: readonly Score[]): Score {
  const zero: Score = {
    labelled: 0,
    extracted: 0,
    found: 0,
    comparatorsRight: 0,
    missed: [],
    spurious: [],
    wrongComparators: [],
    booleans: { labelled: 0, extracted: 0, found: 0 },
    campaignErrors: [],
  };
  return scores.reduce<Score>(
    (sum, s) => ({
      labelled: sum.labelled + s.labelled,
      extracted: sum.extracted + s.extracted,
      found: sum.found + s.found,
      comparatorsRight: sum.comparatorsRight + s.comparatorsRight,
      missed: [...sum.missed, ...s.missed],
      spurious: [...sum.spurious, ...s.spurious],
      wrongComparators: [...sum.wrongComparators, ...s.wrongComparators],
      booleans: {
        labelled: sum.booleans.labelled + s.booleans.labelled,
        extracted: sum.booleans.extracted + s.booleans.extracted,
        found: sum.booleans.found + s.booleans.found,
      },
      campaignErrors: [...sum.campaignErrors, ...s.campaignErrors],
    }),
    zero,
  );
}

/** Nothing extracted and nothing labelled is perfect; nothing extracted of something labelled is 0. */
export function precision(score: Score): number {
  return score.extracted === 0 ? (score.labelled === 0 ? 1 : 0) : score.found / score.extracted;
}

export function recall(score: Score): number {
  return score.labelled === 0 ? 1 : score.found / score.labelled;
}

export function comparatorAccuracy(score: Score): number {
  return score.found === 0 ? 1 : score.comparatorsRight / score.found;
}

/** Every `NAME.txt` with a `NAME.labels.json` beside it in `dir/<group>/`, for each group that exists. */
export function loadLabelledDocuments(dir: string, groups: readonly string[]): LabelledDocument[] {
  const documents: LabelledDocument[] = [];
  for (const group of groups) {
    let names: string[];
    try {
      names = readdirSync(join(dir, group));
    } catch {
      continue;
    }
    for (const file of names.filter((n) => n.endsWith('.labels.json')).sort()) {
      const name = file.slice(0, -'.labels.json'.length);
      const labels = JSON.parse(readFileSync(join(dir, group, file), 'utf8')) as Labels;
      const lines = readFileSync(join(dir, group, `${name}.txt`), 'utf8').split(/\r?\n/);
      documents.push({ name, group, lines, labels });
    }
  }
  return documents;
}

export function formatRow(label: string, score: Score): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
  return `${label.padEnd(48)} ${String(score.labelled).padStart(4)} ${String(score.extracted).padStart(4)} ${String(score.found).padStart(4)} ${pct(precision(score))} ${pct(recall(score))} ${pct(comparatorAccuracy(score))}   ${score.booleans.found}/${score.booleans.labelled} (${score.booleans.extracted})`;
}

export const TABLE_HEADER = `${'document'.padEnd(48)} ${'lab'.padStart(4)} ${'ext'.padStart(4)} ${'ok'.padStart(4)} ${'prec'.padStart(7)} ${'recall'.padStart(7)} ${'cmp'.padStart(7)}   booleans found/labelled (extracted)`;
