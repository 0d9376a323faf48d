import type { z } from 'zod';
import {
  defaultCheckpoints,
  validateSchedule,
  type CampaignSchedule,
  type ScheduleField,
} from '../calendar/index.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Plan, PlanIndicator, PlanProblem, PathSegment } from './plan.js';
import { rawPlanSchema, type RawIndicator, type RawPlan } from './raw-schema.js';
import { rankingRuleOf } from './ranking.js';
import { parseTarget } from './target.js';

export type PlanResult =
  | { ok: true; plan: Plan; warnings: PlanProblem[] }
  | { ok: false; problems: PlanProblem[]; warnings: PlanProblem[] };

/** Where in the plan file each schedule field is written. */
const SCHEDULE_FIELD_PATH: Record<ScheduleField, PathSegment[]> = {
  kind: ['kind'],
  scheme: ['periods'],
  start: ['start'],
  end: ['end'],
  checkpoints: ['checkpoints'],
  'deadline.time': ['deadline', 'time'],
  'deadline.daysAfterCutoff': ['deadline', 'days_after_cutoff'],
  'deadline.shift': ['deadline', 'shift'],
};

const FORMAT_CODES = new Set(['bad_code', 'bad_date', 'bad_time', 'bad_catalog_code']);

/** zod's issues as plan problems (i18n keys, never zod's English text). */
export function problemsFromZod(issues: z.core.$ZodIssue[]): PlanProblem[] {
  return issues.flatMap((issue): PlanProblem[] => {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    switch (issue.code) {
      case 'invalid_type':
        // `input` is there only with `reportInput`; YAML's empty value (`name:`) is null: missing too.
        return [
          issue.input === undefined || issue.input === null
            ? { path, key: 'plan:error.required' }
            : { path, key: 'plan:error.invalid_type', params: { expected: issue.expected } },
        ];
      case 'too_small':
        return [
          {
            path,
            key: issue.origin === 'array' ? 'plan:error.too_few' : 'plan:error.too_small',
            params: { minimum: Number(issue.minimum) },
          },
        ];
      case 'too_big':
        return [{ path, key: 'plan:error.too_big', params: { maximum: Number(issue.maximum) } }];
      case 'invalid_value':
        return [
          { path, key: 'plan:error.invalid_value', params: { allowed: issue.values.map(String).join(', ') } },
        ];
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({ path: [...path, key], key: 'plan:error.unknown_key' }));
      case 'invalid_union':
        return [{ path, key: 'plan:error.invalid_type', params: { expected: 'number | string' } }];
      default:
        return [
          {
            path,
            key: FORMAT_CODES.has(issue.message) ? `plan:error.${issue.message}` : 'plan:error.invalid',
          },
        ];
    }
  });
}

interface Context {
  problems: PlanProblem[];
  warnings: PlanProblem[];
  officialCodes: Set<string>;
  unitMembers: Map<string, string[]>;
  seenIndicators: Set<string>;
  /** catalogue code → the first indicator that gave it */
  seenCatalog: Map<string, string>;
  catalog: Catalog | undefined;
  out: PlanIndicator[];
}

/**
 * `catalog:` is matched across communes, so one commune may give a code once. Unknown codes and units
 * other than the catalogue's are warnings: the plan still imports, the province will not compare it.
 */
function checkCatalog(raw: RawIndicator, unit: string | undefined, path: PathSegment[], ctx: Context): void {
  const code = raw.catalog;
  if (code === undefined) return;
  const first = ctx.seenCatalog.get(code);
  if (first !== undefined)
    ctx.problems.push({
      path: [...path, 'catalog'],
      key: 'plan:error.duplicate_catalog',
      params: { catalog: code, code: first },
    });
  else ctx.seenCatalog.set(code, raw.code);
  if (!ctx.catalog) return;
  const entry = ctx.catalog.get(code);
  if (!entry)
    ctx.warnings.push({
      path: [...path, 'catalog'],
      key: 'plan:warning.unknown_catalog',
      params: { code: raw.code, catalog: code },
    });
  else if (unit !== undefined && unit !== entry.unit)
    ctx.warnings.push({
      path: [...path, 'catalog'],
      key: 'plan:warning.catalog_unit',
      params: { code: raw.code, catalog: code, unit: unit || '—', expected: entry.unit || '—' },
    });
}

function schedule(raw: RawPlan['campaign']): CampaignSchedule {
  const deadline = {
    time: raw.deadline?.time ?? '17:00',
    daysAfterCutoff: raw.deadline?.days_after_cutoff ?? 0,
    shift: raw.deadline?.shift ?? 'none',
  };
  if (raw.kind === 'sprint') {
    return {
      kind: 'sprint',
      start: raw.start,
      end: raw.end,
      scheme: raw.periods ?? 'checkpoints',
      checkpoints: raw.checkpoints ?? defaultCheckpoints(raw.start, raw.end),
      deadline,
    };
  }
  return { kind: 'annual', start: raw.start, end: raw.end, scheme: raw.periods ?? 'quarterly', deadline };
}

