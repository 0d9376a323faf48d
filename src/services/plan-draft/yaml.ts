import { Document, isMap, isScalar, isSeq, type YAMLSeq } from 'yaml';
import { EXTRACTION_LIMITS } from '../../domain/plan-extraction/types.js';
import type { Measure } from '../../domain/plan/plan.js';
import type { Translate } from '../../i18n.js';
import type { DraftIndicator, PlanDraft, ReviewItem } from './types.js';

/** How much of a source sentence a comment shows: enough to find it in the document. */
const SOURCE_SHOWN = 160;

export interface DraftYamlOptions {
  /** the document read, named in the header */
  fileName: string;
  /** the name the reviewer will save the draft as, for the commands in the header */
  yamlName: string;
  /** "dd/mm/yyyy", the day it was read */
  date: string;
  /** where the reviewer sends it back: the command line (check, import) or the chat (send the file again) */
  via?: 'cli' | 'chat';
}

function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The part of a long source sentence about this indicator: from a little before its name, when the name
 * is found in it and comes late, so that "…tổng sản lượng thủy sản đạt 12.500 tấn…" is what is shown.
 */
export function excerpt(source: string, name: string, max: number): string {
  const clean = source.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const lower = clean.toLocaleLowerCase('vi');
  const words = name.replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi').split(' ');
  // the longest start of the name that is in the sentence: "tỷ lệ huy động học sinh", not "tỷ lệ huy động"
  const at = [words.length, 6, 4, 2]
    .map((n) => words.slice(0, n).join(' '))
    .map((probe) => (probe ? lower.indexOf(probe) : -1))
    .find((index) => index >= 0);
  if (at === undefined || at < max / 4) return shorten(clean, max);
  // a few words before the name, and no less than a full excerpt when the name comes near the end
  const from = Math.min(at - 10, clean.length - max);
  return `…${shorten(clean.slice(clean.indexOf(' ', from) + 1), max - 1)}`;
}

/** YAML comment lines cannot hold a line break; each line gets its own "#" from the printer. */
const commentLines = (lines: string[]) => lines.map((line) => ` ${line.replace(/[\r\n]+/g, ' ')}`).join('\n');

function confidenceText(confidence: number): string {
  return confidence.toFixed(2).replace('.', ',');
}

function indicatorComment(item: ReviewItem, t: Translate): string {
  const lines = [
    t('plan:draft.indicator.source', {
      line: item.line,
      confidence: confidenceText(item.confidence),
      text: excerpt(item.sourceText, item.name, SOURCE_SHOWN),
    }),
  ];
  const reasons = item.flags.map((flag) => t(`plan:draft.flag.${flag}`));
  // "CẦN XEM" only on the entries counted in the header as doubtful; other flags are notes
  if (item.needsReview)
    lines.push(
      t('plan:draft.indicator.review', {
        reasons: [t('plan:draft.indicator.review_low'), ...reasons].join('; '),
      }),
    );
  else if (reasons.length > 0) lines.push(t('plan:draft.indicator.note', { reasons: reasons.join('; ') }));
  if (item.proposedAssignee)
    lines.push(t('plan:draft.indicator.proposed', { assignee: item.proposedAssignee.code }));
  return commentLines(lines);
}

function header(draft: PlanDraft, options: DraftYamlOptions, t: Translate): string {
  const low = draft.review.filter((item) => item.needsReview).length;
  const lines = [
    t('plan:draft.header.title', { file: options.fileName, date: options.date }),
    t('plan:draft.header.counts', { count: draft.review.length, low }),
    '',
    t('plan:draft.header.step_compare'),
    t('plan:draft.header.step_fill'),
  ];
  if (draft.missing.length > 0)
    lines.push(t('plan:draft.header.step_missing', { fields: draft.missing.join(', ') }));
  if (draft.truncated)
    lines.push(
      t('plan:draft.header.truncated', {
        lines: EXTRACTION_LIMITS.lines,
        characters: EXTRACTION_LIMITS.lineCharacters,
        dropped: draft.truncated.linesDropped,
        cut: draft.truncated.linesCut,
      }),
    );
  lines.push(
    options.via === 'chat'
      ? t('plan:draft.header.step_send')
      : t('plan:draft.header.step_check', { yaml: options.yamlName }),
  );
  return commentLines(lines);
}

function footer(draft: PlanDraft, t: Translate): string | null {
  if (draft.skipped.length === 0) return null;
  return commentLines([
    t('plan:draft.skipped.title'),
    ...draft.skipped.map((skip) =>
      t('plan:draft.skipped.item', {
        line: skip.line,
        reason: t(`plan:draft.skip_reason.${skip.reason}`),
        text: shorten(skip.text, SOURCE_SHOWN),
      }),
    ),
  ]);
}

/** Marks the null values of a map "to fill in", on their own line. */
function markEmpty(map: unknown, t: Translate): void {
  if (!isMap(map)) return;
  for (const pair of map.items) {
    if (isScalar(pair.value) && pair.value.value === null)
      pair.value.comment = ` ${t('plan:draft.indicator.fill')}`;
  }
}

function annotateIndicators(
  seq: YAMLSeq,
  indicators: DraftIndicator[],
  parentMeasure: Measure | undefined,
  review: Map<string, ReviewItem>,
  t: Translate,
): void {
  seq.items.forEach((node, i) => {
    const indicator = indicators[i];
    if (!isMap(node) || !indicator) return;
    const item = review.get(indicator.code);
    const comments = item ? [indicatorComment(item, t)] : [];
    const measure = indicator.measure ?? parentMeasure;
    if (measure !== 'boolean' && indicator.target === undefined && indicator.targets === undefined) {
      comments.push(commentLines([t('plan:draft.indicator.no_target')]));
    }
    node.commentBefore = comments.join('\n') || null;
    // a blank line between indicators, none after the key above the first (it would print as indent)
    node.spaceBefore = i > 0;
    markEmpty(node, t);
    const children = node.get('children', true);
    if (isSeq(children) && indicator.children)
      annotateIndicators(children, indicator.children, measure, review, t);
  });
}

/**
 * The draft as a YAML plan file with its review notes as comments: a header saying what to check and
 * what to fill in, above each indicator the document line it came from, its confidence and why to look
 * twice, and at the end the figures that were left out.
 */
export function draftYaml(draft: PlanDraft, options: DraftYamlOptions, t: Translate): string {
  const doc = new Document(draft.plan);
  doc.commentBefore = header(draft, options, t);
  doc.comment = footer(draft, t);
  markEmpty(doc.get('organization', true), t);
  markEmpty(doc.get('campaign', true), t);
  const indicators = doc.get('indicators', true);
  if (isSeq(indicators))
    annotateIndicators(
      indicators,
      draft.plan.indicators,
      undefined,
      new Map(draft.review.map((item) => [item.code, item])),
      t,
    );
  return doc.toString({ lineWidth: 0, nullStr: '' });
}
