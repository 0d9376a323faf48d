// `npm run extraction:metrics [-- --details] [--extractor DIR]`: the table of edits to correct, per
// labelled plan (tests/fixtures/plan-extraction/README.md). --extractor points at another copy of
// src/domain/plan-extraction (an older commit unpacked elsewhere) to measure it on the same labels.
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { ExtractedPlan, ExtractionInput } from '../src/domain/plan-extraction/index.js';
import {
  INDICATOR_TABLE_HEADER,
  documentDay,
  editsByField,
  editsPer50,
  flagSummary,
  formatIndicatorRow,
  loadIndicatorDocuments,
  median,
  scoreIndicators,
  sumIndicatorScores,
  type IndicatorScore,
} from '../tests/support/indicator-metrics.js';

const FIXTURES = fileURLToPath(new URL('../tests/fixtures/plan-extraction', import.meta.url));
/** seeds: built on; unseen, blind, holdout: written apart, then seen while tuning; fresh: see its README. */
const GROUPS = ['seeds', 'unseen', 'blind', 'holdout', 'fresh'] as const;

const { values } = parseArgs({
  options: { details: { type: 'boolean', default: false }, extractor: { type: 'string' } },
});
const modulePath = values.extractor
  ? pathToFileURL(resolve(values.extractor, 'index.ts')).href
  : '../src/domain/plan-extraction/index.js';
const { extractPlan } = (await import(modulePath)) as {
  extractPlan: (input: ExtractionInput) => ExtractedPlan;
};

const documents = loadIndicatorDocuments(FIXTURES, GROUPS);
if (documents.length === 0) {
  console.log(
    'No NAME.indicators.json in tests/fixtures/plan-extraction/{seeds,unseen,blind,holdout,fresh}.',
  );
  process.exit(0);
}
const apart: IndicatorScore[] = [];
for (const group of GROUPS) {
  const rows = documents
    .filter((d) => d.group === group)
    .map((d) => {
      return { d, score: scoreIndicators(extractPlan({ lines: d.lines, today: documentDay(d) }), d.labels) };
    });
  if (rows.length === 0) continue;
  console.log(`\n${group}\n${INDICATOR_TABLE_HEADER}`);
  for (const { d, score } of rows) {
    console.log(formatIndicatorRow(d.name, score));
    if (values.details) {
      console.log(`    ${editsByField(score)}`);
      for (const e of score.editList) console.log(`    L${e.line} ${e.field}×${e.count}: ${e.detail}`);
    }
  }
  console.log(formatIndicatorRow(`TOTAL ${group}`, sumIndicatorScores(rows.map((r) => r.score))));
  if (group !== 'seeds') apart.push(...rows.map((r) => r.score));
}
// a letter with no indicator (labelled empty) tests the refusal, not the edits: left out of the median
const plans = apart.filter((s) => s.labelled > 0);
console.log(
  `\nwritten apart (unseen, blind, holdout, fresh): median edits per 50 indicators ` +
    `${median(plans.map(editsPer50)).toFixed(1)} over ${plans.length} plans; ` +
    `${formatIndicatorRow('total', sumIndicatorScores(apart)).slice(45)}`,
);
console.log(flagSummary(sumIndicatorScores(apart)));
