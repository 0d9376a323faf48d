import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n.js';
import {
  MAX_DOCUMENT_BYTES,
  readPlanDocument,
  type DocumentProblem,
  type DocumentText,
} from '../../src/services/plan-document/index.js';
import { pdfParagraphs, type PlacedText } from '../../src/services/plan-document/pdf-lines.js';
import {
  blankPdf,
  docxFromLines,
  paragraphsOf,
  passwordPdf,
  pdfFromLines,
  scannedPdf,
  SEED_NAMES,
  seedLines,
  seedPath,
} from '../support/plan-documents.js';

/**
 * Reading plan documents: the seed plans written as .docx and as PDF (wrapped, paginated, numbered
 * pages) come back as the same paragraphs as the .txt; what cannot be read gets its own problem and a
 * Vietnamese message saying what to send instead.
 */

const i18n = createI18n('vi');

function text(result: DocumentText | DocumentProblem): DocumentText {
  if (!result.ok) throw new Error(`expected text, got the problem ${result.code}`);
  return result;
}

function problem(result: DocumentText | DocumentProblem): DocumentProblem {
  if (result.ok) throw new Error(`expected a problem, got ${result.lines.length} lines of ${result.kind}`);
  return result;
}

const encode = (s: string) => new TextEncoder().encode(s);

describe('readPlanDocument on the seed plans', () => {
  const documents = new Map<string, { docx: Uint8Array; pdf: Uint8Array; indented: Uint8Array }>();
  beforeAll(async () => {
    for (const name of SEED_NAMES) {
      const lines = seedLines(name);
      documents.set(name, {
        docx: await docxFromLines(lines),
        pdf: await pdfFromLines(lines, { pageNumbers: true }),
        indented: await pdfFromLines(lines, { style: 'indented' }),
      });
    }
  }, 120_000);

  it.each(SEED_NAMES)('reads %s.txt with its own line numbers', async (name) => {
    const read = text(await readPlanDocument(readFileSync(seedPath(name)), `${name}.txt`));
    expect(read.kind).toBe('txt');
    const raw = seedLines(name);
    // line n of the result is line n of the file, so a reviewer finds the source line
    expect(read.lines.length).toBeLessThanOrEqual(raw.length);
    read.lines.forEach((line, i) =>
      expect(line.trim()).toBe((raw[i] ?? '').normalize('NFC').replace(/\s+/g, ' ').trim()),
    );
  });

  it.each(SEED_NAMES)('reads %s as .docx: the same paragraphs', async (name) => {
    const read = text(await readPlanDocument(documents.get(name)?.docx ?? new Uint8Array(), `${name}.docx`));
    expect(read.kind).toBe('docx');
    expect(paragraphsOf(read.lines)).toEqual(paragraphsOf(seedLines(name)));
  });

  it.each(SEED_NAMES)(
    'reads %s as a PDF with spaced paragraphs and page numbers: the same paragraphs',
    async (name) => {
      const bytes = documents.get(name)?.pdf ?? new Uint8Array();
      const read = text(await readPlanDocument(bytes, `${name}.pdf`));
      expect(read.kind).toBe('pdf');
      expect(paragraphsOf(read.lines)).toEqual(paragraphsOf(seedLines(name)));
    },
  );

  it.each(SEED_NAMES)('reads %s as a PDF with indented paragraphs: the same paragraphs', async (name) => {
    const read = text(
      await readPlanDocument(documents.get(name)?.indented ?? new Uint8Array(), `${name}.pdf`),
    );
    expect(paragraphsOf(read.lines)).toEqual(paragraphsOf(seedLines(name)));
  });

  it('keeps the Vietnamese letters, composed (NFC)', async () => {
    const name = 'ke-hoach-thi-xa-nga-nam-2023';
    const read = text(await readPlanDocument(documents.get(name)?.pdf ?? new Uint8Array(), 'plan.pdf'));
    const line = read.lines.find((l) => l.includes('bảo hiểm y tế'));
    expect(line).toContain('tỷ lệ người tham gia bảo hiểm y tế đạt 95,15% dân số.');
    expect(read.lines.every((l) => l === l.normalize('NFC'))).toBe(true);
    // the page numbers at the bottom of each page are gone
    expect(read.lines.filter((l) => /^\d+$/.test(l.trim()))).toEqual([]);
  });

  it('tells the type by the content, not the name', async () => {
    const name = 'ke-hoach-quan-90-ngay-nuoc-rut-2024';
    const docs = documents.get(name);
    expect(text(await readPlanDocument(docs?.pdf ?? new Uint8Array(), 'ke-hoach.docx')).kind).toBe('pdf');
    expect(text(await readPlanDocument(docs?.docx ?? new Uint8Array(), 'ke-hoach')).kind).toBe('docx');
    expect(text(await readPlanDocument(docs?.docx ?? new Uint8Array(), 'ke-hoach.pdf')).kind).toBe('docx');
  });
});

