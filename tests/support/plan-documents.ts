import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import { Resvg } from '@resvg/resvg-js';
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFFont } from 'pdf-lib';

/**
 * Plan documents made in the test, the way offices make them: a Word file (one paragraph per line of a
 * text) and a PDF with a Vietnamese font, wrapped to the page, several pages, page numbers at the
 * bottom. Also the documents that must be refused: a scan (a picture, no text), a password-protected
 * PDF. Shared by the reading tests, the command-line tests and the chat tests.
 */

const resolveFrom = createRequire(import.meta.url);
const FONT_FILE = resolveFrom.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf');
const SEEDS = fileURLToPath(new URL('../fixtures/plan-extraction/seeds/', import.meta.url));

export const SEED_NAMES = [
  'ke-hoach-phuong-truong-quang-trong-2023',
  'ke-hoach-thi-xa-nga-nam-2023',
  'ke-hoach-quan-90-ngay-nuoc-rut-2024',
] as const;

export function seedPath(name: (typeof SEED_NAMES)[number]): string {
  return `${SEEDS}${name}.txt`;
}

/** A seed plan's lines, as the .txt has them (blank lines included). */
export function seedLines(name: (typeof SEED_NAMES)[number]): string[] {
  return readFileSync(seedPath(name), 'utf8').split(/\r?\n/);
}

/** The text lines of a document, whitespace collapsed and blank lines left out: what a reading keeps. */
export function paragraphsOf(lines: readonly string[]): string[] {
  return lines.map((line) => line.normalize('NFC').replace(/\s+/g, ' ').trim()).filter(Boolean);
}

export interface DocxOptions {
  /** rows of cells, put after the paragraphs as a Word table */
  table?: string[][];
}

/** A .docx with a paragraph for each non-blank line (centred when it is a title in capitals). */
export async function docxFromLines(
  lines: readonly string[],
  options: DocxOptions = {},
): Promise<Uint8Array> {
  const paragraphs = paragraphsOf(lines).map(
    (text) =>
      new Paragraph({
        children: [new TextRun({ text, bold: text === text.toUpperCase() })],
        ...(text === text.toUpperCase() ? { alignment: AlignmentType.CENTER } : {}),
      }),
  );
  const table = options.table
    ? [
        new Table({
          rows: options.table.map(
            (row) =>
              new TableRow({
                children: row.map((cell) => new TableCell({ children: [new Paragraph(cell)] })),
              }),
          ),
        }),
      ]
    : [];
  const doc = new Document({ sections: [{ children: [...paragraphs, ...table] }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export interface PdfOptions {
  /** "spaced": paragraphs apart by half a line (the default); "indented": no space, a first-line indent */
  style?: 'spaced' | 'indented';
  fontSize?: number;
  /** page numbers at the bottom of every page */
  pageNumbers?: boolean;
}

const PAGE = { width: 595, height: 842, margin: 56 };

function wrap(text: string, font: PDFFont, size: number, width: number, indent: number): string[] {
  const rows: string[] = [];
  let row = '';
  for (const word of text.split(' ')) {
    const next = row ? `${row} ${word}` : word;
    const room = width - (rows.length === 0 ? indent : 0);
    if (row && font.widthOfTextAtSize(next, size) > room) {
      rows.push(row);
      row = word;
    } else row = next;
  }
  if (row) rows.push(row);
  return rows;
}

async function newPdf(): Promise<{ pdf: PDFDocument; font: PDFFont }> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  // Without ccmp, fontkit keeps "ụ" one glyph: decomposed into "u" and a dot, pdf-lib's text layer
  // would map the shared "u" glyph to one of the two letters only, which no office PDF does.
  const font = await pdf.embedFont(readFileSync(FONT_FILE), { subset: true, features: { ccmp: false } });
  return { pdf, font };
}

/** A text PDF of the non-blank lines, each a paragraph wrapped to an A4 page. */
export async function pdfFromLines(lines: readonly string[], options: PdfOptions = {}): Promise<Uint8Array> {
  const { pdf, font } = await newPdf();
  const size = options.fontSize ?? 11;
  const leading = size * 1.3;
  const style = options.style ?? 'spaced';
  const indent = style === 'indented' ? size * 2 : 0;
  const width = PAGE.width - 2 * PAGE.margin;
  let page = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  for (const paragraph of paragraphsOf(lines)) {
    const rows = wrap(paragraph, font, size, width, indent);
    rows.forEach((row, i) => {
      if (y < PAGE.margin + leading) {
        page = pdf.addPage([PAGE.width, PAGE.height]);
        y = PAGE.height - PAGE.margin;
      }
      page.drawText(row, { x: PAGE.margin + (i === 0 ? indent : 0), y, size, font });
      y -= leading;
    });
    if (style === 'spaced') y -= size * 0.6;
  }
  if (options.pageNumbers) {
    pdf.getPages().forEach((p, i) => {
      const label = String(i + 1);
      p.drawText(label, {
        x: (PAGE.width - font.widthOfTextAtSize(label, 9)) / 2,
        y: PAGE.margin / 2,
        size: 9,
        font,
      });
    });
  }
  return pdf.save();
}

/** A scanned plan: pages holding only a picture of text, no text layer. */
export async function scannedPdf(pages = 2): Promise<Uint8Array> {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="560"><rect width="400" height="560" fill="#fff"/>' +
    Array.from(
      { length: 20 },
      (_, i) => `<rect x="30" y="${40 + i * 24}" width="${300 - (i % 4) * 40}" height="10" fill="#222"/>`,
    ).join('') +
    '</svg>';
  const png = new Resvg(svg).render().asPng();
  const pdf = await PDFDocument.create();
  const image = await pdf.embedPng(png);
  for (let i = 0; i < pages; i++)
    pdf
      .addPage([PAGE.width, PAGE.height])
      .drawImage(image, { x: 0, y: 0, width: PAGE.width, height: PAGE.height });
  return pdf.save();
}

/** A PDF with no page content at all. */
export async function blankPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage([PAGE.width, PAGE.height]);
  return pdf.save();
}

/**
 * A PDF that says it is encrypted with a user password (the standard security handler, revision 2):
 * readers ask for the password, as they do for a plan a secretary protected.
 */
export async function passwordPdf(): Promise<Uint8Array> {
  const { pdf, font } = await newPdf();
  pdf.addPage([PAGE.width, PAGE.height]).drawText('KẾ HOẠCH', { x: 56, y: 780, size: 12, font });
  const bytes32 = (seed: number) =>
    Array.from({ length: 32 }, (_, i) => ((i * 37 + seed) % 256).toString(16).padStart(2, '0')).join('');
  const encrypt = pdf.context.obj({
    Filter: PDFName.of('Standard'),
    V: PDFNumber.of(1),
    R: PDFNumber.of(2),
    Length: PDFNumber.of(40),
    P: PDFNumber.of(-44),
    O: PDFHexString.of(bytes32(11)),
    U: PDFHexString.of(bytes32(91)),
  });
  pdf.context.trailerInfo.Encrypt = pdf.context.register(encrypt);
  pdf.context.trailerInfo.ID = pdf.context.obj([
    PDFHexString.of(bytes32(5).slice(0, 32)),
    PDFHexString.of(bytes32(5).slice(0, 32)),
  ]);
  return pdf.save({ useObjectStreams: false });
}
