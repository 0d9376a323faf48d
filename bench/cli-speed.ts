import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, round, type Benchmark, type Figure } from './support/figures.js';

/**
 * `tiendo --help` and `tiendo report list` (on the demo database that `npm start` creates) as a user
 * runs them: a whole process each time, start-up included, through the package bin. The baseline is
 * `node -e 0`, run in turn with each command (A, B, A, B…) so that the machine's load weighs on both.
 */
const BIN = fileURLToPath(new URL('../bin/tiendo.js', import.meta.url));

function wallMs(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${String(run.stderr)}`);
  return ms;
}

function compare(runs: number, args: readonly string[], env: NodeJS.ProcessEnv) {
  const command: number[] = [];
  const node: number[] = [];
  wallMs(args, env); // warm-up: the file system cache
  for (let i = 0; i < runs; i += 1) {
    command.push(wallMs(args, env));
    node.push(wallMs(['-e', '0'], env));
  }
  return { median: percentile(command, 50), node: percentile(node, 50) };
}

function figure(name: string, label: string, targetMs: number, m: { median: number; node: number }): Figure {
  return {
    name,
    label,
    value: round(m.median),
    unit: 'ms',
    baseline: { label: '`node -e 0`', value: round(m.node), unit: 'ms' },
    target: `≤ ${targetMs} ms`,
    pass: m.median <= targetMs,
    note: `${round(m.median / m.node, 2)} × node -e 0`,
  };
}

export const cliSpeedBenchmark: Benchmark = {
  name: 'cli-speed',
  async run({ quick }) {
    const runs = quick ? 3 : 15;
    const dir = mkdtempSync(join(tmpdir(), 'tiendo-bench-cli-'));
    try {
      const env = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATABASE_URL: `file:${join(dir, 'tiendo.db')}`,
        TIENDO_CONSOLE: 'off',
        LOG_LEVEL: 'warn',
      };
      wallMs([BIN, 'start'], env); // the demo database, as the quick start leaves it (untimed)
      return [
        figure(
          'cli-speed.help',
          '`tiendo --help`, median wall time',
          500,
          compare(runs, [BIN, '--help'], env),
        ),
        figure(
          'cli-speed.report-list',
          '`tiendo report list` on the demo database, median wall time',
          1000,
          compare(runs, [BIN, 'report', 'list'], env),
        ),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
