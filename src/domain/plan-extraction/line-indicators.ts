import { ceilingByName, readComparator } from './comparators.js';
import { reshapeName, unclearName } from './name-reshape.js';
import type { Figure } from './figures.js';
import type { PlanLine } from './lines.js';
import { measureOf } from './measure.js';
import { buildName, cleanPhrase, completeName, saysWhatItMeasures, subjectOf } from './names.js';
import { readSource } from './sources.js';
import { capitalize, fold } from './text.js';
import { LOOK_BACK } from './figures.js';
import type { ExtractedIndicator, ExtractionFlag } from './types.js';

/**
 * Turns the target figures of one line into indicators: one per figure, except figures that each
 * carry a source ("Tỉnh giao … ; HĐND xã giao …"), which become several targets of one indicator,
 * and figures after "Trong đó" or inside parentheses after a total, which become its children.
 */
export interface LineIndicators {
  /** top-level indicators of the line */
  indicators: ExtractedIndicator[];
  /** children whose parent is the last indicator before this line ("Trong đó: …" on its own line) */
  orphans: ExtractedIndicator[];
}

const LONG_LINE = 220;

function sentenceBounds(text: string): number[] {
  const bounds: number[] = [];
  for (const m of text.matchAll(/;|\.(?=\s|$)/g)) bounds.push(m.index + 1);
  return bounds;
}

/** The last bound at or before `at` (0 when none): a binary search, the line may hold thousands. */
function lastBefore(bounds: readonly number[], at: number): number {
  let low = 0;
  let high = bounds.length - 1;
  let found = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const b = bounds[mid] ?? 0;
    if (b <= at) {
      found = b;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

function nextAfter(text: string, from: number, stop: number, pattern: RegExp): number {
  const slice = text.slice(from, stop);
  const m = pattern.exec(slice);
  return m ? from + m.index : stop;
}

/**
 * How sure the reading is, from what went wrong when drafts were checked against labels
 * (tests/fixtures/plan-extraction/README.md, "Review flag"): a name cut out of a long sentence with
 * other figures is wrong more often than not, a figure alone on its line rarely is, and a comparator
 * left unsaid is mostly right (ceilings are known by their nouns). Below 0.6 the entry is flagged.
 */
function confidenceOf(flags: readonly ExtractionFlag[]): number {
  let c = 0.95;
  if (flags.includes('assumed_comparator')) c -= 0.05;
  if (flags.includes('unknown_unit')) c -= 0.4;
  if (flags.includes('split_from_line')) c -= 0.05;
  if (flags.includes('long_sentence')) c -= 0.1;
  if (flags.includes('maybe_context')) c -= 0.4;
  if (flags.includes('unclear_name')) c -= 0.4;
  return Math.max(0.05, Math.round(c * 100) / 100);
}

/** How many brackets are open at `to`, from the depth at `from` (scanned once along the line). */
function bracketDepth(text: string, from: number, to: number, depth: number): number {
  let open = depth;
  for (let i = from; i < to; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 40) open += 1;
    else if (c === 41 && open > 0) open -= 1;
  }
  return open;
}

/** The text without its bracketed clauses, and from the last unclosed bracket on when inside one. */
function withoutBrackets(text: string): string {
  let out = text;
  for (let i = 0; i < 3; i += 1) out = out.replace(/\([^()]*\)/g, ' ');
  return out.replace(/^[^()]*\)/, ' ');
}

/** The source phrase right after a figure ("… % HĐND giao", "… chỉ tiêu cấp trên giao"), as written. */
function trailingSource(
  text: string,
  folded: string,
  from: number,
  stop: number,
): { source: string; end: number } | null {
  const window = folded.slice(from, Math.min(stop, from + 60));
  const match = /^\s*(?:\(\s*)?((?:chi tieu\s+)?(?:[a-z0-9.]+\s+){0,3}?giao)(?=\s*(?:$|[,;.)]|va\s))/.exec(
    window,
  );
  if (!match?.[1]) return null;
  const at = from + match[0].length - match[1].length;
  // as written: "chỉ tiêu cấp trên giao" beside "HĐND giao"
  const written = text.slice(at, at + match[1].length).trim();
  if (!/giao$/iu.test(written) || /^(được |chỉ tiêu )?giao$/iu.test(written)) return null;
  return { source: capitalize(written), end: from + match[0].length };
}

