import type { PlacedText } from './pdf-lines.js';
import { pdfParagraphs } from './pdf-lines.js';
import { MAX_PDF_PAGES } from './limits.js';

export type PdfResult =
  | { ok: true; lines: string[]; pages: { read: number; total: number } }
  | { ok: false; code: 'corrupt' | 'password' | 'scanned' | 'empty' };

/** How many pages to look at for pictures when a PDF has no text: enough to tell a scan from a blank file. */
const PAGES_PROBED_FOR_IMAGES = 3;

/**
 * What pdf.js gives for a run of text (its TextItem, which the package does not export). Its hasEOL is
 * not used: runs are put in rows by their baseline, which also holds when a PDF draws a line in pieces.
 */
interface PdfjsTextItem {
  str: string;
  transform: unknown[];
  width: number;
  height: number;
}

const isTextItem = (item: object): boolean => 'str' in item && 'transform' in item;

function placed(item: PdfjsTextItem): PlacedText {
  const [a, b, , , x, y] = item.transform.map((n) => (typeof n === 'number' ? n : 0));
  return {
    text: item.str,
    x: x ?? 0,
    y: y ?? 0,
    width: item.width,
    size: Math.hypot(a ?? 1, b ?? 0) || item.height || 12,
  };
}

/**
 * The text of a PDF through pdf.js (the legacy build, which runs on Node 20). In Node pdf.js runs its
 * worker in the same thread ("fake worker"), so no worker file is configured. A PDF with pages but no
 * text layer is a scan when its pages hold pictures, and empty otherwise.
 */
export async function readPdf(bytes: Uint8Array): Promise<PdfResult> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdf.js takes ownership of (detaches) the buffer it is given
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    const pdf = await task.promise.catch((error: unknown) => {
      throw error instanceof Error && error.name === 'PasswordException'
        ? new PdfRefused('password')
        : new PdfRefused('corrupt');
    });
    const pages: PlacedText[][] = [];
    // A PDF can repeat one small page thousands of times: past the cap, pages are not opened at all.
    const read = Math.min(pdf.numPages, MAX_PDF_PAGES);
    for (let number = 1; number <= read; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      pages.push(content.items.filter(isTextItem).map((item) => placed(item as PdfjsTextItem)));
    }
    const lines = pdfParagraphs(pages);
    if (lines.some((line) => /\p{L}/u.test(line)))
      return { ok: true, lines, pages: { read, total: pdf.numPages } };
    for (let number = 1; number <= Math.min(pdf.numPages, PAGES_PROBED_FOR_IMAGES); number++) {
      const operators = await (await pdf.getPage(number)).getOperatorList();
      const painting = new Set([
        pdfjs.OPS.paintImageXObject,
        pdfjs.OPS.paintInlineImageXObject,
        pdfjs.OPS.paintImageMaskXObject,
      ]);
      if (operators.fnArray.some((op) => painting.has(op))) return { ok: false, code: 'scanned' };
    }
    return { ok: false, code: 'empty' };
  } catch (error) {
    if (error instanceof PdfRefused) return { ok: false, code: error.code };
    return { ok: false, code: 'corrupt' };
  } finally {
    await task.destroy();
  }
}

class PdfRefused extends Error {
  constructor(readonly code: 'corrupt' | 'password') {
    super(code);
  }
}
