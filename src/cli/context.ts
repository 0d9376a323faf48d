import { parseConfig, type Config } from '../config.js';
import { localDateOf } from '../domain/calendar/index.js';
import { createI18n, type I18n, type Locale } from '../i18n.js';
import { createLogger, type Logger } from '../logger.js';
import { ensureDefaultHolidays } from '../services/holidays.js';
import { openDatabase, type Database } from '../store/database.js';
import { parseDatabaseUrl, redactDatabaseUrl } from '../store/database-url.js';
import { migrate, MigrationError } from '../store/migrate.js';

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

/** The database cannot be reached or created: an outage or a wrong DATABASE_URL, not a bug. */
export class DatabaseUnavailable extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`database unavailable: ${url}`, { cause });
  }
}

/** Applies (or with apply: false, reports) the migrations; an unreachable database becomes DatabaseUnavailable. */
export function migrateDatabase(url: string, options: { apply?: boolean } = {}) {
  return migrate(parseDatabaseUrl(url), options).catch((error: unknown) => {
    if (error instanceof MigrationError) throw error;
    throw new DatabaseUnavailable(redactDatabaseUrl(url), error);
  });
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
export function createCliContext(
  env: NodeJS.ProcessEnv,
  io: Output,
  options: { quiet: boolean },
): CliContext {
  const parsed = parseConfig(env);
  if (!parsed.ok) {
    const locale: Locale = env.TIENDO_LOCALE === 'en' ? 'en' : 'vi';
    const i18n = createI18n(locale);
    throw new ConfigError(
      i18n,
      parsed.problems.map((p) =>
        i18n.t(`common:config.${p.code}`, {
          variable: p.variable,
          defaultValue: i18n.t('common:config.invalid', { variable: p.variable }),
        }),
      ),
    );
  }
  const { config } = parsed;
  const i18n = createI18n(config.locale);
  const logger = createLogger(options.quiet && !env.LOG_LEVEL ? 'warn' : config.logLevel);
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
        const result = await migrateDatabase(config.databaseUrl);
        if (result.ran.length > 0) logger.info({ migrations: result.ran }, 'migrations applied');
        const database = await openDatabase(config.databaseUrl);
        await ensureDefaultHolidays(database.db);
        return database;
      })();
      return opened;
    },
    async close() {
      // A database that failed to open has nothing to close; its error was reported already.
      if (opened)
        await opened.then(
          (database) => database.close(),
          () => undefined,
        );
    },
  };
}
