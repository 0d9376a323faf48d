/**
 * How big the heavy tests run (fuzzing, the SIGKILL tests, the long delivery runs). The default, `quick`,
 * is sized so that each such file finishes in under half its timeout while two other processes keep both
 * cores of a 2-core machine busy; `TIENDO_TEST_SIZE=full` runs the sizes of issue 8 (100,000 fuzz events,
 * 200 conversations, 1,000 reminders) for a release or a quiet machine. The assertions are the same at
 * both sizes: only the amount of work changes.
 */
export type TestSize = 'quick' | 'full';

function parseSize(raw: string | undefined): TestSize {
  if (raw === undefined || raw === '' || raw === 'quick') return 'quick';
  if (raw === 'full') return 'full';
  throw new Error(`TIENDO_TEST_SIZE must be "quick" or "full", not ${JSON.stringify(raw)}`);
}

export const TEST_SIZE: TestSize = parseSize(process.env.TIENDO_TEST_SIZE);

/** The value for the size this run was asked for. */
export function sized<T>(sizes: Record<TestSize, T>): T {
  return sizes[TEST_SIZE];
}
