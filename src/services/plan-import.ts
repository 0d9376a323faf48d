import { randomUUID } from 'node:crypto';
import { campaignPeriods, createWorkingCalendar, type Holiday } from '../domain/calendar/index.js';
import type { Plan, PlanIndicator } from '../domain/plan/plan.js';
import { storedRanking } from '../domain/plan/ranking.js';
import { DEFAULT_RANKING_RULE } from '../domain/ranking/index.js';
import type { Db, Tx } from '../store/database.js';
import { insertRows, type Cell } from '../store/bulk-insert.js';
import type { Prisma } from '../store/generated/sqlite/client.js';
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

/**
 * A write the import will make, decided while reading: the import reads and compares everything first
 * (no lock held), then runs its writes in one short transaction, most of them one statement per table
 * (issue 14: a 300-indicator plan held SQLite's write lock for 2–6 s when written row by row).
 */
type Write = (tx: Tx) => Promise<unknown>;

export interface ImportOptions {
  timeZone: string;
  dryRun?: boolean;
  now?: Date;
}

/** What the plan file says of its organization: absent header fields are stored as null. */
function organizationFields(plan: Plan) {
  const { name, superior, place, reportSymbol } = plan.organization;
  return { name, superior: superior ?? null, place: place ?? null, reportSymbol: reportSymbol ?? null };
}

/**
 * The province a commune's file names, which must be imported first. A file without `parent:` keeps
 * the stored one: a commune's administrator re-sending the plan in the chat does not detach it.
 */
async function parentOf(tx: Tx, plan: Plan): Promise<string | undefined> {
  const code = plan.organization.parent;
  if (code === undefined) return undefined;
  const parent = await tx.organization.findUnique({ where: { code }, select: { id: true, level: true } });
  if (!parent) throw new UserError('plan:import.unknown_parent', { code });
  if (parent.level !== 'province') throw new UserError('plan:import.parent_not_province', { code });
  return parent.id;
}

async function syncOrganization(tx: Tx, plan: Plan, changes: Changes, writes: Write[]) {
  const existing = await tx.organization.findUnique({ where: { code: plan.organization.code } });
  const parentId = await parentOf(tx, plan);
  if (existing?.level === 'province')
    throw new UserError('plan:import.is_province', { code: plan.organization.code });
  if (!existing) {
    changes.add('created', 'organization');
    const data = {
      id: randomUUID(),
      code: plan.organization.code,
      ...organizationFields(plan),
      parentId: parentId ?? null,
    };
    writes.push((w) => w.organization.create({ data }));
    return data;
  }
  const diff = changed(existing, {
    ...organizationFields(plan),
    ...(parentId !== undefined ? { parentId } : {}),
  });
  if (diff) {
    changes.add('updated', 'organization');
    writes.push((w) => w.organization.update({ where: { id: existing.id }, data: diff }));
  }
  return existing;
}

async function syncUnits(
  tx: Tx,
  organizationId: string,
  plan: Plan,
  changes: Changes,
  writes: Write[],
): Promise<Map<string, string>> {
  const existing = await tx.unit.findMany({ where: { organizationId } });
  const byCode = new Map(existing.map((u) => [u.code, u]));
  const ids = new Map<string, string>();
  const fresh: Prisma.UnitCreateManyInput[] = [];
  for (const unit of plan.units) {
    const current = byCode.get(unit.code);
    if (!current) {
      const id = randomUUID();
      fresh.push({ id, organizationId, ...unit });
      ids.set(unit.code, id);
      continue;
    }
    const diff = changed(current, { name: unit.name });
    if (diff) {
      writes.push((w) => w.unit.update({ where: { id: current.id }, data: diff }));
      changes.add('updated', 'units');
    }
    ids.set(unit.code, current.id);
  }
  if (fresh.length > 0) {
    writes.push((w) => w.unit.createMany({ data: fresh }));
    changes.add('created', 'units', fresh.length);
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
    writes.push((w) => w.unit.deleteMany({ where: { id: { in: removable } } }));
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
  writes: Write[],
): Promise<Map<string, string>> {
  const existing = await tx.official.findMany({ where: { organizationId } });
  const byCode = new Map(existing.map((o) => [o.code, o]));
  const ids = new Map<string, string>();
  const fresh: Prisma.OfficialCreateManyInput[] = [];
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
      const id = randomUUID();
      fresh.push({ id, organizationId, code: official.code, ...wanted });
      ids.set(official.code, id);
      continue;
    }
    const diff = changed(current, wanted);
    if (diff) {
      writes.push((w) => w.official.update({ where: { id: current.id }, data: diff }));
      changes.add('updated', 'officials');
    }
    ids.set(official.code, current.id);
  }
  if (fresh.length > 0) {
    writes.push((w) => w.official.createMany({ data: fresh }));
    changes.add('created', 'officials', fresh.length);
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
    writes.push((w) => w.official.updateMany({ where: { id: { in: gone } }, data: { active: false } }));
    changes.add('archived', 'officials', gone.length);
  }
  return ids;
}

