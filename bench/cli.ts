import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBuilt } from '../tests/support/compiled-build.js';
import { availableBackends } from '../tests/support/databases.js';
import { cliSpeedBenchmark } from './cli-speed.js';
import { concurrentOfficialsBenchmark } from './concurrent-officials.js';
import { deliveryBenchmark } from './delivery.js';
import { deliveryInstancesBenchmark } from './delivery-instances.js';
import { inboxBenchmark } from './inbox.js';
import { planImportBenchmark } from './plan-import.js';
import { progressBenchmark } from './progress.js';
import { provinceDashboardBenchmark } from './province-dashboard.js';
import { reminderTickBenchmark } from './reminder-tick.js';
import { reportingTurnBenchmark } from './reporting-turn.js';
import { webPagesBenchmark } from './web-pages.js';
import type { Benchmark } from './support/figures.js';
import { describeMachine } from './support/machine.js';
import { mergeResults, readResults, writeReadmeTable, writeResults, type Results } from './support/report.js';

export const BENCHMARKS: readonly Benchmark[] = [
  reportingTurnBenchmark,
  concurrentOfficialsBenchmark,
  reminderTickBenchmark,
  deliveryBenchmark,
  deliveryInstancesBenchmark,
  progressBenchmark,
  provinceDashboardBenchmark,
  cliSpeedBenchmark,
  planImportBenchmark,
  webPagesBenchmark,
  inboxBenchmark,
];

const BENCH_DIR = fileURLToPath(new URL('./', import.meta.url));

/**
 * `npm run bench [-- --only a,b] [--quick] [--backends sqlite] [--out DIR]`. Full runs write
 * bench/results.json and the table in bench/README.md (with --only, the other benchmarks' figures are
 * kept); a quick run writes only where --out says, so a smoke run never replaces the real figures.
 */
export async function runBench(
  argv: readonly string[],
  log: (message: string) => void = console.log,
): Promise<Results> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      backends: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const names = values.only?.split(',').map((n) => n.trim()) ?? BENCHMARKS.map((b) => b.name);
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length > 0)
    throw new Error(
      `unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`,
    );
  // concurrent-officials starts the bot as `npm start` does, on the compiled code
  ensureBuilt();
  const reachable = await availableBackends();
  const backends = values.backends
    ? reachable.filter((b) => values.backends?.split(',').includes(b))
    : reachable;
  const results: Results = {
    machine: describeMachine(Math.round((loadavg()[0] ?? 0) * 100) / 100),
    quick: values.quick,
    benchmarks: [],
  };
  for (const benchmark of BENCHMARKS.filter((b) => names.includes(b.name))) {
    log(`${benchmark.name}…`);
    const start = performance.now();
    try {
      const figures = await benchmark.run({ quick: values.quick, backends, log });
      results.benchmarks.push({
        name: benchmark.name,
        date: new Date().toISOString(),
        seconds: Math.round((performance.now() - start) / 100) / 10,
        figures,
      });
    } catch (error) {
      log(
        `  ${benchmark.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      results.benchmarks.push({
        name: benchmark.name,
        date: new Date().toISOString(),
        seconds: Math.round((performance.now() - start) / 100) / 10,
        figures: [],
        error: String(error),
      });
    }
  }
  const out = values.out ?? (values.quick ? undefined : BENCH_DIR);
  if (out) {
    const path = join(out, 'results.json');
    const merged =
      values.only || values.backends
        ? mergeResults(
            readResults(path),
            results,
            BENCHMARKS.map((b) => b.name),
          )
        : results;
    writeResults(path, merged);
    if (out === BENCH_DIR) writeReadmeTable(join(BENCH_DIR, 'README.md'), merged);
    log(`results written to ${join(out, 'results.json')}`);
  }
  return results;
}
