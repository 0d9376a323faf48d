import type { Config } from '../config.js';
import type { ChannelName } from '../dialog/types.js';
import type { I18n } from '../i18n.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { createWebLinkFor, webLinkUrl } from '../services/web-links.js';
import type { Database } from '../store/database.js';
import type { Webhooks } from '../webhooks.js';
import { createWebServer } from './server.js';

export interface RunningWebServer {
  /** where this process listens, http://host:port */
  localUrl: string;
  close(): Promise<void>;
}

export interface StartWebDeps {
  database: Database;
  config: Config;
  i18n: I18n;
  logger: Logger;
  metrics: Metrics;
  print(text: string): void;
  now(): Date;
  channelsReady(): boolean;
  /** print ready-made links for the first officer and the chairman (the console's quick start) */
  readyLinks: boolean;
  /** the webhook paths of the configured channels */
  webhooks: Webhooks;
}

function servedChannels(config: Config): ChannelName[] {
  return [...(config.telegram ? (['telegram'] as const) : []), ...(config.zalo ? (['zalo'] as const) : [])];
}

function isAddressInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE';
}

/**
 * Starts the web server for `tiendo start` and says where it is. When its port is taken and the pages
 * are only local (no TIENDO_PUBLIC_URL, no webhook) the bot goes on without them, saying so; with a
 * public address or a webhook the operator relies on the server, so the start fails.
 */
export async function startWebServer(deps: StartWebDeps): Promise<RunningWebServer | null> {
  const { config, i18n } = deps;
  const app = await createWebServer({
    database: deps.database,
    config,
    i18n,
    logger: deps.logger,
    metrics: deps.metrics,
    now: () => deps.now(),
    served: servedChannels(config),
    channelsReady: () => deps.channelsReady(),
    webhooks: deps.webhooks,
  });
  try {
    await app.listen({ port: config.web.port, host: config.web.host });
  } catch (error) {
    await app.close();
    if (!isAddressInUse(error) || config.web.publicUrl || deps.webhooks.slots.length > 0) throw error;
    deps.print(i18n.t('web:start.busy', { host: config.web.host, port: config.web.port }));
    return null;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.web.port;
  const host = ['0.0.0.0', '::'].includes(config.web.host) ? '127.0.0.1' : config.web.host;
  const localUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  await printWhere(deps, localUrl);
  return { localUrl, close: () => app.close() };
}

async function printWhere(deps: StartWebDeps, localUrl: string): Promise<void> {
  const { config, i18n, database } = deps;
  const { db } = database;
  if (config.web.publicUrl) {
    deps.print(i18n.t('web:start.public', { url: `${config.web.publicUrl}/`, local: localUrl }));
    return;
  }
  const officer = await db.official.findFirst({
    where: { active: true, role: 'officer', assignments: { some: {} } },
    orderBy: [{ organization: { code: 'asc' } }, { code: 'asc' }],
  });
  deps.print(i18n.t('web:start.local', { url: `${localUrl}/`, official: officer?.code ?? 'CODE' }));
  if (!deps.readyLinks) return;
  const chairman = await db.official.findFirst({
    where: { active: true, role: 'chairman', ...(officer ? { organizationId: officer.organizationId } : {}) },
    orderBy: { code: 'asc' },
  });
  const ready = [
    ...(officer ? [{ official: officer, purpose: 'report' as const }] : []),
    ...(chairman ? [{ official: chairman, purpose: 'dashboard' as const }] : []),
  ];
  for (const { official, purpose } of ready) {
    const link = await createWebLinkFor(db, official.id, purpose, deps.now(), config.web.linkTtlHours);
    deps.print(
      i18n.t(`web:start.ready.${purpose}`, { name: official.name, url: webLinkUrl(localUrl, link.path) }),
    );
  }
}
