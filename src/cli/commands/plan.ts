import type { Command } from 'commander';
import { formatPath } from '../../domain/plan/plan.js';
import type { Translate } from '../../i18n.js';
import { formatLocalDateTime } from '../../domain/calendar/index.js';
import { formatTarget } from '../../reports/targets.js';
import { loadPlanFile, type LocatedProblem } from '../../services/plan-file.js';
import { importPlan, type ImportSummary } from '../../services/plan-import.js';
import { showPlan, type StoredPlan } from '../../services/plan-query.js';
import type { CliContext } from '../context.js';
import { EXIT, Exit } from '../exit.js';
import { formatTable } from '../table.js';

function describeProblem(t: Translate, problem: LocatedProblem): string {
  const place = formatPath(problem.path);
  const where = [place, problem.line === undefined ? '' : t('cli:plan.line', { line: problem.line })].filter(Boolean).join(' ');
  const text = t(problem.key, { ...problem.params, defaultValue: problem.key });
  return where ? `${where}: ${text}` : text;
}

async function loadOrExplain(ctx: CliContext, file: string) {
  const { t } = ctx.i18n;
  const result = await loadPlanFile(file);
  for (const warning of result.warnings) ctx.io.err(`${t('cli:plan.warning')} ${describeProblem(t, warning)}`);
  if (!result.ok) {
    ctx.io.err(t('cli:plan.rejected', { file, count: result.problems.length }));
    for (const problem of result.problems) ctx.io.err(`  - ${describeProblem(t, problem)}`);
    throw new Exit(EXIT.refused);
  }
  return result.plan;
}

function describeSummary(t: Translate, summary: ImportSummary): string[] {
  if (summary.unchanged) return [t('cli:plan.import.unchanged', { campaign: summary.campaignCode })];
  const lines: string[] = [];
  for (const [kind, byEntity] of Object.entries(summary.changes)) {
    for (const [entity, count] of Object.entries(byEntity)) {
      lines.push(`  ${t(`cli:plan.import.change.${kind}`)} ${t(`cli:plan.entity.${entity}`, { count })}`);
    }
  }
  return lines;
}

function printPlan(ctx: CliContext, plan: StoredPlan): void {
  const { t } = ctx.i18n;
  const { io } = ctx;
  io.out(`${plan.organization.name} (${plan.organization.code})`);
  io.out(`${plan.campaign.title}`);
  io.out(
    t('cli:plan.show.campaign', {
      ...plan.campaign,
      kind: t(`cli:plan.kind.${plan.campaign.kind}`),
      periods: t(`cli:plan.scheme.${plan.campaign.periods}`),
    }),
  );
  io.out('');
  io.out(
    formatTable([
      [t('cli:plan.show.col.period'), t('cli:plan.show.col.name'), t('cli:plan.show.col.window'), t('cli:plan.show.col.deadline')],
      ...plan.periods.map((p) => [
        p.key,
        ctx.i18n.render(p.name),
        `${p.start} → ${p.cutoff}`,
        formatLocalDateTime(new Date(p.deadlineAt), ctx.config.timeZone),
      ]),
    ]),
  );
  io.out('');
  io.out(
    formatTable([
      [t('cli:plan.show.col.official'), t('cli:plan.show.col.name'), t('cli:plan.show.col.role'), t('cli:plan.show.col.unit')],
      ...plan.officials.map((o) => [o.code, o.name + (o.active ? '' : ` (${t('cli:plan.show.inactive')})`), t(`common:role.${o.role}`), o.unit ?? '']),
    ]),
  );
  io.out('');
  io.out(
    formatTable([
      [t('cli:plan.show.col.indicator'), t('cli:plan.show.col.name'), t('cli:plan.show.col.target'), t('cli:plan.show.col.assignees')],
      ...plan.indicators.map((i) => [
        (i.parent ? '  ' : '') + i.code,
        i.name + (i.archived ? ` (${t('cli:plan.show.archived')})` : ''),
        i.targets.map((target) => (target.source ? `${target.source}: ` : '') + formatTarget(ctx.i18n, target, i.unit, i.measure)).join('; '),
        i.assignees.join(', '),
      ]),
    ]),
  );
}

export function registerPlanCommands(program: Command, ctx: CliContext): void {
  const { t } = ctx.i18n;
  const plan = program.command('plan').description(t('cli:plan.description'));

  plan
    .command('check')
    .description(t('cli:plan.check.description'))
    .argument('<file>', t('cli:plan.file'))
    .action(async (file: string) => {
      const loaded = await loadOrExplain(ctx, file);
      ctx.io.out(t('cli:plan.check.ok', { file, count: loaded.indicators.length }));
    });

  plan
    .command('import')
    .description(t('cli:plan.import.description'))
    .argument('<file>', t('cli:plan.file'))
    .option('--dry-run', t('cli:plan.import.dry_run'))
    .action(async (file: string, options: { dryRun?: boolean }) => {
      const loaded = await loadOrExplain(ctx, file);
      const { db } = await ctx.database();
      const summary = await importPlan(db, loaded, { timeZone: ctx.config.timeZone, dryRun: options.dryRun ?? false });
      ctx.io.out(
        t(options.dryRun ? 'cli:plan.import.would' : 'cli:plan.import.done', {
          organization: summary.organizationCode,
          campaign: summary.campaignCode,
        }),
      );
      for (const line of describeSummary(t, summary)) ctx.io.out(line);
    });

  plan
    .command('show')
    .description(t('cli:plan.show.description'))
    .option('--org <code>', t('cli:option.org'))
    .option('--campaign <code>', t('cli:option.campaign'))
    .option('--json', t('cli:option.json'))
    .action(async (options: { org?: string; campaign?: string; json?: boolean }) => {
      const { db } = await ctx.database();
      const stored = await showPlan(db, { organizationCode: options.org, campaignCode: options.campaign, today: ctx.today() });
      if (options.json) {
        const periods = stored.periods.map((p) => ({ ...p, name: ctx.i18n.render(p.name) }));
        ctx.io.out(JSON.stringify({ ...stored, periods }, null, 2));
      }
      else printPlan(ctx, stored);
    });
}
