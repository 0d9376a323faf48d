import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel } from '../../src/channels/telegram/adapter.js';
import { createZaloChannel } from '../../src/channels/zalo/adapter.js';
import type { DialogEngine, DialogResult, InboundEvent } from '../../src/dialog/types.js';
import { createI18n } from '../../src/i18n.js';
import { createInvite, displayInviteCode, hashInviteCode } from '../../src/services/invites.js';
import type { Database } from '../../src/store/database.js';
import {
  availableBackends,
  createMigratedDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../support/databases.js';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram/server.js';
import { freePort } from '../support/free-port.js';
import { startWebhookHost } from '../support/webhook-host.js';
import { START_CEILING_MS, TIENDO_BIN } from '../support/tiendo-process.js';
import { startZaloFakeServer, type ZaloFakeServer } from '../support/zalo-fake-server.js';
import { captureLogs, leakedSecrets, secretForms } from './support/log-capture.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { engineOn, linkedEngine } from '../support/linked-engine.js';
import { waitFor } from '../support/wait.js';

/**
 * Secrets (issue 8): invite codes are stored only as a hash and work once; webhooks refuse a request
 * without the right secret; and a whole run of the real process at log level trace writes neither the
 * tokens, the webhook secret, an invite code nor the database password. Token and user ids 83xx are
 * this file's own.
 */
/** 10 September 2026 09:00 in Hanoi: Quý III/2026 is open. */
const NOW = new Date('2026-09-10T02:00:00Z');
const i18n = createI18n('vi');
const say = (key: string): string => i18n.render({ key }, 'vi');

const backends = await availableBackends();

let updates = 0;
function command(chat: string, name: string, args = ''): InboundEvent {
  updates += 1;
  return {
    channel: 'telegram',
    updateKey: `secrets:${updates}`,
    chatId: chat,
    userId: chat,
    languageCode: 'vi',
    input: { kind: 'command', command: name, args },
    receivedAt: NOW,
  };
}

/** The text of every line of every reply. */
function said(result: DialogResult): string {
  return result.replies
    .map((reply) => reply.lines.map((line) => i18n.render(line, 'vi')).join('\n'))
    .join('\n');
}

describe.each(backends)('invite codes on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  let engine: DialogEngine;
  beforeAll(async () => {
    ({ test, engine } = await linkedEngine(kind, { now: NOW, importedAt: NOW }));
  });
  afterAll(async () => test?.drop());

  it('stores only a hash of the code: no column holds the code in any form', async () => {
    const { code } = await createInvite(test.database.db, { officialCode: 'vhxh', days: 7, now: NOW });
    const rows = await test.database.db.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM "Invite"');
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows, (_key, value: unknown) =>
      typeof value === 'bigint' ? String(value) : value,
    );
    expect(leakedSecrets(stored, { code: secretForms(code, { inviteCode: true }) })).toEqual([]);
    const [row] = rows;
    expect(row?.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.codeHash).toBe(hashInviteCode(code));
  });

  it('links one chat per code: typed in any case and spacing once, refused the second time', async () => {
    const { code } = await createInvite(test.database.db, { officialCode: 'tckt', days: 7, now: NOW });
    const typed = displayInviteCode(code).toLowerCase().replace('-', ' ');
    expect(said(await engine.handle(command('8301', 'start', typed)))).toContain(
      'Đã liên kết tài khoản với Đỗ Quang Huy',
    );
    expect(said(await engine.handle(command('8302', 'dangky', code)))).toBe(say('dialog:onboarding.used'));
    expect(await test.database.db.chatLink.count({ where: { externalUserId: '8302' } })).toBe(0);
  });

  it('refuses an expired code', async () => {
    const issued = new Date(NOW.getTime() - 8 * 86_400_000);
    const { code } = await createInvite(test.database.db, { officialCode: 'ktnn', days: 7, now: issued });
    expect(said(await engine.handle(command('8303', 'dangky', code)))).toBe(say('dialog:onboarding.expired'));
    expect(await test.database.db.chatLink.count({ where: { externalUserId: '8303' } })).toBe(0);
  });

  it('answers a wrong code exactly as a malformed one: nothing tells whether a code exists', async () => {
    const { code } = await createInvite(test.database.db, { officialCode: 'vp', days: 7, now: NOW });
    // The same alphabet and length as a real code, one letter off.
    const wrong = `${code.slice(0, 9)}${code[9] === 'A' ? 'B' : 'A'}`;
    const answers = [wrong, 'ZZZZZ-ZZZZZ', '12345', 'không biết'].map(async (guess, i) =>
      said(await engine.handle(command(`83${10 + i}`, 'dangky', guess))),
    );
    for (const answer of await Promise.all(answers)) expect(answer).toBe(say('dialog:onboarding.invalid'));
    expect(await test.database.db.chatLink.count({ where: { externalUserId: { startsWith: '831' } } })).toBe(
      0,
    );
    // The real code still works after the wrong guesses.
    expect(said(await engine.handle(command('8320', 'dangky', code)))).toContain('Đã liên kết');
  });
});

