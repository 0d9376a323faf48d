import { randomUUID } from 'node:crypto';
import { campaignPeriods, createWorkingCalendar, type Holiday } from '../domain/calendar/index.js';
import type { Plan, PlanIndicator } from '../domain/plan/plan.js';
import type { Db, Tx } from '../store/database.js';
import { UserError } from './errors.js';

export type Entity =
  'organization' | 'campaign' | 'units' | 'officials' | 'periods' | 'indicators' | 'targets' | 'assignments';
export type ChangeKind = 'created' | 'updated' | 'removed' | 'archived';

export interface ImportSummary {
  organizationCode: string;
  campaignCode: string;
  changes: Record<ChangeKind, Partial<Record<Entity, number>>>;
  /** nothing at all was written */
  unchanged: boolean;
}

class Changes {
  readonly counts: ImportSummary['changes'] = { created: {}, updated: {}, removed: {}, archived: {} };
  add(kind: ChangeKind, entity: Entity, n = 1): void {
    if (n > 0) this.counts[kind][entity] = (this.counts[kind][entity] ?? 0) + n;
  }
  get empty(): boolean {
    return Object.values(this.counts).every((byEntity) => Object.keys(byEntity).length === 0);
  }
}

/** Only the fields that differ, so an unchanged row is not written at all. */
function changed<T extends Record<string, unknown>>(
  current: Record<string, unknown>,
  wanted: T,
): Partial<T> | null {
  const diff: Partial<T> = {};
  for (const key of Object.keys(wanted) as (keyof T & string)[]) {
    if (current[key] !== wanted[key]) diff[key] = wanted[key];
  }
  return Object.keys(diff).length > 0 ? diff : null;
}

class DryRun extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

export interface ImportOptions {
  timeZone: string;
  dryRun?: boolean;
  now?: Date;
}

async function syncOrganization(tx: Tx, plan: Plan, changes: Changes) {
  const existing = await tx.organization.findUnique({ where: { code: plan.organization.code } });
  if (!existing) {
    changes.add('created', 'organization');
    return tx.organization.create({ data: plan.organization });
  }
  const diff = changed(existing, { name: plan.organization.name });
  if (diff) {
    changes.add('updated', 'organization');
    return tx.organization.update({ where: { id: existing.id }, data: diff });
  }
  return existing;
}

async function syncUnits(
  tx: Tx,
  organizationId: string,
  plan: Plan,
  changes: Changes,
): Promise<Map<string, string>> {
  const existing = await tx.unit.findMany({ where: { organizationId } });
  const byCode = new Map(existing.map((u) => [u.code, u]));
  const ids = new Map<string, string>();
  for (const unit of plan.units) {
    const current = byCode.get(unit.code);
    if (!current) {
      const created = await tx.unit.create({ data: { organizationId, ...unit } });
      changes.add('created', 'units');
      ids.set(unit.code, created.id);
      continue;
    }
    const diff = changed(current, { name: unit.name });
    if (diff) {
      await tx.unit.update({ where: { id: current.id }, data: diff });
      changes.add('updated', 'units');
    }
    ids.set(unit.code, current.id);
  }
  // A unit another plan's officials still belong to stays.
  const gone = existing.filter((u) => !ids.has(u.code)).map((u) => u.id);
  const inUse = new Set(
    (
      await tx.official.findMany({ where: { unitId: { in: gone }, active: true }, select: { unitId: true } })
    ).map((o) => o.unitId),
  );
  const removable = gone.filter((id) => !inUse.has(id));
  if (removable.length > 0) {
    await tx.unit.deleteMany({ where: { id: { in: removable } } });
    changes.add('removed', 'units', removable.length);
  }
  return ids;
}

