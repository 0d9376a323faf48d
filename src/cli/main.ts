import { Command, CommanderError, Help } from 'commander';
import type { Translate } from '../i18n.js';
import { UserError } from '../services/errors.js';
import { MigrationError } from '../store/migrate.js';
import { registerApproveCommand } from './commands/approve.js';
import { registerDbCommands } from './commands/db.js';
import { registerHolidayCommands } from './commands/holiday.js';
import { registerOfficialCommands } from './commands/official.js';
import { registerPlanCommands } from './commands/plan.js';
import { registerProgressCommand } from './commands/progress.js';
import { registerRankingCommand } from './commands/ranking.js';
import { registerRemindCommand } from './commands/remind.js';
import { registerReportCommands } from './commands/report.js';
import { registerStartCommand } from './commands/start.js';
import { registerWebCommands } from './commands/web.js';
import { EXIT, Exit } from './exit.js';
import {
  ConfigError,
  DatabaseUnavailable,
  createCliContext,
  type CliContext,
  type Output,
} from './context.js';

/** Commander's own words (headings, "[options]", "[command]") in the reader's language. */
function translatedHelp(t: Translate): Partial<Help> {
  const placeholders = (text: string) =>
    text
      .replace('[options]', t('cli:help.placeholder.options'))
      .replace('[command]', t('cli:help.placeholder.command'));
  const stock = new Help();
  return {
    styleTitle: (title: string) =>
      t(`cli:help.titles.${title.replace(/:$/, '').replace(/\s+/g, '_').toLowerCase()}`, {
        defaultValue: title,
      }),
    commandUsage: (command: Command) => placeholders(stock.commandUsage(command)),
    subcommandTerm: (command: Command) => placeholders(stock.subcommandTerm(command)),
  };
}

function applyHelpStyle(command: Command, t: Translate): void {
  command.configureHelp(translatedHelp(t));
  command.helpOption('-h, --help', t('cli:help.option'));
  command.helpCommand(false);
  command.exitOverride();
  command.configureOutput({ outputError: () => undefined });
  command.showHelpAfterError(false);
  for (const sub of command.commands) applyHelpStyle(sub, t);
}

/**
 * Every command's name, options and help, and nothing else: each `register…` module declares its commands
 * and imports the module of its action (src/cli/actions/) only when that command runs, so `tiendo --help`
 * loads no service, no Prisma client, no document reader.
 */
export function buildProgram(ctx: CliContext): Command {
  const { t } = ctx.i18n;
  const program = new Command('tiendo')
    .description(t('cli:program.description'))
    .configureOutput({ writeOut: (s) => ctx.io.out(s.trimEnd()), writeErr: (s) => ctx.io.err(s.trimEnd()) });
  registerStartCommand(program, ctx);
  registerDbCommands(program, ctx);
  registerPlanCommands(program, ctx);
  registerOfficialCommands(program, ctx);
  registerReportCommands(program, ctx);
  registerHolidayCommands(program, ctx);
  registerProgressCommand(program, ctx);
  registerRankingCommand(program, ctx);
  registerRemindCommand(program, ctx);
  registerApproveCommand(program, ctx);
  registerWebCommands(program, ctx);
  applyHelpStyle(program, t);
  return program;
}

function commanderMessage(error: CommanderError, t: Translate): string {
  // "option '--year <year>' argument '26' is invalid": the value is the last quoted part.
  const quoted = [...error.message.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
  const detail = (error.code === 'commander.invalidArgument' ? quoted.at(-1) : quoted[0]) ?? '';
  return t(`cli:error.${error.code.replace('commander.', '')}`, { detail, defaultValue: error.message });
}

const defaultOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: Output = defaultOutput,
): Promise<number> {
  const ctx = createCliContext(env, io, { quiet: argv[2] !== 'start' });
  const { t } = ctx.i18n;
  try {
    const program = buildProgram(ctx);
    // The configuration, logger and calendar are loaded only when a command is about to run, not for help.
    program.hook('preAction', () => ctx.prepare());
    if (argv.length <= 2) {
      io.out(program.helpInformation().trimEnd());
      return EXIT.ok;
    }
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof Exit) return error.code;
    if (error instanceof ConfigError) {
      io.err(error.i18n.t('common:config.title'));
      for (const line of error.lines) io.err(`  - ${line}`);
      return EXIT.usage;
    }
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.help' ||
        error.code === 'commander.version'
      )
        return EXIT.ok;
      io.err(commanderMessage(error, t));
      return EXIT.usage;
    }
    if (error instanceof UserError) {
      io.err(t(error.key, error.params));
      return EXIT.refused;
    }
    if (error instanceof DatabaseUnavailable) {
      ctx.logger.error({ err: error.cause, url: error.url }, 'database unavailable');
      io.err(t('common:database_unavailable', { url: error.url }));
      return EXIT.failure;
    }
    if (error instanceof MigrationError) {
      io.err(t(`common:migration.${error.code}`, { name: error.migration }));
      ctx.logger.error({ err: error }, 'migration failed');
      return EXIT.failure;
    }
    if (ctx.ready) ctx.logger.error({ err: error }, 'command failed');
    else io.err(String(error instanceof Error ? (error.stack ?? error.message) : error));
    io.err(t('common:unexpected'));
    return EXIT.failure;
  } finally {
    await ctx.close();
  }
}
