import { parseConfig, type Config } from '../config.js';
import { localDateOf } from '../domain/calendar/index.js';
import { createI18n, type I18n, type Locale } from '../i18n.js';
import { createLogger, type Logger } from '../logger.js';
import { ensureDefaultHolidays } from '../services/holidays.js';
import { openDatabase, type Database } from '../store/database.js';
import { parseDatabaseUrl } from '../store/database-url.js';
import { migrate } from '../store/migrate.js';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export interface CliContext {
  config: Config;
  i18n: I18n;
  logger: Logger;
  io: Output;
  now(): Date;
  today(): string;
  /** The database with every migration applied and the default holidays present. */
  database(): Promise<Database>;
  close(): Promise<void>;
}

export class ConfigError extends Error {
  constructor(
    readonly i18n: I18n,
    readonly lines: string[],
  ) {
    super('invalid configuration');
  }
}

/**
 * `quiet`: a one-shot command logs only warnings unless LOG_LEVEL asks for more, so its output is
 * what the administrator reads; the bot itself (`start`) logs at the configured level.
 */
export function createCliContext(env: NodeJS.ProcessEnv, io: Output, options: { quiet: boolean }): CliContext {
  const parsed = parseConfig(env);
  if (!parsed.ok) {
    const locale: Locale = env.TIENDO_LOCALE === 'en' ? 'en' : 'vi';
    const i18n = createI18n(locale);
    throw new ConfigError(
      i18n,
      parsed.problems.map((p) => i18n.t(`common:config.${p.code}`, { variable: p.variable, defaultValue: i18n.t('common:config.invalid', { variable: p.variable }) })),
    );
  }
  const { config } = parsed;
  const i18n = createI18n(config.locale);
  const logger = createLogger(options.quiet && env.LOG_LEVEL === undefined ? 'warn' : config.logLevel);
  let opened: Promise<Database> | undefined;
  const now = () => new Date();
  return {
    config,
    i18n,
    logger,
    io,
    now,
    today: () => localDateOf(now(), config.timeZone),
    database() {
      opened ??= (async () => {
        const result = await migrate(parseDatabaseUrl(config.databaseUrl));
        if (result.ran.length > 0) logger.info({ migrations: result.ran }, 'migrations applied');
        const database = openDatabase(config.databaseUrl);
        await ensureDefaultHolidays(database.db);
        return database;
      })();
      return opened;
    },
    async close() {
      if (opened) await (await opened).close();
    },
  };
}
