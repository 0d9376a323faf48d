import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { formatPath, type ProvincePlan } from '../../domain/plan/plan.js';
import { groupWarnings } from '../../domain/plan/warnings.js';
import type { Translate } from '../../i18n.js';
import { formatDayMonthYear, formatLocalDateTime } from '../../domain/calendar/index.js';
import { formatTarget } from '../../reports/targets.js';
import { loadOrganizationFile, type LocatedProblem } from '../../services/plan-file.js';
import { importProvince } from '../../services/province-import.js';
import {
  draftFromDocument,
  draftJson,
  draftYaml,
  type DraftContext,
} from '../../services/plan-draft/index.js';
import { draftContextFor } from '../../services/plan-drafts.js';
import { importPlan, type ImportSummary } from '../../services/plan-import.js';
import { showPlan, type StoredPlan } from '../../services/plan-query.js';
import type { CliContext } from '../context.js';
import { EXIT, Exit } from '../exit.js';
import { formatTable } from '../table.js';

function describeProblem(t: Translate, problem: LocatedProblem): string {
  const place = formatPath(problem.path);
  const where = [place, problem.line === undefined ? '' : t('cli:plan.line', { line: problem.line })]
    .filter(Boolean)
    .join(' ');
  const text = t(problem.key, { ...problem.params, defaultValue: problem.key });
  return where ? `${where}: ${text}` : text;
}

async function loadOrExplain(ctx: CliContext, file: string) {
  const { t } = ctx.i18n;
  const result = await loadOrganizationFile(file);
  for (const warning of groupWarnings(result.warnings))
    ctx.io.err(`${t('cli:plan.warning')} ${describeProblem(t, warning)}`);
  if (!result.ok) {
    ctx.io.err(t('cli:plan.rejected', { file, count: result.problems.length }));
    for (const problem of result.problems) ctx.io.err(`  - ${describeProblem(t, problem)}`);
    throw new Exit(EXIT.refused);
  }
  return result;
}

function describeSummary(
  t: Translate,
  summary: Pick<ImportSummary, 'changes' | 'unchanged' | 'campaignCode'>,
): string[] {
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
      [
        t('cli:plan.show.col.period'),
        t('cli:plan.show.col.name'),
        t('cli:plan.show.col.window'),
        t('cli:plan.show.col.deadline'),
      ],
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
      [
        t('cli:plan.show.col.official'),
        t('cli:plan.show.col.name'),
        t('cli:plan.show.col.role'),
        t('cli:plan.show.col.unit'),
      ],
      ...plan.officials.map((o) => [
        o.code,
        o.name + (o.active ? '' : ` (${t('cli:plan.show.inactive')})`),
        t(`common:role.${o.role}`),
        o.unit ?? '',
      ]),
    ]),
  );
  io.out('');
  io.out(
    formatTable([
      [
        t('cli:plan.show.col.indicator'),
        t('cli:plan.show.col.name'),
        t('cli:plan.show.col.target'),
        t('cli:plan.show.col.assignees'),
      ],
      ...plan.indicators.map((i) => [
        (i.parent ? '  ' : '') + i.code,
        i.name + (i.archived ? ` (${t('cli:plan.show.archived')})` : ''),
        i.targets
          .map(
            (target) =>
              (target.source ? `${target.source}: ` : '') + formatTarget(ctx.i18n, target, i.unit, i.measure),
          )
          .join('; '),
        i.assignees.join(', '),
      ]),
    ]),
  );
}

/** "Kế hoạch 2026.docx" → "Kế hoạch 2026.yaml": the name the draft is saved under, for the commands it suggests. */
function draftName(documentFile: string, out: string | undefined): string {
  if (out && /\.ya?ml$/i.test(out)) return out;
  return `${basename(documentFile).replace(/\.[^.]*$/, '') || 'ke-hoach'}.yaml`;
}