/** The "head: item, item" label shared by the figures of a line ("Rau các loại: diện tích 70 ha, …"). */
function lineHead(text: string, first: Figure, bounds: readonly number[]): string | null {
  const colon = text.lastIndexOf(':', first.start);
  if (colon < 0 || lastBefore(bounds, first.start) > colon) return null;
  const head = cleanPhrase(text.slice(lastBefore(bounds, colon), colon));
  return head !== '' && head.split(' ').length <= 8 ? head : null;
}

/** "nâng tổng số lên", "nâng tổng số tổ dân phố đạt chuẩn lên": the figure is the total reached. */
function raisesTotal(foldedLead: string): boolean {
  // "nâng tổng số … cả năm lên 70" in a sprint plan is the year's total, not this plan's target
  const total = /nang tong so((?: [^\d;]{0,60})?) len\s*$/.exec(foldedLead);
  return total !== null && !/\bca nam\b/.test(total[1] ?? '');
}

/**
 * "trong đó thu tiền sử dụng đất 12.000; chi ngân sách thường xuyên không quá 31.200": after a
 * semicolon, a clause that names its own measure ("chi", "tỷ lệ"…) other than the total's is no part.
 */
function leavesParts(text: string, from: number, to: number, total: ExtractedIndicator): boolean {
  const between = text.slice(from, to);
  const semicolon = between.lastIndexOf(';');
  if (semicolon < 0) return false;
  const clause = fold(cleanPhrase(between.slice(semicolon + 1)));
  const noun = /^(ty le|tong|gia tri|san luong|dien tich|nang suat|thu|chi|so|toc do|thu nhap)\b/.exec(
    clause,
  );
  return noun !== null && !fold(total.name).includes(noun[1] ?? '');
}

