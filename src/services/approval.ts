import {
  approvalStep,
  isApprovalState,
  type ApprovalAction,
  type ApprovalState,
} from '../domain/approval/index.js';
import type { Message } from '../domain/message.js';
import type { Role } from '../domain/plan/plan.js';
import type { Db, Tx } from '../store/database.js';
import { Prisma } from '../store/generated/sqlite/client.js';
import { periodName } from '../store/period-name.js';
import { queueReturnNotices, type NoticeResult, type NoticeRouting } from './approval-notices.js';
import { UserError } from './errors.js';
import { resolveCampaign, type ScopeOptions } from './scope.js';

/**
 * The approval of a period's figures, stored: one row per acted-on period (none = open) and every step
 * in ApprovalEvent. The rules are the domain's (domain/approval); this file finds the people and the
 * period, writes the step in one transaction, and says who must hear of a return.
 */

export interface ApprovalRequest extends ScopeOptions {
  periodKey: string;
  /** the official who acts (the chat's linked official, the CLI's --as) */
  actorCode: string;
  action: ApprovalAction;
  note?: string | undefined;
  /** for a return: the indicators sent back (codes); none = every indicator with a figure */
  indicatorCodes?: readonly string[] | undefined;
}

export interface ReturnedTo {
  officialId: string;
  officialCode: string;
  indicators: { code: string; name: string }[];
}

export interface ApprovalOutcome {
  organizationId: string;
  campaignCode: string;
  period: { id: string; key: string; name: Message };
  actorName: string;
  previous: ApprovalState;
  state: ApprovalState;
  eventId: string;
  note: string | null;
  /** after a return: who reported the indicators sent back, each with theirs */
  returned: ReturnedTo[];
}

export interface ApprovalStatus {
  state: ApprovalState;
  /** when the current state was reached (null while open and never acted on) */
  at: Date | null;
  by: string | null;
}

export interface ApprovalHistoryEntry {
  action: ApprovalAction;
  state: ApprovalState;
  actor: string | null;
  note: string | null;
  indicators: string[];
  at: Date;
}

const NOTE_MAX = 1000;

/** The state of a period's approval as stored: open when no one has acted on it. */
export async function approvalStateOf(tx: Tx | Db, periodId: string): Promise<ApprovalState> {
  const row = await tx.periodApproval.findUnique({ where: { periodId } });
  return row && isApprovalState(row.state) ? row.state : 'open';
}

/**
 * Checks, approves, returns or reopens a period; refusals are UserErrors with a reason to show. The
 * messages of a return are queued in the same transaction: a return is never stored without them.
 */
export function actOnApproval(
  db: Db,
  request: ApprovalRequest,
  routing: NoticeRouting,
): Promise<ApprovalOutcome & { notices: NoticeResult }> {
  return db.$transaction(async (tx) => {
    const outcome = await approvalStepIn(tx, request);
    return { ...outcome, notices: await queueReturnNotices(tx, outcome, routing) };
  });
}

/** The same inside a transaction of the caller's (the dialog's step). */
export async function approvalStepIn(tx: Tx, request: ApprovalRequest): Promise<ApprovalOutcome> {
  const { organization, campaign } = await resolveCampaign(tx, request);
  const actor = await tx.official.findUnique({
    where: { organizationId_code: { organizationId: organization.id, code: request.actorCode } },
  });
  if (!actor || !actor.active)
    throw new UserError('approval:error.unknown_official', { code: request.actorCode });
  const period = await tx.period.findUnique({
    where: { campaignId_key: { campaignId: campaign.id, key: request.periodKey } },
  });
  if (!period)
    throw new UserError('report:error.unknown_period', { key: request.periodKey, campaign: campaign.code });
  const note = request.note?.trim() ? request.note.trim() : null;
  if (note !== null && note.length > NOTE_MAX)
    throw new UserError('report:error.note_too_long', { max: NOTE_MAX });
  const previous = await approvalStateOf(tx, period.id);
  const step = approvalStep(
    previous,
    request.action,
    { role: actor.role as Role, mayApprove: actor.mayApprove },
    note ?? undefined,
  );
  if (!step.ok) {
    const key =
      step.reason === 'state' ? `approval:error.state.${previous}` : `approval:error.${step.reason}`;
    throw new UserError(key, { period: request.periodKey });
  }
  const returned =
    request.action === 'return'
      ? await returnedReports(tx, period.id, campaign.id, request.indicatorCodes)
      : [];
  // Guarded on the state read above: two people acting at once cannot both pass from it.
  await writeState(tx, period.id, previous, step.state);
  const event = await tx.approvalEvent.create({
    data: {
      periodId: period.id,
      action: request.action,
      state: step.state,
      actorId: actor.id,
      note,
      indicators: [...new Set(returned.flatMap((r) => r.indicators.map((i) => i.code)))].join(','),
    },
  });
  return {
    organizationId: organization.id,
    campaignCode: campaign.code,
    period: { id: period.id, key: period.key, name: periodName(period) },
    actorName: actor.name,
    previous,
    state: step.state,
    eventId: event.id,
    note,
    returned,
  };
}