describe('guessing invite codes', () => {
  const TOKEN = '830001:faults-secrets-flood-token-abcdef';
  let telegram: FakeTelegram;
  let test: TestDatabase & { database: Database };
  beforeAll(async () => {
    telegram = await startFakeTelegram({ token: TOKEN });
    ({ test } = await linkedEngine('sqlite', { now: NOW, importedAt: NOW }));
  });
  afterAll(async () => {
    await test?.drop();
    await telegram?.close();
  });

  it('is slowed by the per-user flood limit: 5 guesses per 3 s, then nothing', async () => {
    let handled = 0;
    const real = engineOn(test.database, NOW, { nonce: () => 'n1' });
    const engine: DialogEngine = {
      handle: (event) => {
        handled += 1;
        return real.handle(event);
      },
    };
    const bot = createTelegramChannel({
      config: { token: TOKEN, apiRoot: telegram.apiRoot, username: null, webhook: null },
      engine,
      i18n,
      logger: captureLogs('silent').logger,
      pollIdleMs: 5,
    });
    await bot.start();
    try {
      const guesser = telegram.user(8330, { languageCode: 'vi' });
      for (let i = 0; i < 12; i++)
        guesser.command('/dangky', `ABCDE-FGH${String(i).padStart(2, '0')}`.slice(0, 11));
      const replies = await guesser.waitForReplies(6, 30_000);
      expect(replies.map((r) => r.text)).toEqual([
        ...Array.from({ length: 5 }, () => say('dialog:onboarding.invalid')),
        say('channel:slow_down'),
      ]);
      expect(await guesser.quiet(300)).toEqual([]);
      expect(handled).toBe(5);
    } finally {
      await bot.stop();
    }
  });
});

describe('webhook secrets', () => {
  const TELEGRAM_TOKEN = '830002:faults-secrets-webhook-telegram';
  const ZALO_TOKEN = '830003:faults-secrets-webhook-zalo';
  const SECRET = 'faults-secret-8300-right-one';
  let telegram: FakeTelegram;
  let zalo: ZaloFakeServer;
  let hostDatabase: TestDatabase & { database: Database };
  const received: InboundEvent[] = [];
  const engine: DialogEngine = {
    handle: async (event) => {
      received.push(event);
      return { locale: 'vi', replies: [], duplicate: false };
    },
  };
  beforeAll(async () => {
    telegram = await startFakeTelegram({ token: TELEGRAM_TOKEN });
    zalo = await startZaloFakeServer();
    hostDatabase = await createMigratedDatabase('sqlite');
  });
  afterAll(async () => {
    await zalo?.stop();
    await telegram?.close();
    await hostDatabase?.drop();
  });

  async function post(url: string, header: string, secret: string | null, body: unknown): Promise<number> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret === null ? {} : { [header]: secret }) },
      body: JSON.stringify(body),
    });
    await response.text();
    return response.status;
  }

  const wrongs: [string, string | null][] = [
    ['missing', null],
    ['empty', ''],
    ['wrong', 'not-the-secret'],
    ['wrong by one letter, same length', `${SECRET.slice(0, -1)}X`],
    ['the right one with a suffix', `${SECRET}x`],
  ];

  it('Telegram: refuses a missing or wrong secret, accepts the right one', async () => {
    const logs = captureLogs('trace');
    const host = await startWebhookHost(hostDatabase.database, {
      slots: [{ name: 'telegram', path: '/tg-hook' }],
      logger: logs.logger,
    });
    const url = host.url('/tg-hook');
    const bot = createTelegramChannel({
      config: {
        token: TELEGRAM_TOKEN,
        apiRoot: telegram.apiRoot,
        username: null,
        webhook: { url, secret: SECRET },
      },
      engine,
      i18n,
      logger: logs.logger,
      webhooks: host.webhooks,
    });
    await bot.start();
    try {
      const update = (id: number) => ({
        update_id: id,
        message: {
          message_id: id,
          date: 1,
          chat: { id: 8340, type: 'private' },
          from: { id: 8340, is_bot: false, first_name: 'A' },
          text: 'xin chào',
        },
      });
      for (const [i, [, secret]] of wrongs.entries())
        expect(await post(url, 'x-telegram-bot-api-secret-token', secret, update(100 + i))).toBe(401);
      expect(await post(url, 'x-telegram-bot-api-secret-token', SECRET, update(200))).toBe(200);
      await waitFor(() => received.length > 0, { what: 'the update handed to the engine' });
      expect(received.map((e) => e.updateKey)).toEqual(['830002:200']);
      // Refusals are logged at a bounded rate: the first at once, the others within a minute in one summary.
      expect(logs.withMessage('webhook request refused')).toHaveLength(1);
      expect(
        leakedSecrets(logs.lines().join('\n'), {
          secret: secretForms(SECRET),
          wrong: ['not-the-secret'],
          token: secretForms(TELEGRAM_TOKEN.split(':')[1] ?? ''),
        }),
      ).toEqual([]);
    } finally {
      await bot.stop();
      await host.close();
      received.length = 0;
    }
  });

  it('Zalo: refuses a missing or wrong secret, accepts the right one', async () => {
    const logs = captureLogs('trace');
    const host = await startWebhookHost(hostDatabase.database, {
      slots: [{ name: 'zalo', path: '/zalo-hook' }],
      logger: logs.logger,
    });
    const url = host.url('/zalo-hook');
    const bot = createZaloChannel({
      config: { token: ZALO_TOKEN, apiRoot: zalo.apiRoot, webhook: { url, secret: SECRET } },
      engine,
      i18n,
      logger: logs.logger,
      webhooks: host.webhooks,
    });
    await bot.start();
    try {
      const user = zalo.user({ token: ZALO_TOKEN, userId: 'z8350' });
      for (const [i, [, secret]] of wrongs.entries())
        expect(
          await post(url, 'x-bot-api-secret-token', secret, user.update('xin chào', { messageId: `m${i}` })),
        ).toBe(401);
      expect(
        await post(url, 'x-bot-api-secret-token', SECRET, user.update('xin chào', { messageId: 'ok' })),
      ).toBe(200);
      await waitFor(() => received.length > 0, { what: 'the update handed to the engine' });
      expect(received).toHaveLength(1);
      expect(received[0]?.input).toEqual({ kind: 'text', text: 'xin chào' });
      // Refusals are logged at a bounded rate: the first at once, the others within a minute in one summary.
      expect(logs.withMessage('webhook request refused')).toHaveLength(1);
      expect(
        leakedSecrets(logs.lines().join('\n'), {
          secret: secretForms(SECRET),
          wrong: ['not-the-secret'],
          token: secretForms(ZALO_TOKEN.split(':')[1] ?? ''),
        }),
      ).toEqual([]);
    } finally {
      await bot.stop();
      await host.close();
      received.length = 0;
    }
  });
});

