import {
  APPROVAL_ACTIONS,
  availableActions,
  isApprovalState,
  type ApprovalAction,
  type ApprovalState,
} from '../domain/approval/index.js';
import { localDateOf } from '../domain/calendar/index.js';
import type { Message } from '../domain/message.js';
import type { Role } from '../domain/plan/plan.js';
import type { Db } from '../store/database.js';
import { actOnApproval } from './approval.js';
import { UserError } from './errors.js';
import type { ProgressReportData } from './progress.js';

/**
 * The approval of a period on the chairman's dashboard (docs/approval.md): the same state, the same
 * steps for the same people as the buttons under the chat's /tiendo (availableActions), taken through
 * the same service (actOnApproval), with the history of the period beside them.
 */

export interface ApprovalHistoryRow {
  at: Date;
  action: ApprovalAction;
  state: ApprovalState;
  actor: string | null;
  note: string | null;
  indicators: string[];
}

export interface DashboardApproval {
  periodKey: string;
  period: Message;
  state: ApprovalState;
  at: Date | null;
  by: string | null;
  /** the steps this reader may take now */
  actions: ApprovalAction[];
  history: ApprovalHistoryRow[];
}

const ACTIONS: readonly string[] = APPROVAL_ACTIONS;

/** Where the period the dashboard shows stands, what the reader may do, and every step so far. */
export async function dashboardApproval(
  db: Db,
  reader: { organizationId: string; role: Role; mayApprove: boolean },
  data: ProgressReportData,
): Promise<DashboardApproval | null> {
  const approval = data.approval;
  if (!approval) return null;
  const events = await db.approvalEvent.findMany({
    where: {
      period: {
        key: approval.periodKey,
        campaign: { code: data.campaign.code, organizationId: reader.organizationId },
      },
    },
    include: { actor: { select: { name: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return {
    periodKey: approval.periodKey,
    period: approval.period,
    state: approval.state,
    at: approval.at,
    by: approval.by,
    actions: availableActions(approval.state, { role: reader.role, mayApprove: reader.mayApprove }),
    history: events.flatMap((e) =>
      ACTIONS.includes(e.action) && isApprovalState(e.state)
        ? [
            {
              at: e.createdAt,
              action: e.action as ApprovalAction,
              state: e.state,
              actor: e.actor?.name ?? null,
              note: e.note,
              indicators: e.indicators ? e.indicators.split(',') : [],
            },
          ]
        : [],
    ),
  };
}

/** Whether the plan named is one of the organization's: another's is not found, and not named back. */
export async function isOwnCampaign(db: Db, organizationId: string, code: string): Promise<boolean> {
  return (await db.campaign.count({ where: { organizationId, code } })) > 0;
}

export type WebApprovalOutcome =
  | { ok: true; action: ApprovalAction; returnedTo: number; unreachable: string[] }
  | { ok: false; problem: Message };

/**
 * A step taken from the dashboard, as the chat takes it: refused with the same reasons (role, state,
 * a return without its reason, someone faster), a return's messages queued in the same transaction for
 * the chat each official used last.
 */
export async function actFromDashboard(
  db: Db,
  input: {
    official: { code: string; organizationCode: string };
    campaignCode: string;
    periodKey: string;
    action: ApprovalAction;
    note: string | undefined;
    now: Date;
    timeZone: string;
  },
): Promise<WebApprovalOutcome> {
  try {
    const outcome = await actOnApproval(
      db,
      {
        organizationCode: input.official.organizationCode,
        campaignCode: input.campaignCode,
        periodKey: input.periodKey,
        actorCode: input.official.code,
        action: input.action,
        note: input.note,
        today: localDateOf(input.now, input.timeZone),
      },
      { served: ['telegram', 'zalo'], preference: 'last_used', defaultLocale: 'vi', now: input.now },
    );
    return {
      ok: true,
      action: input.action,
      returnedTo: outcome.returned.length,
      unreachable: outcome.notices.unreachable,
    };
  } catch (error) {
    if (error instanceof UserError) return { ok: false, problem: error.userMessage };
    throw error;
  }
}
