import { constants, deflateRawSync } from 'node:zlib';

/**
 * Hostile plan documents, built in memory in the test (never written to the repository): a .docx
 * whose document.xml unzips to tens of megabytes or a gigabyte, one that lies about its size, a PDF of
 * thousands of pages sharing one content stream. Each is small: deflate repeats a 1 MB block at
 * about 1:1000, and the PDF's pages are a few bytes each.
 */

interface ZipPart {
  name: string;
  /** raw deflate data */
  data: Uint8Array;
  /** the size declared in the headers */
  size: number;
}

const MB = 1024 * 1024;

/**
 * `total` bytes of repeated paragraphs, as raw deflate, without holding them: one block compressed
 * with a full flush (byte-aligned, no reference to what came before) is repeated, then a final block.
 */
function repeatedDeflate(head: string, block: string, copies: number, tail: string): Uint8Array {
  const flush = { finishFlush: constants.Z_FULL_FLUSH };
  const parts = [
    deflateRawSync(head, flush),
    ...Array.from({ length: copies }, () => null),
    deflateRawSync(tail),
  ];
  const middle = deflateRawSync(block, flush);
  return Buffer.concat(parts.map((part) => part ?? middle));
}

/** A zip (stored CRC 0: nothing reaches a reader that would check it) of deflated parts. */
function zip(parts: readonly ZipPart[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.data.byteLength, 18);
    local.writeUInt32LE(part.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(part.data.byteLength, 20);
    central.writeUInt32LE(part.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(part.data));
    centrals.push(central, name);
    offset += 30 + name.length + part.data.byteLength;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const DOC_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
const DOC_TAIL = '</w:body></w:document>';
const PARAGRAPH = '<w:p><w:r><w:t>Thu ngân sách trên địa bàn đạt 45 tỷ đồng.</w:t></w:r></w:p>';

function small(name: string, text: string): ZipPart {
  return { name, data: deflateRawSync(text), size: Buffer.byteLength(text) };
}

/**
 * A .docx whose document.xml unzips to about `megabytes` MB of paragraphs. `declared` is the size
 * the archive claims (the real one by default; a lying archive claims less).
 */
export function docxBomb(megabytes: number, declared?: number): Uint8Array {
  const block = PARAGRAPH.repeat(Math.ceil(MB / Buffer.byteLength(PARAGRAPH)));
  const data = repeatedDeflate(DOC_HEAD, block, megabytes, DOC_TAIL);
  const real =
    Buffer.byteLength(DOC_HEAD) + Buffer.byteLength(block) * megabytes + Buffer.byteLength(DOC_TAIL);
  // a size over 4 GB does not fit the header: the bomb then declares the largest it can
  const size = Math.min(declared ?? real, 0xfffffffe);
  return zip([
    small('[Content_Types].xml', CONTENT_TYPES),
    small('_rels/.rels', RELS),
    { name: 'word/document.xml', data, size },
  ]);
}

/**
 * A PDF of `pages` pages that all draw the same content stream (one line of a plan): 30 bytes a page.
 * Written by hand, because pdf-lib takes minutes and hundreds of megabytes over 20,000 pages.
 */
export function repeatedPagePdf(pages: number): Uint8Array {
  const content = 'BT /F1 12 Tf 72 720 Td (Thu ngan sach dat 45 ty dong) Tj ET';
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Count ${pages} /Kids [${Array.from({ length: pages }, (_, i) => `${i + 5} 0 R`).join(' ')}] >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ...Array.from(
      { length: pages },
      () =>
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>',
    ),
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}