async function writeState(tx: Tx, periodId: string, previous: ApprovalState, next: ApprovalState) {
  if (previous === 'open') {
    const existing = await tx.periodApproval.findUnique({ where: { periodId } });
    if (!existing) {
      await tx.periodApproval.create({ data: { periodId, state: next } });
      return;
    }
  }
  const updated = await tx.periodApproval.updateMany({
    where: { periodId, state: previous },
    data: { state: next },
  });
  if (updated.count !== 1) throw new UserError('approval:error.concurrent_change');
}

/** The reports a return sends back, grouped by the official who made them. */
async function returnedReports(
  db: Tx,
  periodId: string,
  campaignId: string,
  codes: readonly string[] | undefined,
): Promise<ReturnedTo[]> {
  const wanted = codes && codes.length > 0 ? [...new Set(codes)] : null;
  if (wanted) {
    const known = await db.indicator.findMany({
      where: { campaignId, code: { in: wanted }, archivedAt: null },
      select: { code: true },
    });
    const unknown = wanted.filter((code) => !known.some((k) => k.code === code));
    if (unknown.length > 0)
      throw new UserError('approval:error.unknown_indicators', { codes: unknown.join(', ') });
  }
  const reports = await db.report.findMany({
    where: { periodId, indicator: { archivedAt: null, ...(wanted ? { code: { in: wanted } } : {}) } },
    include: { indicator: true, official: true },
    orderBy: [{ official: { code: 'asc' } }, { indicator: { position: 'asc' } }],
  });
  if (wanted && reports.length === 0) throw new UserError('approval:error.nothing_to_return');
  const byOfficial = new Map<string, ReturnedTo>();
  for (const report of reports) {
    const entry = byOfficial.get(report.officialId) ?? {
      officialId: report.officialId,
      officialCode: report.official.code,
      indicators: [],
    };
    entry.indicators.push({ code: report.indicator.code, name: report.indicator.name });
    byOfficial.set(report.officialId, entry);
  }
  return [...byOfficial.values()];
}

/** Where a period's approval stands, for /tiendo, the Excel and the dashboard. */
export async function approvalStatus(db: Db | Tx, periodId: string): Promise<ApprovalStatus> {
  const [row, last] = await Promise.all([
    db.periodApproval.findUnique({ where: { periodId } }),
    db.approvalEvent.findFirst({
      where: { periodId },
      orderBy: { createdAt: 'desc' },
      include: { actor: { select: { name: true } } },
    }),
  ]);
  return approvalStatusOf(
    row,
    last ? { createdAt: last.createdAt, actorName: last.actor?.name ?? null } : null,
  );
}

/** The same from the rows as read: the period's approval (none: open) and its last step. */
export function approvalStatusOf(
  row: { state: string } | null,
  last: { createdAt: Date; actorName: string | null } | null,
): ApprovalStatus {
  const state = row && isApprovalState(row.state) ? row.state : 'open';
  if (!last || state === 'open') return { state, at: null, by: null };
  return { state, at: last.createdAt, by: last.actorName };
}

/** Every step of a period's approval, oldest first: the audit trail. */
export async function approvalHistory(
  db: Db | Tx,
  scope: ScopeOptions & { periodKey: string },
): Promise<ApprovalHistoryEntry[]> {
  const { campaign } = await resolveCampaign(db, scope);
  const period = await db.period.findUnique({
    where: { campaignId_key: { campaignId: campaign.id, key: scope.periodKey } },
  });
  if (!period)
    throw new UserError('report:error.unknown_period', { key: scope.periodKey, campaign: campaign.code });
  const events = await db.approvalEvent.findMany({
    where: { periodId: period.id },
    include: { actor: { select: { code: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return events.map((e) => ({
    action: e.action as ApprovalAction,
    state: isApprovalState(e.state) ? e.state : 'open',
    actor: e.actor?.code ?? null,
    note: e.note,
    indicators: e.indicators ? e.indicators.split(',') : [],
    at: e.createdAt,
  }));
}

/**
 * Inside a report's transaction: refuses a figure for an approved period. The approval's row is first
 * touched with a no-op update, which on PostgreSQL locks it until the report commits: an approval
 * cannot slip in between this check and the report (it waits, and the report precedes it). SQLite has
 * one writer at a time already. A period no one has acted on has no row, and nothing to lock: it is open.
 */
export async function assertPeriodOpen(tx: Tx, periodId: string): Promise<void> {
  if (await periodLocked(tx, periodId)) throw new UserError('approval:error.locked');
}

/** Whether a period's figures are locked, its approval's row held (see assertPeriodOpen) until commit. */
export async function periodLocked(tx: Tx, periodId: string): Promise<boolean> {
  return (await lockedPeriods(tx, [periodId])).has(periodId);
}

/** The same for several periods at once (a batch of answers), in two statements whatever their number. */
export async function lockedPeriods(tx: Tx, periodIds: readonly string[]): Promise<Set<string>> {
  if (periodIds.length === 0) return new Set();
  const touched = await tx.$executeRaw`
    UPDATE "PeriodApproval" SET "state" = "state" WHERE "periodId" IN (${Prisma.join(periodIds)})`;
  if (touched === 0) return new Set();
  const rows = await tx.periodApproval.findMany({
    where: { periodId: { in: [...periodIds] }, state: 'approved' },
    select: { periodId: true },
  });
  return new Set(rows.map((r) => r.periodId));
}
