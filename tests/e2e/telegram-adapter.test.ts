import { Writable } from 'node:stream';
import { pino } from 'pino';
import { Telegram } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STOP_DRAIN_MS } from '../../src/channels/lifecycle.js';
import { createTelegramChannel, type TelegramChannel } from '../../src/channels/telegram/adapter.js';
import { renderOutbound, TELEGRAM_TEXT_LIMIT } from '../../src/channels/telegram/render.js';
import type { TelegramConfig } from '../../src/config.js';
import { MENU_COMMANDS } from '../../src/dialog/commands.js';
import type {
  DialogEngine,
  DialogResult,
  InboundEvent,
  Locale,
  OutboundMessage,
} from '../../src/dialog/types.js';
import { createI18n, loadResources, type I18n } from '../../src/i18n.js';
import type { Logger } from '../../src/logger.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram/server.js';
import { createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { startWebhookHost, type WebhookHost } from '../support/webhook-host.js';

/**
 * The Telegram adapter against the fake Bot API, with a small fake dialog engine. This file's own
 * token and user/chat ids (5xxx) keep it apart from other files running at the same time.
 */

const POLL_TOKEN = '500001:e2e-telegram-adapter-polling-token';
const HOOK_TOKEN = '500002:e2e-telegram-adapter-webhook-token';
const HOOK_SECRET = 'e2e-webhook-secret-5000_abc';

// ——— a fake engine: just enough conversation to drive the adapter ———

const LONG_LINE =
  'Tổng thu ngân sách trên địa bàn: 8.540 triệu đồng, đạt 104,2 % dự toán <HĐND> & 🎉 '.repeat(2);
const LONG_REPLY: OutboundMessage = {
  lines: Array.from({ length: 60 }, (_, i) => ({
    key: 'test:echo',
    params: { text: `${i + 1}. ${LONG_LINE}` },
  })),
  choices: [[{ token: 'long:ok', label: { key: 'test:yes' } }]],
};

class FakeEngine implements DialogEngine {
  readonly events: InboundEvent[] = [];
  readonly log: string[] = [];
  private readonly seen = new Set<string>();
  private readonly offered = new Map<string, Set<string>>();
  private readonly held: (() => void)[] = [];

  /** Lets every held update ("hold") finish. */
  release(): void {
    for (const resolve of this.held.splice(0)) resolve();
  }

  async handle(event: InboundEvent): Promise<DialogResult> {
    this.events.push(event);
    const locale: Locale = event.languageCode?.startsWith('en') ? 'en' : 'vi';
    const result = (replies: OutboundMessage[], extra: Partial<DialogResult> = {}): DialogResult => ({
      locale,
      replies,
      duplicate: false,
      ...extra,
    });
    const say = (text: string, style?: 'title' | 'muted'): OutboundMessage => ({
      lines: [{ key: 'test:echo', params: { text }, ...(style ? { style } : {}) }],
      choices: [],
    });
    if (this.seen.has(event.updateKey)) return result([], { duplicate: true });
    this.seen.add(event.updateKey);
    const input = event.input;
    switch (input.kind) {
      case 'command':
        return result([
          {
            lines: [
              { key: 'test:welcome', params: { name: event.displayName ?? '?' }, style: 'title' },
              { key: 'test:echo', params: { text: `/${input.command} ${input.args}` } },
              { key: 'test:echo', params: { text: 'muted' }, style: 'muted' },
            ],
            choices: [],
          },
        ]);
      case 'choice': {
        const offered = this.offered.get(event.chatId);
        if (!offered?.has(input.token)) return result([], { staleChoice: true });
        this.offered.delete(event.chatId);
        return result([say(`picked ${input.token}`)]);
      }
      case 'unsupported':
        return result([say('unsupported')]);
      case 'document':
        return result([say(`document ${input.document.name}`)]);
      case 'text':
        break;
    }
    const text = input.text;
    if (text === 'boom') throw new Error('database down');
    if (text === 'choices') {
      this.offered.set(event.chatId, new Set(['pick:yes', 'pick:no']));
      return result([
        {
          lines: [{ key: 'test:echo', params: { text: 'Số liệu đúng chưa?' } }],
          choices: [
            [
              { token: 'pick:yes', label: { key: 'test:yes' } },
              { token: 'pick:no', label: { key: 'test:no' } },
            ],
          ],
        },
      ]);
    }
    if (text === 'long') return result([LONG_REPLY]);
    if (text === 'hold') {
      // Held until the test releases it: a slow update, however loaded the machine.
      this.log.push(`start ${event.chatId} ${text}`);
      await new Promise<void>((resolve) => this.held.push(resolve));
      this.log.push(`end ${event.chatId} ${text}`);
      return result([say(text)]);
    }
    this.log.push(`start ${event.chatId} ${text}`);
    this.log.push(`end ${event.chatId} ${text}`);
    return result([say(text)]);
  }

  of(userId: number): InboundEvent[] {
    return this.events.filter((e) => e.userId === String(userId));
  }
}

// ——— i18n with the app's texts, a test namespace and a known menu ———

function testI18n(): I18n {
  const resources = loadResources();
  const add = (lng: 'vi' | 'en', ns: string, tree: Record<string, unknown>): void => {
    const byLanguage = (resources[lng] ??= {});
    byLanguage[ns] = { ...(byLanguage[ns] ?? {}), ...tree };
  };
  add('vi', 'test', { echo: '{{text}}', welcome: 'Chào {{name}}', yes: 'Đúng', no: 'Chưa đúng' });
  add('en', 'test', { echo: '{{text}}', welcome: 'Hello {{name}}', yes: 'Yes', no: 'No' });
  // A menu with gaps, to see the fallbacks: en → vi → the command's own name.
  add('vi', 'dialog', { menu: { baocao: 'Báo cáo số liệu', chitieu: 'Chỉ tiêu của tôi' } });
  add('en', 'dialog', { menu: { baocao: 'Report figures' } });
  return createI18n('vi', resources);
}

// ——— logs, kept to look at ———

interface LogLine {
  level: number;
  msg: string;
  updateId?: number;
  err?: { message?: string };
}

function memoryLogger(): { logger: Logger; lines: LogLine[]; raw: string[] } {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  return { logger: pino<never>({ level: 'debug' }, stream), lines, raw };
}

// ——— the button presses the bot answered, as the fake Bot API received them ———

interface CallbackAnswer {
  callback_query_id: string;
  text?: string;
}

let telegram: FakeTelegram;

function callbackAnswers(): CallbackAnswer[] {
  return telegram.callsTo('answerCallbackQuery').map((call) => call.body as unknown as CallbackAnswer);
}

/** The polling channel's flood window: 5 updates in it are served. Ten minutes, so that a flood sent on a
 *  loaded machine still falls in one window (the window's own timing is tests/unit/channel-flood.test.ts's). */
const FLOOD_WINDOW_SEC = 600;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

const i18n = testI18n();
const vi_ = i18n.forLocale('vi');
const en = i18n.forLocale('en');

describe('the Telegram channel, long polling', () => {
  const engine = new FakeEngine();
  const logs = memoryLogger();
  let channel: TelegramChannel;

  beforeAll(async () => {
    telegram = await startFakeTelegram({ token: POLL_TOKEN });
    const config: TelegramConfig = {
      token: POLL_TOKEN,
      apiRoot: telegram.apiRoot,
      username: null,
      webhook: null,
    };
    channel = createTelegramChannel({
      config,
      engine,
      i18n,
      logger: logs.logger,
      pollIdleMs: 5,
      retry: { initialMs: 20, maxMs: 100 },
      flood: { points: 5, durationSec: FLOOD_WINDOW_SEC },
    });
    await channel.start();
  });

  afterAll(async () => {
    await channel.stop();
    await telegram.close();
  });

  it('asks for its name and registers the command menus, Vietnamese by default and English', () => {
    expect(channel.botUsername).toBe(telegram.username);
    const menus = telegram.callsTo('setMyCommands').map((call) => call.body);
    expect(menus).toHaveLength(2);
    const byLanguage = new Map(
      menus.map((body) => [
        body.language_code ?? 'default',
        body.commands as { command: string; description: string }[],
      ]),
    );
    const vi = byLanguage.get('default');
    const english = byLanguage.get('en');
    expect(vi?.map((c) => c.command)).toEqual(MENU_COMMANDS.map((c) => c.name));
    expect(english?.map((c) => c.command)).toEqual(MENU_COMMANDS.map((c) => c.name));
    expect(vi?.find((c) => c.command === 'baocao')?.description).toBe('Báo cáo số liệu');
    expect(english?.find((c) => c.command === 'baocao')?.description).toBe('Report figures');
    expect(english?.find((c) => c.command === 'chitieu')?.description).toBe('Chỉ tiêu của tôi');
    // a key missing in every language: the command's own name
    expect(vi?.find((c) => c.command === 'trogiup')?.description).toBe('trogiup');
  });

  it('takes a command to the engine and sends its reply in HTML, title bold and muted italic', async () => {
    const user = telegram.user(5101, { firstName: 'Nguyễn', lastName: 'An', languageCode: 'vi' });
    user.command(`/start@${telegram.username}`, 'AbC-123');
    const [reply] = await user.waitForReplies(1);
    expect(reply?.text).toBe('<b>Chào Nguyễn An</b>\n/start AbC-123\n<i>muted</i>');
    expect(reply?.parseMode).toBe('HTML');
    expect(engine.of(5101)[0]).toMatchObject({
      channel: 'telegram',
      chatId: '5101',
      userId: '5101',
      displayName: 'Nguyễn An',
      languageCode: 'vi',
      input: { kind: 'command', command: 'start', args: 'AbC-123' },
    });
  });

  it('escapes the HTML an official types', async () => {
    const user = telegram.user(5102);
    user.text('<script>alert(1)</script> & <b>x</b>');
    const [reply] = await user.waitForReplies(1);
    expect(reply?.text).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;x&lt;/b&gt;');
  });

  it('shows choices as buttons; a press reaches the engine as that choice and the keyboard goes away', async () => {
    const user = telegram.user(5103);
    user.text('choices');
    const [question] = await user.waitForReplies(1);
    expect(question?.keyboard).toEqual([
      [
        { text: 'Đúng', callback_data: 'pick:yes' },
        { text: 'Chưa đúng', callback_data: 'pick:no' },
      ],
    ]);
    const answersBefore = callbackAnswers().length;
    user.press('pick:yes', question?.messageId ?? 0);
    const [picked] = await user.waitForReplies(1);
    expect(picked?.text).toBe('picked pick:yes');
    expect(engine.of(5103).at(-1)?.input).toEqual({ kind: 'choice', token: 'pick:yes' });
    // answered without a toast, and the old buttons are gone, by an edit the Bot API received
    const answers = callbackAnswers().slice(answersBefore);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.text).toBeUndefined();
    expect(user.received().find((m) => m.messageId === question?.messageId)?.keyboard).toEqual([]);
    const edits = telegram.callsTo('editMessageReplyMarkup');
    expect(edits.find((call) => Number(call.body.message_id) === question?.messageId)).toMatchObject({
      status: 200,
      body: { chat_id: '5103', reply_markup: { inline_keyboard: [] } },
    });
  });

  it('answers a stale press with a toast, sends nothing else, and removes that keyboard too', async () => {
    const user = telegram.user(5104);
    user.text('choices');
    const [question] = await user.waitForReplies(1);
    user.press('pick:yes', question?.messageId ?? 0);
    await user.waitForReplies(1);
    const answersBefore = callbackAnswers().length;
    user.press('pick:no', question?.messageId ?? 0); // the same message, already answered
    await until(() => callbackAnswers().length > answersBefore);
    expect(callbackAnswers().at(-1)?.text).toBe(vi_('channel:stale_button'));
    expect(engine.of(5104).at(-1)?.input).toEqual({ kind: 'choice', token: 'pick:no' });
    expect(await user.quiet(200)).toEqual([]);
  });

  it('splits a 10 000-character reply into several messages under the limit, buttons on the last', async () => {
    const user = telegram.user(5105);
    const expected = renderOutbound(LONG_REPLY, (m) => i18n.render(m, 'vi'));
    const length = LONG_REPLY.lines.reduce((sum, line) => {
      const text = line.params?.text;
      return sum + (typeof text === 'string' ? text.length : 0) + 1;
    }, 0);
    expect(length).toBeGreaterThan(10_000);
    expect(expected.length).toBeGreaterThan(2);
    user.text('long');
    const parts = await user.waitForReplies(expected.length);
    for (const part of parts) expect(part.text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(parts.map((p) => p.text)).toEqual(expected.map((e) => e.text));
    expect(parts.slice(0, -1).every((p) => p.keyboard === undefined)).toBe(true);
    expect(parts.at(-1)?.keyboard).toEqual([[{ text: 'Đúng', callback_data: 'long:ok' }]]);
    expect(await user.quiet(100)).toEqual([]);
  });

  it('slows down a flood: 20 messages at once are served a few times, with one notice', async () => {
    const user = telegram.user(5106);
    // All 20 fall in one flood window (FLOOD_WINDOW_SEC, longer than any loaded machine takes to send them).
    for (let i = 1; i <= 20; i += 1) user.text(`tin ${i}`);
    const replies = await user.waitForReplies(6);
    expect(await user.quiet(300)).toEqual([]);
    expect(engine.of(5106)).toHaveLength(5);
    expect(replies.map((r) => r.text)).toEqual([
      'tin 1',
      'tin 2',
      'tin 3',
      'tin 4',
      'tin 5',
      vi_('channel:slow_down'),
    ]);
  });

  it('says "try again" when the engine fails, and logs the update id, never the token', async () => {
    const user = telegram.user(5107);
    user.text('boom');
    const [reply] = await user.waitForReplies(1);
    expect(reply?.text).toBe(vi_('channel:try_again'));
    const failure = logs.lines.find((line) => line.msg.includes('engine failed'));
    expect(failure?.updateId).toEqual(expect.any(Number));
    expect(failure?.err?.message).toBe('database down');
    // the channel goes on
    user.text('vẫn chạy');
    expect((await user.waitForReplies(1))[0]?.text).toBe('vẫn chạy');
  });

  it('speaks English to an English-speaking user the engine has not answered yet', async () => {
    const user = telegram.user(5108, { languageCode: 'en-US' });
    user.text('boom');
    expect((await user.waitForReplies(1))[0]?.text).toBe(en('channel:try_again'));
  });

  it('processes one chat in order while another chat is not blocked', async () => {
    const slowUser = telegram.user(5109);
    const otherUser = telegram.user(5110);
    slowUser.text('hold');
    slowUser.text('after');
    otherUser.text('quick');
    const [quick] = await otherUser.waitForReplies(1);
    expect(quick?.text).toBe('quick');
    expect(slowUser.received()).toEqual([]); // still held, and "after" waits behind it
    engine.release();
    const replies = await slowUser.waitForReplies(2);
    expect(replies.map((r) => r.text)).toEqual(['hold', 'after']);
    const mine = engine.log.filter((line) => line.includes(' 5109 '));
    expect(mine).toEqual(['start 5109 hold', 'end 5109 hold', 'start 5109 after', 'end 5109 after']);
  });

  it('asks a group to write privately when given a command there, without troubling the engine', async () => {
    const member = telegram.user(5111, { chatId: -5111, chatType: 'group' });
    member.command('/baocao');
    expect((await member.waitForReplies(1))[0]?.text).toBe(vi_('channel:private_only'));
    member.text('chỉ nói chuyện trong nhóm');
    expect(await member.quiet(200)).toEqual([]);
    expect(engine.of(5111)).toEqual([]);
  });

  it('survives failing getUpdates calls, backing off, and goes on', async () => {
    const errorsBefore = logs.lines.filter((line) => line.msg.includes('getUpdates failed')).length;
    const failedPolls = () => telegram.callsTo('getUpdates').filter((call) => call.status === 502).length;
    telegram.failNext('getUpdates', 3, { status: 502, body: { ok: false } });
    // the poll in progress ends first (the fake long-polls); the next three fail
    await until(() => failedPolls() === 3);
    const user = telegram.user(5112);
    user.text('sau sự cố');
    expect((await user.waitForReplies(1))[0]?.text).toBe('sau sự cố');
    expect(logs.lines.filter((line) => line.msg.includes('getUpdates failed')).length - errorsBefore).toBe(3);
  });

  it('waits out a 429 on sendMessage and sends the reply once', async () => {
    telegram.failNext('sendMessage', 1, {
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      },
    });
    const user = telegram.user(5113);
    const started = Date.now();
    user.text('chờ chút');
    expect((await user.waitForReplies(1, 5000))[0]?.text).toBe('chờ chút');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await user.quiet(200)).toEqual([]);
  });

  it('sends a reply again after a 502, and gives up on a 403 at once', async () => {
    telegram.failNext('sendMessage', 1, {
      status: 502,
      body: { ok: false, error_code: 502, description: 'Bad Gateway' },
    });
    const user = telegram.user(5116);
    user.text('mạng chập chờn');
    expect((await user.waitForReplies(1, 5000))[0]?.text).toBe('mạng chập chờn');
    expect(await user.quiet(200)).toEqual([]);
    const before = telegram.callsTo('sendMessage').length;
    telegram.failNext('sendMessage', 1, {
      status: 403,
      body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
    });
    user.text('chặn bot');
    expect(await user.quiet(1500)).toEqual([]);
    expect(telegram.callsTo('sendMessage').length - before).toBe(1);
  });

  it('never writes the token in its logs', () => {
    expect(logs.raw.length).toBeGreaterThan(10);
    expect(
      logs.raw.filter((line) => line.includes(POLL_TOKEN) || line.includes(POLL_TOKEN.split(':')[1] ?? '-')),
    ).toEqual([]);
  });

  it('stops polling promptly when stopped, and stays stopped', async () => {
    const started = Date.now();
    await channel.stop();
    // A generous ceiling: only a stop that waited out its drain limit (10 s) or a long poll (30 s) reaches it.
    expect(Date.now() - started).toBeLessThan(STOP_DRAIN_MS);
    await sleep(50); // a poll aborted by stop() may still reach the fake's log a moment later
    const polls = telegram.callsTo('getUpdates').length;
    const user = telegram.user(5114);
    user.text('sau khi dừng');
    expect(await user.quiet(200)).toEqual([]);
    expect(telegram.callsTo('getUpdates')).toHaveLength(polls);
    expect(engine.of(5114)).toEqual([]);
    await channel.stop(); // twice is fine
  });
});

