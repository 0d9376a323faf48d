import { pino } from 'pino';
import { createTelegramSender } from '../src/channels/telegram/outbox-sender.js';
import { enqueue } from '../src/delivery/outbox.js';
import { createDeliveryWorker } from '../src/delivery/worker.js';
import { createI18n } from '../src/i18n.js';
import { openDatabase, type Database } from '../src/store/database.js';
import { createMigratedDatabase } from '../tests/support/databases.js';
import { startFakeTelegram } from '../tests/support/fake-telegram/server.js';
import { round, type Benchmark, type Figure } from './support/figures.js';

/**
 * One token, one PostgreSQL database, one or two instances (each its own pool and worker, the limits
 * shared in the database: src/store/shared-limits.ts) delivering a wave against the fake Telegram that
 * enforces 30/s and 1/s per chat. The figure is the combined rate at the fake, first to last accepted;
 * the baseline is one instance in the same run, and the note one instance with its limits in memory (the
 * machine's ceiling at that moment). Issue 14: two instances must keep 0 × 429 and ≥ 28/s.
 */
async function wave(url: string, instances: number, total: number, shared = true) {
  const api = await startFakeTelegram({ limits: {} });
  const databases: Database[] = [];
  // each wave its own organization, chats and keys in the one database
  const tag = `${instances}${shared ? 's' : 'm'}`;
  const chatBase = 7_000_000 + instances * 100_000 + (shared ? 0 : 50_000);
  try {
    for (let i = 0; i < instances; i += 1) databases.push(await openDatabase(url));
    const db = (databases[0] as Database).db;
    const org = await db.organization.create({ data: { code: `tinh-${tag}`, name: 'Tỉnh thử' } });
    await db.official.createMany({
      data: Array.from({ length: total }, (_, i) => ({
        organizationId: org.id,
        code: `cb${tag}-${i}`,
        name: `Cán bộ ${i}`,
        role: 'officer',
      })),
    });
    const ids = (await db.official.findMany({ where: { organizationId: org.id }, select: { id: true } })).map(
      (o) => o.id,
    );
    const messages = ids.map((officialId, i) => ({
      key: `wave-${tag}-${i}`,
      officialId,
      channel: 'telegram' as const,
      chatId: String(chatBase + i),
      payload: {
        lines: [{ key: 'common:scope.unknown_organization', params: { code: `${i}` } }],
        choices: [],
      },
      locale: 'vi' as const,
    }));
    for (let i = 0; i < messages.length; i += 500) await enqueue(db, messages.slice(i, i + 500));
    const sender = createTelegramSender({
      token: api.token,
      apiRoot: api.apiRoot,
      i18n: createI18n('vi'),
      timeoutMs: 5000,
    });
    const workers = databases.map((database, i) =>
      createDeliveryWorker({
        database,
        send: sender.send,
        workerId: `bench-${tag}-${i}`,
        logger: pino({ level: 'silent' }),
        idleMs: 50,
        shared: shared
          ? database.shared && { ...database.shared, scope: `telegram-bench-${instances}` }
          : undefined,
      }),
    );
    for (const worker of workers) worker.start();
    const deadline = Date.now() + (total / 20) * 1000 + 30_000;
    while (api.accepted.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await Promise.all(workers.map((worker) => worker.stop()));
    const first = api.accepted[0]?.at ?? 0;
    const last = api.accepted.at(-1)?.at ?? 0;
    const rate = api.accepted.length > 1 ? ((api.accepted.length - 1) * 1000) / (last - first) : 0;
    const answered429 = api.calls.filter((call) => call.status === 429).length;
    return { rate, accepted: api.accepted.length, answered429 };
  } finally {
    await api.close();
    for (const database of databases) await database.close();
  }
}

export const deliveryInstancesBenchmark: Benchmark = {
  name: 'delivery-instances',
  async run({ quick, backends, log }) {
    if (!backends.includes('postgres')) return [];
    const total = quick ? 150 : 1500;
    const test = await createMigratedDatabase('postgres');
    try {
      await test.database.close();
      const memory = await wave(test.url, 1, total, false);
      const one = await wave(test.url, 1, total);
      const two = await wave(test.url, 2, total);
      log(`  one instance, limits in memory: ${round(memory.rate, 2)} msg/s, ${memory.answered429} × 429`);
      log(`  one instance: ${round(one.rate, 2)} msg/s, ${one.answered429} × 429`);
      log(`  two instances: ${round(two.rate, 2)} msg/s, ${two.answered429} × 429, ${two.accepted}/${total}`);
      const figures: Figure[] = [
        {
          name: 'delivery.postgres.two-instances.rate',
          label: `Two instances on one token, ${total} reminders, combined rate (limits shared in PostgreSQL)`,
          value: round(two.rate, 2),
          unit: 'msg/s',
          baseline: { label: 'one instance, same run', value: round(one.rate, 2), unit: 'msg/s' },
          target: '≥ 28 msg/s',
          pass: two.rate >= 28 && two.accepted === total,
          // what this machine allowed at that moment: the limiter's own ceiling, nothing shared
          note: `one instance with its limits in memory, same run: ${round(memory.rate, 2)} msg/s`,
        },
        {
          name: 'delivery.postgres.two-instances.429',
          label: `Two instances on one token, ${total} reminders: 429 answers`,
          value: two.answered429,
          unit: '',
          target: '0',
          pass: two.answered429 === 0,
        },
      ];
      return figures;
    } finally {
      await test.drop();
    }
  },
};
