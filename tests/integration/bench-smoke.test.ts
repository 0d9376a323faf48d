import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCHMARKS, runBench } from '../../bench/cli.js';
import { writeReadmeTable, type Results } from '../../bench/support/report.js';

/**
 * Keeps the benchmark code from rotting: the cheap benchmarks at their --quick sizes on SQLite, through
 * the same entry as `npm run bench`. No timing is asserted here (timing lives in the bench); what is
 * asserted is that each runs to the end, checks its own work (the reminder tick against the SQL query,
 * every report stored, every message accepted) and reports well-formed figures.
 */
const out = mkdtempSync(join(tmpdir(), 'tiendo-bench-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run bench --quick', () => {
  let results: Results;

  it('runs the reporting turn, the reminder tick, the delivery, the progress and the web benchmarks', async () => {
    results = await runBench(
      [
        '--quick',
        '--only',
        'reporting-turn,reminder-tick,delivery,progress,web-pages',
        '--backends',
        'sqlite',
        '--out',
        out,
      ],
      () => undefined,
    );
    expect(results.benchmarks.map((b) => [b.name, b.error])).toEqual([
      ['reporting-turn', undefined],
      ['reminder-tick', undefined],
      ['delivery', undefined],
      ['progress', undefined],
      ['web-pages', undefined],
    ]);
    const figures = results.benchmarks.flatMap((b) => b.figures);
    expect(figures.map((f) => f.name)).toEqual([
      'reporting-turn.sqlite.p50',
      'reporting-turn.sqlite.p95',
      'reminder-tick.sqlite.wave',
      'reminder-tick.sqlite.steady',
      'delivery.sqlite.rate',
      'delivery.sqlite.429',
      'progress.sqlite.tiendo.p95',
      'progress.chart.p95',
      'progress.xlsx.p95',
      'web-pages.sqlite.form-save.p95',
      'web-pages.sqlite.dashboard.p95',
    ]);
    for (const figure of figures) {
      expect(Number.isFinite(figure.value), figure.name).toBe(true);
      expect(figure.target, figure.name).not.toBe('');
    }
    // Every reminder of the quick wave reached the fake Bot API.
    expect(figures.find((f) => f.name === 'delivery.sqlite.rate')?.label).toContain('90 reminders');
  }, 240_000);

  it('writes results.json with the machine it ran on', () => {
    const written = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
    expect(written.quick).toBe(true);
    expect(written.machine.cores).toBeGreaterThan(0);
    expect(written.machine.node).toBe(process.version);
    expect(written.benchmarks).toHaveLength(5);
  });

  it('replaces only what lies between the README markers', () => {
    const readme = join(out, 'README.md');
    writeFileSync(readme, 'before\n<!-- results:start -->\nold table\n<!-- results:end -->\nafter\n');
    writeReadmeTable(readme, results);
    const text = readFileSync(readme, 'utf8');
    expect(text.startsWith('before\n<!-- results:start -->\n')).toBe(true);
    expect(text.endsWith('<!-- results:end -->\nafter\n')).toBe(true);
    expect(text).not.toContain('old table');
    expect(text).toContain('| Reminder tick, wave');
  });

  it('knows every benchmark by name and refuses an unknown one', async () => {
    expect(BENCHMARKS.map((b) => b.name)).toEqual([
      'reporting-turn',
      'concurrent-officials',
      'reminder-tick',
      'delivery',
      'delivery-instances',
      'progress',
      'province',
      'cli-speed',
      'plan-import',
      'web-pages',
      'inbox',
    ]);
    await expect(runBench(['--only', 'nope'], () => undefined)).rejects.toThrow(/unknown benchmark nope/);
  });
});
