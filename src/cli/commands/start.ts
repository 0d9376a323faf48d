import type { Command } from 'commander';
import { startTiendo } from '../../main.js';
import type { CliContext } from '../context.js';

export function registerStartCommand(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description(ctx.i18n.t('cli:start.description'))
    .action(async () => {
      await startTiendo({
        config: ctx.config,
        i18n: ctx.i18n,
        logger: ctx.logger,
        database: await ctx.database(),
        print: ctx.io.out,
        now: ctx.now,
        terminal: {
          input: process.stdin,
          output: process.stdout,
          interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
        },
      });
    });
}