/** Officials who leave the file are deactivated, never deleted: their reports and chat links stay. */
async function syncOfficials(
  tx: Tx,
  organizationId: string,
  plan: Plan,
  unitIds: Map<string, string>,
  changes: Changes,
): Promise<Map<string, string>> {
  const existing = await tx.official.findMany({ where: { organizationId } });
  const byCode = new Map(existing.map((o) => [o.code, o]));
  const ids = new Map<string, string>();
  for (const official of plan.officials) {
    const wanted = {
      name: official.name,
      title: official.title,
      role: official.role,
      mayApprove: official.mayApprove ?? false,
      unitId: official.unitCode === null ? null : (unitIds.get(official.unitCode) ?? null),
      active: true,
    };
    const current = byCode.get(official.code);
    if (!current) {
      const created = await tx.official.create({ data: { organizationId, code: official.code, ...wanted } });
      changes.add('created', 'officials');
      ids.set(official.code, created.id);
      continue;
    }
    const diff = changed(current, wanted);
    if (diff) {
      await tx.official.update({ where: { id: current.id }, data: diff });
      changes.add('updated', 'officials');
    }
    ids.set(official.code, current.id);
  }
  // An organization may run several plans (the annual one and a sprint), each file listing its own
  // people: only officials with no assignment in another plan are deactivated.
  const unlisted = existing.filter((o) => !ids.has(o.code) && o.active);
  const busyElsewhere = new Set(
    (
      await tx.assignment.findMany({
        where: {
          officialId: { in: unlisted.map((o) => o.id) },
          indicator: { campaign: { code: { not: plan.campaign.code } } },
        },
        select: { officialId: true },
      })
    ).map((a) => a.officialId),
  );
  const gone = unlisted.filter((o) => !busyElsewhere.has(o.id)).map((o) => o.id);
  if (gone.length > 0) {
    await tx.official.updateMany({ where: { id: { in: gone } }, data: { active: false } });
    changes.add('archived', 'officials', gone.length);
  }
  return ids;
}

async function syncCampaign(tx: Tx, organizationId: string, plan: Plan, changes: Changes) {
  const { schedule } = plan.campaign;
  const wanted = {
    title: plan.campaign.title,
    year: plan.campaign.year,
    kind: plan.campaign.kind,
    startDate: schedule.start,
    endDate: schedule.end,
    periodScheme: schedule.scheme,
    checkpoints: (schedule.checkpoints ?? []).join(','),
    deadlineTime: schedule.deadline.time,
    deadlineDaysAfterCutoff: schedule.deadline.daysAfterCutoff,
    deadlineShift: schedule.deadline.shift,
  };
  const current = await tx.campaign.findUnique({
    where: { organizationId_code: { organizationId, code: plan.campaign.code } },
  });
  if (!current) {
    changes.add('created', 'campaign');
    return tx.campaign.create({ data: { organizationId, code: plan.campaign.code, ...wanted } });
  }
  const diff = changed(current, wanted);
  if (!diff) return current;
  changes.add('updated', 'campaign');
  return tx.campaign.update({ where: { id: current.id }, data: diff });
}

/**
 * Periods are materialised from the schedule so that reports, reminders and SQL can refer to them.
 * A period that disappears from a changed schedule is removed, unless reports refer to it.
 */
export async function syncPeriods(
  tx: Tx,
  campaign: { id: string; code: string },
  schedule: Plan['campaign']['schedule'],
  holidays: Holiday[],
  timeZone: string,
  changes?: Changes,
): Promise<void> {
  const periods = campaignPeriods(schedule, createWorkingCalendar(holidays), timeZone);
  const existing = await tx.period.findMany({
    where: { campaignId: campaign.id },
    include: { _count: { select: { reports: true } } },
  });
  const byKey = new Map(existing.map((p) => [p.key, p]));
  for (const period of periods) {
    const wanted = {
      kind: period.kind,
      position: period.position,
      startDate: period.start,
      cutoffDate: period.cutoff,
      deadlineAt: period.deadlineAt,
      nameKey: period.name.key,
      nameParams: JSON.stringify(period.name.params),
    };
    const current = byKey.get(period.key);
    if (!current) {
      await tx.period.create({ data: { campaignId: campaign.id, key: period.key, ...wanted } });
      changes?.add('created', 'periods');
      continue;
    }
    const diff = changed(
      { ...current, deadlineAt: current.deadlineAt.getTime() },
      { ...wanted, deadlineAt: wanted.deadlineAt.getTime() },
    );
    if (diff) {
      await tx.period.update({ where: { id: current.id }, data: wanted });
      changes?.add('updated', 'periods');
    }
  }
  const keep = new Set(periods.map((p) => p.key));
  for (const period of existing.filter((p) => !keep.has(p.key))) {
    if (period._count.reports > 0) {
      throw new UserError('plan:import.period_has_reports', {
        period: period.key,
        count: period._count.reports,
      });
    }
    await tx.period.delete({ where: { id: period.id } });
    changes?.add('removed', 'periods');
  }
}