function expandAssignees(raw: string[], path: PathSegment[], ctx: Context): string[] {
  const out = new Set<string>();
  raw.forEach((code, i) => {
    if (ctx.officialCodes.has(code)) out.add(code);
    else if (ctx.unitMembers.has(code)) {
      const members = ctx.unitMembers.get(code) ?? [];
      if (members.length === 0)
        ctx.problems.push({ path: [...path, i], key: 'plan:error.empty_unit', params: { code } });
      members.forEach((m) => out.add(m));
    } else ctx.problems.push({ path: [...path, i], key: 'plan:error.unknown_assignee', params: { code } });
  });
  return [...out];
}

function visit(raw: RawIndicator, path: PathSegment[], parent: PlanIndicator | null, ctx: Context): void {
  if (ctx.seenIndicators.has(raw.code)) {
    ctx.problems.push({
      path: [...path, 'code'],
      key: 'plan:error.duplicate_code',
      params: { code: raw.code },
    });
  }
  ctx.seenIndicators.add(raw.code);
  const category = raw.category ?? parent?.category;
  const measure = raw.measure ?? parent?.measure;
  const unit = raw.unit ?? (measure === 'boolean' ? '' : parent?.unit);
  if (category === undefined) ctx.problems.push({ path: [...path, 'category'], key: 'plan:error.required' });
  if (measure === undefined) ctx.problems.push({ path: [...path, 'measure'], key: 'plan:error.required' });
  if (unit === undefined || (unit === '' && measure !== undefined && measure !== 'boolean'))
    ctx.problems.push({ path: [...path, 'unit'], key: 'plan:error.required' });

  const indicator: PlanIndicator = {
    code: raw.code,
    parentCode: parent?.code ?? null,
    name: raw.name,
    category: category ?? '',
    unit: unit ?? '',
    measure: measure ?? 'cumulative',
    targets: [],
    assignees: raw.assignees
      ? expandAssignees(raw.assignees, [...path, 'assignees'], ctx)
      : [...(parent?.assignees ?? [])],
    note: raw.note ?? null,
    ...(raw.catalog !== undefined ? { catalog: raw.catalog } : {}),
    position: ctx.out.length + 1,
  };
  checkCatalog(raw, unit, path, ctx);

  if (measure !== undefined && unit !== undefined) {
    if (raw.target !== undefined && raw.targets !== undefined) {
      ctx.problems.push({ path: [...path, 'targets'], key: 'plan:error.target_and_targets' });
    } else if (raw.targets !== undefined) {
      const sources = new Set<string>();
      raw.targets.forEach((t, i) => {
        if (sources.has(t.source)) {
          ctx.problems.push({
            path: [...path, 'targets', i, 'source'],
            key: 'plan:error.duplicate_source',
            params: { source: t.source },
          });
        }
        sources.add(t.source);
        const parsed = parseTarget(t.target, unit, measure);
        if (parsed.ok) indicator.targets.push({ source: t.source, ...parsed.target });
        else
          ctx.problems.push({
            path: [...path, 'targets', i, 'target'],
            key: parsed.key,
            params: parsed.params,
          });
      });
    } else if (raw.target !== undefined || measure === 'boolean') {
      const parsed = parseTarget(raw.target ?? true, unit, measure);
      if (parsed.ok) indicator.targets.push({ source: '', ...parsed.target });
      else ctx.problems.push({ path: [...path, 'target'], key: parsed.key, params: parsed.params });
    } else {
      ctx.problems.push({ path: [...path, 'target'], key: 'plan:error.missing_target' });
    }
  }
  // Assignees that were named but unknown are already a problem; the warning is for none named at all.
  if (indicator.assignees.length === 0 && !raw.assignees?.length && !raw.children?.length) {
    ctx.warnings.push({ path, key: 'plan:warning.no_assignee', params: { code: raw.code } });
  }
  ctx.out.push(indicator);
  raw.children?.forEach((child, i) => visit(child, [...path, 'children', i], indicator, ctx));
}

function duplicates(items: { code: string }[], section: string, problems: PlanProblem[]): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.code))
      problems.push({
        path: [section, i, 'code'],
        key: 'plan:error.duplicate_code',
        params: { code: item.code },
      });
    seen.add(item.code);
  });
}

