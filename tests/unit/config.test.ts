import { describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config.js';

const DEFAULTS: Config = {
  databaseUrl: 'file:./data/tiendo.db',
  timeZone: 'Asia/Ho_Chi_Minh',
  locale: 'vi',
  logLevel: 'info',
  demo: 'auto',
  console: 'auto',
  reminderChannel: 'last_used',
  officeHours: { start: '07:30', end: '17:00' },
  telegram: null,
  zalo: null,
  web: { port: 8080, host: '127.0.0.1', publicUrl: null, linkTtlHours: 24, secret: null, metricsToken: null },
};

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

describe('parseConfig', () => {
  it('has a default for everything: a SQLite file under data/, Vietnam’s time, Vietnamese', () => {
    expect(parseConfig({})).toEqual({ ok: true, config: DEFAULTS });
  });

  it('ignores the variables it does not know', () => {
    expect(parseConfig({ PATH: '/usr/bin', HOME: '/root', TELEGRAM_TOKEN: 'x' })).toEqual({
      ok: true,
      config: DEFAULTS,
    });
  });

  it('counts empty strings as unset, as a .env file writes them', () => {
    expect(
      parseConfig({
        DATABASE_URL: '',
        TIENDO_TIME_ZONE: '',
        TIENDO_LOCALE: '',
        LOG_LEVEL: '',
        TIENDO_DEMO: '',
      }),
    ).toEqual({ ok: true, config: DEFAULTS });
  });

  it('takes every variable', () => {
    expect(
      parseConfig({
        DATABASE_URL: 'file:/var/lib/tiendo/tiendo.db',
        TIENDO_TIME_ZONE: 'Asia/Bangkok',
        TIENDO_LOCALE: 'en',
        LOG_LEVEL: 'debug',
        TIENDO_DEMO: 'off',
      }),
    ).toEqual({
      ok: true,
      config: {
        databaseUrl: 'file:/var/lib/tiendo/tiendo.db',
        timeZone: 'Asia/Bangkok',
        locale: 'en',
        logLevel: 'debug',
        demo: 'off',
        console: 'auto',
        reminderChannel: 'last_used',
        officeHours: { start: '07:30', end: '17:00' },
        telegram: null,
        zalo: null,
        web: DEFAULTS.web,
      },
    });
  });

  it.each([
    'postgresql://tiendo:secret@db.example:5432/tiendo',
    'postgres://tiendo@localhost/tiendo?sslmode=require',
  ])('accepts the PostgreSQL URL %s', (url) => {
    const result = parseConfig({ DATABASE_URL: url });
    expect(result).toEqual({ ok: true, config: { ...DEFAULTS, databaseUrl: url } });
  });

  it('trims the database URL', () => {
    expect(parseConfig({ DATABASE_URL: '  file:./x.db \n' })).toMatchObject({
      ok: true,
      config: { databaseUrl: 'file:./x.db' },
    });
  });

  it.each(['mysql://root@localhost/tiendo', './data/tiendo.db', 'sqlite:tiendo.db', 'http://postgres://x'])(
    'refuses the database URL %s',
    (url) => {
      expect(parseConfig({ DATABASE_URL: url })).toEqual({
        ok: false,
        problems: [{ variable: 'DATABASE_URL', code: 'database_url' }],
      });
    },
  );

  it.each(['Asia/Hanoi', 'GMT+25', 'Việt Nam'])('refuses the time zone %s', (zone) => {
    expect(parseConfig({ TIENDO_TIME_ZONE: zone })).toEqual({
      ok: false,
      problems: [{ variable: 'TIENDO_TIME_ZONE', code: 'time_zone' }],
    });
  });

  it.each(['fr', 'vi-VN', 'VI'])('refuses the locale %s', (locale) => {
    expect(parseConfig({ TIENDO_LOCALE: locale })).toEqual({
      ok: false,
      problems: [{ variable: 'TIENDO_LOCALE', code: 'invalid_value' }],
    });
  });

  it('refuses a log level or demo mode it does not know', () => {
    expect(parseConfig({ LOG_LEVEL: 'verbose' })).toEqual({
      ok: false,
      problems: [{ variable: 'LOG_LEVEL', code: 'invalid_value' }],
    });
    expect(parseConfig({ TIENDO_DEMO: 'yes' })).toEqual({
      ok: false,
      problems: [{ variable: 'TIENDO_DEMO', code: 'invalid_value' }],
    });
  });

  it('reports every bad variable at once', () => {
    const result = parseConfig({
      DATABASE_URL: 'mysql://x',
      TIENDO_TIME_ZONE: 'Mars/Olympus',
      TIENDO_LOCALE: 'fr',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(3);
      expect(result.problems).toEqual(
        expect.arrayContaining([
          { variable: 'DATABASE_URL', code: 'database_url' },
          { variable: 'TIENDO_TIME_ZONE', code: 'time_zone' },
          { variable: 'TIENDO_LOCALE', code: 'invalid_value' },
        ]),
      );
    }
  });

  it('turns Telegram on with a token, in polling mode unless a webhook URL is given', () => {
    expect(parseConfig({ TELEGRAM_BOT_TOKEN: TOKEN })).toEqual({
      ok: true,
      config: {
        ...DEFAULTS,
        telegram: { token: TOKEN, apiRoot: 'https://api.telegram.org', username: null, webhook: null },
      },
    });
    const webhook = parseConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/tg',
      TELEGRAM_WEBHOOK_SECRET: 's3cret-s3cret-s3cret',
    });
    expect(webhook.ok && webhook.config.telegram?.webhook).toEqual({
      url: 'https://bot.example.vn/tg',
      secret: 's3cret-s3cret-s3cret',
    });
  });

  it('serves both webhooks on the HTTP server, on 127.0.0.1 unless TIENDO_HTTP_HOST says otherwise', () => {
    const env = {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/tg',
      TELEGRAM_WEBHOOK_SECRET: 's3cret-s3cret-s3cret',
      ZALO_BOT_TOKEN: '1234567890:zalo-bot-token-abc',
      ZALO_WEBHOOK_URL: 'https://bot.example.vn/zalo',
      ZALO_WEBHOOK_SECRET: 'zalo-s3cret-s3cret',
    };
    const local = parseConfig(env);
    expect(local.ok && [local.config.web.host, local.config.web.port]).toEqual(['127.0.0.1', 8080]);
    const all = parseConfig({ ...env, TIENDO_HTTP_HOST: '0.0.0.0' });
    expect(all.ok && all.config.web.host).toBe('0.0.0.0');
    expect(parseConfig({ TIENDO_HTTP_HOST: 'bad host!' })).toEqual({
      ok: false,
      problems: [{ variable: 'TIENDO_HTTP_HOST', code: 'http_host' }],
    });
  });

  it.each([
    [{ TELEGRAM_BOT_TOKEN: 'not-a-token' }, 'TELEGRAM_BOT_TOKEN', 'telegram_token'],
    [
      { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/tg' },
      'TELEGRAM_WEBHOOK_SECRET',
      'webhook_secret_required',
    ],
    [
      {
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_WEBHOOK_URL: 'nope',
        TELEGRAM_WEBHOOK_SECRET: 's3cret-s3cret-s3cret',
      },
      'TELEGRAM_WEBHOOK_URL',
      'url',
    ],
    [{ TELEGRAM_WEBHOOK_PORT: '70000' }, 'TELEGRAM_WEBHOOK_PORT', 'too_big'],
    [{ TELEGRAM_WEBHOOK_PORT: '9000' }, 'TELEGRAM_WEBHOOK_PORT', 'webhook_port_moved'],
    [{ ZALO_WEBHOOK_PORT: '8081' }, 'ZALO_WEBHOOK_PORT', 'webhook_port_moved'],
  ])('refuses a bad Telegram setting %j', (env, variable, code) => {
    expect(parseConfig(env)).toEqual({ ok: false, problems: [{ variable, code }] });
  });

  it('turns Zalo on with its token, with a webhook only with a secret', () => {
    const zalo = parseConfig({ ZALO_BOT_TOKEN: '1234567890:zalo-bot-token-abc' });
    expect(zalo.ok && zalo.config.zalo).toEqual({
      token: '1234567890:zalo-bot-token-abc',
      apiRoot: 'https://bot-api.zaloplatforms.com',
      webhook: null,
    });
    expect(
      parseConfig({
        ZALO_BOT_TOKEN: '1234567890:zalo-bot-token-abc',
        ZALO_WEBHOOK_URL: 'https://bot.example.vn/zalo',
      }),
    ).toEqual({
      ok: false,
      problems: [{ variable: 'ZALO_WEBHOOK_SECRET', code: 'webhook_secret_required' }],
    });
  });
});

describe('parseConfig: the web pages', () => {
  it('reads the port, address, public URL (without its trailing slash), link lifetime and tokens', () => {
    const parsed = parseConfig({
      TIENDO_HTTP_PORT: '9090',
      TIENDO_HTTP_HOST: '0.0.0.0',
      TIENDO_PUBLIC_URL: 'https://tiendo.example.gov.vn/',
      TIENDO_LINK_TTL_HOURS: '12',
      TIENDO_WEB_SECRET: 'a'.repeat(40),
      TIENDO_METRICS_TOKEN: 'metrics-token-0123456789',
    });
    expect(parsed.ok && parsed.config.web).toEqual({
      port: 9090,
      host: '0.0.0.0',
      publicUrl: 'https://tiendo.example.gov.vn',
      linkTtlHours: 12,
      secret: 'a'.repeat(40),
      metricsToken: 'metrics-token-0123456789',
    });
  });

  it.each([
    [{ TIENDO_PUBLIC_URL: 'http://tiendo.example.gov.vn' }, 'TIENDO_PUBLIC_URL', 'public_url_https'],
    [{ TIENDO_WEB_SECRET: 'short' }, 'TIENDO_WEB_SECRET', 'web_secret'],
    [{ TIENDO_LINK_TTL_HOURS: '0' }, 'TIENDO_LINK_TTL_HOURS', 'too_small'],
  ])('refuses %o', (env, variable, code) => {
    expect(parseConfig(env)).toEqual({ ok: false, problems: [{ variable, code }] });
  });

  it('takes the webhooks on the web server’s port: an old port variable only when it says the same', () => {
    const webhook = {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.gov.vn/telegram',
      TELEGRAM_WEBHOOK_SECRET: 'a-long-enough-secret',
    };
    expect(parseConfig(webhook).ok).toBe(true);
    expect(parseConfig({ ...webhook, TELEGRAM_WEBHOOK_PORT: '8080' }).ok).toBe(true);
    expect(parseConfig({ ...webhook, TELEGRAM_WEBHOOK_PORT: '8080', TIENDO_HTTP_PORT: '8082' })).toEqual({
      ok: false,
      problems: [{ variable: 'TELEGRAM_WEBHOOK_PORT', code: 'webhook_port_moved' }],
    });
  });

  it('refuses the Telegram and Zalo webhooks on one path', () => {
    const both = {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.gov.vn/hook',
      TELEGRAM_WEBHOOK_SECRET: 'a-long-enough-secret',
      ZALO_BOT_TOKEN: '1234567890:zalo-bot-token-abc',
      ZALO_WEBHOOK_URL: 'https://bot.example.gov.vn/hook',
      ZALO_WEBHOOK_SECRET: 'zalo-s3cret-s3cret',
    };
    expect(parseConfig(both)).toEqual({
      ok: false,
      problems: [{ variable: 'ZALO_WEBHOOK_URL', code: 'webhook_path_clash' }],
    });
    expect(parseConfig({ ...both, ZALO_WEBHOOK_URL: 'https://bot.example.gov.vn/zalo' }).ok).toBe(true);
  });
});
