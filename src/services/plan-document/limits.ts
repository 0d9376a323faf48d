/**
 * What a plan document may hold once opened. A plan is a few pages; these bounds are far above any
 * real one and far below what takes the reader minutes or gigabytes (issue 14: a 154 KB .docx that
 * unzips to 50 MB held the bot for 300 s and 3.7 GB; a PDF repeating one page 5,000 times, 234 s).
 */

/** The unzipped size of all the parts of a .docx together. */
export const MAX_DOCX_UNZIPPED_BYTES = 20 * 1024 * 1024;
/** Parts in a .docx: Word writes about twenty. */
export const MAX_DOCX_ENTRIES = 2_000;
/**
 * A part that unzips to more than this many times its stored size is a bomb, not a document (Word's
 * XML compresses ten to thirty times); small parts are exempt, whatever their ratio.
 */
export const MAX_DOCX_RATIO = 200;
export const RATIO_EXEMPT_BYTES = 1024 * 1024;

/** A .txt or .md plan: a long plan is 100 KB of text. */
export const MAX_TEXT_FILE_BYTES = 2 * 1024 * 1024;

/** Pages of a PDF that are read; the rest are left out and the reader is told. */
export const MAX_PDF_PAGES = 200;

/** Lines of a document that are read (300 pages of 60 lines). */
export const MAX_LINES = 20_000;
/** A longer line is cut: a paragraph of a plan is a few hundred characters. */
export const MAX_LINE_CHARS = 5_000;

/** The reading of one document, in its own thread: memory and wall-clock time. */
export interface ReaderLimits {
  /** the worker's V8 heap (old generation), in MB */
  heapMb: number;
  /** the wall-clock time a reading may take before the worker is stopped */
  timeoutMs: number;
}

export const DEFAULT_READER_LIMITS: ReaderLimits = { heapMb: 384, timeoutMs: 60_000 };