describe('readPlanDocument on a long PDF', () => {
  it.each([
    ['ke-hoach-thi-xa-nga-nam-2023', 'spaced'],
    ['ke-hoach-phuong-truong-quang-trong-2023', 'indented'],
  ] as const)(
    'reads %s four times over (%s, a page break every few paragraphs) paragraph for paragraph',
    async (name, style) => {
      const lines = Array.from({ length: 4 }, () => seedLines(name)).flat();
      const read = text(
        await readPlanDocument(await pdfFromLines(lines, { style, pageNumbers: true }), 'dai.pdf'),
      );
      expect(paragraphsOf(read.lines)).toEqual(paragraphsOf(lines));
    },
  );
});

describe('pdfParagraphs', () => {
  const row = (text: string, y: number, x = 56, width = 480): PlacedText => ({ text, x, y, width, size: 11 });

  it('joins the rows of a paragraph and the runs of a row, and drops a page number', () => {
    const page: PlacedText[] = [
      { text: 'Thu ngân', x: 56, y: 800, width: 44, size: 11 },
      { text: 'sách', x: 103, y: 800.4, width: 433, size: 11 },
      row('đạt 45 tỷ đồng.', 786, 56, 80),
      row('2', 30, 290, 6),
    ];
    expect(pdfParagraphs([page])).toEqual(['Thu ngân sách đạt 45 tỷ đồng.']);
  });

  it('starts a paragraph at a list item after a full stop, not at a dash that wraps a phrase', () => {
    const page = [
      row('- Đảm bảo quốc phòng', 800),
      row('- an ninh năm 2024.', 786, 56, 100),
      row('2024 là năm bản lề; hoàn thành các chỉ tiêu kinh tế, xã hội, quốc phòng - an ninh và', 764),
      row('2025 về đích.', 750, 56, 70),
    ];
    expect(pdfParagraphs([page])).toEqual([
      '- Đảm bảo quốc phòng - an ninh năm 2024.',
      '2024 là năm bản lề; hoàn thành các chỉ tiêu kinh tế, xã hội, quốc phòng - an ninh và 2025 về đích.',
    ]);
  });

  it('goes on across a page break mid-sentence, and not after a full stop', () => {
    const pages = [
      [row('Tỷ lệ hộ nghèo toàn phường giảm', 100)],
      [row('còn dưới 1%; giữ vững an ninh trật tự.', 800)],
      [row('Hoàn thành 100% kế hoạch.', 800, 56, 120)],
    ];
    expect(pdfParagraphs(pages)).toEqual([
      'Tỷ lệ hộ nghèo toàn phường giảm còn dưới 1%; giữ vững an ninh trật tự.',
      'Hoàn thành 100% kế hoạch.',
    ]);
  });
});

describe('readPlanDocument on other text', () => {
  it('keeps a Word table row on one line, its cells apart', async () => {
    const bytes = await docxFromLines(['Các chỉ tiêu chủ yếu:'], {
      table: [
        ['Chỉ tiêu', 'Đơn vị', 'Kế hoạch 2025'],
        ['Thu ngân sách', 'tỷ đồng', '45'],
      ],
    });
    expect(text(await readPlanDocument(bytes, 'bang.docx')).lines.filter(Boolean)).toEqual([
      'Các chỉ tiêu chủ yếu:',
      'Chỉ tiêu | Đơn vị | Kế hoạch 2025',
      'Thu ngân sách | tỷ đồng | 45',
    ]);
  });

  it('reads Markdown without its marks, and composes decomposed letters', async () => {
    const md =
      '# KẾ HOẠCH\n\n## a) Về **kinh tế**\n\n* Thu ngân sách đạt 45 tỷ đồng\n\n| Chỉ tiêu | Mục tiêu |\n|---|---|\n| Hộ nghèo | dưới 1% |\n';
    const read = text(await readPlanDocument(encode(md.normalize('NFD')), 'ke-hoach.md'));
    expect(read.kind).toBe('md');
    expect(read.lines).toEqual([
      'KẾ HOẠCH',
      '',
      'a) Về kinh tế',
      '',
      '- Thu ngân sách đạt 45 tỷ đồng',
      '',
      'Chỉ tiêu | Mục tiêu',
      '',
      'Hộ nghèo | dưới 1%',
    ]);
  });

  it('reads UTF-8 with a byte-order mark and Windows line ends, and UTF-16', async () => {
    const utf8 = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...encode('KẾ HOẠCH\r\nThu ngân sách đạt 45 tỷ đồng\r\n'),
    ]);
    expect(text(await readPlanDocument(utf8, 'a.txt')).lines).toEqual([
      'KẾ HOẠCH',
      'Thu ngân sách đạt 45 tỷ đồng',
    ]);
    const body = 'Hộ nghèo dưới 1%';
    const utf16 = new Uint8Array(2 + body.length * 2);
    utf16.set([0xff, 0xfe]);
    [...body].forEach((c, i) => utf16.set([c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8], 2 + i * 2));
    expect(text(await readPlanDocument(utf16, 'a.txt')).lines).toEqual([body]);
  });
});

