import { z } from 'zod';

/**
 * The whole configuration of tiendo, read from the environment once (by the composition root or the
 * command line) and passed down. Nothing else reads process.env.
 */
const configSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .default('file:./data/tiendo.db')
    .refine((url) => url.startsWith('file:') || /^postgres(ql)?:\/\//.test(url), {
      message: 'database_url',
    }),
  TIENDO_TIME_ZONE: z.string().default('Asia/Ho_Chi_Minh').refine(isTimeZone, { message: 'time_zone' }),
  TIENDO_LOCALE: z.enum(['vi', 'en']).default('vi'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** auto: load the demo plan on `tiendo start` into an empty database; on: load or refresh it always; off: never. */
  TIENDO_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  /** reminders are sent on working days within these local hours, "07:30-17:00" */
  TIENDO_OFFICE_HOURS: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, { message: 'office_hours' })
    .refine((v) => v.slice(0, 5) < v.slice(6), { message: 'office_hours' })
    .default('07:30-17:00'),
  /** where reminders go for an official linked on several channels */
  TIENDO_REMINDER_CHANNEL: z.enum(['last_used', 'telegram', 'zalo']).default('last_used'),
  /** auto: `tiendo start` opens the console chat when no chat token is set; off: never. */
  TIENDO_CONSOLE: z.enum(['auto', 'off']).default('auto'),
  /**
   * The address the HTTP server (pages and webhooks) listens on: 127.0.0.1 behind a TLS proxy on the same
   * machine (the default); 0.0.0.0 or :: for every interface, when the proxy is elsewhere.
   */
  TIENDO_HTTP_HOST: z
    .string()
    .trim()
    .regex(/^[\w.:-]{1,253}$/, { message: 'http_host' })
    .default('127.0.0.1'),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]{20,}$/, { message: 'telegram_token' })
    .optional(),
  /** where the Bot API lives; tests point it at an emulator on 127.0.0.1 */
  TELEGRAM_API_ROOT: z.url({ message: 'url' }).default('https://api.telegram.org'),
  /** the bot's @username without the @, for invite deep links (t.me/<username>?start=<code>) */
  TELEGRAM_BOT_USERNAME: z
    .string()
    .regex(/^\w{3,64}$/, { message: 'telegram_username' })
    .optional(),
  /** set to receive updates by webhook (on TIENDO_HTTP_PORT, behind the TLS proxy) instead of long polling */
  TELEGRAM_WEBHOOK_URL: z.url({ message: 'url' }).optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, { message: 'telegram_secret' })
    .optional(),
  /** no longer used: the webhooks are served on TIENDO_HTTP_PORT (refused when it says another port) */
  TELEGRAM_WEBHOOK_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  ZALO_BOT_TOKEN: z
    .string()
    .regex(/^[\w:.-]{10,256}$/, { message: 'zalo_token' })
    .optional(),
  ZALO_API_ROOT: z.url({ message: 'url' }).default('https://bot-api.zaloplatforms.com'),
  ZALO_WEBHOOK_URL: z.url({ message: 'url' }).optional(),
  ZALO_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, { message: 'telegram_secret' })
    .optional(),
  ZALO_WEBHOOK_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** the HTTP server (src/web: pages and webhooks): its port (0: any free one, for tests); its address is TIENDO_HTTP_HOST */
  TIENDO_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** the public https address of the web pages, behind the operator's TLS proxy */
  TIENDO_PUBLIC_URL: z
    .url({ message: 'url' })
    .refine((url) => url.startsWith('https://'), { message: 'public_url_https' })
    .optional(),
  /** how long a link handed out in the chat opens its page */
  TIENDO_LINK_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  /** signs the web's session cookies; random at each start when unset (sessions then end with the process) */
  TIENDO_WEB_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{32,256}$/, { message: 'web_secret' })
    .optional(),
  /** when set, GET /metrics wants "Authorization: Bearer <token>" */
  TIENDO_METRICS_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, { message: 'telegram_secret' })
    .optional(),
});

export type Config = {
  databaseUrl: string;
  timeZone: string;
  locale: 'vi' | 'en';
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  demo: 'auto' | 'on' | 'off';
  console: 'auto' | 'off';
  reminderChannel: 'last_used' | 'telegram' | 'zalo';
  officeHours: { start: string; end: string };
  telegram: TelegramConfig | null;
  zalo: ZaloConfig | null;
  web: WebConfig;
};

export interface WebConfig {
  port: number;
  host: string;
  /** https://…, without a trailing slash; null: the pages are reached locally only */
  publicUrl: string | null;
  linkTtlHours: number;
  secret: string | null;
  metricsToken: string | null;
}

