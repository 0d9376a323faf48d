/**
 * What every benchmark returns: figures, each with the target it is judged by and, where the issue asks
 * for one, the baseline measured in the same run. `pass` is decided by the benchmark, not here, because
 * a target may be absolute (≤ 50 ms), relative to the baseline (≤ 1.3×) or both.
 */
export interface Figure {
  /** stable identifier, e.g. "reporting-turn.p95" */
  name: string;
  /** what a reader of the table sees */
  label: string;
  value: number;
  unit: string;
  baseline?: { label: string; value: number; unit: string };
  /** human-readable target, e.g. "≤ 1.3 × echo" */
  target: string;
  pass: boolean | null;
  note?: string;
}

export interface BenchOptions {
  quick: boolean;
  /** "sqlite" and, when reachable, "postgres" */
  backends: readonly ('sqlite' | 'postgres')[];
  log(message: string): void;
}

export interface Benchmark {
  name: string;
  run(options: BenchOptions): Promise<Figure[]>;
}

/** Nearest-rank percentile of samples in any order. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Times `fn` `runs` times after `warmup` unmeasured runs; milliseconds. */
export async function timeRuns(runs: number, warmup: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < warmup; i += 1) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}