/** A copy of the document without the keys zod did not recognise. */
function withoutKeys(input: unknown, issues: z.core.$ZodIssue[]): unknown {
  const copy: unknown = structuredClone(input);
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    let node: unknown = copy;
    for (const segment of issue.path) node = (node as Record<PropertyKey, unknown> | undefined)?.[segment];
    if (typeof node === 'object' && node !== null)
      for (const key of issue.keys) delete (node as Record<string, unknown>)[key];
  }
  return copy;
}

/**
 * Checks a parsed plan file and gives it meaning: targets read as exact decimals in the indicator's
 * unit, children inheriting category, unit, measure and assignees, units expanded to their officials,
 * the reporting schedule validated. Every problem is collected, none stops the others.
 */
export function normalizePlan(input: unknown, options: { catalog?: Catalog } = {}): PlanResult {
  let parsed = rawPlanSchema.safeParse(input, { reportInput: true });
  const problems: PlanProblem[] = [];
  if (!parsed.success) {
    problems.push(...problemsFromZod(parsed.error.issues));
    // A mistyped key alone should not hide the file's other problems: check on without it.
    if (!parsed.error.issues.every((issue) => issue.code === 'unrecognized_keys'))
      return { ok: false, problems, warnings: [] };
    parsed = rawPlanSchema.safeParse(withoutKeys(input, parsed.error.issues), { reportInput: true });
    if (!parsed.success) return { ok: false, problems, warnings: [] };
  }
  const raw = parsed.data;
  const warnings: PlanProblem[] = [];

  duplicates(raw.units, 'units', problems);
  duplicates(raw.officials, 'officials', problems);
  const unitCodes = new Set(raw.units.map((u) => u.code));
  const unitMembers = new Map<string, string[]>(raw.units.map((u) => [u.code, []]));
  raw.officials.forEach((official, i) => {
    if (unitCodes.has(official.code)) {
      problems.push({
        path: ['officials', i, 'code'],
        key: 'plan:error.code_is_unit',
        params: { code: official.code },
      });
    }
    if (official.unit === undefined) return;
    const members = unitMembers.get(official.unit);
    if (members) members.push(official.code);
    else
      problems.push({
        path: ['officials', i, 'unit'],
        key: 'plan:error.unknown_unit',
        params: { code: official.unit },
      });
  });

  const campaignSchedule = schedule(raw.campaign);
  for (const problem of validateSchedule(campaignSchedule)) {
    problems.push({
      path: ['campaign', ...SCHEDULE_FIELD_PATH[problem.field]],
      key: problem.message.key,
      params: problem.message.params,
    });
  }
  if (raw.campaign.kind === 'annual' && raw.campaign.checkpoints) {
    problems.push({ path: ['campaign', 'checkpoints'], key: 'plan:error.checkpoints_for_annual' });
  }
  const ranking = rankingRuleOf(raw.campaign.ranking);
  problems.push(...ranking.problems);

  const ctx: Context = {
    problems,
    warnings,
    officialCodes: new Set(raw.officials.map((o) => o.code)),
    unitMembers,
    seenIndicators: new Set(),
    seenCatalog: new Map(),
    catalog: options.catalog,
    out: [],
  };
  if (raw.organization.parent === raw.organization.code)
    problems.push({ path: ['organization', 'parent'], key: 'plan:error.parent_is_self' });
  raw.indicators.forEach((indicator, i) => visit(indicator, ['indicators', i], null, ctx));

  if (problems.length > 0) return { ok: false, problems, warnings };
  return {
    ok: true,
    warnings,
    plan: {
      organization: {
        code: raw.organization.code,
        name: raw.organization.name,
        ...(raw.organization.superior ? { superior: raw.organization.superior } : {}),
        ...(raw.organization.place ? { place: raw.organization.place } : {}),
        ...(raw.organization.report_symbol ? { reportSymbol: raw.organization.report_symbol } : {}),
        ...(raw.organization.parent ? { parent: raw.organization.parent } : {}),
      },
      campaign: {
        code: raw.campaign.code,
        ...(raw.campaign.reporting_start ? { reportingStart: raw.campaign.reporting_start } : {}),
        title: raw.campaign.title,
        year: raw.campaign.year ?? Number(raw.campaign.start.slice(0, 4)),
        kind: raw.campaign.kind,
        schedule: campaignSchedule,
        // only when the file gives one: a plan without `ranking:` keeps its shape (and the defaults)
        ...(raw.campaign.ranking ? { ranking: ranking.rule } : {}),
      },
      units: raw.units,
      officials: raw.officials.map((o) => ({
        code: o.code,
        name: o.name,
        title: o.title ?? null,
        role: o.role,
        unitCode: o.unit ?? null,
        ...(o.may_approve ? { mayApprove: true } : {}),
      })),
      indicators: ctx.out,
    },
  };
}
