import mammoth from 'mammoth';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * The paragraphs of a .docx, one per line, by way of mammoth's HTML (its raw text loses the table
 * rows): a paragraph, heading or list item is a line; a table row is one line, its cells joined by
 * " | ", so that "Thu ngân sách | tỷ đồng | 45" stays together. Word's automatic numbering ("1.",
 * "a)") is not in the text and is lost; typed numbering is kept.
 */
export async function readDocx(bytes: Uint8Array): Promise<string[]> {
  const { value: html } = await mammoth.convertToHtml(
    { buffer: Buffer.from(bytes) },
    { ignoreEmptyParagraphs: false },
  );
  const lines: string[] = [];
  let current = '';
  let cells: string[] | null = null;
  let cell = '';
  let tableDepth = 0;
  const flush = () => {
    if (tableDepth > 0) {
      cell += (cell && current ? ' ' : '') + current;
    } else {
      lines.push(current);
    }
    current = '';
  };
  for (const token of html.split(/(<[^>]+>)/)) {
    const tag = /^<(\/?)([a-z0-9]+)[^>]*?(\/?)>$/i.exec(token);
    if (!tag) {
      current += decodeEntities(token);
      continue;
    }
    const [, closing, rawName] = tag;
    const name = rawName?.toLowerCase() ?? '';
    if (name === 'br') current += ' ';
    else if (name === 'table') {
      if (!closing) {
        if (tableDepth === 0 && current.trim()) flush();
        tableDepth++;
      } else tableDepth = Math.max(0, tableDepth - 1);
    } else if (name === 'tr' && tableDepth === 1) {
      if (!closing) cells = [];
      else if (cells) {
        lines.push(cells.filter((c) => c.trim()).join(' | '));
        cells = null;
      }
    } else if ((name === 'td' || name === 'th') && tableDepth === 1) {
      if (closing) {
        flush();
        cells?.push(cell.trim());
        cell = '';
      }
    } else if (/^(p|h[1-6]|li)$/.test(name) && closing) {
      flush();
    } else if (/^(ul|ol|li)$/.test(name) && !closing && current.trim()) {
      // a list inside a list item: the item's own text is its line
      flush();
    }
  }
  if (current.trim()) flush();
  return lines;
}
