import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from './store/database.js';

/**
 * The process's Prometheus metrics, one registry made by the composition root and passed to whoever
 * counts something. The outbox figures are read from the database when scraped, so every instance
 * reports the same shared queue.
 */
export interface Metrics {
  registry: Registry;
  /** chat updates the dialog engine handled, by channel and outcome (ok, duplicate, error) */
  updatesHandled: Counter<'channel' | 'outcome'>;
  /** time from an update's arrival to the engine's answer, by channel */
  replyLatency: Histogram<'channel'>;
  /**
   * webhook requests by channel and outcome: stored (answered 200), secret, malformed, too_large,
   * not_stored (503: the inbox failed), unavailable (503: the channel not taking updates), failed
   */
  webhookRequests: Counter<'channel' | 'outcome'>;
  /** web requests answered, by route pattern and status class */
  webRequests: Counter<'route' | 'status'>;
  /** values stored through the web form, by outcome (created, revised) */
  webReports: Counter<'outcome'>;
}

export function createMetrics(options: { db?: Db; defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'tiendo_' });
  const { db } = options;
  if (db) {
    new Gauge({
      name: 'tiendo_outbox_depth',
      help: 'Messages waiting in the outbox (pending or being sent)',
      registers: [registry],
      async collect() {
        this.set(await db.outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } }));
      },
    });
    new Gauge({
      name: 'tiendo_deliveries',
      help: 'Outbox messages by delivery outcome (sent, failed, unreachable, pending, sending)',
      labelNames: ['outcome'],
      registers: [registry],
      async collect() {
        const rows = await db.outboxMessage.groupBy({ by: ['status'], _count: { _all: true } });
        this.reset();
        for (const row of rows) this.set({ outcome: row.status }, row._count._all);
      },
    });
    new Gauge({
      name: 'tiendo_inbox_pending',
      help: 'Updates stored and not yet handled (the durable inbox), by channel',
      labelNames: ['channel'],
      registers: [registry],
      async collect() {
        const rows = await db.inboxUpdate.groupBy({
          by: ['channel'],
          where: { status: 'pending' },
          _count: { _all: true },
        });
        this.reset();
        for (const row of rows) this.set({ channel: row.channel }, row._count._all);
      },
    });
  }
  return {
    registry,
    updatesHandled: new Counter({
      name: 'tiendo_updates_handled_total',
      help: 'Chat updates handled by the dialog engine',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    }),
    replyLatency: new Histogram({
      name: 'tiendo_reply_latency_seconds',
      help: 'Time the dialog engine took to answer an update',
      labelNames: ['channel'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    webhookRequests: new Counter({
      name: 'tiendo_webhook_requests_total',
      help: 'Webhook requests of the chat platforms, by outcome (stored: answered 200 once in the inbox)',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    }),
    webRequests: new Counter({
      name: 'tiendo_web_requests_total',
      help: 'Web requests answered',
      labelNames: ['route', 'status'],
      registers: [registry],
    }),
    webReports: new Counter({
      name: 'tiendo_web_reports_total',
      help: 'Values stored through the web form',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}
