/** A run of text on a PDF page, in page units (y grows upwards, as PDF has it). */
export interface PlacedText {
  text: string;
  x: number;
  y: number;
  width: number;
  /** the font size: the height of a line */
  size: number;
}

interface Row {
  text: string;
  left: number;
  right: number;
  y: number;
  size: number;
}

/** "- ", "+ ", "• ", "a) ", "1. ", "1.2 ", "II. ": what starts a list item or a heading. */
const ITEM_START = /^(?:[-+•–*]\s|[a-zđ]\)\s|\d+[.)]\s|\d+(?:\.\d+)+[.)]?\s|[IVXLC]+\.\s)/u;
/** A row that closes a sentence or announces a list. */
const SENTENCE_END = /[.;:!?…]["”»)]?$/u;
/** a page number alone on a row: "3", "- 3 -", "Trang 3", "3/12" */
const PAGE_NUMBER =
  /^(?:[-–\s]*\d{1,3}[-–\s]*|trang\s+\d{1,3}(?:\s*\/\s*\d{1,3})?|\d{1,3}\s*\/\s*\d{1,3})$/iu;

function percentile(values: number[], share: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) * share)];
}

/** Runs on the same baseline (within a third of a line) make a row, read left to right. */
function rows(items: readonly PlacedText[]): Row[] {
  const groups: PlacedText[][] = [];
  for (const item of items) {
    if (!item.text.trim()) continue;
    const group = groups.find((g) => g[0] && Math.abs(g[0].y - item.y) <= Math.max(g[0].size, item.size) / 3);
    if (group) group.push(item);
    else groups.push([item]);
  }
  return groups
    .map((group): Row => {
      const sorted = [...group].sort((a, b) => a.x - b.x);
      let text = '';
      let end = Number.NEGATIVE_INFINITY;
      for (const item of sorted) {
        // a gap wider than a sixth of the font's size is a space the PDF did not write
        const gap = item.x - end > item.size / 6;
        if (text && gap && !/\s$/.test(text) && !/^\s/.test(item.text)) text += ' ';
        text += item.text;
        end = Math.max(end, item.x + item.width);
      }
      const first = sorted[0];
      return {
        text: text.replace(/\s+/g, ' ').trim(),
        left: first?.x ?? 0,
        right: end,
        y: first?.y ?? 0,
        size: Math.max(...group.map((i) => i.size)),
      };
    })
    .sort((a, b) => b.y - a.y);
}

/** Rows whose only text is a page number, at the top or bottom of the page. */
function withoutPageNumbers(page: Row[]): Row[] {
  return page.filter(
    (row, i) => !((i === 0 || i === page.length - 1) && page.length > 1 && PAGE_NUMBER.test(row.text)),
  );
}

interface PageLayout {
  rows: Row[];
  left: number;
  right: number;
  spacing: number;
  /** the page starts its paragraphs with a first-line indent */
  indents: boolean;
}

/** A page that indents first lines has several rows a little in from the margin (centred titles are further in). */
const MIN_INDENTED_ROWS = 3;

function layout(items: readonly PlacedText[]): PageLayout {
  const page = withoutPageNumbers(rows(items));
  // Line spacing is the low end of the gaps: on a page of short paragraphs most gaps are between
  // paragraphs, so the median would be a paragraph gap. Overlapping rows (superscripts) are not lines.
  const gaps = page
    .slice(1)
    .map((row, i) => (page[i]?.y ?? row.y) - row.y)
    .filter((gap, i) => gap > (page[i + 1]?.size ?? 12) * 0.8);
  const sizes = page.map((row) => row.size);
  const left = Math.min(...page.map((row) => row.left));
  const indented = page.filter((row) => row.left > left + row.size / 2 && row.left < left + row.size * 5);
  return {
    rows: page,
    left,
    right: Math.max(...page.map((row) => row.right)),
    spacing: percentile(gaps, 0.2) ?? (percentile(sizes, 0.5) ?? 12) * 1.2,
    indents: indented.length >= MIN_INDENTED_ROWS,
  };
}

/** Does `row` go on with the paragraph whose last row is `previous`? */
function continues(previous: Row, row: Row, page: PageLayout, gap: number | null): boolean {
  const em = Math.max(previous.size, row.size);
  // a line that stops well before the margin ends its paragraph
  if (previous.right < page.right - Math.max(4 * em, (page.right - page.left) * 0.12)) return false;
  if (gap !== null && gap > page.spacing * 1.35) return false;
  // a first-line indent, or a centred heading
  if (row.left > page.left + em) return false;
  // "- an ninh" may be the end of "quốc phòng - an ninh" wrapped: a list item only after a full stop
  if (ITEM_START.test(row.text) && SENTENCE_END.test(previous.text)) return false;
  // Over a page break the spacing says nothing. Without first-line indents to tell, a sentence that
  // ended and a capital that starts the next page are taken as a new paragraph.
  if (gap === null && !page.indents && SENTENCE_END.test(previous.text) && /^\p{Lu}/u.test(row.text))
    return false;
  return Math.abs(previous.size - row.size) < 0.5;
}

/**
 * The paragraphs of a PDF, one per line, rebuilt from the text runs pdf.js gives: runs on one baseline
 * make a row; rows make a paragraph until a row is short, the spacing widens, a line is indented or
 * starts a list item. A paragraph may go on across a page break. Page numbers alone at the top or
 * bottom of a page are dropped. Text is NFC (pdf.js may give decomposed Vietnamese letters).
 */
export function pdfParagraphs(pages: readonly (readonly PlacedText[])[]): string[] {
  const out: string[] = [];
  let last: { row: Row; page: PageLayout } | null = null;
  for (const items of pages) {
    const page = layout(items.map((item) => ({ ...item, text: item.text.normalize('NFC') })));
    for (const row of page.rows) {
      const samePage = last !== null && last.page === page;
      const layoutFor =
        samePage || last === null ? page : { ...last.page, indents: last.page.indents || page.indents };
      const joined =
        last !== null && continues(last.row, row, layoutFor, samePage ? last.row.y - row.y : null);
      if (joined && out.length > 0) out[out.length - 1] = `${out[out.length - 1] ?? ''} ${row.text}`;
      else out.push(row.text);
      last = { row, page };
    }
  }
  return out;
}
