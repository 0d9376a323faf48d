import { DateTime } from 'luxon';
import { Prng } from './prng.js';

/** What the process-level fault tests share: seeded randomness and a generated plan with many officials. */

/** The fault tests' seeded generator (./prng.ts) as a plain function: kill points are random, and the same on every run. */
export function prng(seed: number): () => number {
  const generator = new Prng(seed);
  return () => generator.next();
}

/** Fisher–Yates with the given random source. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A plan running today (from 20 days ago to 40 days on, one annual period) with officials cb1…cbN,
 * each assigned two level indicators A<n> and B<n> in "người" with target ≥ 1.000: answers between
 * 100 and 1.000 raise no plausibility question.
 */
export function manyOfficialsPlan(options: {
  organization: string;
  officials: number;
  timeZone: string;
  today?: DateTime;
}): string {
  const today = options.today ?? DateTime.now().setZone(options.timeZone);
  const day = (n: number) => today.plus({ days: n }).toISODate();
  const indicator = (letter: string, i: number) =>
    `  - { code: ${letter}${i}, name: "Chỉ tiêu ${letter} của cán bộ ${i}", category: "Thử", unit: "người", measure: level, target: ">= 1000", assignees: [cb${i}] }`;
  return [
    `organization: { code: ${options.organization}, name: "UBND xã ${options.organization}" }`,
    'campaign:',
    `  code: ${options.organization}-plan`,
    '  title: "Kế hoạch thử lỗi"',
    '  kind: annual',
    `  start: ${day(-20)}`,
    `  end: ${day(40)}`,
    '  periods: annual',
    'officials:',
    ...Array.from(
      { length: options.officials },
      (_, i) => `  - { code: cb${i + 1}, name: "Cán bộ ${i + 1}", role: officer }`,
    ),
    'indicators:',
    ...Array.from({ length: options.officials }, (_, i) => [
      indicator('A', i + 1),
      indicator('B', i + 1),
    ]).flat(),
    '',
  ].join('\n');
}

/** What official `n` reports for an indicator: distinct per answer, between 100 and 1.000. */
export const answerOf = (n: number, code: string): number => 100 + n * 4 + (code.startsWith('B') ? 1 : 0);
