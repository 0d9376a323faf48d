import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram/server.js';
import { TIENDO_BIN, waitForOutput } from '../support/tiendo-process.js';
import { startZaloFakeServer, type ZaloFakeServer } from '../support/zalo-fake-server.js';

/** `npm start` with both tokens: one process serves Telegram and Zalo on one engine, and stops cleanly. */
const TELEGRAM_TOKEN = '900001:e2e-both-channels-telegram-token';
const ZALO_TOKEN = '900002:e2e-both-channels-zalo-token';

let telegram: FakeTelegram;
let zalo: ZaloFakeServer;
beforeAll(async () => {
  telegram = await startFakeTelegram({ token: TELEGRAM_TOKEN });
  zalo = await startZaloFakeServer();
});
afterAll(async () => {
  await zalo?.stop();
  await telegram?.close();
});

describe('npm start with a Telegram and a Zalo token', () => {
  it('answers on both channels, then stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiendo-both-'));
    const child = spawn(process.execPath, [TIENDO_BIN, 'start'], {
      env: {
        ...process.env,
        DATABASE_URL: `file:${join(dir, 'tiendo.db')}`,
        LOG_LEVEL: 'warn',
        TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        ZALO_BOT_TOKEN: ZALO_TOKEN,
        ZALO_API_ROOT: zalo.apiRoot,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const serving = waitForOutput(
      child,
      (text) => text.includes('Bot Telegram') && text.includes('Bot Zalo'),
    );
    try {
      await serving;
      expect(out).toContain(`Bot Telegram @${telegram.username} đang chạy`);
      expect(out).toContain('Bot Zalo');
      const onTelegram = telegram.user(9101, { firstName: 'A' });
      onTelegram.command('/baocao');
      expect((await onTelegram.waitForReplies(1, 10_000))[0]?.text).toContain('chưa được liên kết');
      const onZalo = zalo.user({ token: ZALO_TOKEN, userId: 'z9102', displayName: 'B' });
      onZalo.text('baocao');
      expect((await onZalo.waitForReplies(1, 10_000))[0]?.text).toContain('chưa được liên kết');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('Đã dừng bot.');
  });
});

describe('npm start with a Zalo token that Zalo refuses (401)', () => {
  it('says so and exits 1, before polling', async () => {
    const token = '900003:e2e-refused-zalo-token';
    zalo.failNext(token, 'getMe', 401);
    const dir = mkdtempSync(join(tmpdir(), 'tiendo-badzalo-'));
    const child = spawn(process.execPath, [TIENDO_BIN, 'start'], {
      env: {
        ...process.env,
        DATABASE_URL: `file:${join(dir, 'tiendo.db')}`,
        LOG_LEVEL: 'silent',
        TELEGRAM_BOT_TOKEN: '',
        ZALO_BOT_TOKEN: token,
        ZALO_API_ROOT: zalo.apiRoot,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(err).toContain('Zalo từ chối mã bot (ZALO_BOT_TOKEN)');
    expect(code).toBe(1);
    expect(zalo.calls(token, 'getUpdates')).toEqual([]);
  });
});