/** `plan extract`: a plan document to a draft plan file, on stdout or in --out; what to do next on stderr. */
export async function runPlanExtract(
  ctx: CliContext,
  file: string,
  options: { format?: 'yaml' | 'json'; out?: string; org?: string },
): Promise<void> {
  const { t } = ctx.i18n;
  let context: DraftContext = {};
  if (options.org) {
    // the organization's units and officials: each indicator gets a proposed assignee
    const known = await draftContextFor(await ctx.database(), options.org);
    if (!known) {
      ctx.io.err(t('cli:plan.extract.unknown_org', { org: options.org }));
      throw new Exit(EXIT.refused);
    }
    context = known;
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    ctx.io.err(
      t('cli:plan.extract.unreadable', { file, code: (error as NodeJS.ErrnoException).code ?? 'EIO' }),
    );
    throw new Exit(EXIT.refused);
  }
  const today = ctx.today();
  const result = await draftFromDocument(bytes, basename(file), { today, context, t });
  if (!result.ok) {
    ctx.io.err(ctx.i18n.render(result.message));
    throw new Exit(EXIT.refused);
  }
  const { draft, document } = result;
  for (const notice of document.notices ?? []) ctx.io.err(ctx.i18n.render(notice));
  const yamlName = draftName(file, options.out);
  const output =
    options.format === 'json'
      ? draftJson(draft, { file: basename(file), kind: document.kind, lines: document.lines.length })
      : draftYaml(
          draft,
          { fileName: basename(file), yamlName: basename(yamlName), date: formatDayMonthYear(today) },
          t,
        );
  if (options.out) {
    try {
      await writeFile(options.out, output.endsWith('\n') ? output : `${output}\n`, 'utf8');
    } catch (error) {
      ctx.io.err(
        t('cli:plan.extract.unwritable', {
          file: options.out,
          code: (error as NodeJS.ErrnoException).code ?? 'EIO',
        }),
      );
      throw new Exit(EXIT.refused);
    }
    ctx.io.err(t('cli:plan.extract.written', { file: options.out }));
  } else ctx.io.out(output.trimEnd());
  const low = draft.review.filter((item) => item.needsReview).length;
  ctx.io.err(t('cli:plan.extract.summary', { count: draft.review.length, low, file }));
  ctx.io.err(t('cli:plan.extract.next', { yaml: yamlName }));
}

/** `plan check` */
export async function runPlanCheck(ctx: CliContext, file: string): Promise<void> {
  const loaded = await loadOrExplain(ctx, file);
  if ('province' in loaded)
    ctx.io.out(ctx.i18n.t('cli:plan.check.province_ok', { file, count: loaded.province.officials.length }));
  else ctx.io.out(ctx.i18n.t('cli:plan.check.ok', { file, count: loaded.plan.indicators.length }));
}

/** `plan import` of a province's file: the organization and its users, no plan. */
async function runProvinceImport(
  ctx: CliContext,
  province: ProvincePlan,
  options: { dryRun?: boolean },
): Promise<void> {
  const { t } = ctx.i18n;
  const { db } = await ctx.database();
  const summary = await importProvince(db, province, { dryRun: options.dryRun ?? false });
  if (summary.unchanged) {
    ctx.io.out(t('cli:plan.import.province_unchanged', { organization: summary.organizationCode }));
    return;
  }
  ctx.io.out(
    t(options.dryRun ? 'cli:plan.import.province_would' : 'cli:plan.import.province_done', {
      organization: summary.organizationCode,
    }),
  );
  for (const line of describeSummary(t, { ...summary, campaignCode: '' })) ctx.io.out(line);
}

/** `plan import` */
export async function runPlanImport(
  ctx: CliContext,
  file: string,
  options: { dryRun?: boolean },
): Promise<void> {
  const { t } = ctx.i18n;
  const result = await loadOrExplain(ctx, file);
  if ('province' in result) return runProvinceImport(ctx, result.province, options);
  const loaded = result.plan;
  const { db } = await ctx.database();
  const summary = await importPlan(db, loaded, {
    timeZone: ctx.config.timeZone,
    dryRun: options.dryRun ?? false,
  });
  ctx.io.out(
    t(options.dryRun ? 'cli:plan.import.would' : 'cli:plan.import.done', {
      organization: summary.organizationCode,
      campaign: summary.campaignCode,
    }),
  );
  for (const line of describeSummary(t, summary)) ctx.io.out(line);
  const { end } = loaded.campaign.schedule;
  // Importing last year's plan by mistake is easy: nothing would ever be due or reminded.
  if (end < ctx.today()) ctx.io.err(t('cli:plan.import.ended', { end: formatDayMonthYear(end) }));
}

/** `plan show` */
export async function runPlanShow(
  ctx: CliContext,
  options: { org?: string; campaign?: string; json?: boolean },
): Promise<void> {
  const { db } = await ctx.database();
  const stored = await showPlan(db, {
    organizationCode: options.org,
    campaignCode: options.campaign,
    today: ctx.today(),
  });
  if (options.json) {
    const periods = stored.periods.map((p) => ({ ...p, name: ctx.i18n.render(p.name) }));
    ctx.io.out(JSON.stringify({ ...stored, periods }, null, 2));
  } else printPlan(ctx, stored);
}