async function syncCampaign(
  tx: Tx,
  organizationId: string,
  plan: Plan,
  at: { changes: Changes; writes: Write[]; now: Date },
) {
  const { changes, writes } = at;
  const { schedule } = plan.campaign;
  const wanted = {
    reportingStart: plan.campaign.reportingStart ?? null,
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
    ranking: storedRanking(plan.campaign.ranking ?? DEFAULT_RANKING_RULE),
  };
  const current = await tx.campaign.findUnique({
    where: { organizationId_code: { organizationId, code: plan.campaign.code } },
  });
  if (!current) {
    changes.add('created', 'campaign');
    // The import's own moment, not the database's: assignments made with it count from the plan's
    // reporting start (domain/indicators/owed.ts), later ones from their own day.
    const data = { id: randomUUID(), organizationId, code: plan.campaign.code, ...wanted, createdAt: at.now };
    writes.push((w) => w.campaign.create({ data }));
    return data;
  }
  const diff = changed(current, wanted);
  if (!diff) return current;
  changes.add('updated', 'campaign');
  writes.push((w) => w.campaign.update({ where: { id: current.id }, data: diff }));
  return current;
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
): Promise<void> {
  const writes: Write[] = [];
  await planPeriods(tx, { campaign, schedule, holidays, timeZone }, new Changes(), writes);
  for (const write of writes) await write(tx);
}

async function planPeriods(
  tx: Tx,
  of: {
    campaign: { id: string };
    schedule: Plan['campaign']['schedule'];
    holidays: Holiday[];
    timeZone: string;
  },
  changes: Changes,
  writes: Write[],
): Promise<void> {
  const { campaign } = of;
  const periods = campaignPeriods(of.schedule, createWorkingCalendar(of.holidays), of.timeZone);
  const existing = await tx.period.findMany({
    where: { campaignId: campaign.id },
    include: { _count: { select: { reports: true } } },
  });
  const byKey = new Map(existing.map((p) => [p.key, p]));
  const fresh: Prisma.PeriodCreateManyInput[] = [];
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
      fresh.push({ campaignId: campaign.id, key: period.key, ...wanted });
      continue;
    }
    const diff = changed(
      { ...current, deadlineAt: current.deadlineAt.getTime() },
      { ...wanted, deadlineAt: wanted.deadlineAt.getTime() },
    );
    if (diff) {
      writes.push((w) => w.period.update({ where: { id: current.id }, data: wanted }));
      changes.add('updated', 'periods');
    }
  }
  if (fresh.length > 0) {
    writes.push((w) => w.period.createMany({ data: fresh }));
    changes.add('created', 'periods', fresh.length);
  }
  const keep = new Set(periods.map((p) => p.key));
  const gone = existing.filter((p) => !keep.has(p.key));
  for (const period of gone) {
    if (period._count.reports > 0) {
      throw new UserError('plan:import.period_has_reports', {
        period: period.key,
        count: period._count.reports,
      });
    }
  }
  if (gone.length > 0) {
    writes.push((w) => w.period.deleteMany({ where: { id: { in: gone.map((p) => p.id) } } }));
    changes.add('removed', 'periods', gone.length);
  }
}

/** The writes of an existing indicator's targets, added to `batch` (created ones) or `writes`. */
function syncTargets(
  indicatorId: string,
  indicator: PlanIndicator,
  current: { id: string; source: string; comparator: string; value: string; position: number }[],
  changes: Changes,
  out: { writes: Write[]; batch: Batch },
): void {
  const bySource = new Map(current.map((t) => [t.source, t]));
  for (const [position, target] of indicator.targets.entries()) {
    const wanted = { comparator: target.comparator, value: target.value, position };
    const existing = bySource.get(target.source);
    if (!existing) {
      out.batch.targets.push({ id: randomUUID(), indicatorId, source: target.source, ...wanted });
    } else if (changed(existing, wanted)) {
      out.writes.push((w) => w.target.update({ where: { id: existing.id }, data: wanted }));
      changes.add('updated', 'targets');
    }
  }
  const keep = new Set(indicator.targets.map((t) => t.source));
  out.batch.goneTargets.push(...current.filter((t) => !keep.has(t.source)).map((t) => t.id));
}

