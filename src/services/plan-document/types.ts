import type { Message } from '../../domain/message.js';

export type DocumentKind = 'txt' | 'md' | 'docx' | 'pdf';

/** A plan document as text: one paragraph (or list item, or table row) per line, in reading order, NFC. */
export interface DocumentText {
  ok: true;
  kind: DocumentKind;
  lines: string[];
  /** what was left out of a document too long to read whole (pages, lines, the end of long lines) */
  notices?: Message[];
}

/**
 * Why a document cannot be read. The codes are stable; each has a text `plan:document.<code>`.
 * `not_a_plan` is not found here but by the draft builder, when the text holds no indicator.
 */
export type DocumentProblemCode =
  | 'unsupported'
  | 'old_word'
  | 'image'
  | 'too_large'
  | 'corrupt'
  | 'encoding'
  | 'empty'
  | 'scanned'
  | 'password'
  | 'unzipped_too_large'
  | 'too_complex';

export interface DocumentProblem {
  ok: false;
  code: DocumentProblemCode;
  message: Message;
}

/** 10 MB: a plan is a few pages; a bigger file is a scan or not a plan, and parsing it would hold the bot. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export const SUPPORTED_TYPES = '.docx, .pdf, .txt, .md';

export function documentProblem(
  code: DocumentProblemCode,
  params?: Record<string, string | number>,
): DocumentProblem {
  return {
    ok: false,
    code,
    message: { key: `plan:document.${code}`, params: { types: SUPPORTED_TYPES, ...params } },
  };
}
