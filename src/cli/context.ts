import type { Config } from '../config.js';
import { createI18n, type I18n, type Locale } from '../i18n.js';
import type { Logger } from '../logger.js';
import type { Database } from '../store/database.js';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/**
 * What every command works with. Declaring the commands needs only `i18n` and `io`: `tiendo --help` must
 * not pay for the configuration's schema, the logger or the database. The rest is loaded by `prepare()`,
 * which runs before a command's action; `config`, `logger` and `today()` are there from then on.
 */
export interface CliContext {
  readonly config: Config;
  i18n: I18n;
  readonly logger: Logger;
  io: Output;
  /** Whether `prepare()` has completed, so that `config` and `logger` may be read. */
  readonly ready: boolean;
  prepare(): Promise<void>;
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
export async function migrateDatabase(url: string, options: { apply?: boolean } = {}) {
  const [{ migrate, MigrationError }, { parseDatabaseUrl, redactDatabaseUrl }] = await Promise.all([
    import('../store/migrate.js'),
    import('../store/database-url.js'),
  ]);
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

interface Prepared {
  config: Config;
  logger: Logger;
  localDateOf(at: Date, timeZone: string): string;
}

/** The configuration, the logger and the calendar, loaded when a command is about to run. */
async function prepareContext(env: NodeJS.ProcessEnv, i18n: I18n, quiet: boolean): Promise<Prepared> {
  const [{ parseConfig }, { createLogger }, { localDateOf }] = await Promise.all([
    import('../config.js'),
    import('../logger.js'),
    import('../domain/calendar/index.js'),
  ]);
  const parsed = parseConfig(env);
  if (!parsed.ok) {
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
  return {
    config,
    logger: createLogger(quiet && !env.LOG_LEVEL ? 'warn' : config.logLevel),
    localDateOf,
  };
}

async function openMigrated(config: Config, logger: Logger): Promise<Database> {
  const result = await migrateDatabase(config.databaseUrl);
  if (result.ran.length > 0) logger.info({ migrations: result.ran }, 'migrations applied');
  const [{ openDatabase }, { ensureDefaultHolidays }] = await Promise.all([
    import('../store/database.js'),
    import('../services/holidays.js'),
  ]);
  const database = await openDatabase(config.databaseUrl);
  await ensureDefaultHolidays(database.db);
  return database;
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
  // TIENDO_LOCALE is checked with the rest of the configuration in prepare(); help only needs the language.
  const locale: Locale = env.TIENDO_LOCALE === 'en' ? 'en' : 'vi';
  const i18n = createI18n(locale);
  let prepared: Prepared | undefined;
  let opened: Promise<Database> | undefined;
  const ready = (): Prepared => {
    if (!prepared) throw new Error('the command line context was used before prepare()');
    return prepared;
  };
  const now = () => new Date();
  return {
    get config() {
      return ready().config;
    },
    get logger() {
      return ready().logger;
    },
    get ready() {
      return prepared !== undefined;
    },
    i18n,
    io,
    async prepare() {
      prepared ??= await prepareContext(env, i18n, options.quiet);
    },
    now,
    today: () => ready().localDateOf(now(), ready().config.timeZone),
    database() {
      const { config, logger } = ready();
      opened ??= openMigrated(config, logger);
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
