import { Option, type Command } from 'commander';
import type { ApproveOptions } from '../actions/approve.js';
import type { CliContext } from '../context.js';

/** The steps of domain/approval, named here so that `--help` loads no domain module. */
const STEPS = ['check', 'approve', 'return', 'reopen'] as const;

/**
 * `tiendo approve --period 2026-Q3 --as ct`: one step of a period's approval (check, approve, return,
 * reopen) in the name of an official, with the same rules as the chat; `--history` shows every step.
 */
export function registerApproveCommand(program: Command, ctx: CliContext): void {
  const { t } = ctx.i18n;
  program
    .command('approve')
    .description(t('approval:cli.description'))
    .requiredOption('--period <key>', t('approval:cli.period'))
    .option('--as <code>', t('approval:cli.as'))
    .addOption(new Option('--action <step>', t('approval:cli.action')).choices(STEPS).default('approve'))
    .option('--note <text>', t('approval:cli.note'))
    .option('--indicators <codes>', t('approval:cli.indicators'))
    .option('--history', t('approval:cli.history'))
    .option('--json', t('cli:option.json'))
    .option('--org <code>', t('cli:option.org'))
    .option('--campaign <code>', t('cli:option.campaign'))
    .action(async (options: ApproveOptions) =>
      (await import('../actions/approve.js')).runApprove(ctx, options),
    );
}
