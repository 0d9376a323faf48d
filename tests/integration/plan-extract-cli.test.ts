import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { tiendo } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import {
  docxFromLines,
  pdfFromLines,
  scannedPdf,
  SEED_NAMES,
  seedLines,
  seedPath,
} from '../support/plan-documents.js';

/**
 * `tiendo plan extract FILE [--format yaml|json] [--out FILE]`, in-process: a seed plan as .txt, .docx
 * and .pdf gives the same draft, which passes `plan check` once a reviewer has added the assignees; a
 * document that is not a readable plan is refused with a Vietnamese explanation and nothing written.
 */

const SEED = 'ke-hoach-thi-xa-nga-nam-2023';
const env = {};
let dir: string;
const files: Record<'txt' | 'docx' | 'pdf', string> = { txt: '', docx: '', pdf: '' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tiendo-extract-'));
  files.txt = seedPath(SEED);
  files.docx = join(dir, `${SEED}.docx`);
  files.pdf = join(dir, `${SEED}.pdf`);
  writeFileSync(files.docx, await docxFromLines(seedLines(SEED)));
  writeFileSync(files.pdf, await pdfFromLines(seedLines(SEED), { pageNumbers: true }));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * What the reviewer does: a chairman in the officials, every indicator assigned to them, and the start
 * of a sprint that began "từ nay" (the day it was issued, which a plan read later cannot tell).
 */
function fillAssignees(yaml: string): string {
  return yaml
    .replaceAll('assignees: []', 'assignees: [ct]')
    .replace(/^ {2}start:(?: null)?(?: #.*)?$/m, '  start: 2024-10-03')
    .replace(
      /^officials: \[\]$/m,
      'officials:\n  - { code: ct, name: "Nguyễn Văn A", title: "Chủ tịch UBND", role: chairman }',
    );
}

interface ExtractJson {
  source: { file: string; kind: string; lines: number };
  summary: { indicators: number; lowConfidence: number; skipped: number };
  campaign: {
    title: string | null;
    year: number | null;
    kind: string;
    start: string | null;
    end: string | null;
  };
  plan: {
    organization: { code: string | null; name: string | null };
    campaign: Record<string, unknown>;
    indicators: { code: string }[];
  };
  missing: string[];
  review: {
    code: string;
    name: string;
    line: number;
    sourceText: string;
    confidence: number;
    flags: string[];
    needsReview: boolean;
  }[];
  skipped: { line: number; text: string; reason: string }[];
}

async function extractJson(file: string): Promise<ExtractJson> {
  const run = await tiendo(env, 'plan', 'extract', file, '--format', 'json');
  expect(run.code, run.err).toBe(0);
  return JSON.parse(run.out) as ExtractJson;
}

describe('plan extract', () => {
  it.each(['txt', 'docx', 'pdf'] as const)(
    'drafts the plan of a .%s that passes plan check once assignees are added',
    async (kind) => {
      const out = join(dir, `draft-${kind}.yaml`);
      const run = await tiendo(env, 'plan', 'extract', files[kind], '--out', out);
      expect(run.code, run.err).toBe(0);
      expect(run.out).toBe('');
      expect(run.err).toContain(`Đã ghi bản nháp vào ${out}.`);
      expect(run.err).toMatch(/Đọc được 1\d chỉ tiêu từ .*; \d+ chỉ tiêu độ tin cậy thấp cần xem kỹ\./);
      expect(run.err).toContain(`npx tiendo plan check ${out}`);
      const draft = readFileSync(out, 'utf8');
      expect(draft).toMatch(
        /^# BẢN NHÁP kế hoạch, đọc tự động từ tệp «ke-hoach-thi-xa-nga-nam-2023\.(txt|docx|pdf)»/,
      );

      // as extracted, nobody is in charge: the check warns about it but the draft is otherwise valid
      const asIs = await tiendo(env, 'plan', 'check', out);
      expect(asIs.code, asIs.err).toBe(0);
      expect(asIs.err).toContain('chưa giao cho ai');

      const filled = join(dir, `filled-${kind}.yaml`);
      writeFileSync(filled, fillAssignees(draft));
      const check = await tiendo(env, 'plan', 'check', filled);
      expect(check.code, check.err).toBe(0);
      expect(check.err).toBe('');
      const count = Number(/(\d+) chỉ tiêu\.$/.exec(check.out)?.[1]);
      expect(count).toBeGreaterThanOrEqual(10);
      expect(check.out).toBe(`Tệp ${filled} hợp lệ: ${count} chỉ tiêu.`);
    },
  );

  it('gives the same plan from the .txt, the .docx and the PDF', async () => {
    const [txt, docx, pdf] = await Promise.all([
      extractJson(files.txt),
      extractJson(files.docx),
      extractJson(files.pdf),
    ]);
    expect(docx.plan).toEqual(txt.plan);
    expect(pdf.plan).toEqual(txt.plan);
    expect(pdf.review.map((r) => [r.code, r.sourceText])).toEqual(
      txt.review.map((r) => [r.code, r.sourceText]),
    );
    expect([txt.source.kind, docx.source.kind, pdf.source.kind]).toEqual(['txt', 'docx', 'pdf']);
  });

  it('prints JSON with the plan, the campaign, and for each indicator the line it came from', async () => {
    const json = await extractJson(files.txt);
    expect(Object.keys(json)).toEqual([
      'source',
      'summary',
      'campaign',
      'plan',
      'missing',
      'review',
      'skipped',
    ]);
    expect(json.source).toMatchObject({ file: `${SEED}.txt`, kind: 'txt' });
    expect(json.campaign).toMatchObject({
      year: 2023,
      kind: 'annual',
      start: '2023-01-01',
      end: '2023-12-31',
    });
    expect(json.plan.organization.code).toBe('nga-nam');
    expect(json.plan.organization.name).toContain('Ngã Năm');
    expect(json.plan.campaign).toMatchObject({ code: 'nga-nam-2023', kind: 'annual', year: 2023 });
    expect(json.summary.indicators).toBe(json.review.length);
    expect(json.summary.lowConfidence).toBe(json.review.filter((r) => r.needsReview).length);
    const codes = json.review.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toContain('KT01');
    const lines = seedLines(SEED);
    for (const item of json.review) {
      // the line number is the .txt's own, so the reviewer finds the sentence there
      expect(lines[item.line - 1], item.code).toBe(item.sourceText);
      expect(item.confidence).toBeGreaterThan(0);
      expect(item.confidence).toBeLessThanOrEqual(1);
      expect(item.needsReview).toBe(item.confidence < 0.6);
    }
    const budget = json.review.find((r) => /thu ngân sách/i.test(r.name));
    expect(budget?.sourceText).toContain('thu ngân sách đạt 45 tỷ đồng');
  });

  it.each(SEED_NAMES)('drafts %s.txt, to stdout, into a valid plan', async (name) => {
    const run = await tiendo(env, 'plan', 'extract', seedPath(name));
    expect(run.code, run.err).toBe(0);
    expect(run.err).toContain(`npx tiendo plan check ${name}.yaml`);
    const doc = parseDocument(run.out);
    expect(doc.errors).toEqual([]);
    // read in 2026, the 90-day sprint of 2024 "từ nay" has no start the draft could know
    expect(doc.getIn(['campaign', 'start'])).toEqual(name.includes('90-ngay') ? null : expect.any(String));
    const filled = join(dir, `${name}.yaml`);
    writeFileSync(filled, fillAssignees(run.out));
    const check = await tiendo(env, 'plan', 'check', filled);
    expect(check.code, check.err).toBe(0);
  });

  it('writes JSON to --out as well', async () => {
    const out = join(dir, 'draft.json');
    const run = await tiendo(env, 'plan', 'extract', files.docx, '--format', 'json', '--out', out);
    expect(run.code, run.err).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as ExtractJson).source.kind).toBe('docx');
  });

  it('speaks English with TIENDO_LOCALE=en', async () => {
    const run = await tiendo({ TIENDO_LOCALE: 'en' }, 'plan', 'extract', files.txt);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/^# DRAFT plan, read automatically from/);
    expect(run.err).toMatch(/indicators read from .*; \d+ with low confidence/);
  });
});

describe('plan extract refuses, writing nothing', () => {
  async function refused(file: string, message: RegExp): Promise<void> {
    const out = join(dir, 'never.yaml');
    const run = await tiendo(env, 'plan', 'extract', file, '--out', out);
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toMatch(message);
    expect(existsSync(out)).toBe(false);
  }

  it('an empty file', async () => {
    const file = join(dir, 'trong.txt');
    writeFileSync(file, '');
    await refused(file, /^Tệp không có chữ nào\./);
  });

  it('a scanned PDF', async () => {
    const file = join(dir, 'ban-quet.pdf');
    writeFileSync(file, await scannedPdf(1));
    await refused(file, /bản quét/);
  });

  it('a document that is not a plan', async () => {
    const file = join(dir, 'cong-van.docx');
    writeFileSync(
      file,
      await docxFromLines([
        'CÔNG VĂN',
        'V/v mời họp giao ban tháng 11',
        'Ủy ban nhân dân xã kính mời các đồng chí trưởng thôn đến dự họp giao ban vào lúc 8 giờ ngày 20/11/2024 tại hội trường.',
        'Đề nghị các đồng chí đến đúng giờ.',
      ]),
    );
    await refused(file, /^Không tìm thấy chỉ tiêu nào trong tệp này/);
  });

  it("the project's own README (figures, a token, but no plan)", async () => {
    const readme = fileURLToPath(new URL('../../README.md', import.meta.url));
    await refused(readme, /^Không tìm thấy chỉ tiêu nào trong tệp này/);
  });

  it('a letter with figures, and a decision without targets', async () => {
    const letter = join(dir, 'cong-van-bao-cao.txt');
    writeFileSync(
      letter,
      [
        'ỦY BAN NHÂN DÂN XÃ HÒA AN',
        'Số: 125/UBND-VP',
        'V/v báo cáo kết quả thực hiện chỉ tiêu 9 tháng năm 2025',
        'Kính gửi: Các ban, ngành, đoàn thể xã',
        'Thực hiện Kế hoạch số 05/KH-UBND, đề nghị các đơn vị báo cáo: thu ngân sách đạt 8.500 triệu đồng, tỷ lệ bao phủ bảo hiểm y tế đạt 93 %, giải quyết việc làm cho 120 lao động.',
        'Báo cáo gửi về Văn phòng trước ngày 25/9/2025.',
      ].join('\n'),
    );
    await refused(letter, /^Không tìm thấy chỉ tiêu nào trong tệp này/);
    const decision = join(dir, 'quyet-dinh.txt');
    writeFileSync(
      decision,
      [
        'QUYẾT ĐỊNH',
        'Về việc kiện toàn Hội đồng Thi đua - Khen thưởng xã năm 2025',
        'Điều 1. Kiện toàn Hội đồng Thi đua - Khen thưởng xã gồm 11 thành viên.',
        'Điều 2. Hội đồng họp định kỳ 6 tháng một lần.',
        'Điều 3. Quyết định có hiệu lực kể từ ngày ký.',
      ].join('\n'),
    );
    await refused(decision, /^Không tìm thấy chỉ tiêu nào trong tệp này/);
  });

  it('an old .doc', async () => {
    const file = join(dir, 'ke-hoach.doc');
    writeFileSync(
      file,
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(504)]),
    );
    await refused(file, /\.docx/);
  });

  it('a file that does not exist', async () => {
    await refused(join(dir, 'khong-co.docx'), /^Không mở được tệp .*khong-co\.docx \(ENOENT\)\.$/);
  });

  it('an --out it cannot write', async () => {
    const out = join(dir, 'no-such-folder', 'draft.yaml');
    const run = await tiendo(env, 'plan', 'extract', files.txt, '--out', out);
    expect(run.code).toBe(1);
    expect(run.err).toBe(`Không ghi được tệp ${out} (ENOENT).`);
  });

  it('a format it does not know, or no file: a usage error', async () => {
    const format = await tiendo(env, 'plan', 'extract', files.txt, '--format', 'xml');
    expect(format.code).toBe(2);
    expect(format.err).toContain('xml');
    const missing = await tiendo(env, 'plan', 'extract');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^Thiếu tham số/);
  });
});

