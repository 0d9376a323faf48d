import type { ZaloConfig } from '../../config.js';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { DialogEngine, DialogResult, InboundEvent, Locale, OutboundMessage } from '../../dialog/types.js';
import type { Message } from '../../domain/message.js';
import type { I18n } from '../../i18n.js';
import type { Logger } from '../../logger.js';
import { createChatQueue } from '../telegram/chat-queue.js';
import { createFloodGate, DEFAULT_FLOOD, type FloodOptions, type FloodVerdict } from '../telegram/flood.js';
import { createZaloApi, ZaloApiError } from './api.js';
import { renderOutbound } from './render.js';
import { toInboundEvent, unwrapUpdate, zaloBotId, type OfferedChoices } from './updates.js';

/**
 * The Zalo channel: receives updates (long polling over getUpdates, one update per call, or a webhook
 * server when configured), passes each to the dialog engine in its chat's queue, and sends the replies as
 * plain texts. The engine dedupes (updateKey `<botId>:<message_id>`), decides and remembers.
 *
 * Zalo has no buttons: the adapter remembers, per chat, the choices of the last message it sent, to read
 * "1" or "bỏ qua" back as a choice (see updates.ts). That memory is in this process only: after a restart,
 * or on another instance behind a load balancer, a number answering an earlier message is read as text.
 */

export type { ZaloConfig };

export interface ZaloChannelOptions {
  config: ZaloConfig;
  engine: DialogEngine;
  i18n: I18n;
  logger: Logger;
  /** Pause after an empty getUpdates (408), in ms (default 0: Zalo long-polls, so poll again at once). */
  pollIdleMs?: number;
  /** The long-polling timeout asked of Zalo, in seconds (default 30). */
  pollTimeoutSec?: number;
  /** Back-off after a failed getUpdates or setWebhook: doubles from `initialMs` up to `maxMs`. */
  retry?: { initialMs: number; maxMs: number };
  /** Per-user flood limit (default 5 updates per 3 s). */
  flood?: FloodOptions;
  /** The language of the channel's own notices to a chat the engine has not answered yet (default vi). */
  defaultLocale?: Locale;
  now?: () => Date;
}

export interface ZaloChannel {
  start(): Promise<void>;
  /** Stops receiving, lets the updates already received finish (waiting at most 10 s). Idempotent. */
  stop(): Promise<void>;
  /** The bot's name from getMe once started (account_name or display_name), else undefined. */
  readonly botName: string | undefined;
}

const MAX_PENDING = 1000;
const MAX_WEBHOOK_BODY = 1024 * 1024;
const STARTUP_CALL_TIMEOUT_MS = 15_000;
const STOP_DRAIN_MS = 10_000;
/** Chats whose last choices and language the adapter remembers. */
const CHAT_MEMORY = 10_000;

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > CHAT_MEMORY) map.delete(map.keys().next().value as string);
}

