import type { Comparator, Measure } from '../plan/plan.js';

/**
 * What the extractor reads out of a plan document (Kế hoạch phát động phong trào thi đua): a draft for a
 * person to review, never imported as is. Every indicator keeps the line it came from and a confidence,
 * so that the reviewer checks the doubtful ones first. The extractor is pure: text in, draft out.
 */

/** The document as text: one paragraph (or list item) per line, in reading order. */
export interface ExtractionInput {
  lines: readonly string[];
  /** "YYYY-MM-DD", the day the document is read: resolves "từ nay" in a sprint window */
  today: string;
  /**
   * Told the number of characters each step reads (a line, a number's look-back, a name's lead):
   * the tests use it to show the work grows linearly with the input. Optional; costs nothing unset.
   */
  meter?: (characters: number) => void;
}

/** A document longer than this is read up to it; the draft says what was left out. */
export const EXTRACTION_LIMITS = { lines: 20_000, lineCharacters: 20_000 } as const;

/** Why a reviewer should look twice. The keys are stable: they are shown through i18next (`plan:draft.flag.<key>`). */
export type ExtractionFlag =
  /** a goal with no figure, read as a yes/no indicator */
  | 'boolean_goal'
  /** a figure with no unit the extractor knows */
  | 'unknown_unit'
  /** the comparator was not said in words ("đạt", "dưới"…), ">=" assumed */
  | 'assumed_comparator'
  /** several figures on one line, split into indicators */
  | 'split_from_line'
  /** the name was cut out of a longer sentence */
  | 'long_sentence'
  /** the figure may be context (a baseline, a count already reached) rather than a target */
  | 'maybe_context'
  /** the name reads like a piece of running text or is bare: it says not what is measured */
  | 'unclear_name';

export interface ExtractedTarget {
  /** who set it ("Thị xã giao", "HĐND xã giao"); null when the line gives a single target */
  source: string | null;
  comparator: Comparator;
  /** canonical exact decimal ("11807", "0.32"); "1" for a boolean indicator */
  value: string;
}

export interface ExtractedIndicator {
  name: string;
  /** the heading it sits under ("Về kinh tế"), null when the plan has none */
  category: string | null;
  /** as the plan writes it ("tỷ đồng", "tạ/ha", "%", "‰"); null for a boolean indicator or an unknown unit */
  unit: string | null;
  measure: Measure;
  targets: ExtractedTarget[];
  /** "Trong đó" items and "+" sub-items */
  children: ExtractedIndicator[];
  /** 1-based line number in ExtractionInput.lines */
  line: number;
  /** the whole source line, as written */
  sourceText: string;
  /** 0..1; below 0.6 the reviewer must look */
  confidence: number;
  flags: ExtractionFlag[];
}

export interface ExtractedCampaign {
  /** "Phát động phong trào thi đua …", without the leading "KẾ HOẠCH" */
  title: string | null;
  year: number | null;
  kind: 'annual' | 'sprint';
  /** "YYYY-MM-DD"; for an annual plan Jan 1 / Dec 31 of the year; for a sprint the window the text gives */
  start: string | null;
  end: string | null;
}

export interface ExtractedPlan {
  /** "UBND phường Trường Quang Trọng", when the document says who issues it; null otherwise */
  organizationName: string | null;
  campaign: ExtractedCampaign;
  indicators: ExtractedIndicator[];
  /** what was not read because the document passed EXTRACTION_LIMITS; null when it was read whole */
  truncated: { linesDropped: number; linesCut: number } | null;
  /** lines that looked like targets but were left out, with the reason: shown to the reviewer */
  skipped: { line: number; text: string; reason: 'context_number' | 'no_target' | 'not_a_goal' }[];
}

export type { Comparator, Measure };
