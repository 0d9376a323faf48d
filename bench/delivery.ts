import { pino } from 'pino';
import { enqueue, type OutboxInput } from '../src/delivery/outbox.js';
import { createTelegramSender } from '../src/channels/telegram/outbox-sender.js';
import { createDeliveryWorker } from '../src/delivery/worker.js';
import { createI18n } from '../src/i18n.js';
import { createMigratedDatabase } from '../tests/support/databases.js';
import { round, type Benchmark, type Figure } from './support/figures.js';
import { startFakeTelegram } from '../tests/support/fake-telegram/server.js';

/**
 * A reminder wave through the real worker (claims, limiter, Telegram sender, outcome records) against
 * the fake Bot API of the tests with Telegram's limits on (tests/support/fake-telegram/server.ts): more than 30 accepted messages in any
 * one-second window, or two to one chat less than a second apart, is answered 429. 3,000 messages:
 * one to each of 2,900 officials and a second one (the digest) to 100 chairmen, as on a morning after
 * a deadline. The rate is measured at the fake, from the first accepted message to the last.
 */
export const deliveryBenchmark: Benchmark = {
  name: 'delivery',
  async run({ quick, backends, log }) {
    const total = quick ? 90 : 3000;
    const doubled = quick ? 10 : 100;
    const figures: Figure[] = [];
    for (const kind of backends) {
      const [test, api] = await Promise.all([
        createMigratedDatabase(kind),
        startFakeTelegram({ limits: {} }),
      ]);
      try {
        const { db } = test.database;
        const chats = total - doubled;
        const org = await db.organization.create({ data: { code: 'tinh-bench', name: 'Tỉnh thử' } });
        const officials = Array.from({ length: chats }, (_, i) => ({
          organizationId: org.id,
          code: `cb${i}`,
          name: `Cán bộ ${i}`,
          role: i < doubled ? 'chairman' : 'officer',
        }));
        for (let i = 0; i < officials.length; i += 1000)
          await db.official.createMany({ data: officials.slice(i, i + 1000) });
        const ids = (
          await db.official.findMany({ orderBy: { code: 'asc' }, select: { id: true, code: true } })
        ).map((o) => o.id);
        const message = (key: string, official: number): OutboxInput => ({
          key,
          officialId: ids[official] as string,
          channel: 'telegram',
          chatId: String(9_000_000 + official),
          payload: {
            lines: [{ key: 'common:scope.unknown_organization', params: { code: key } }],
            choices: [],
          },
          locale: 'vi',
        });
        const wave = [
          ...Array.from({ length: chats }, (_, i) => message(`wave-${i}`, i)),
          ...Array.from({ length: doubled }, (_, i) => message(`digest-${i}`, i)),
        ];
        for (let i = 0; i < wave.length; i += 500) await enqueue(db, wave.slice(i, i + 500));

        const sender = createTelegramSender({
          token: api.token,
          apiRoot: api.apiRoot,
          i18n: createI18n('vi'),
          timeoutMs: 5000,
        });
        const worker = createDeliveryWorker({
          database: test.database,
          send: sender.send,
          workerId: 'bench',
          logger: pino({ level: 'silent' }),
          idleMs: 50,
        });
        const start = performance.now();
        worker.start();
        const deadline = Date.now() + (total / 20) * 1000 + 30_000;
        while (api.accepted.length < total && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 200));
        await worker.stop();
        const elapsedMs = performance.now() - start;
        const first = api.accepted[0]?.at ?? 0;
        const last = api.accepted.at(-1)?.at ?? 0;
        const rate = api.accepted.length > 1 ? ((api.accepted.length - 1) * 1000) / (last - first) : 0;
        const sent = await db.outboxMessage.count({ where: { status: 'sent' } });
        const violations = api.limitViolations.length;
        if (violations > 0) log(`  ${kind}: 429s: ${JSON.stringify(api.limitViolations.slice(0, 5))}`);
        log(
          `  ${kind}: ${api.accepted.length}/${total} accepted, ${sent} recorded sent, ${violations} × 429, ${round(rate, 2)} msg/s, ${round(elapsedMs / 1000)} s in all`,
        );
        figures.push(
          {
            name: `delivery.${kind}.rate`,
            label: `Delivery of ${total} reminders (${chats} chats), sustained rate, ${kind}`,
            value: round(rate, 2),
            unit: 'msg/s',
            baseline: { label: 'platform limit', value: 30, unit: 'msg/s' },
            target: '≥ 28 msg/s',
            pass: rate >= 28 && api.accepted.length === total,
          },
          {
            name: `delivery.${kind}.429`,
            label: `Delivery of ${total} reminders: 429 answers, ${kind}`,
            value: violations,
            unit: '',
            target: '0',
            pass: violations === 0,
          },
        );
      } finally {
        await api.close();
        await test.drop();
      }
    }
    return figures;
  },
};