export function createZaloChannel(options: ZaloChannelOptions): ZaloChannel {
  const { config, engine, i18n, logger } = options;
  const botId = zaloBotId(config.token);
  const pollIdleMs = options.pollIdleMs ?? 0;
  const pollTimeoutSec = options.pollTimeoutSec ?? 30;
  const retry = options.retry ?? { initialMs: 1000, maxMs: 30_000 };
  const defaultLocale = options.defaultLocale ?? 'vi';
  const now = options.now ?? (() => new Date());
  const log = logger.child({ channel: 'zalo', botId });

  const api = createZaloApi({ token: config.token, apiRoot: config.apiRoot, timeoutMs: STARTUP_CALL_TIMEOUT_MS });
  const queue = createChatQueue();
  const flood = createFloodGate(options.flood ?? DEFAULT_FLOOD);
  const locales = new Map<string, Locale>();
  const offered = new Map<string, OfferedChoices>();

  let name: string | undefined;
  let state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';
  let abort = new AbortController();
  let polling: Promise<void> | null = null;
  let webhookServer: Server | null = null;
  let webhookRegistration: Promise<void> | null = null;

  function describeError(error: unknown): Record<string, unknown> {
    const redact = (text: string): string => text.split(config.token).join('<token>');
    if (error instanceof ZaloApiError) return { type: 'ZaloApiError', method: error.method, code: error.code, description: redact(error.description) };
    if (error instanceof Error) return { type: error.name, message: redact(error.message), stack: redact(error.stack ?? '') };
    return { message: redact(String(error)) };
  }

  function sleep(ms: number): Promise<boolean> {
    const signal = abort.signal;
    return new Promise((resolve) => {
      if (signal.aborted) return resolve(false);
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  function backoff(failures: number): number {
    return Math.min(retry.maxMs, retry.initialMs * 2 ** Math.max(0, failures - 1));
  }

  const localeFor = (chatId: string): Locale => locales.get(chatId) ?? defaultLocale;
  const notice = (key: string): OutboundMessage => ({ lines: [{ key }], choices: [] });

  // ——— sending ———

  /** Sends replies in order; stops at the first that Zalo refuses (the rest would follow it). */
  async function sendReplies(chatId: string, replies: OutboundMessage[], locale: Locale, updateLog: Logger): Promise<void> {
    const translate = (message: Message): string => i18n.render(message, locale);
    let lastOffered: OfferedChoices | null = null;
    for (const reply of replies) {
      let texts: string[];
      try {
        const rendered = renderOutbound(reply, translate);
        texts = rendered.texts;
        if (rendered.offered) lastOffered = rendered.offered;
      } catch (error) {
        updateLog.error({ err: describeError(error) }, 'zalo: a reply could not be rendered');
        texts = renderOutbound(notice('common:unexpected'), translate).texts;
      }
      try {
        for (const text of texts) await api.sendMessage(chatId, text);
      } catch (error) {
        updateLog.warn({ err: describeError(error) }, 'zalo: a reply could not be sent');
        return;
      }
    }
    // What the official can answer by number now: the choices of the last message that offered any. A
    // reply without choices keeps the earlier ones: the engine may be reminding of the question still
    // pending ("choose one of the options"), and a choice that no longer applies is refused by the engine
    // (its token carries the question's nonce), never applied to another question.
    if (lastOffered) remember(offered, chatId, lastOffered);
  }

  // ——— processing ———

  async function handle(update: unknown, verdict: Promise<FloodVerdict>, updateLog: Logger): Promise<void> {
    // Read now, in the chat's turn: the choices are those of the reply to the previous message.
    const event: InboundEvent | null = toInboundEvent(update, now(), botId, offeredFor(update));
    if (!event) return;
    const started = Date.now();
    const flooded = await verdict;
    if (flooded !== 'serve') {
      updateLog.info({ verdict: flooded }, 'zalo: flood, update dropped');
      if (flooded === 'notify') await sendReplies(event.chatId, [notice('channel:slow_down')], localeFor(event.chatId), updateLog);
      return;
    }
    let result: DialogResult;
    try {
      result = await engine.handle(event);
    } catch (error) {
      updateLog.error({ err: describeError(error) }, 'zalo: the dialog engine failed');
      await sendReplies(event.chatId, [notice('channel:try_again')], localeFor(event.chatId), updateLog);
      return;
    }
    remember(locales, event.chatId, result.locale);
    if (!result.duplicate) await sendReplies(event.chatId, result.replies, result.locale, updateLog);
    updateLog.info(
      { input: event.input.kind, replies: result.replies.length, duplicate: result.duplicate, ms: Date.now() - started },
      'zalo: update handled',
    );
  }

  function chatOf(update: unknown): string | null {
    const body = unwrapUpdate(update);
    const message = body?.message;
    if (typeof message !== 'object' || message === null) return null;
    const { chat, from } = message as { chat?: { id?: unknown }; from?: { id?: unknown } };
    const id = chat?.id ?? from?.id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
  }

  function offeredFor(update: unknown): OfferedChoices | null {
    const chatId = chatOf(update);
    return chatId === null ? null : (offered.get(chatId) ?? null);
  }

  /** Puts an update in its chat's queue; never waits for it, never throws. */
  function dispatch(update: unknown): void {
    try {
      // A first look for the chat and user (the queue and the flood gate); the event itself is read in turn.
      const peek = toInboundEvent(update, now(), botId, null);
      if (!peek) {
        log.debug('zalo: update ignored');
        return;
      }
      const updateLog = log.child({ updateKey: peek.updateKey, chatId: peek.chatId });
      const verdict = flood.check(peek.userId);
      queue
        .run(peek.chatId, () => handle(update, verdict, updateLog))
        .catch((error: unknown) => updateLog.error({ err: describeError(error) }, 'zalo: update failed'));
    } catch (error) {
      log.error({ err: describeError(error) }, 'zalo: update not understood');
    }
  }

  // ——— receiving: long polling ———

  async function poll(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      if (queue.pending >= MAX_PENDING) {
        await sleep(50);
        continue;
      }
      let update: unknown;
      try {
        update = await api.getUpdates(pollTimeoutSec, { signal });
        failures = 0;
      } catch (error) {
        if (signal.aborted) break;
        failures += 1;
        const wait = backoff(failures);
        log.error({ err: describeError(error), failures, retryInMs: wait }, 'zalo: getUpdates failed');
        await sleep(wait);
        continue;
      }
      if (update === null || update === undefined) {
        if (pollIdleMs > 0) await sleep(pollIdleMs);
        continue;
      }
      for (const one of Array.isArray(update) ? (update as unknown[]) : [update]) dispatch(one);
    }
  }

  // ——— receiving: webhook ———

  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

  async function readBody(req: IncomingMessage): Promise<string | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > MAX_WEBHOOK_BODY) return null;
      chunks.push(buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  function answer(res: ServerResponse, status: number): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ ok: status === 200 }));
  }

  async function onWebhookRequest(req: IncomingMessage, res: ServerResponse, path: string, secret: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://webhook');
    if (url.pathname !== path) return answer(res, 404);
    if (req.method !== 'POST') return answer(res, 405);
    const header = req.headers['x-bot-api-secret-token'];
    if (typeof header !== 'string' || !timingSafeEqual(digest(header), secret)) {
      log.warn({ remote: req.socket.remoteAddress }, 'zalo: webhook request without the right secret');
      req.resume();
      return answer(res, 401);
    }
    if (state !== 'running') return answer(res, 503);
    const body = await readBody(req);
    if (body === null) {
      res.setHeader('connection', 'close');
      return answer(res, 413);
    }
    let update: unknown;
    try {
      update = JSON.parse(body);
    } catch {
      return answer(res, 400);
    }
    answer(res, 200);
    dispatch(update);
  }

  async function listen(webhook: NonNullable<ZaloConfig['webhook']>): Promise<Server> {
    const path = new URL(webhook.url).pathname;
    const secret = digest(webhook.secret);
    const server = createServer((req, res) => {
      onWebhookRequest(req, res, path, secret).catch((error: unknown) => {
        log.error({ err: describeError(error) }, 'zalo: webhook request failed');
        if (!res.headersSent) answer(res, 500);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(webhook.port, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => log.error({ err: describeError(error) }, 'zalo: webhook server error'));
    return server;
  }

  async function registerWebhook(webhook: NonNullable<ZaloConfig['webhook']>): Promise<void> {
    for (let failures = 0; state === 'running'; ) {
      try {
        await api.setWebhook(webhook.url, webhook.secret, { signal: abort.signal });
        log.info({ url: webhook.url }, 'zalo: webhook set');
        return;
      } catch (error) {
        if (abort.signal.aborted) return;
        failures += 1;
        const wait = backoff(failures);
        log.error({ err: describeError(error), failures, retryInMs: wait }, 'zalo: setWebhook failed');
        if (!(await sleep(wait))) return;
      }
    }
  }

  async function closeServer(server: Server): Promise<void> {
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => server.closeAllConnections(), 2000);
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    });
  }

  return {
    get botName() {
      return name;
    },

    async start() {
      if (state !== 'new') throw new Error(`the Zalo channel cannot start: it is ${state}`);
      state = 'running';
      abort = new AbortController();
      try {
        const me = await api.getMe();
        const found = me.account_name ?? me.display_name;
        name = typeof found === 'string' ? found : undefined;
        log.info({ name }, 'zalo: connected');
      } catch (error) {
        log.error({ err: describeError(error) }, 'zalo: getMe failed');
      }
      const webhook = config.webhook;
      if (webhook) {
        try {
          webhookServer = await listen(webhook);
        } catch (error) {
          state = 'stopped';
          throw error;
        }
        log.info({ port: webhook.port, path: new URL(webhook.url).pathname }, 'zalo: webhook server listening');
        webhookRegistration = registerWebhook(webhook);
      } else {
        try {
          // getUpdates is refused while a webhook is set, e.g. by an earlier deployment.
          await api.deleteWebhook();
        } catch (error) {
          log.warn({ err: describeError(error) }, 'zalo: deleteWebhook failed');
        }
        polling = poll(abort.signal);
        log.info('zalo: long polling');
      }
    },

    async stop() {
      if (state !== 'running') {
        state = 'stopped';
        return;
      }
      state = 'stopping';
      abort.abort();
      await polling;
      await webhookRegistration;
      if (webhookServer) await closeServer(webhookServer);
      let drainTimer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        queue.idle().then(() => true),
        new Promise<boolean>((resolve) => {
          drainTimer = setTimeout(() => resolve(false), STOP_DRAIN_MS);
        }),
      ]);
      clearTimeout(drainTimer);
      if (!drained) log.warn({ pending: queue.pending }, 'zalo: stopped with updates still in progress');
      polling = null;
      webhookServer = null;
      webhookRegistration = null;
      state = 'stopped';
      log.info('zalo: stopped');
    },
  };
}