describe('plan extract --org: proposed assignees from a known organization', () => {
  let test: TestDatabase;
  let orgEnv: Record<string, string>;
  beforeAll(async () => {
    test = await createTestDatabase('sqlite');
    orgEnv = { DATABASE_URL: test.url };
    expect((await tiendo(orgEnv, 'plan', 'import', 'examples/plans/demo.yaml')).code).toBe(0);
  }, 60_000);
  afterAll(async () => test?.drop());

  it('proposes an official for the indicators it can place, marked as proposed', async () => {
    const run = await tiendo(
      orgEnv,
      'plan',
      'extract',
      seedPath(SEED),
      '--org',
      'quang-trung',
      '--format',
      'json',
    );
    expect(run.code).toBe(0);
    const json = JSON.parse(run.out) as {
      summary: { proposedAssignees: number };
      review: { code: string; proposedAssignee?: { code: string; field: string } }[];
      plan: { indicators: { code: string; name: string; assignees?: string[] }[] };
    };
    const proposed = json.review.filter((r) => r.proposedAssignee);
    expect(json.summary.proposedAssignees).toBe(proposed.length);
    expect(proposed.length).toBeGreaterThan(json.plan.indicators.length / 2);
    for (const indicator of json.plan.indicators) {
      const item = json.review.find((r) => r.code === indicator.code);
      expect(indicator.assignees).toEqual(item?.proposedAssignee ? [item.proposedAssignee.code] : []);
    }
    const budget = json.plan.indicators.find((i) => /ngân sách/i.test(i.name) && /thu/i.test(i.name));
    expect(budget?.assignees).toEqual(['tckt']);
    const yaml = await tiendo(orgEnv, 'plan', 'extract', seedPath(SEED), '--org', 'quang-trung');
    expect(yaml.out).toMatch(/# Đề xuất giao: tckt \(đề xuất tự động/);
  });

  it('refuses an organization it does not know, writing nothing', async () => {
    const out = join(dir, 'never-org.yaml');
    const run = await tiendo(orgEnv, 'plan', 'extract', seedPath(SEED), '--org', 'khong-co', '--out', out);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/khong-co/);
    expect(existsSync(out)).toBe(false);
  });
});
