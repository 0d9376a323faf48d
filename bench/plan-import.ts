import { readFileSync } from 'node:fs';
import { parsePlanText } from '../src/services/plan-file.js';
import { importPlan, prepareImport, writeImport } from '../src/services/plan-import.js';
import { addReport } from '../src/services/reports.js';
import { createMigratedDatabase } from '../tests/support/databases.js';
import { percentile, round, timeRuns, type Benchmark, type Figure } from './support/figures.js';

/**
 * How long `plan import` of a normal plan (300 indicators) holds the database's write lock, which is
 * the time every report sent meanwhile waits (issue 14: 20,000 indicators held SQLite's lock for 61 s).
 * The import reads and compares first, holding no lock (`prepareImport`), then writes in one
 * transaction (`writeImport`): the lock is that transaction. First import (all created), and the whole
 * import with its reading; the same file again (all compared, nothing written: no transaction at all).
 * The baseline is one report written the way an official's is.
 */

const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const TODAY = '2026-09-10';

/** The demo plan with `count` indicators, each assigned to the demo's finance officer. */
export function planOf(count: number): string {
  const demo = readFileSync(new URL('../examples/plans/demo.yaml', import.meta.url), 'utf8');
  const head = demo.split(/^indicators:/m)[0] ?? '';
  const items = Array.from(
    { length: count },
    (_, i) =>
      `  - { code: B${i}, name: 'Chỉ tiêu số ${i}', category: 'Kinh tế', unit: hộ, measure: cumulative, target: '>= ${i + 1}', assignees: [tckt] }`,
  );
  return `${head}indicators:\n${items.join('\n')}\n`;
}

export const planImportBenchmark: Benchmark = {
  name: 'plan-import',
  async run({ quick, backends, log }) {
    const figures: Figure[] = [];
    const indicators = 300;
    const parsed = parsePlanText(planOf(indicators));
    if (!parsed.ok) throw new Error(`bench plan invalid: ${JSON.stringify(parsed.problems[0])}`);
    for (const kind of backends) {
      const test = await createMigratedDatabase(kind);
      try {
        const { db } = test.database;
        // the client's first query starts its engine: not the import's time
        await db.organization.count();
        const started = performance.now();
        const prepared = await prepareImport(db, parsed.plan, { timeZone: TIME_ZONE });
        const first = await timeRuns(1, 0, () => writeImport(db, prepared));
        const whole = performance.now() - started;
        const again = await timeRuns(quick ? 2 : 5, 0, () =>
          importPlan(db, parsed.plan, { timeZone: TIME_ZONE }),
        );
        let value = 0;
        const report = await timeRuns(quick ? 5 : 30, 2, () =>
          addReport(db, {
            officialCode: 'tckt',
            indicatorCode: `B${value % indicators}`,
            periodKey: '2026-Q3',
            valueText: String(++value),
            channel: 'cli',
            today: TODAY,
          }),
        );
        const baseline = { label: 'one report written', value: round(percentile(report, 50)), unit: 'ms' };
        log(
          `${kind}: first import ${round(whole)} ms, its lock ${round(first[0] ?? 0)} ms; again ${round(percentile(again, 50))} ms`,
        );
        figures.push(
          {
            name: `plan-import.${kind}.first`,
            label: `${indicators}-indicator plan imported, lock held (${kind})`,
            value: round(first[0] ?? 0),
            unit: 'ms',
            baseline,
            target: '< 1000 ms',
            pass: (first[0] ?? 0) < 1000,
          },
          {
            name: `plan-import.${kind}.first-whole`,
            label: `${indicators}-indicator plan imported, reading included, no lock held while reading (${kind})`,
            value: round(whole),
            unit: 'ms',
            baseline,
            target: '< 5000 ms (a command, not a lock)',
            pass: whole < 5000,
          },
          {
            name: `plan-import.${kind}.again`,
            label: `the same plan again, all read and compared (no write, no lock) (${kind})`,
            value: round(percentile(again, 50)),
            unit: 'ms',
            baseline,
            target: '< 1000 ms',
            pass: percentile(again, 50) < 1000,
          },
        );
      } finally {
        await test.drop();
      }
    }
    return figures;
  },
};
