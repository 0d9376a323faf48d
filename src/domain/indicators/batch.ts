import type { Measure } from '../plan/plan.js';
import { parseAnswer } from './answer.js';

/**
 * Several figures in one message: one line per figure, answering a numbered list of indicators. Pure, so
 * the chat and a web form read a quarter the same way.
 *
 * A line (or a part between `;`) is one of:
 * - `3. 40`, `3: 40`, `3) 40`, `3 = 40`: the figure of the list's 3rd indicator. After a dot a space is
 *   required, since `1.185` is the Vietnamese figure 1185;
 * - `XH03 95,5%`, `XH03: 95,5%`: the figure of the indicator with that code (any case);
 * - `40`: the figure of the indicator after the previous line's (the first, or where the official's
 *   previous message stopped);
 * - `-`, `–`, `bỏ`, or an empty line: the next indicator in list order is skipped;
 * - `3. -`: the list's 3rd indicator is skipped.
 * Each line stands alone: one that cannot be read blocks no other, and is returned with its reason.
 */

export interface BatchIndicator {
  code: string;
  unit: string;
  measure: Measure;
}

export type BatchLine =
  /** a figure read for the list's `position`-th indicator (1-based) */
  | { kind: 'value'; line: number; position: number; value: string; text: string }
  /** skipped on purpose (`-` or an empty line) */
  | { kind: 'skip'; line: number; position: number }
  /** could not be read: `key` and `params` say why (numbers:error.*, report:error.*, report:batch.error.*) */
  | {
      kind: 'problem';
      line: number;
      position: number | null;
      text: string;
      key: string;
      params: Record<string, string | number>;
    };

export interface BatchParse {
  lines: BatchLine[];
  /** where the next plain line would go: pass it back for the official's next message */
  nextPosition: number;
}

/** Lines a message may hold: a quarter of a province's sprint, with room for blank lines. */
export const BATCH_MAX_LINES = 200;

const SKIP_WORDS = new Set(['-', '–', '—', '_', 'bỏ', 'bo', 'bỏ qua', 'bo qua', 'skip']);
// "3. 40", "3: 40", "3) 40", "3 = 40", "3.- " … but not "1.185" (a figure) nor "3 40".
const BY_POSITION = /^(\d{1,3})\s*(?:\.(?=\s)|[:)=])\s*(.*)$/u;
// "XH03 95,5%", "xh03: 95,5", "KT-01 = 12": letters first, then letters, digits, dots or dashes.
const BY_CODE =
  /^([\p{L}][\p{L}\d._-]*\d[\p{L}\d._-]*)\s*[:=]?\s+(.+)$|^([\p{L}][\p{L}\d._-]*\d[\p{L}\d._-]*)\s*[:=]\s*(.*)$/u;

function isSkip(text: string): boolean {
  return SKIP_WORDS.has(text.normalize('NFC').trim().toLowerCase());
}

function readValue(line: number, position: number, text: string, indicator: BatchIndicator): BatchLine {
  if (isSkip(text) || text.trim() === '') return { kind: 'skip', line, position };
  const parsed = parseAnswer(text, indicator);
  if (parsed.ok) return { kind: 'value', line, position, value: parsed.value, text };
  return { kind: 'problem', line, position, text, key: parsed.key, params: parsed.params };
}

function problem(
  line: number,
  position: number | null,
  text: string,
  key: string,
  params: Record<string, string | number> = {},
): BatchLine {
  return { kind: 'problem', line, position, text, key, params };
}

/** The position a line names (by number or code) and the rest of it; null when it names none. */
function addressed(
  text: string,
  indicators: readonly BatchIndicator[],
): { position: number | null; rest: string; named: string } | null {
  const byPosition = BY_POSITION.exec(text);
  if (byPosition) {
    const n = Number(byPosition[1]);
    return {
      position: n >= 1 && n <= indicators.length ? n : null,
      rest: byPosition[2] ?? '',
      named: `${n}`,
    };
  }
  const byCode = BY_CODE.exec(text);
  if (byCode) {
    const code = byCode[1] ?? byCode[3] ?? '';
    const index = indicators.findIndex((i) => i.code.toLowerCase() === code.toLowerCase());
    // A word that is not one of the codes may be the start of an answer ("đạt 100%"): only a known code
    // addresses a line; an unknown one that looks like a code is reported as such.
    if (index >= 0) return { position: index + 1, rest: byCode[2] ?? byCode[4] ?? '', named: code };
    if (/\d/u.test(code) && /^[\p{Lu}]/u.test(code)) return { position: null, rest: '', named: code };
  }
  return null;
}

/**
 * One figure per line, or per `;`: a terminal sends each line it is given as a message of its own, and
 * Vietnamese decimals use the comma, so `185; 0,32; -` is unambiguous.
 */
function splitLines(text: string): string[] {
  return text.replace(/\r\n?/gu, '\n').split(/[\n;]/u);
}

/**
 * Reads a message answering the list `indicators` (the list's order is its numbering). `startAt` is where
 * the first plain line goes (1 for a first message; a later message passes `nextPosition` back).
 */
export function parseBatch(text: string, indicators: readonly BatchIndicator[], startAt = 1): BatchParse {
  const raw = splitLines(text);
  // Blank lines at the very start or end are the phone's, not skips.
  while (raw.length > 0 && (raw[0] ?? '').trim() === '') raw.shift();
  while (raw.length > 0 && (raw.at(-1) ?? '').trim() === '') raw.pop();
  const lines: BatchLine[] = [];
  let next = startAt;
  raw.slice(0, BATCH_MAX_LINES).forEach((source, i) => {
    const line = i + 1;
    const text = source.trim();
    const target = addressed(text, indicators);
    if (target) {
      if (target.position === null) {
        lines.push(
          problem(line, null, text, 'report:batch.error.no_such', {
            named: target.named,
            count: indicators.length,
          }),
        );
        return;
      }
      const indicator = indicators[target.position - 1] as BatchIndicator;
      lines.push(readValue(line, target.position, target.rest, indicator));
      // "5. 40" then "41": the figure after a numbered one is the next indicator's.
      next = target.position + 1;
      return;
    }
    const position = next;
    next += 1;
    const indicator = indicators[position - 1];
    if (!indicator) {
      lines.push(problem(line, null, text, 'report:batch.error.beyond', { count: indicators.length }));
      return;
    }
    lines.push(readValue(line, position, text, indicator));
  });
  if (raw.length > BATCH_MAX_LINES)
    lines.push(
      problem(BATCH_MAX_LINES + 1, null, '', 'report:batch.error.too_many', { max: BATCH_MAX_LINES }),
    );
  return { lines, nextPosition: next };
}

/**
 * Whether a message is meant as several figures rather than the one asked: more than one line (or `;`), or a line
 * that names its indicator (`3. 40`, `XH03 95`).
 */
export function looksLikeBatch(text: string, indicators: readonly BatchIndicator[]): boolean {
  const lines = splitLines(text.trim());
  if (lines.length > 1) return true;
  return addressed((lines[0] ?? '').trim(), indicators) !== null;
}

/**
 * The answers to keep, by position: a later line about the same indicator replaces an earlier one (the
 * official corrected it), and a skip removes it.
 */
export function mergeBatch(
  previous: ReadonlyMap<number, string>,
  lines: readonly BatchLine[],
): Map<number, string> {
  const merged = new Map(previous);
  for (const line of lines) {
    if (line.kind === 'value') merged.set(line.position, line.value);
    else if (line.kind === 'skip') merged.delete(line.position);
    else if (line.position !== null) merged.delete(line.position);
  }
  return merged;
}