describe('readPlanDocument refuses, saying what to send', () => {
  const say = (p: DocumentProblem) => i18n.render(p.message);

  it('a scanned PDF: pages of pictures, no text', async () => {
    const p = problem(await readPlanDocument(await scannedPdf(), 'ke-hoach-scan.pdf'));
    expect(p.code).toBe('scanned');
    expect(say(p)).toMatch(/bản quét.*Word \(\.docx\)/);
  });

  it('an empty .txt, a blank .txt, an empty .docx, a PDF with a blank page', async () => {
    expect(problem(await readPlanDocument(new Uint8Array(), 'a.txt')).code).toBe('empty');
    expect(problem(await readPlanDocument(encode('\n  \n\t\n'), 'a.txt')).code).toBe('empty');
    expect(problem(await readPlanDocument(await docxFromLines([]), 'a.docx')).code).toBe('empty');
    expect(problem(await readPlanDocument(await docxFromLines(['   ', '']), 'a.docx')).code).toBe('empty');
    const blank = problem(await readPlanDocument(await blankPdf(), 'a.pdf'));
    expect(blank.code).toBe('empty');
    expect(say(blank)).toBe('Tệp không có chữ nào. Hãy kiểm tra lại và gửi đúng tệp kế hoạch.');
  });

  it('random bytes named .pdf or .docx, a PDF cut in half', async () => {
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    expect(problem(await readPlanDocument(random, 'ke-hoach.pdf')).code).toBe('corrupt');
    expect(problem(await readPlanDocument(random, 'ke-hoach.docx')).code).toBe('corrupt');
    const pdf = await pdfFromLines(['KẾ HOẠCH', 'Thu ngân sách đạt 45 tỷ đồng']);
    const cut = problem(await readPlanDocument(pdf.subarray(0, 300), 'ke-hoach.pdf'));
    expect(cut.code).toBe('corrupt');
    expect(say(cut)).toMatch(/^Không mở được tệp: tệp bị hỏng/);
  });

  it('a zip that is not a Word file', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...encode('xl/workbook.xml'), ...new Uint8Array(64)]);
    expect(problem(await readPlanDocument(zip, 'bang-tinh.xlsx')).code).toBe('unsupported');
  });

  it('an old .doc: save it as .docx', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(504)]);
    const p = problem(await readPlanDocument(ole, 'ke-hoach.doc'));
    expect(p.code).toBe('old_word');
    expect(say(p)).toContain('.docx');
    expect(problem(await readPlanDocument(encode('whatever'), 'ke-hoach.doc')).code).toBe('old_word');
  });

  it('another type, naming the types that work', async () => {
    const p = problem(await readPlanDocument(encode('a,b\n1,2\n'), 'chi-tieu.csv'));
    expect(p.code).toBe('unsupported');
    expect(say(p)).toBe('Chưa đọc được loại tệp này. Hãy gửi kế hoạch dạng .docx, .pdf, .txt, .md.');
    expect(problem(await readPlanDocument(encode('{\\rtf1 ...}'), 'ke-hoach.rtf')).code).toBe('unsupported');
  });

  it('a photo of the plan', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Uint8Array(64)]);
    expect(problem(await readPlanDocument(png, 'IMG_2041.jpg')).code).toBe('image');
  });

  it('a file larger than the limit, saying the limit', async () => {
    const big = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
    big.set(encode('%PDF-1.7\n'));
    const p = problem(await readPlanDocument(big, 'ke-hoach.pdf'));
    expect(p.code).toBe('too_large');
    expect(say(p)).toContain('tối đa 10 MB');
    expect(text(await readPlanDocument(encode(`KẾ HOẠCH\n${'x'.repeat(1000)}`), 'a.txt')).lines).toHaveLength(
      2,
    );
  });

  it('a password-protected PDF', async () => {
    const p = problem(await readPlanDocument(await passwordPdf(), 'ke-hoach.pdf'));
    expect(p.code).toBe('password');
    expect(say(p)).toMatch(/mật khẩu/);
  });

  it('a text file that is not UTF-8, or binary with a .txt name', async () => {
    // "Kế hoạch" in Windows-1258 bytes is not valid UTF-8
    expect(
      problem(
        await readPlanDocument(
          new Uint8Array([0x4b, 0xea, 0xcc, 0x20, 0x68, 0x6f, 0x61, 0xa3, 0x63, 0x68]),
          'a.txt',
        ),
      ).code,
    ).toBe('encoding');
    expect(
      problem(await readPlanDocument(new Uint8Array([0x41, 0x00, 0x42, 0x00, 0x01]), 'a.txt')).code,
    ).toBe('corrupt');
  });

  it('every problem has a text in both languages, with its parameters filled', async () => {
    const codes = [
      'unsupported',
      'old_word',
      'image',
      'too_large',
      'corrupt',
      'encoding',
      'empty',
      'scanned',
      'password',
      'not_a_plan',
    ];
    for (const lng of ['vi', 'en'] as const) {
      for (const code of codes) {
        const rendered = i18n.render(
          { key: `plan:document.${code}`, params: { types: '.docx, .pdf, .txt, .md', size: 12, limit: 10 } },
          lng,
        );
        expect(rendered, `${lng} ${code}`).not.toMatch(/plan:document|\{\{/);
      }
    }
  });
});
