import { describe, expect, it } from 'vitest';
import { EXTRACTION_LIMITS, extractPlan } from '../../src/domain/plan-extraction/index.js';

/**
 * Reading a plan takes work linear in its length (issue 14): a number's words are looked for in a
 * bounded stretch before it, not in the whole line. The work is counted (characters each step reads),
 * not timed, so the test does not depend on the machine.
 */
const SENTENCE =
  'Tỷ lệ hộ nghèo giảm còn 1,8 %; thu ngân sách đạt 10.500 triệu đồng, năm 2025 đạt 9.850 triệu đồng ';

function workFor(lines: string[]): number {
  let work = 0;
  extractPlan({
    lines: ['II. CHỈ TIÊU THI ĐUA', ...lines],
    today: '2026-01-01',
    meter: (characters) => {
      work += characters;
    },
  });
  return work;
}

function oneLine(bytes: number): string {
  return SENTENCE.repeat(Math.ceil(bytes / SENTENCE.length)).slice(0, bytes);
}

describe('plan extraction work', () => {
  it(
    'doubles, not quadruples, when a one-line text doubles (under the line cap)',
    { timeout: 60_000 },
    () => {
      const limit = EXTRACTION_LIMITS.lineCharacters;
      // under the cap, so that the cap is not what keeps the work small
      const small = workFor([oneLine(limit / 4)]);
      const large = workFor([oneLine(limit / 2)]);
      expect(large / small).toBeGreaterThan(1.8);
      expect(large / small).toBeLessThan(2.2);
      expect(large).toBeLessThan(30 * (limit / 2));
    },
  );

  it('doubles when the number of lines doubles (32 KB → 64 KB of list items)', { timeout: 60_000 }, () => {
    const items = (bytes: number) =>
      Array.from({ length: Math.ceil(bytes / SENTENCE.length) }, () => `- ${SENTENCE}`);
    const small = workFor(items(32 * 1024));
    const large = workFor(items(64 * 1024));
    expect(large / small).toBeGreaterThan(1.8);
    expect(large / small).toBeLessThan(2.2);
  });

  it('reads a line up to the cap and a document up to its line limit, and says what it left out', () => {
    const long = oneLine(EXTRACTION_LIMITS.lineCharacters + 5000);
    const cut = extractPlan({ lines: ['II. CHỈ TIÊU', long], today: '2026-01-01' });
    expect(cut.truncated).toEqual({ linesDropped: 0, linesCut: 1 });
    const many = Array.from({ length: EXTRACTION_LIMITS.lines + 10 }, () => '');
    expect(extractPlan({ lines: many, today: '2026-01-01' }).truncated).toEqual({
      linesDropped: 10,
      linesCut: 0,
    });
    expect(extractPlan({ lines: ['II. CHỈ TIÊU', SENTENCE], today: '2026-01-01' }).truncated).toBeNull();
  });
});
