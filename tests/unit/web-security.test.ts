import { sign } from '@telegram-apps/init-data-node';
import { describe, expect, it } from 'vitest';
import {
  hashWebToken,
  isWebPurpose,
  looksLikeWebToken,
  mayOpen,
  newWebToken,
  webLinkUrl,
} from '../../src/services/web-links.js';
import { csrfToken, verifyCsrf } from '../../src/web/csrf.js';
import { checkInitData } from '../../src/web/telegram-init-data.js';

const BOT_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const HOUR = 3600;

describe('web link tokens', () => {
  it('are 256 random bits in base64url, never the same twice', () => {
    const tokens = Array.from({ length: 200 }, newWebToken);
    expect(new Set(tokens).size).toBe(200);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      expect(looksLikeWebToken(token)).toBe(true);
    }
  });

  it('are stored as their sha256 only', () => {
    const token = newWebToken();
    expect(hashWebToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashWebToken(token)).toBe(hashWebToken(token));
    expect(hashWebToken(token)).not.toContain(token);
    expect(hashWebToken(`${token}x`)).not.toBe(hashWebToken(token));
  });

  it.each(['', 'short', `${'A'.repeat(42)}=`, `${'A'.repeat(44)}`, '<script>'.padEnd(43, 'x')])(
    'refuses the malformed token %j before any lookup',
    (token) => expect(looksLikeWebToken(token)).toBe(false),
  );

  it('open a page only for its roles', () => {
    expect(mayOpen('officer', 'report')).toBe(true);
    expect(mayOpen('officer', 'dashboard')).toBe(false);
    expect(mayOpen('vice_chairman', 'dashboard')).toBe(true);
    expect(mayOpen('vice_chairman', 'draft')).toBe(false);
    expect(mayOpen('admin', 'draft')).toBe(true);
    expect(isWebPurpose('dashboard')).toBe(true);
    expect(isWebPurpose('admin')).toBe(false);
  });

  it('become URLs under the base, with or without its trailing slash', () => {
    expect(webLinkUrl('https://tiendo.example.gov.vn/', '/l/abc')).toBe(
      'https://tiendo.example.gov.vn/l/abc',
    );
    expect(webLinkUrl('http://127.0.0.1:8080', '/l/abc')).toBe('http://127.0.0.1:8080/l/abc');
  });
});

describe('CSRF tokens', () => {
  const secret = 'server-secret-0123456789-abcdefghij';
  it('are bound to the session and to the server’s secret', () => {
    const session = newWebToken();
    const token = csrfToken(secret, session);
    expect(verifyCsrf(secret, session, token)).toBe(true);
    expect(verifyCsrf(secret, newWebToken(), token)).toBe(false);
    expect(verifyCsrf('another-secret-0123456789-abcdefghij', session, token)).toBe(false);
  });

  it.each([undefined, null, '', 'x', 42, ['a'], 'A'.repeat(500)])('refuse %j', (given) => {
    expect(verifyCsrf(secret, newWebToken(), given)).toBe(false);
  });
});

describe('Telegram Mini App initData', () => {
  const user = { id: 7001, first_name: 'Mai', language_code: 'vi' };
  const signed = (at: Date, token = BOT_TOKEN) => sign({ user, query_id: 'q' }, token, at);

  it('is accepted when signed with the bot token and recent', () => {
    expect(checkInitData(signed(new Date()), BOT_TOKEN, 24 * HOUR)).toEqual({
      ok: true,
      userId: '7001',
      languageCode: 'vi',
    });
  });

  it('is refused when older than the links’ lifetime', () => {
    const old = signed(new Date(Date.now() - 25 * HOUR * 1000));
    expect(checkInitData(old, BOT_TOKEN, 24 * HOUR)).toEqual({ ok: false, reason: 'expired' });
    expect(checkInitData(old, BOT_TOKEN, 26 * HOUR).ok).toBe(true);
  });

  it('is refused when signed with another bot’s token, or changed after signing', () => {
    expect(
      checkInitData(signed(new Date(), '987654321:ZZHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw'), BOT_TOKEN, HOUR),
    ).toEqual({
      ok: false,
      reason: 'invalid',
    });
    const tampered = signed(new Date()).replace('%22id%22%3A7001', '%22id%22%3A7002');
    expect(tampered).not.toBe(signed(new Date()));
    expect(checkInitData(tampered, BOT_TOKEN, HOUR)).toEqual({ ok: false, reason: 'invalid' });
  });

  it.each(['', 'hash=00', 'user=x&auth_date=1', 'x'.repeat(9000)])(
    'is refused when malformed: %j',
    (value) => {
      expect(checkInitData(value, BOT_TOKEN, HOUR).ok).toBe(false);
    },
  );

  it('is refused without a user', () => {
    const noUser = sign({ query_id: 'q' }, BOT_TOKEN, new Date());
    expect(checkInitData(noUser, BOT_TOKEN, HOUR)).toEqual({ ok: false, reason: 'no_user' });
  });
});
