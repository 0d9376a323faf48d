import type { Message } from '../../domain/message.js';
import { detectKind } from './detect.js';
import { checkDocxArchive } from './docx-check.js';
import { MAX_LINE_CHARS, MAX_LINES, MAX_TEXT_FILE_BYTES } from './limits.js';
import { decodeText, markdownLine, textLines } from './text.js';
import {
  documentProblem,
  MAX_DOCUMENT_BYTES,
  type DocumentKind,
  type DocumentProblem,
  type DocumentText,
} from './types.js';

export {
  MAX_DOCUMENT_BYTES,
  SUPPORTED_TYPES,
  type DocumentKind,
  type DocumentProblem,
  type DocumentProblemCode,
  type DocumentText,
} from './types.js';

/** Invisible characters Word and PDFs leave behind, which would split a word or a number in two. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

/** Control characters: what a PDF glyph with no Unicode mapping comes out as. */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

function cleanLine(line: string): string {
  return line
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(CONTROL, '')
    .replace(/[\t\u00a0\u2000-\u200a\u202f\u3000]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trimEnd();
}

/**
 * The lines within bounds, so that what follows (cleaning, extraction) is never fed more than a long
 * plan: lines after MAX_LINES are left out, and a line is cut at MAX_LINE_CHARS; both are told.
 */
function bounded(lines: readonly string[], notices: Message[]): string[] {
  if (lines.length > MAX_LINES)
    notices.push({ key: 'plan:document.cut_lines', params: { limit: MAX_LINES } });
  const kept = lines.slice(0, MAX_LINES);
  const long = kept.filter((line) => line.length > MAX_LINE_CHARS).length;
  if (long === 0) return kept;
  notices.push({ key: 'plan:document.cut_line_length', params: { count: long, limit: MAX_LINE_CHARS } });
  return kept.map((line) => (line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line));
}

function finish(
  kind: DocumentKind,
  lines: readonly string[],
  notices: Message[] = [],
): DocumentText | DocumentProblem {
  const cleaned = bounded(lines, notices).map(cleanLine);
  // trailing blank lines carry nothing; leading ones are kept so that a .txt keeps its line numbers
  while (cleaned.length > 0 && !cleaned[cleaned.length - 1]?.trim()) cleaned.pop();
  if (!cleaned.some((line) => /\p{L}|\p{N}/u.test(line))) return documentProblem('empty');
  return { ok: true, kind, lines: cleaned, ...(notices.length > 0 ? { notices } : {}) };
}

async function readDocxOrProblem(bytes: Uint8Array): Promise<DocumentText | DocumentProblem> {
  const refused = checkDocxArchive(bytes);
  if (refused) return refused;
  let lines: string[];
  try {
    // Loaded on first use: mammoth and pdf.js are ~20 MB of memory a bot that is never sent a plan
    // should not carry (bench: the bot's resident memory).
    const { readDocx } = await import('./docx.js');
    lines = await readDocx(bytes);
  } catch {
    return documentProblem('corrupt');
  }
  return finish('docx', lines);
}

/**
 * A plan document (.docx, .pdf, .txt, .md) as lines of text, one paragraph a line, in reading order,
 * NFC; or why it cannot be read, as a message for the person who sent it. The type is told by the
 * content (a .docx is a zip, a PDF starts with %PDF) before the name.
 */
export async function readPlanDocument(
  bytes: Uint8Array,
  fileName: string,
): Promise<DocumentText | DocumentProblem> {
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    return documentProblem('too_large', {
      size: megabytes(bytes.length),
      limit: megabytes(MAX_DOCUMENT_BYTES),
    });
  }
  const kind = detectKind(bytes, fileName);
  switch (kind) {
    case 'pdf': {
      const { readPdf } = await import('./pdf.js');
      const result = await readPdf(bytes);
      if (!result.ok) return documentProblem(result.code);
      const { read, total } = result.pages;
      return finish(
        'pdf',
        result.lines,
        read < total ? [{ key: 'plan:document.cut_pages', params: { read, total } }] : [],
      );
    }
    case 'docx':
      return readDocxOrProblem(bytes);
    case 'txt':
    case 'md': {
      if (bytes.length === 0) return documentProblem('empty');
      if (bytes.length > MAX_TEXT_FILE_BYTES) {
        return documentProblem('too_large', {
          size: megabytes(bytes.length),
          limit: megabytes(MAX_TEXT_FILE_BYTES),
        });
      }
      const text = decodeText(bytes);
      if (text === null) return documentProblem('encoding');
      const lines = textLines(text);
      return finish(kind, kind === 'md' ? lines.map(markdownLine) : lines);
    }
    case 'word_binary':
      return documentProblem('old_word');
    case 'image':
      return documentProblem('image');
    case 'binary':
      return documentProblem('corrupt');
    case 'zip':
    case 'rtf':
    case 'unknown':
      return documentProblem('unsupported');
  }
}

/** "10", "12,5": megabytes the Vietnamese way, one decimal at most. */
function megabytes(bytes: number): string {
  return (Math.round((bytes / 1024 / 1024) * 10) / 10).toString().replace('.', ',');
}
