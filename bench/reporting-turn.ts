import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { createTelegramChannel } from '../src/channels/telegram/adapter.js';
import { createDialogEngine } from '../src/dialog/engine.js';
import { createI18n } from '../src/i18n.js';
import { createDialogStore } from '../src/services/dialog-store/index.js';
import { startFakeTelegram } from '../tests/support/fake-telegram/server.js';
import { startEchoBot } from './support/echo-bot.js';
import { percentile, round, type Benchmark, type Figure } from './support/figures.js';
import { watchReplies } from './support/inbox.js';
import {
  echoEverything,
  plausibleValue,
  reportEverything,
  type StepSamples,
} from './support/official-script.js';
import { telegramUserId } from './support/province.js';
import { seedProvince, TIME_ZONE } from './support/seeded.js';

/**
 * A reporting turn through the fake Telegram Bot API (tests/support/fake-telegram), one official at a
 * time: the figure → its confirmation (parse, plausibility), then "Đúng" → "Đã ghi" (store a report and
 * its revision, ask the next one). The turn is the sum of the two steps. The baseline is a bare telegraf
 * echo bot on the same fake, in the same process, fed by the same long-polling loop (pause 5 ms after an
 * empty poll for both), answering the same two updates with one message each.
 */

const AT = new Date('2026-09-10T02:00:00Z');
const POLL_IDLE_MS = 5;

function turns(samples: StepSamples): number[] {
  return samples.answer.map((answer, i) => answer + (samples.confirm[i] ?? 0));
}

export const reportingTurnBenchmark: Benchmark = {
  name: 'reporting-turn',
  async run({ quick, backends, log }) {
    const officials = quick ? 2 : 10;
    const indicators = quick ? 3 : 30;
    const figures: Figure[] = [];
    // one fake for both bots, each with its own token (the fake serves any token)
    const telegram = await startFakeTelegram();
    const inbox = watchReplies(telegram);
    try {
      // The baseline first, on a quiet fake; a warm-up official is not counted.
      const echoToken = '910001:bench-echo-baseline-token-000';
      const echo = startEchoBot({ token: echoToken, apiRoot: telegram.apiRoot, pollIdleMs: POLL_IDLE_MS });
      const echoSamples: StepSamples = { answer: [], confirm: [] };
      try {
        await echoEverything({
          user: telegram.user(8_999_999),
          inbox,
          indicators: 5,
          thinkMs: 0,
          timeoutMs: 10_000,
          samples: { answer: [], confirm: [] },
        });
        for (let o = 0; o < officials; o += 1) {
          await echoEverything({
            user: telegram.user(8_000_000 + o),
            inbox,
            indicators,
            thinkMs: 0,
            timeoutMs: 10_000,
            samples: echoSamples,
          });
        }
      } finally {
        await echo.stop();
      }
      const echoTurn = turns(echoSamples);
      log(
        `  echo: turn p50 ${round(percentile(echoTurn, 50))} ms, p95 ${round(percentile(echoTurn, 95))} ms (${echoTurn.length} turns)`,
      );

      for (const kind of backends) {
        const province = await seedProvince(
          kind,
          { communes: 1, officialsPerCommune: officials + 1, indicatorsPerCommune: indicators, year: 2026 },
          null,
        );
        const token = `92000${kind === 'sqlite' ? 1 : 2}:bench-reporting-turn-token-${kind}`;
        const dialog = createDialogEngine({
          store: createDialogStore(province.database, TIME_ZONE),
          timeZone: TIME_ZONE,
          defaultLocale: 'vi',
          now: () => AT,
          nonce: () => randomBytes(3).toString('base64url'),
        });
        // The engine's share of each update (its one database transaction and the rendering of replies).
        const engineMs: number[] = [];
        const engine: typeof dialog = {
          async handle(event) {
            const start = performance.now();
            const result = await dialog.handle(event);
            engineMs.push(performance.now() - start);
            return result;
          },
        };
        const channel = createTelegramChannel({
          config: { token, apiRoot: telegram.apiRoot, username: null, webhook: null },
          engine,
          i18n: createI18n('vi'),
          logger: pino({ level: 'silent' }),
          pollIdleMs: POLL_IDLE_MS,
          // One scripted official answers faster than a person; the flood limit is not what is measured.
          flood: { points: 1000, durationSec: 1 },
          now: () => AT,
        });
        await channel.start();
        const samples: StepSamples = { answer: [], confirm: [] };
        let engineP50 = 0;
        try {
          const user = (official: number) => telegram.user(telegramUserId(0, official));
          // The last official warms up (first queries, JIT) and is not counted.
          await reportEverything({
            user: user(officials),
            inbox,
            indicators: Math.min(indicators, 5),
            value: plausibleValue,
            thinkMs: 0,
            timeoutMs: 10_000,
            samples: { answer: [], confirm: [] },
          });
          engineMs.length = 0;
          for (let o = 0; o < officials; o += 1) {
            await reportEverything({
              user: user(o),
              inbox,
              indicators,
              value: plausibleValue,
              thinkMs: 0,
              timeoutMs: 10_000,
              samples,
            });
          }
          engineP50 = percentile(engineMs, 50);
        } finally {
          await channel.stop();
          await province.drop();
        }
        const turn = turns(samples);
        const ratio50 = percentile(turn, 50) / percentile(echoTurn, 50);
        const ratio95 = percentile(turn, 95) / percentile(echoTurn, 95);
        log(
          `  ${kind}: turn p50 ${round(percentile(turn, 50))} ms, p95 ${round(percentile(turn, 95))} ms; answer→confirmation p50 ${round(percentile(samples.answer, 50))} ms, ` +
            `Đúng→Đã ghi p50 ${round(percentile(samples.confirm, 50))} ms (${turn.length} turns); engine.handle p50 ${round(engineP50)} ms per update`,
        );
        for (const [p, ratio] of [
          [50, ratio50],
          [95, ratio95],
        ] as const) {
          figures.push({
            name: `reporting-turn.${kind}.p${p}`,
            label: `Reporting turn (figure → confirmation, Đúng → Đã ghi), ${kind}, p${p}`,
            value: round(percentile(turn, p)),
            unit: 'ms',
            baseline: {
              label: 'telegraf echo, same 2 updates',
              value: round(percentile(echoTurn, p)),
              unit: 'ms',
            },
            target: '≤ 1.3 × echo',
            pass: ratio <= 1.3,
            note: `${round(ratio, 2)} × echo; the dialog engine's transaction takes ${round(engineP50)} ms of each update (p50)`,
          });
        }
      }
    } finally {
      inbox.stop();
      await telegram.close();
    }
    return figures;
  },
};