// The database password is only meaningful on PostgreSQL (the local server trusts, and ignores it).
const postgres = backends.filter((kind) => kind === 'postgres');

describe.each(postgres)('the logs of a whole run (%s, LOG_LEVEL=trace)', () => {
  const TELEGRAM_TOKEN = '830010:faults-secrets-logs-telegram-token-XyZ';
  const ZALO_TOKEN = '830011:faults-secrets-logs-zalo-token-QwE';
  const ZALO_SECRET = 'faults-logs-zalo-secret-8300';
  const DB_PASSWORD = 'Pw-faults-8300-hush';
  let telegram: FakeTelegram;
  let zalo: ZaloFakeServer;
  let test: TestDatabase;
  let proxy: TcpProxy;
  let databaseUrl: string;
  beforeAll(async () => {
    telegram = await startFakeTelegram({ token: TELEGRAM_TOKEN });
    zalo = await startZaloFakeServer();
    test = await createTestDatabase('postgres');
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
    const url = new URL(test.url);
    url.port = String(proxy.port);
    url.password = DB_PASSWORD;
    databaseUrl = url.toString();
  });
  afterAll(async () => {
    await proxy?.close();
    await test?.drop();
    await zalo?.stop();
    await telegram?.close();
  });

  interface Run {
    stdout: string;
    stderr: string;
    exited: Promise<number | null>;
    kill(): void;
  }

  function tiendo(args: string[], env: Record<string, string>): Run {
    const child = spawn(process.execPath, [TIENDO_BIN, ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'trace', TIENDO_DEMO: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: Run = {
      stdout: '',
      stderr: '',
      exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
      kill: () => child.kill('SIGTERM'),
    };
    child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    return run;
  }

  async function eventually(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  interface Invited {
    code: string;
    run: Run;
  }

  async function invite(official: string): Promise<Invited> {
    const run = tiendo(['official', 'invite', '--official', official], {});
    expect(await run.exited).toBe(0);
    const code = /([A-Z0-9]{5}-[A-Z0-9]{5})/.exec(run.stdout)?.[1];
    if (!code) throw new Error(`no code in ${run.stdout}`);
    return { code: code.replace('-', ''), run };
  }

  async function answer(user: FakeUser, send: () => unknown, n = 1): Promise<string> {
    await send();
    return (await user.waitForReplies(n, 20_000)).map((m) => m.text).join('\n');
  }

  it('holds no token, webhook secret, invite code or database password', async () => {
    const invites: Invited[] = [];
    const port = await freePort();
    const hook = `http://127.0.0.1:${port}/zalo-hook`;
    // Office hours half a day away: no reminder comes into the chats this test reads.
    const hour = String((new Date().getUTCHours() + 7 + 12) % 24).padStart(2, '0');
    const bot = tiendo(['start'], {
      // The demo plan, moved to the current year, as `npm start` loads it into an empty database.
      TIENDO_DEMO: 'auto',
      TIENDO_OFFICE_HOURS: `${hour}:00-${hour}:01`,
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      ZALO_BOT_TOKEN: ZALO_TOKEN,
      ZALO_API_ROOT: zalo.apiRoot,
      ZALO_WEBHOOK_URL: hook,
      ZALO_WEBHOOK_SECRET: ZALO_SECRET,
      // The webhook on the one HTTP server, as in production.
      TIENDO_HTTP_PORT: String(port),
    });
    try {
      await eventually(
        () => bot.stdout.includes('Bot Telegram') && bot.stdout.includes('Bot Zalo'),
        'the bot to start',
        START_CEILING_MS,
      );
      // The administrator hands out the codes meanwhile, from another process.
      invites.push(await invite('vhxh'), await invite('tckt'));
      const [forMai, forHuy] = invites as [Invited, Invited];

      // Telegram: the deep link with the code, a report, a reply the Bot API refuses once.
      const mai = telegram.user(8360, { firstName: 'Mai', languageCode: 'vi' });
      expect(await answer(mai, () => mai.command('/start', forMai.code))).toContain('Đã liên kết');
      expect(await answer(mai, () => mai.command('/baocao'), 2)).toContain('XH01');
      telegram.failNext('sendMessage', 1, {
        status: 500,
        body: { ok: false, error_code: 500, description: 'Internal Server Error' },
      });
      mai.text('185');
      // the refused reply is sent again a second later (its failure is logged, without the token)
      expect((await mai.waitForReplies(1, 30_000))[0]?.text).toContain('185');

      // Zalo, by webhook: the code typed in its displayed form; then a request with a wrong secret.
      const post = (secret: string, body: unknown) =>
        fetch(hook, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': secret },
          body: JSON.stringify(body),
        }).then((r) => r.status);
      const huy = zalo.user({ token: ZALO_TOKEN, userId: 'z8361' });
      expect(
        await post(
          ZALO_SECRET,
          huy.update(`/dangky ${displayInviteCode(forHuy.code).toLowerCase()}`, { messageId: 'z1' }),
        ),
      ).toBe(200);
      expect((await huy.waitForReplies(1, 20_000))[0]?.text).toContain('Đã liên kết');
      expect(await post(`${ZALO_SECRET.slice(0, -1)}X`, huy.update('/baocao', { messageId: 'z2' }))).toBe(
        401,
      );
      await eventually(() => bot.stderr.includes('webhook request refused'), 'the refusal to be logged');

      // The database goes away: the engine fails, the official is told to try again.
      proxy.cut('reset');
      expect(await answer(mai, () => mai.text('186'))).toBe(say('channel:try_again'));
      proxy.restore();
      expect(await answer(mai, () => mai.text('186'))).toContain('186');
    } finally {
      bot.kill();
    }
    expect(await bot.exited).toBe(0);
    const [first, second] = invites as [Invited, Invited];

    // The run went through the paths that log errors (LOG_LEVEL=trace: every line any code writes).
    expect(bot.stderr).toContain('the dialog engine failed');
    expect(bot.stderr).toContain('telegram: send failed, retrying');

    const secrets = {
      'Telegram token': [TELEGRAM_TOKEN, ...secretForms(TELEGRAM_TOKEN.split(':')[1] ?? TELEGRAM_TOKEN)],
      'Zalo token': [ZALO_TOKEN, ...secretForms(ZALO_TOKEN.split(':')[1] ?? ZALO_TOKEN)],
      'Zalo webhook secret': secretForms(ZALO_SECRET),
      'first invite code': secretForms(first.code, { inviteCode: true }),
      'second invite code': secretForms(second.code, { inviteCode: true }),
      'database password': secretForms(DB_PASSWORD),
    };
    // The invite command prints its code on stdout, for the administrator (and so the search finds it
    // there); only its logs must not hold it.
    expect(leakedSecrets(first.run.stdout, secrets)).toEqual([
      `first invite code as «${displayInviteCode(first.code)}»`,
    ]);
    for (const [name, text] of [
      ['first invite logs', first.run.stderr],
      ['second invite logs', second.run.stderr],
      ['bot logs', bot.stderr],
      ['bot output', bot.stdout],
    ] as const) {
      expect(leakedSecrets(text, secrets), name).toEqual([]);
    }
  });
});