async function syncTargets(
  tx: Tx,
  indicatorId: string,
  indicator: PlanIndicator,
  current: { id: string; source: string; comparator: string; value: string; position: number }[],
  changes: Changes,
) {
  const bySource = new Map(current.map((t) => [t.source, t]));
  for (const [position, target] of indicator.targets.entries()) {
    const wanted = { comparator: target.comparator, value: target.value, position };
    const existing = bySource.get(target.source);
    if (!existing) {
      await tx.target.create({ data: { indicatorId, source: target.source, ...wanted } });
      changes.add('created', 'targets');
    } else if (changed(existing, wanted)) {
      await tx.target.update({ where: { id: existing.id }, data: wanted });
      changes.add('updated', 'targets');
    }
  }
  const keep = new Set(indicator.targets.map((t) => t.source));
  const gone = current.filter((t) => !keep.has(t.source)).map((t) => t.id);
  if (gone.length > 0) {
    await tx.target.deleteMany({ where: { id: { in: gone } } });
    changes.add('removed', 'targets', gone.length);
  }
}

async function syncAssignments(
  tx: Tx,
  indicatorId: string,
  wantedOfficialIds: string[],
  current: string[],
  changes: Changes,
) {
  const have = new Set(current);
  const want = new Set(wantedOfficialIds);
  const added = wantedOfficialIds.filter((id) => !have.has(id));
  const removed = current.filter((id) => !want.has(id));
  if (added.length > 0) {
    await tx.assignment.createMany({ data: added.map((officialId) => ({ indicatorId, officialId })) });
    changes.add('created', 'assignments', added.length);
  }
  if (removed.length > 0) {
    await tx.assignment.deleteMany({ where: { indicatorId, officialId: { in: removed } } });
    changes.add('removed', 'assignments', removed.length);
  }
}