/** A webhook as configured: the platform posts to `url`, whose path the HTTP server serves (TIENDO_HTTP_PORT). */
export interface WebhookConfig {
  url: string;
  secret: string;
}

export interface ZaloConfig {
  token: string;
  apiRoot: string;
  webhook: WebhookConfig | null;
}

export interface TelegramConfig {
  token: string;
  apiRoot: string;
  username: string | null;
  webhook: WebhookConfig | null;
}

export interface ConfigProblem {
  variable: string;
  code: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Empty strings count as unset, as they do in most .env files. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') out[key] = value;
  return out;
}

export function parseConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const parsed = configSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? ''),
        // Our refinements and formats carry their own code as the message; zod's generic ones use zod's code.
        code: issue.code === 'custom' || issue.code === 'invalid_format' ? issue.message : issue.code,
      })),
    };
  }
  const e = parsed.data;
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_WEBHOOK_SECRET) {
    return {
      ok: false,
      problems: [{ variable: 'TELEGRAM_WEBHOOK_SECRET', code: 'webhook_secret_required' }],
    };
  }
  if (e.ZALO_WEBHOOK_URL && !e.ZALO_WEBHOOK_SECRET) {
    return { ok: false, problems: [{ variable: 'ZALO_WEBHOOK_SECRET', code: 'webhook_secret_required' }] };
  }
  const clash = webhookClash(e);
  if (clash) return { ok: false, problems: [clash] };
  return {
    ok: true,
    config: {
      databaseUrl: e.DATABASE_URL,
      timeZone: e.TIENDO_TIME_ZONE,
      locale: e.TIENDO_LOCALE,
      logLevel: e.LOG_LEVEL,
      demo: e.TIENDO_DEMO,
      console: e.TIENDO_CONSOLE,
      reminderChannel: e.TIENDO_REMINDER_CHANNEL,
      officeHours: { start: e.TIENDO_OFFICE_HOURS.slice(0, 5), end: e.TIENDO_OFFICE_HOURS.slice(6) },
      telegram: e.TELEGRAM_BOT_TOKEN
        ? {
            token: e.TELEGRAM_BOT_TOKEN,
            apiRoot: e.TELEGRAM_API_ROOT,
            username: e.TELEGRAM_BOT_USERNAME ?? null,
            webhook:
              e.TELEGRAM_WEBHOOK_URL && e.TELEGRAM_WEBHOOK_SECRET
                ? { url: e.TELEGRAM_WEBHOOK_URL, secret: e.TELEGRAM_WEBHOOK_SECRET }
                : null,
          }
        : null,
      zalo: e.ZALO_BOT_TOKEN
        ? {
            token: e.ZALO_BOT_TOKEN,
            apiRoot: e.ZALO_API_ROOT,
            webhook:
              e.ZALO_WEBHOOK_URL && e.ZALO_WEBHOOK_SECRET
                ? { url: e.ZALO_WEBHOOK_URL, secret: e.ZALO_WEBHOOK_SECRET }
                : null,
          }
        : null,
      web: {
        port: e.TIENDO_HTTP_PORT,
        host: e.TIENDO_HTTP_HOST,
        publicUrl: e.TIENDO_PUBLIC_URL ? e.TIENDO_PUBLIC_URL.replace(/\/+$/, '') : null,
        linkTtlHours: e.TIENDO_LINK_TTL_HOURS,
        secret: e.TIENDO_WEB_SECRET ?? null,
        metricsToken: e.TIENDO_METRICS_TOKEN ?? null,
      },
    },
  };
}

/**
 * The webhooks are served by the one HTTP server, on TIENDO_HTTP_PORT. A deployment that still names
 * another port for a webhook (its proxy forwards there) would receive nothing: refused, naming the
 * variable. Two webhooks on one path cannot be told apart: refused too.
 */
function webhookClash(e: z.infer<typeof configSchema>): ConfigProblem | null {
  const moved = (['TELEGRAM_WEBHOOK_PORT', 'ZALO_WEBHOOK_PORT'] as const).find(
    (variable) => e[variable] !== undefined && e[variable] !== e.TIENDO_HTTP_PORT,
  );
  if (moved) return { variable: moved, code: 'webhook_port_moved' };
  const path = (url: string | undefined) => (url ? new URL(url).pathname : null);
  const telegram = e.TELEGRAM_BOT_TOKEN ? path(e.TELEGRAM_WEBHOOK_URL) : null;
  const zalo = e.ZALO_BOT_TOKEN ? path(e.ZALO_WEBHOOK_URL) : null;
  if (telegram !== null && telegram === zalo)
    return { variable: 'ZALO_WEBHOOK_URL', code: 'webhook_path_clash' };
  return null;
}
