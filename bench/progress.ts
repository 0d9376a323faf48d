import { createDialogEngine } from '../src/dialog/engine.js';
import { createI18n } from '../src/i18n.js';
import { renderProgressChart, renderProgressChartPage } from '../src/reports/progress-chart.js';
import { renderProgressXlsx } from '../src/reports/progress-xlsx.js';
import { campaignProgress } from '../src/services/progress.js';
import { createDialogStore } from '../src/services/dialog-store/index.js';
import { percentile, round, timeRuns, type Benchmark, type Figure } from './support/figures.js';
import { communeCode, telegramUserId } from './support/province.js';
import { seedProvince, TIME_ZONE } from './support/seeded.js';

/**
 * The chairman's `/tiendo` for a commune of 40 indicators and 30 officials (every indicator assigned to
 * every official, 60 % of the third quarter reported): the whole dialog turn — claim the update, find
 * the official, load and evaluate the campaign, build the summary, save the state — as the engine runs
 * it, without the channel. Then the chart (PNG through resvg) and the Excel file for the same data.
 */

/** Thursday 10 September 2026, 09:00 in Hanoi: Q3 is open, due 14/09. */
const AT = new Date('2026-09-10T02:00:00Z');

export const progressBenchmark: Benchmark = {
  name: 'progress',
  async run({ quick, backends, log }) {
    const runs = quick ? 5 : 50;
    const figures: Figure[] = [];
    const i18n = createI18n('vi');
    for (const kind of backends) {
      const province = await seedProvince(
        kind,
        { communes: 1, officialsPerCommune: 30, indicatorsPerCommune: 40, year: 2026 },
        { period: '2026-Q3', percent: 60 },
      );
      try {
        const engine = createDialogEngine({
          store: createDialogStore(province.database, TIME_ZONE),
          timeZone: TIME_ZONE,
          defaultLocale: 'vi',
          now: () => AT,
          nonce: () => 'bench',
        });
        const chairman = String(telegramUserId(0, 0));
        let update = 0;
        const tiendo = async (): Promise<void> => {
          update += 1;
          const result = await engine.handle({
            channel: 'telegram',
            updateKey: `bench:${update}`,
            chatId: chairman,
            userId: chairman,
            input: { kind: 'command', command: 'tiendo', args: '' },
            receivedAt: AT,
          });
          if (result.replies.length === 0) throw new Error('/tiendo gave no reply');
        };
        const command = await timeRuns(runs, 5, tiendo);
        const data = await campaignProgress(province.database.db, {
          organizationCode: communeCode(0),
          today: '2026-09-10',
          at: AT,
          timeZone: TIME_ZONE,
        });
        if (data.progress.indicators.length !== 40)
          throw new Error(`expected 40 indicators, got ${data.progress.indicators.length}`);
        const chartOptions = { i18n, locale: 'vi' as const, timeZone: TIME_ZONE };
        let pages = 0;
        const chart = await timeRuns(quick ? 2 : 20, 1, async () => {
          pages = (await renderProgressChart(data, chartOptions)).length;
        });
        // The baseline: one page of the same chart, what a chart of ~20 indicators costs.
        const firstPage = await timeRuns(quick ? 2 : 20, 1, () =>
          renderProgressChartPage(data, chartOptions, 1),
        );
        const xlsx = await timeRuns(quick ? 2 : 20, 1, () =>
          renderProgressXlsx(data, { i18n, locale: 'vi', timeZone: TIME_ZONE, generatedAt: AT }),
        );
        const p95 = percentile(command, 95);
        log(
          `  ${kind}: /tiendo p50 ${round(percentile(command, 50))} ms p95 ${round(p95)} ms; chart p95 ${round(percentile(chart, 95))} ms; xlsx p95 ${round(percentile(xlsx, 95))} ms`,
        );
        figures.push({
          name: `progress.${kind}.tiendo.p95`,
          label: `/tiendo, 40 indicators × 30 officials, whole dialog turn, ${kind}, p95 (p50 ${round(percentile(command, 50))} ms)`,
          value: round(p95),
          unit: 'ms',
          target: '≤ 50 ms',
          pass: p95 <= 50,
        });
        // The renderers do not touch the database: one backend is enough for them.
        if (kind === backends[0]) {
          const chartP95 = percentile(chart, 95);
          const xlsxP95 = percentile(xlsx, 95);
          figures.push(
            {
              name: 'progress.chart.p95',
              label: `Progress chart (PNG), 40 indicators: all ${pages} pages, p95`,
              value: round(chartP95),
              unit: 'ms',
              baseline: {
                label: 'its first page alone, p95',
                value: round(percentile(firstPage, 95)),
                unit: 'ms',
              },
              target: '≤ 300 ms',
              pass: chartP95 <= 300,
            },
            {
              name: 'progress.xlsx.p95',
              label: 'Excel report, 40 indicators × 30 officials, p95',
              value: round(xlsxP95),
              unit: 'ms',
              target: '≤ 500 ms',
              pass: xlsxP95 <= 500,
            },
          );
        }
      } finally {
        await province.drop();
      }
    }
    return figures;
  },
};
