import { findBooleans } from './booleans.js';
import { readCampaign } from './campaign.js';
import { findFigures } from './figures.js';
import { indicatorsOfLine } from './line-indicators.js';
import { classifyLine, joinWrappedLines, structureHeadings, type PlanLine } from './lines.js';
import { readOrganization } from './organization.js';
import { looksLikePlan } from './plan-like.js';
import { contextsOf } from './sections.js';
import { indicatorOfRow, readHeader, sectionOfRow, type TableColumns } from './tables.js';
import {
  EXTRACTION_LIMITS,
  type ExtractedIndicator,
  type ExtractedPlan,
  type ExtractionInput,
} from './types.js';

export type * from './types.js';
export { EXTRACTION_LIMITS } from './types.js';

/** A goal that is a whole list item is read as written; one cut out of a sentence often is not. */
const BOOLEAN_CONFIDENCE = { wholeLine: 0.8, clause: 0.45 } as const;

function nextNonBlank(lines: readonly PlanLine[], index: number): PlanLine | undefined {
  for (let i = index + 1; i < lines.length; i += 1) if (lines[i]?.kind !== 'blank') return lines[i];
  return undefined;
}

/**
 * Reads a plan document into a draft for a person to review: the campaign, who issues it, and the
 * indicators of its target sections with their targets, each with the line it came from, a
 * confidence and the reasons to look twice. Pure: text in, draft out.
 */
export function extractPlan(input: ExtractionInput): ExtractedPlan {
  const { meter } = input;
  const kept = input.lines.slice(0, EXTRACTION_LIMITS.lines);
  let linesCut = 0;
  const lines = joinWrappedLines(
    structureHeadings(
      kept.map((raw, i) => {
        meter?.(Math.min(raw.length, EXTRACTION_LIMITS.lineCharacters));
        if (raw.length <= EXTRACTION_LIMITS.lineCharacters) return classifyLine(raw, i + 1);
        linesCut += 1;
        return classifyLine(raw.slice(0, EXTRACTION_LIMITS.lineCharacters), i + 1);
      }),
    ),
  );
  const linesDropped = input.lines.length - kept.length;
  const contexts = contextsOf(lines);
  const indicators: ExtractedIndicator[] = [];
  const skipped: ExtractedPlan['skipped'] = [];
  let lastItemIndicator: ExtractedIndicator | null = null;
  let lastIndicator: ExtractedIndicator | null = null;
  let table: {
    columns: TableColumns | null;
    category: string | null;
    lastTop: ExtractedIndicator | null;
  } | null = null;

  lines.forEach((line, i) => {
    const context = contexts[i];
    if (!context || line.kind === 'blank') return;
    if (line.kind !== 'row') table = null;
    else {
      table ??= { columns: null, category: null, lastTop: null };
      if (context.excluded) return;
      const header = readHeader(line.cells ?? []);
      if (header) {
        table.columns = header;
        return;
      }
      const section = sectionOfRow(line);
      if (section) {
        table.category = section;
        return;
      }
      const read = indicatorOfRow(line, table.columns, table.category ?? context.category);
      if (!read) return;
      if (read.isPart && table.lastTop) {
        read.indicator.measure = read.indicator.measure === 'boolean' ? 'boolean' : table.lastTop.measure;
        table.lastTop.children.push(read.indicator);
      } else {
        indicators.push(read.indicator);
        table.lastTop = read.indicator;
      }
      return;
    }
    meter?.(line.text.length);
    const figures = findFigures(line.text, line.folded, meter);
    const targets = figures.filter((f) => !f.context);
    if (context.excluded) {
      if (targets.some((f) => f.unit !== null))
        skipped.push({ line: line.number, text: line.raw, reason: 'not_a_goal' });
      return;
    }
    if (targets.length === 0 && figures.some((f) => f.unit !== null))
      skipped.push({ line: line.number, text: line.raw, reason: 'context_number' });
    const opensList = nextNonBlank(lines, i)?.kind === 'subitem';
    for (const goal of findBooleans(line, context.heading, opensList, targets.length > 0)) {
      indicators.push({
        name: goal.name,
        category: context.category,
        unit: null,
        measure: 'boolean',
        targets: [{ source: null, comparator: '=', value: '1' }],
        children: [],
        line: line.number,
        sourceText: line.raw,
        confidence: goal.wholeLine ? BOOLEAN_CONFIDENCE.wholeLine : BOOLEAN_CONFIDENCE.clause,
        flags: goal.wholeLine ? ['boolean_goal'] : ['boolean_goal', 'long_sentence'],
      });
    }
    if (targets.length === 0) {
      if (line.kind === 'item') lastItemIndicator = null;
      return;
    }
    const built = indicatorsOfLine(line, figures, context.category, meter);
    const parent = line.kind === 'subitem' ? lastItemIndicator : null;
    if (parent) parent.children.push(...built.indicators);
    else indicators.push(...built.indicators);
    const orphanParent = lastIndicator;
    if (orphanParent) orphanParent.children.push(...built.orphans);
    else indicators.push(...built.orphans);
    if (line.kind !== 'subitem') lastItemIndicator = built.indicators[0] ?? null;
    lastIndicator = built.indicators[built.indicators.length - 1] ?? lastIndicator;
  });

  // not a plan: nothing to propose, and the draft builder says so
  if (!looksLikePlan(lines, indicators)) indicators.length = 0;
  return {
    organizationName: readOrganization(lines),
    campaign: readCampaign(lines, input.today),
    indicators,
    truncated: linesDropped > 0 || linesCut > 0 ? { linesDropped, linesCut } : null,
    skipped,
  };
}