/** Created rows and removed ids, across indicators: one statement each. */
interface Batch {
  indicators: Record<string, Cell>[];
  targets: Record<string, Cell>[];
  assignments: Record<string, Cell>[];
  goneTargets: string[];
  goneAssignments: { indicatorId: string; officialId: string }[];
}

/** A new assignment is dated by the import that made it; an existing one keeps its date. */
function syncAssignments(
  indicatorId: string,
  wanted: string[],
  current: string[],
  batch: Batch,
  now: Date,
): void {
  const have = new Set(current);
  const want = new Set(wanted);
  batch.assignments.push(
    ...wanted
      .filter((id) => !have.has(id))
      .map((officialId) => ({ indicatorId, officialId, assignedAt: now })),
  );
  batch.goneAssignments.push(
    ...current.filter((id) => !want.has(id)).map((officialId) => ({ indicatorId, officialId })),
  );
}

const INDICATOR_COLUMNS = [
  'id',
  'campaignId',
  'code',
  'name',
  'category',
  'unit',
  'measure',
  'position',
  'note',
  'parentId',
  'archivedAt',
  'catalogCode',
] as const;
const TARGET_COLUMNS = ['id', 'indicatorId', 'source', 'comparator', 'value', 'position'] as const;

/**
 * The batch's statements, in an order the foreign keys accept. The created rows go in through raw SQL
 * (src/store/bulk-insert.ts): Prisma's createMany took 1.1 s of the lock for 300 indicators.
 */
function flush(batch: Batch, changes: Changes, writes: Write[]): void {
  const { indicators, targets, assignments, goneTargets, goneAssignments } = batch;
  if (indicators.length > 0) writes.push((w) => insertRows(w, 'Indicator', INDICATOR_COLUMNS, indicators));
  if (targets.length > 0) writes.push((w) => insertRows(w, 'Target', TARGET_COLUMNS, targets));
  if (assignments.length > 0)
    writes.push((w) => insertRows(w, 'Assignment', ['indicatorId', 'officialId', 'assignedAt'], assignments));
  if (goneTargets.length > 0) writes.push((w) => w.target.deleteMany({ where: { id: { in: goneTargets } } }));
  if (goneAssignments.length > 0)
    writes.push((w) => w.assignment.deleteMany({ where: { OR: goneAssignments } }));
  changes.add('created', 'indicators', indicators.length);
  changes.add('created', 'targets', targets.length);
  changes.add('created', 'assignments', assignments.length);
  changes.add('removed', 'targets', goneTargets.length);
  changes.add('removed', 'assignments', goneAssignments.length);
}

/** Indicators that leave the file are deleted, or archived when reports refer to them. */
async function syncIndicators(
  tx: Tx,
  campaignId: string,
  plan: Plan,
  officialIds: Map<string, string>,
  changes: Changes,
  now: Date,
  writes: Write[],
): Promise<void> {
  const existing = await tx.indicator.findMany({
    where: { campaignId },
    include: { targets: true, assignments: true, _count: { select: { reports: true } } },
  });
  const byCode = new Map(existing.map((i) => [i.code, i]));
  // Every indicator's id before anything is written, so that the new ones go in one statement.
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
    catalogCode: indicator.catalog ?? null,
  });
  const assigned = (indicator: PlanIndicator) =>
    indicator.assignees.map((code) => officialIds.get(code)).filter((x): x is string => x !== undefined);
  const batch: Batch = { indicators: [], targets: [], assignments: [], goneTargets: [], goneAssignments: [] };
  for (const indicator of plan.indicators) {
    const id = ids.get(indicator.code) ?? '';
    const current = byCode.get(indicator.code);
    if (!current) batch.indicators.push({ id, campaignId, code: indicator.code, ...fieldsOf(indicator) });
    const diff = current ? changed(current, fieldsOf(indicator)) : null;
    if (diff) {
      writes.push((w) => w.indicator.update({ where: { id }, data: diff }));
      changes.add('updated', 'indicators');
    }
    syncTargets(id, indicator, current?.targets ?? [], changes, { writes, batch });
    const have = current?.assignments.map((a) => a.officialId) ?? [];
    syncAssignments(id, assigned(indicator), have, batch, now);
  }
  // Updates may name a parent created by the batch: the batch goes first.
  writes.unshift(...flushed(batch, changes));
  retireIndicators(
    existing.filter((i) => !ids.has(i.code)),
    changes,
    now,
    writes,
  );
}

