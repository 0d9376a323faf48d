import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function registerStartCommand(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description(ctx.i18n.t('cli:start.description'))
    .action(async () => {
      // Loaded when the bot starts, not for every command: the channels, telegraf and the dialog engine.
      const { startTiendo } = await import('../../main.js');
      await startTiendo({
        config: ctx.config,
        i18n: ctx.i18n,
        logger: ctx.logger,
        database: await ctx.database(),
        print: (text) => ctx.io.out(text),
        now: () => ctx.now(),
        terminal: {
          input: process.stdin,
          output: process.stdout,
          interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
        },
      });
    });
}