describe('the Telegram channel, webhook', () => {
  const engine = new FakeEngine();
  const logs = memoryLogger();
  let channel: TelegramChannel;
  let database: TestDatabase;
  let host: WebhookHost;
  let url: string;

  const update = (updateId: number, userId: number, text: string) => ({
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: 'private', first_name: 'Webhook' },
      from: { id: userId, is_bot: false, first_name: 'Webhook', language_code: 'vi' },
      text,
    },
  });

  const post = (body: unknown, headers: Record<string, string> = {}, target = url) =>
    fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    telegram = await startFakeTelegram({ token: HOOK_TOKEN });
    const test = await createMigratedDatabase('sqlite');
    database = test;
    // The one HTTP server of the bot, its webhook path declared as `tiendo start` declares it.
    host = await startWebhookHost(test.database, {
      slots: [{ name: 'telegram', path: '/telegram/webhook' }],
    });
    url = host.url('/telegram/webhook');
    const config: TelegramConfig = {
      token: HOOK_TOKEN,
      apiRoot: telegram.apiRoot,
      username: 'tiendo_test_bot',
      webhook: { url, secret: HOOK_SECRET },
    };
    channel = createTelegramChannel({ config, engine, i18n, logger: logs.logger, webhooks: host.webhooks });
    await channel.start();
  });

  afterAll(async () => {
    await channel.stop();
    await telegram.close();
    await host?.close();
    await database?.drop();
  });

  it('registers its webhook with the secret token', async () => {
    await until(() => telegram.callsTo('setWebhook').length > 0);
    expect(telegram.callsTo('setWebhook')[0]?.body).toMatchObject({
      url,
      secret_token: HOOK_SECRET,
    });
    expect(telegram.webhook.url).toBe(url);
    expect(telegram.callsTo('getUpdates')).toEqual([]);
  });

  it('refuses a request without the right secret header, and processes nothing', async () => {
    expect((await post(update(9001, 5201, 'không có mã'))).status).toBe(401);
    expect(
      (await post(update(9002, 5201, 'sai mã'), { 'X-Telegram-Bot-Api-Secret-Token': `${HOOK_SECRET}x` }))
        .status,
    ).toBe(401);
    expect((await post(update(9003, 5201, 'sai mã'), { 'X-Telegram-Bot-Api-Secret-Token': '' })).status).toBe(
      401,
    );
    await sleep(100);
    expect(engine.events).toEqual([]);
    expect(telegram.user(5201).received()).toEqual([]);
  });

  it('answers other paths and methods as the pages do (404), and a body that is not JSON 400', async () => {
    const headers = { 'X-Telegram-Bot-Api-Secret-Token': HOOK_SECRET };
    expect((await post(update(9004, 5201, 'x'), headers, host.url('/other'))).status).toBe(404);
    expect((await fetch(url, { headers })).status).toBe(404);
    const bad = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    expect(engine.events).toEqual([]);
  });

  it('processes an update carrying the secret, answering 200 at once', async () => {
    const user = telegram.user(5202);
    const response = await post(update(9010, 5202, 'qua webhook <b>'), {
      'X-Telegram-Bot-Api-Secret-Token': HOOK_SECRET,
    });
    expect(response.status).toBe(200);
    expect((await user.waitForReplies(1))[0]?.text).toBe('qua webhook &lt;b&gt;');
    expect(engine.events.at(-1)).toMatchObject({
      updateKey: '500002:9010',
      chatId: '5202',
      input: { kind: 'text', text: 'qua webhook <b>' },
    });
  });

  it('passes a photo on as unsupported content', async () => {
    const user = telegram.user(5205);
    const { text: _text, ...withoutText } = update(9015, 5205, '').message;
    const photo = {
      ...withoutText,
      photo: [{ file_id: 'p1', file_unique_id: 'u1', width: 90, height: 90 }],
      caption: 'ảnh',
    };
    expect(
      (await post({ update_id: 9015, message: photo }, { 'X-Telegram-Bot-Api-Secret-Token': HOOK_SECRET }))
        .status,
    ).toBe(200);
    expect((await user.waitForReplies(1))[0]?.text).toBe('unsupported');
    expect(engine.of(5205)[0]?.input).toEqual({ kind: 'unsupported' });
  });

  it('sends nothing for an update the engine reports as a duplicate', async () => {
    const user = telegram.user(5203);
    const headers = { 'X-Telegram-Bot-Api-Secret-Token': HOOK_SECRET };
    expect((await post(update(9020, 5203, 'một lần'), headers)).status).toBe(200);
    expect((await post(update(9020, 5203, 'một lần'), headers)).status).toBe(200);
    expect((await user.waitForReplies(1))[0]?.text).toBe('một lần');
    await until(() => engine.of(5203).length === 2);
    expect(await user.quiet(200)).toEqual([]);
  });

  it('answers 503 once stopped (the server goes on serving the pages), so that Telegram delivers again', async () => {
    await channel.stop();
    const response = await post(update(9030, 5204, 'sau khi dừng'), {
      'X-Telegram-Bot-Api-Secret-Token': HOOK_SECRET,
    });
    expect(response.status).toBe(503);
    expect(engine.of(5204)).toEqual([]);
  });
});

