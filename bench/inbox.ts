import { createUpdateInbox } from '../src/services/inbox.js';
import { parsePlanText } from '../src/services/plan-file.js';
import { importPlan } from '../src/services/plan-import.js';
import { addReport } from '../src/services/reports.js';
import { createMigratedDatabase } from '../tests/support/databases.js';
import { planOf } from './plan-import.js';
import { percentile, round, timeRuns, type Benchmark, type Figure } from './support/figures.js';

/**
 * What the durable inbox (src/services/inbox.ts) adds to every update: three short writes, one after
 * the other, outside the dialog step's transaction: the update stored before it is acknowledged
 * (`store`, an INSERT … ON CONFLICT DO NOTHING), its attempt counted (`begin`) and its end recorded
 * (`finish`). One update at a time, so the figure is the latency each update pays, not a throughput.
 * The baseline is one report written the way an official's is (`addReport`: the report, its revision,
 * in one transaction), in the same run on the same database: the work the inbox guards.
 */
const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const TODAY = '2026-09-10';
/** A Telegram update as stored: about the size of a typed figure's. */
const PAYLOAD = JSON.stringify({
  update_id: 0,
  message: {
    message_id: 1,
    date: 1_789_000_000,
    chat: { id: 700_001, type: 'private', first_name: 'Cán bộ' },
    from: { id: 700_001, is_bot: false, first_name: 'Cán bộ', language_code: 'vi' },
    text: '1.250',
  },
});

export const inboxBenchmark: Benchmark = {
  name: 'inbox',
  async run({ quick, backends, log }) {
    const figures: Figure[] = [];
    const runs = quick ? 20 : 300;
    const parsed = parsePlanText(planOf(30));
    if (!parsed.ok) throw new Error('bench plan invalid');
    for (const kind of backends) {
      const test = await createMigratedDatabase(kind);
      try {
        const { db } = test.database;
        await importPlan(db, parsed.plan, { timeZone: TIME_ZONE });
        const inbox = createUpdateInbox(test.database);
        let id = 0;
        const update = await timeRuns(runs, 10, async () => {
          const key = `bench:${(id += 1)}`;
          const now = new Date();
          await inbox.store([{ channel: 'telegram', key, chatId: '700001', payload: PAYLOAD }], now, 15_000);
          await inbox.begin('telegram', key);
          await inbox.finish('telegram', key, 'handled', now);
        });
        let value = 0;
        const report = await timeRuns(runs, 10, () =>
          addReport(db, {
            officialCode: 'tckt',
            indicatorCode: `B${value % 30}`,
            periodKey: '2026-Q3',
            valueText: String((value += 1)),
            channel: 'cli',
            today: TODAY,
          }),
        );
        const [p50, p95, base] = [percentile(update, 50), percentile(update, 95), percentile(report, 50)];
        log(
          `  ${kind}: inbox per update p50 ${round(p50, 2)} ms, p95 ${round(p95, 2)} ms; one report ${round(base, 2)} ms`,
        );
        figures.push({
          name: `inbox.${kind}.per-update`,
          label: `Durable inbox, its three writes per update (store, begin, finish), ${kind}, p50 (p95 ${round(p95, 2)} ms)`,
          value: round(p50, 2),
          unit: 'ms',
          baseline: { label: 'one report written (addReport), p50', value: round(base, 2), unit: 'ms' },
          target: 'measured (issue 14)',
          pass: null,
          note: `${round(p50 / base, 2)} × one report's write`,
        });
      } finally {
        await test.drop();
      }
    }
    return figures;
  },
};