function flushed(batch: Batch, changes: Changes): Write[] {
  const writes: Write[] = [];
  flush(batch, changes, writes);
  return writes;
}

function retireIndicators(
  gone: { id: string; archivedAt: Date | null; _count: { reports: number } }[],
  changes: Changes,
  now: Date,
  writes: Write[],
): void {
  for (const indicator of gone) {
    if (indicator._count.reports > 0) {
      if (indicator.archivedAt !== null) continue;
      writes.push(async (w) => {
        await w.indicator.update({ where: { id: indicator.id }, data: { archivedAt: now, parentId: null } });
        await w.assignment.deleteMany({ where: { indicatorId: indicator.id } });
      });
      changes.add('archived', 'indicators');
    } else {
      writes.push(async (w) => {
        await w.indicator.updateMany({ where: { parentId: indicator.id }, data: { parentId: null } });
        await w.indicator.delete({ where: { id: indicator.id } });
      });
      changes.add('removed', 'indicators');
    }
  }
}

/** Reads what is stored and decides every write, writing nothing; throws a UserError on a refusal. */
async function planImport(
  tx: Tx,
  plan: Plan,
  options: Omit<ImportOptions, 'dryRun'>,
): Promise<{ summary: ImportSummary; writes: Write[] }> {
  const now = options.now ?? new Date();
  const changes = new Changes();
  const writes: Write[] = [];
  const organization = await syncOrganization(tx, plan, changes, writes);
  const unitIds = await syncUnits(tx, organization.id, plan, changes, writes);
  const officialIds = await syncOfficials(tx, organization.id, plan, unitIds, changes, writes);
  const campaign = await syncCampaign(tx, organization.id, plan, { changes, writes, now });
  const holidays = (await tx.holiday.findMany()) as Holiday[];
  const { schedule } = plan.campaign;
  await planPeriods(tx, { campaign, schedule, holidays, timeZone: options.timeZone }, changes, writes);
  const indicatorWrites: Write[] = [];
  await syncIndicators(tx, campaign.id, plan, officialIds, changes, now, indicatorWrites);
  writes.push(...indicatorWrites);
  const summary = {
    organizationCode: organization.code,
    campaignCode: campaign.code,
    changes: changes.counts,
    unchanged: changes.empty,
  };
  return { summary, writes };
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
  const { summary, writes } = await planImport(tx, plan, options);
  for (const write of writes) await write(tx);
  return summary;
}

/** What an import will do: its summary, and its writes, decided before any is made. */
export interface PreparedImport {
  summary: ImportSummary;
  writes: readonly Write[];
}

/** Reads and compares, writing nothing and holding no lock: the first half of `importPlan`. */
export async function prepareImport(
  db: Db,
  plan: Plan,
  options: Omit<ImportOptions, 'dryRun'>,
): Promise<PreparedImport> {
  return planImport(db, plan, options);
}

/** The writes in one transaction: the second half of `importPlan`, the only time a lock is held. */
export async function writeImport(db: Db, prepared: PreparedImport): Promise<void> {
  if (prepared.writes.length === 0) return;
  await db.$transaction(
    async (tx) => {
      for (const write of prepared.writes) await write(tx);
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/**
 * Stores a checked plan: all or nothing, idempotent (the same plan twice writes nothing the second
 * time), and an edited plan updates what is stored without losing a report.
 *
 * Everything is read and compared before the transaction, which then only writes: the database's
 * write lock (SQLite's, for the whole file) is held for the writes alone, one statement per table for
 * what is created. What was read may change meanwhile (another import of the same plan): the
 * transaction then fails on a unique or foreign key, and nothing is stored.
 */
export async function importPlan(db: Db, plan: Plan, options: ImportOptions): Promise<ImportSummary> {
  const prepared = await prepareImport(db, plan, options);
  if (!options.dryRun) await writeImport(db, prepared);
  return prepared.summary;
}
