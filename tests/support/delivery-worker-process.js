// A delivery worker alone in its process, for the crash tests: it sends the outbox of DATABASE_URL to
// the fake Telegram API at FAKE_API_ROOT until it is killed. Plain JavaScript on the compiled code
// (dist/, brought up to date by the tests' globalSetup), as the bot runs in production.
import { pino } from 'pino';
import { createTelegramSender } from '../../dist/channels/telegram/outbox-sender.js';
import { createDeliveryWorker } from '../../dist/delivery/worker.js';
import { createI18n } from '../../dist/i18n.js';
import { openDatabase } from '../../dist/store/database.js';

const database = await openDatabase(process.env.DATABASE_URL ?? '');
const sender = createTelegramSender({
  token: process.env.FAKE_TOKEN ?? '',
  apiRoot: process.env.FAKE_API_ROOT ?? '',
  i18n: createI18n('vi'),
  timeoutMs: 5000,
});
const worker = createDeliveryWorker({
  database,
  send: (m, c) => sender.send(m, c),
  workerId: `crash-test-${process.pid}`,
  logger: pino({ level: 'silent' }),
  leaseMs: Number(process.env.LEASE_MS ?? 2000),
});
worker.start();
process.stdout.write('started\n');