/** Indicators that leave the file are deleted, or archived when reports refer to them. */
async function syncIndicators(
  tx: Tx,
  campaignId: string,
  plan: Plan,
  officialIds: Map<string, string>,
  changes: Changes,
  now: Date,
): Promise<void> {
  const existing = await tx.indicator.findMany({
    where: { campaignId },
    include: { targets: true, assignments: true, _count: { select: { reports: true } } },
  });
  const byCode = new Map(existing.map((i) => [i.code, i]));
  // Every indicator's id before anything is written, so that the new ones go in three statements
  // whatever their number: a 300-indicator plan held the write lock for 4 s one row at a time (issue 14).
  const ids = new Map(plan.indicators.map((i) => [i.code, byCode.get(i.code)?.id ?? randomUUID()]));
  const fieldsOf = (indicator: PlanIndicator) => ({
    name: indicator.name,
    category: indicator.category,
    unit: indicator.unit,
    measure: indicator.measure,
    position: indicator.position,
    note: indicator.note,
    parentId: indicator.parentCode === null ? null : (ids.get(indicator.parentCode) ?? null),
    archivedAt: null,
  });
  const assigned = (indicator: PlanIndicator) =>
    indicator.assignees.map((code) => officialIds.get(code)).filter((x): x is string => x !== undefined);
  const fresh = plan.indicators.filter((i) => !byCode.has(i.code));
  if (fresh.length > 0) {
    const idOf = (indicator: PlanIndicator) => ids.get(indicator.code) ?? '';
    await tx.indicator.createMany({
      data: fresh.map((i) => ({ id: idOf(i), campaignId, code: i.code, ...fieldsOf(i) })),
    });
    const targets = fresh.flatMap((i) =>
      i.targets.map((t, position) => ({
        indicatorId: idOf(i),
        source: t.source,
        comparator: t.comparator,
        value: t.value,
        position,
      })),
    );
    const assignments = fresh.flatMap((i) =>
      assigned(i).map((officialId) => ({ indicatorId: idOf(i), officialId })),
    );
    if (targets.length > 0) await tx.target.createMany({ data: targets });
    if (assignments.length > 0) await tx.assignment.createMany({ data: assignments });
    changes.add('created', 'indicators', fresh.length);
    if (targets.length > 0) changes.add('created', 'targets', targets.length);
    if (assignments.length > 0) changes.add('created', 'assignments', assignments.length);
  }
  for (const indicator of plan.indicators) {
    const current = byCode.get(indicator.code);
    if (!current) continue;
    const diff = changed(current, fieldsOf(indicator));
    if (diff) {
      await tx.indicator.update({ where: { id: current.id }, data: diff });
      changes.add('updated', 'indicators');
    }
    await syncTargets(tx, current.id, indicator, current.targets, changes);
    await syncAssignments(
      tx,
      current.id,
      assigned(indicator),
      current.assignments.map((a) => a.officialId),
      changes,
    );
  }
  for (const indicator of existing.filter((i) => !ids.has(i.code))) {
    if (indicator._count.reports > 0) {
      if (indicator.archivedAt === null) {
        await tx.indicator.update({ where: { id: indicator.id }, data: { archivedAt: now, parentId: null } });
        await tx.assignment.deleteMany({ where: { indicatorId: indicator.id } });
        changes.add('archived', 'indicators');
      }
    } else {
      await tx.indicator.updateMany({ where: { parentId: indicator.id }, data: { parentId: null } });
      await tx.indicator.delete({ where: { id: indicator.id } });
      changes.add('removed', 'indicators');
    }
  }
}

/**
 * Writes a checked plan inside the caller's transaction: the dialog imports a plan an administrator
 * confirmed in the same transaction as the conversation step, so the two commit or fail together.
 */
export async function applyPlan(
  tx: Tx,
  plan: Plan,
  options: Omit<ImportOptions, 'dryRun'>,
): Promise<ImportSummary> {
  const now = options.now ?? new Date();
  const changes = new Changes();
  const organization = await syncOrganization(tx, plan, changes);
  const unitIds = await syncUnits(tx, organization.id, plan, changes);
  const officialIds = await syncOfficials(tx, organization.id, plan, unitIds, changes);
  const campaign = await syncCampaign(tx, organization.id, plan, changes);
  const holidays = (await tx.holiday.findMany()) as Holiday[];
  await syncPeriods(tx, campaign, plan.campaign.schedule, holidays, options.timeZone, changes);
  await syncIndicators(tx, campaign.id, plan, officialIds, changes, now);
  return {
    organizationCode: organization.code,
    campaignCode: campaign.code,
    changes: changes.counts,
    unchanged: changes.empty,
  };
}

/**
 * Stores a checked plan: all or nothing, idempotent (the same plan twice writes nothing the second
 * time), and an edited plan updates what is stored without losing a report.
 */
export async function importPlan(db: Db, plan: Plan, options: ImportOptions): Promise<ImportSummary> {
  try {
    return await db.$transaction(
      async (tx) => {
        const summary = await applyPlan(tx, plan, options);
        if (options.dryRun) throw new DryRun(summary);
        return summary;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  } catch (error) {
    if (error instanceof DryRun) return error.summary;
    throw error;
  }
}