describe('the fake Bot API itself', () => {
  it('records every call with its body, multipart uploads byte for byte, and refuses another token', async () => {
    const token = '500003:e2e-telegram-harness-token-abcdef';
    const fake = await startFakeTelegram({ token });
    try {
      const api = new Telegram(token, { apiRoot: fake.apiRoot, webhookReply: false });
      const user = fake.user(5301);
      await api.sendChatAction(5301, 'typing');
      expect((await api.getChat(5301)).id).toBe(5301);
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]);
      const photo = await api.sendPhoto(5301, { source: png, filename: 'chart.png' }, { caption: 'Biểu đồ' });
      expect(photo.photo.length).toBeGreaterThan(0);
      const [received] = await user.waitForReplies(1);
      expect(received).toMatchObject({ kind: 'photo', text: 'Biểu đồ', file: { name: 'chart.png' } });
      expect(received?.file?.bytes.equals(png)).toBe(true);
      const upload = fake.callsTo('sendPhoto')[0]?.body;
      expect(upload).toMatchObject({ chat_id: '5301', caption: 'Biểu đồ', photo: { filename: 'chart.png' } });
      expect(fake.calls.map((c) => c.method)).toEqual(['sendChatAction', 'getChat', 'sendPhoto']);
      const stranger = new Telegram('500004:another-token', { apiRoot: fake.apiRoot, webhookReply: false });
      await expect(stranger.getMe()).rejects.toThrow(/401/);
    } finally {
      await fake.close();
    }
  });
});
