import { Prisma } from '../src/store/generated/sqlite/client.js';
import { reminderTick, type TickOptions } from '../src/services/reminders.js';
import type { Db } from '../src/store/database.js';
import { percentile, round, timeRuns, type Benchmark, type Figure } from './support/figures.js';
import { seedProvince, TIME_ZONE } from './support/seeded.js';

/**
 * The reminder tick for one province (3,000 officials × 30 indicators: 100 communes of 30 officials,
 * 60 % of the third quarter reported) the morning after the Q3 deadline, when every official with a
 * gap is late: on SQLite and on PostgreSQL, against the one SQL query that lists the late
 * (assignment, period) pairs — the least any tick has to read.
 *
 * Two tick figures: the wave (the first tick of the morning, which queues a reminder per late official
 * and a digest per chairman) and the steady tick (the same tick 5 minutes later: everything is already
 * queued, nothing is written) — the one the scheduler runs all day.
 */

/** Tuesday 15 September 2026, 09:00 in Hanoi: Q3 was due Monday 14/09 at 17:00. */
const AT = new Date('2026-09-15T02:00:00Z');
/** The watch window of the tick: deadlines up to 21 days back (WATCH_AFTER_END_DAYS). */
const WATCH_FROM = new Date(AT.getTime() - 21 * 86_400_000);

/** The late ones, as rows: assignments (not archived) of a period whose deadline has passed within the window, without a report. */
async function lateOnes(db: Db): Promise<number> {
  const rows = await db.$queryRaw<{ officialId: string; indicatorId: string; periodId: string }[]>(Prisma.sql`
    SELECT a."officialId", a."indicatorId", p."id" AS "periodId"
    FROM "Assignment" a
    JOIN "Indicator" i ON i."id" = a."indicatorId" AND i."archivedAt" IS NULL
    JOIN "Period" p ON p."campaignId" = i."campaignId" AND p."deadlineAt" < ${AT} AND p."deadlineAt" >= ${WATCH_FROM}
    LEFT JOIN "Report" r ON r."indicatorId" = a."indicatorId" AND r."periodId" = p."id" AND r."officialId" = a."officialId"
    WHERE r."id" IS NULL`);
  return rows.length;
}

function tickOptions(): TickOptions {
  return {
    at: AT,
    timeZone: TIME_ZONE,
    officeHours: { start: '07:30', end: '17:00' },
    served: ['telegram'],
    preference: 'last_used',
    defaultLocale: 'vi',
    dryRun: false,
  };
}

export const reminderTickBenchmark: Benchmark = {
  name: 'reminder-tick',
  async run({ quick, backends, log }) {
    const shape = quick
      ? { communes: 3, officialsPerCommune: 10, indicatorsPerCommune: 10, year: 2026 }
      : { communes: 100, officialsPerCommune: 30, indicatorsPerCommune: 30, year: 2026 };
    const runs = quick ? 2 : 5;
    const figures: Figure[] = [];
    for (const kind of backends) {
      const province = await seedProvince(
        kind,
        shape,
        { period: '2026-Q3', percent: 60 },
        { beforeStart: true },
      );
      try {
        const { db } = province.database;
        log(
          `  ${kind}: ${province.officials} officials, ${province.assignments} assignments, ${province.reports} reports inserted in ${round(province.setupMs / 1000)} s`,
        );
        const query = await timeRuns(runs * 2, 1, () => lateOnes(db));
        const late = await lateOnes(db);
        // The wave: the outbox is emptied before each run (not timed) so every run queues the same messages.
        const wave: number[] = [];
        let result = await reminderTick(db, tickOptions());
        for (let i = 0; i < runs; i += 1) {
          await db.outboxMessage.deleteMany();
          const start = performance.now();
          result = await reminderTick(db, tickOptions());
          wave.push(performance.now() - start);
        }
        const missing = result.messages
          .filter((m) => m.kind === 'reminder')
          .reduce((sum, m) => sum + m.missing.length, 0);
        if (missing !== late) throw new Error(`the tick saw ${missing} late assignments, the query ${late}`);
        const steady = await timeRuns(runs, 0, () => reminderTick(db, tickOptions()));
        const queryMs = percentile(query, 50);
        const waveMs = percentile(wave, 50);
        const steadyMs = percentile(steady, 50);
        log(
          `  ${kind}: ${late} late assignments, ${result.queued} messages queued; query ${round(queryMs)} ms, wave ${round(waveMs)} ms, steady ${round(steadyMs)} ms`,
        );
        const baseline = { label: 'late-ones SQL query', value: round(queryMs), unit: 'ms' };
        const target = '≤ 1000 ms and ≤ 2 × query';
        figures.push(
          {
            name: `reminder-tick.${kind}.wave`,
            label: `Reminder tick, wave (${province.officials} officials, ${result.queued} messages queued), ${kind}, median`,
            value: round(waveMs),
            unit: 'ms',
            baseline,
            target,
            pass: waveMs <= 1000 && waveMs <= 2 * queryMs,
          },
          {
            name: `reminder-tick.${kind}.steady`,
            label: `Reminder tick, steady (all already queued), ${kind}, median`,
            value: round(steadyMs),
            unit: 'ms',
            baseline,
            target,
            pass: steadyMs <= 1000 && steadyMs <= 2 * queryMs,
          },
        );
      } finally {
        await province.drop();
      }
    }
    return figures;
  },
};