export function indicatorsOfLine(
  line: PlanLine,
  figures: readonly Figure[],
  category: string | null,
  meter?: (characters: number) => void,
): LineIndicators {
  const { text, folded } = line;
  const targets = figures.filter((f) => !f.context);
  const bounds = sentenceBounds(text);
  const split = targets.length > 1;
  const head = split && targets[0] ? lineHead(text, targets[0], bounds) : null;
  const indicators: ExtractedIndicator[] = [];
  const orphans: ExtractedIndicator[] = [];
  // on the text as written: folded, "trong đó" is also "trong độ tuổi"
  const partsFollow = (from: number, to: number): boolean => /trong đó|\(/iu.test(text.slice(from, to));
  let childMode = /^trong đó/iu.test(text);
  let bracketChild = false;
  const awaiting: ExtractedIndicator[] = [];
  let depth = 0;
  let depthAt = 0;
  let previousTargetEnd = 0;
  let lastTop: ExtractedIndicator | null = null;
  let lastSourced: ExtractedIndicator | null = null;
  // "Lúa nước 555 ha, năng suất …": the subject the line's bare measures are of
  let lineSubject: string | null = null;

  // "phát triển mới 85 doanh nghiệp và 260 hộ kinh doanh": the action the next bare count shares
  let lastAction: string | null = null;
  const trailingSourced: ExtractedIndicator[] = [];
  let lastBaselineEnd = 0;
  let previousAny = 0;
  let targetIndex = 0;
  for (const figure of figures) {
    if (figure.context) {
      if (figure.baseline) lastBaselineEnd = figure.end;
      previousAny = figure.end;
      continue;
    }
    targetIndex += 1;
    const sentenceStart = lastBefore(bounds, figure.start);
    // a name is read from a bounded stretch before its figure, so that a line is read in linear time
    const nameStart = Math.max(previousTargetEnd, sentenceStart, lastBaselineEnd, figure.start - LOOK_BACK);
    let lead = text.slice(nameStart, figure.start);
    const foldedLead = folded.slice(nameStart, figure.start);
    const comparatorLead = folded.slice(Math.max(previousAny, nameStart), figure.start);
    const next = targets[targetIndex];
    previousAny = figure.end;
    const stop = next ? next.start : text.length;
    const shortTrail = folded.slice(figure.end, nextAfter(folded, figure.end, stop, /[,;.]|$/));
    const longTrail = text.slice(figure.end, nextAfter(text, figure.end, stop, /;|\.(?=\s|$)/));
    meter?.(lead.length + longTrail.length + shortTrail.length + comparatorLead.length);
    const leadSource = readSource(lead, foldedLead, lastSourced !== null);
    // "0,5 % chỉ tiêu cấp trên giao và 0,45 % HĐND giao": the source written after the figure
    const trailing = leadSource ? null : trailingSource(text, folded, figure.end, stop);
    const source = leadSource ?? (trailing ? { source: trailing.source, at: lead.length } : null);
    // parts in brackets end with the bracket: "đàn bò 1.200 con (bò lai 600 con); đàn lợn …" are siblings
    depth = bracketDepth(text, depthAt, figure.start, depth);
    depthAt = figure.start;
    if (bracketChild && depth === 0) childMode = false;
    bracketChild = false;
    if (!source && previousTargetEnd > 0 && partsFollow(previousTargetEnd, figure.start)) {
      childMode = true;
      bracketChild = depth > 0 && !/trong đó/iu.test(text.slice(previousTargetEnd, figure.start));
    }
    if (childMode && depth > 0) bracketChild = true;
    if (childMode && !bracketChild && lastTop && leavesParts(text, previousTargetEnd, figure.start, lastTop))
      childMode = false;
    const sourceEnd = leadSource ? nameStart + leadSource.at + leadSource.source.length : 0;
    if (leadSource) lead = lead.slice(0, leadSource.at);
    const reading = readComparator(
      leadSource ? folded.slice(sourceEnd, figure.start) : comparatorLead,
      shortTrail,
      // the head names what the figure is of when its own words do not ("Tỷ lệ hộ nghèo: … 0,5 % … giao")
      `${fold(lead)} ${fold(head ?? '')}`,
      figure.value,
      figure.zero,
    );
    // "còn 12 hộ": what remains is a ceiling (folded, "còn" would also be "con", a head of cattle)
    const remains = /(?:^|[\s,;:])còn\s*$/iu.test(
      text.slice(figure.start - comparatorLead.length, figure.start),
    );
    const comparator = remains && !/dưới|không quá/iu.test(lead) ? '<=' : reading.comparator;
    const target = { source: source?.source ?? null, comparator, value: figure.value };
    previousTargetEnd = trailing ? trailing.end : figure.end;
    // "giảm 5 hộ, còn 12 hộ": one ceiling on what remains, not a reduction beside it
    const reduced = indicators[indicators.length - 1];
    if (
      remains &&
      reduced?.line === line.number &&
      reduced.unit === figure.unit &&
      /^giảm\b|— giảm\b|\sgiảm$/iu.test(reduced.name)
    ) {
      indicators.pop();
      lastTop = indicators[indicators.length - 1] ?? null;
    }
    // "có thêm 03 tổ dân phố đạt chuẩn …, nâng tổng số lên 18": one indicator, on the total
    const added = raisesTotal(comparatorLead) ? indicators[indicators.length - 1] : undefined;
    const totalName =
      added?.line === line.number && added.unit === figure.unit && !childMode ? added.name : null;
    if (totalName !== null) {
      indicators.pop();
      lastTop = indicators[indicators.length - 1] ?? null;
    }

    if (source && lastSourced && lastSourced.unit === figure.unit) {
      lastSourced.targets.push(target);
      continue;
    }
    // "đạt 95,5 % (Huyện giao: 94 %)": the target set above, beside the commune's own
    const previous = indicators[indicators.length - 1];
    if (
      source &&
      !childMode &&
      previous &&
      previous.line === line.number &&
      previous.unit === figure.unit &&
      previous.targets.length === 1
    ) {
      previous.targets.push(target);
      lastSourced = previous;
      continue;
    }
    const previousEnd = Math.max(0, sentenceStart - 1);
    const previousSentence = text.slice(
      Math.max(lastBefore(bounds, previousEnd), previousEnd - LOOK_BACK),
      previousEnd,
    );
    const lastInSentence = !next || lastBefore(bounds, next.start) !== sentenceStart;
    // "duy trì không có hộ nghèo": the count of what must not exist
    if (figure.zero) lead = `Số ${figure.unit ?? ''}`;
    // inside a bracket the name starts at the bracket: "(trong đó hộ nghèo 100 %" is "hộ nghèo"
    const partsBracket = depth > 0 && /\(\s*(?:trong đó|gồm|bao gồm)[^()]*$/iu.test(lead);
    if (partsBracket) lead = lead.slice(lead.lastIndexOf('(') + 1);
    // "Tỷ lệ tham gia BHYT (trong đó hộ nghèo 100 %) đạt 95 %": the total is named before the bracket
    // "(trong đó sầu riêng 380 ha), sản lượng trái cây 18.500 tấn": named after the bracket
    const afterBracket = lead.slice(lead.lastIndexOf(')') + 1);
    if (!source && depth === 0 && lead.includes(')'))
      lead =
        cleanPhrase(afterBracket) !== ''
          ? afterBracket
          : withoutBrackets(text.slice(Math.max(sentenceStart, figure.start - LOOK_BACK), figure.start));
    const before = childMode && lastTop ? (lastTop.children.at(-1) ?? lastTop) : indicators.at(-1);
    // "bò lai 600 con đạt 50 %": a share with no words of its own is the share of the figure before
    if (
      figure.unit === '%' &&
      cleanPhrase(lead) === '' &&
      before?.line === line.number &&
      before.unit !== '%' &&
      !saysWhatItMeasures(before.name)
    )
      lead = `Tỷ lệ ${before.name.charAt(0).toLocaleLowerCase('vi')}${before.name.slice(1)}`;
    const built = buildName({
      lead,
      trail: longTrail,
      lastInSentence,
      previousSentence,
      unit: figure.unit,
      head: childMode ? null : head,
    });
    // "…cấp tiểu học đạt 99,5%; trung học cơ sở đạt 98%": the part borrows the name of the figure before
    if (
      !childMode &&
      !head &&
      before?.line === line.number &&
      before.unit === figure.unit &&
      !saysWhatItMeasures(built.name) &&
      built.name.split(' ').length <= 4
    ) {
      built.name = `${before.name.split(' — ')[0] ?? before.name} — ${built.name.charAt(0).toLocaleLowerCase('vi')}${built.name.slice(1)}`;
    }
    const reshaped = reshapeName(
      built.name,
      lead,
      figure.unit,
      longTrail,
      lastAction,
      childMode || partsBracket,
    );
    lastAction = reshaped.action;
    built.name = totalName === null ? reshaped.name : totalName.replace(/\s+(có\s+)?thêm$/iu, '');
    // "Tỷ lệ lao động qua đào tạo 70 %, trong đó có bằng cấp 32 %": the part's rate is of the total's kind
    if (
      childMode &&
      lastTop &&
      figure.unit === '%' &&
      lastTop.unit === '%' &&
      !saysWhatItMeasures(built.name)
    )
      built.name = `${lastTop.name} ${built.name.charAt(0).toLocaleLowerCase('vi')}${built.name.slice(1)}`;
    const firstOfLine = indicators.length === 0 && orphans.length === 0 && lastTop === null;
    const completed = completeName(built.name, figure.unit, childMode || head ? null : lineSubject);
    // the subject of the line: "Lúa nước" of "Lúa nước 555 ha", "lúa" of "Năng suất lúa đạt 60 tạ/ha"
    if (firstOfLine) lineSubject = subjectOf(built.name);
    built.name = completed;
    const flags: ExtractionFlag[] = [];
    if (!reading.explicit) flags.push('assumed_comparator');
    if (figure.unit === null) flags.push('unknown_unit');
    if (split) flags.push('split_from_line');
    if (built.cut || text.length > LONG_LINE) flags.push('long_sentence');
    if (figure.maybeContext) flags.push('maybe_context');
    if (unclearName(built.name)) flags.push('unclear_name');
    // "…suy dinh dưỡng thể nhẹ cân 7,8 %; thể thấp còi 10,5 %": the completed name says it is a ceiling
    if (!reading.explicit && !remains && target.comparator === '>=' && ceilingByName(fold(built.name)))
      target.comparator = '<=';
    const indicator: ExtractedIndicator = {
      name: built.name,
      category,
      unit: figure.unit,
      // a total reached or a count out of all ("18/22 tổ dân phố") is a level
      measure: totalName !== null || figure.fraction ? 'level' : measureOf(fold(built.name), figure.unit),
      targets: [target],
      children: [],
      line: line.number,
      sourceText: line.raw,
      confidence: confidenceOf(flags),
      flags,
    };
    lastSourced = source ? indicator : null;
    if (trailing) trailingSourced.push(indicator);
    if (childMode && lastTop) {
      // a part is counted the way its total is
      indicator.measure = lastTop.measure;
      lastTop.children.push(indicator);
    } else if (partsBracket && lastTop === null) {
      // "Tỷ lệ … (trong đó hộ nghèo 100 %) đạt 95 %": a part stated before its total waits for it
      awaiting.push(indicator);
    } else if (childMode) orphans.push(indicator);
    else {
      indicator.children.push(...awaiting.splice(0));
      indicators.push(indicator);
      lastTop = indicator;
    }
  }
  indicators.push(...awaiting);
  // "đạt 100% chỉ tiêu huyện giao": a source alone on its indicator sets nothing beside another
  for (const indicator of trailingSourced)
    if (indicator.targets.length === 1 && indicator.targets[0]) indicator.targets[0].source = null;
  return { indicators, orphans };
}
