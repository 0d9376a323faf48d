import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startFakeTelegram } from '../tests/support/fake-telegram/server.js';
import { startBotProcess } from './support/bot-process.js';
import { percentile, round, type Benchmark, type Figure } from './support/figures.js';
import { watchReplies } from './support/inbox.js';
import { plausibleValue, reportEverything, type StepSamples } from './support/official-script.js';
import { telegramUserId } from './support/province.js';
import { seedProvince, TIME_ZONE } from './support/seeded.js';

/**
 * 1,000 officials reporting at once against the bot running as `node bin/tiendo.js start` in a child
 * process (long polling on the fake Bot API, the default settings). Each official, linked beforehand, sends
 * /baocao and reports 5 indicators (figure, then "Đúng"), pausing 700 ms before each update as a quick
 * typist would — under the flood limit of 5 updates in 3 s, so nothing is dropped. All start within the
 * first second. Throughput is reports stored per second from the first update to the last "Đã ghi";
 * latency is per update, to the first reply; memory is the child's peak resident set (VmHWM).
 *
 * The load generator (the fake Bot API + simulated officials) runs in this process: its CPU share and its event
 * loop delay are reported beside the figures, to show it was not the bottleneck.
 */

const INDICATORS = 5;
const THINK_MS = 700;

export const concurrentOfficialsBenchmark: Benchmark = {
  name: 'concurrent-officials',
  async run({ quick, backends, log }) {
    const count = quick ? 20 : 1000;
    const perCommune = 30;
    const communes = Math.ceil(count / perCommune);
    const year = Number(
      new Intl.DateTimeFormat('en-GB', { year: 'numeric', timeZone: TIME_ZONE }).format(new Date()),
    );
    const figures: Figure[] = [];
    for (const kind of backends) {
      const province = await seedProvince(
        kind,
        { communes, officialsPerCommune: perCommune, indicatorsPerCommune: INDICATORS, year },
        null,
      );
      log(`  ${kind}: ${province.officials} officials linked in ${round(province.setupMs / 1000)} s`);
      const token = `93000${kind === 'sqlite' ? 1 : 2}:bench-concurrent-officials-${kind}`;
      const telegram = await startFakeTelegram({ token });
      const inbox = watchReplies(telegram);
      const logPath = join(tmpdir(), `tiendo-bench-bot-${kind}.log`);
      const bot = await startBotProcess({
        databaseUrl: province.url,
        token,
        apiRoot: telegram.apiRoot,
        timeZone: TIME_ZONE,
        logPath,
      });
      try {
        const idleMiB = bot.memory().rssMiB;
        const samples: StepSamples = { answer: [], confirm: [] };
        const loopDelay = monitorEventLoopDelay({ resolution: 10 });
        loopDelay.enable();
        const cpuBefore = process.cpuUsage();
        const botCpuBefore = bot.cpuSeconds();
        let peakRss = 0;
        const sampler = setInterval(() => {
          peakRss = Math.max(peakRss, bot.memory().rssMiB);
        }, 250);
        const start = performance.now();
        const failures: string[] = [];
        await Promise.all(
          Array.from({ length: count }, async (_, i) => {
            await new Promise((resolve) => setTimeout(resolve, Math.floor((i * 1000) / count)));
            const user = telegram.user(telegramUserId(Math.floor(i / perCommune), i % perCommune));
            await reportEverything({
              user,
              inbox,
              indicators: INDICATORS,
              value: plausibleValue,
              thinkMs: THINK_MS,
              timeoutMs: 300_000,
              samples,
            }).catch((error: unknown) => {
              failures.push(String(error));
            });
          }),
        );
        const wallMs = performance.now() - start;
        clearInterval(sampler);
        loopDelay.disable();
        const cpu = process.cpuUsage(cpuBefore);
        const generatorCpu = (cpu.user + cpu.system) / 1000 / wallMs;
        const botCpu = ((bot.cpuSeconds() - botCpuBefore) * 1000) / wallMs;
        const { peakMiB } = bot.memory();
        const stored = await province.database.db.report.count();
        if (failures.length > 0) {
          const reasons = new Map<string, number>();
          for (const failure of failures) {
            const reason = failure
              .replace(/chat \d+/, 'chat N')
              .replace(/got \[.*$/, '')
              .slice(0, 110);
            reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
          }
          log(
            `  ${kind}: ${failures.length} officials failed: ${[...reasons].map(([reason, n]) => `${n} × ${reason}`).join('; ')}; the bot's log: ${logPath}`,
          );
        }
        const updates = samples.answer.length + samples.confirm.length;
        const latencies = [...samples.answer, ...samples.confirm];
        const throughput = (stored * 1000) / wallMs;
        const p95 = percentile(latencies, 95);
        const generator = `load generator: ${round(generatorCpu * 100)} % of a core, event-loop delay p99 ${round(loopDelay.percentile(99) / 1e6)} ms; bot process ${round(botCpu * 100)} % of a core`;
        log(
          `  ${kind}: ${stored}/${count * INDICATORS} reports in ${round(wallMs / 1000)} s = ${round(throughput)} reports/s, ${round((updates * 1000) / wallMs)} updates/s; ` +
            `latency p50 ${round(percentile(latencies, 50))} ms p95 ${round(p95)} ms; RSS idle ${round(idleMiB)} MiB, peak ${round(peakMiB)} MiB (sampled ${round(peakRss)}); ${generator}`,
        );
        const complete = failures.length === 0 && stored === count * INDICATORS;
        figures.push(
          {
            name: `concurrent-officials.${kind}.throughput`,
            label: `${count} officials at once (${INDICATORS} indicators each, 700 ms think time), ${kind}: reports stored per second`,
            value: round(throughput),
            unit: 'reports/s',
            target: `all ${count * INDICATORS} stored`,
            pass: complete,
            note: `${round((updates * 1000) / wallMs)} updates/s; ${generator}${failures.length > 0 ? `; ${failures.length} officials could not finish (see the log)` : ''}`,
          },
          {
            name: `concurrent-officials.${kind}.p95`,
            label: `${count} officials at once, ${kind}: update → first reply, p95 (p50 ${round(percentile(latencies, 50))} ms)`,
            value: round(p95),
            unit: 'ms',
            target: 'reported',
            pass: null,
          },
          {
            name: `concurrent-officials.${kind}.peak-rss`,
            label: `${count} officials at once, ${kind}: bot process peak RSS (VmHWM; idle ${round(idleMiB)} MiB)`,
            value: round(peakMiB),
            unit: 'MiB',
            target: '≤ 150 MB',
            pass: peakMiB * 1.048576 <= 150,
          },
        );
      } finally {
        await bot.stop();
        inbox.stop();
        await telegram.close();
        await province.drop();
      }
    }
    return figures;
  },
};
