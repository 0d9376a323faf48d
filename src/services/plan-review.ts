import type { Message } from '../domain/message.js';
import type { Plan, PlanIndicator } from '../domain/plan/plan.js';
import { formatPath } from '../domain/plan/plan.js';
import type { PlanImportOutcome } from '../dialog/ports.js';
import type { Tx } from '../store/database.js';
import { UserError } from './errors.js';
import { parsePlanText, type LocatedProblem } from './plan-file.js';
import { applyPlan } from './plan-import.js';

/**
 * A plan file reviewed in the chat: checked against the plan format and against the organization of
 * the administrator who sends it, then imported inside the conversation's transaction.
 */

/** A plan problem as the chat shows it: "Dòng 12 (indicators[3].target): …". */
export function planProblemMessage(problem: LocatedProblem): Message {
  const detail: Message = { key: problem.key, ...(problem.params ? { params: problem.params } : {}) };
  const path = formatPath(problem.path);
  if (problem.line !== undefined)
    return { key: 'dialog:plan.problem_at_line', params: { line: problem.line, path, problem: detail } };
  return path ? { key: 'dialog:plan.problem_at', params: { path, problem: detail } } : detail;
}

export type CheckedPlan = { ok: true; plan: Plan } | { ok: false; problems: Message[] };

/** The plan file, checked, and refused when it names another organization than the sender's. */
export function checkPlanFor(organizationCode: string, yaml: string): CheckedPlan {
  const result = parsePlanText(yaml);
  if (!result.ok) return { ok: false, problems: result.problems.map(planProblemMessage) };
  if (result.plan.organization.code !== organizationCode) {
    return {
      ok: false,
      problems: [
        {
          key: 'dialog:plan.other_organization',
          params: { code: result.plan.organization.code, mine: organizationCode },
        },
      ],
    };
  }
  return { ok: true, plan: result.plan };
}

export function unassignedCount(indicators: readonly PlanIndicator[]): number {
  return indicators.filter((indicator) => indicator.assignees.length === 0).length;
}

async function savepoint(
  tx: Tx,
  sql: 'SAVEPOINT' | 'RELEASE SAVEPOINT' | 'ROLLBACK TO SAVEPOINT',
): Promise<void> {
  await tx.$executeRawUnsafe(`${sql} tiendo_plan_import`);
}

/**
 * Imports a reviewed plan file for the official's organization. A plan the importer refuses (a period
 * that holds reports would disappear…) is rolled back to a savepoint, so the conversation step still
 * commits and the administrator is told why — nothing of the plan is stored half-way.
 */
export async function importReviewedPlan(
  tx: Tx,
  officialId: string,
  yaml: string,
  now: Date,
  timeZone: string,
): Promise<PlanImportOutcome> {
  const official = await tx.official.findUnique({
    where: { id: officialId },
    include: { organization: true },
  });
  if (!official) return { ok: false, problems: [{ key: 'dialog:plan.not_allowed' }] };
  const checked = checkPlanFor(official.organization.code, yaml);
  if (!checked.ok) return checked;
  // Officials left out of a plan file are deactivated: the sender would lock themselves out.
  if (!checked.plan.officials.some((o) => o.code === official.code)) {
    return { ok: false, problems: [{ key: 'dialog:plan.sender_missing', params: { code: official.code } }] };
  }
  await savepoint(tx, 'SAVEPOINT');
  try {
    const summary = await applyPlan(tx, checked.plan, { timeZone, now });
    await savepoint(tx, 'RELEASE SAVEPOINT');
    const indicators = (kind: 'created' | 'updated' | 'removed' | 'archived') =>
      summary.changes[kind].indicators ?? 0;
    return {
      ok: true,
      campaignTitle: checked.plan.campaign.title,
      // An indicator that held reports is archived rather than deleted; to the reader both left the plan.
      indicators: {
        created: indicators('created'),
        updated: indicators('updated'),
        removed: indicators('removed') + indicators('archived'),
      },
      unassigned: unassignedCount(checked.plan.indicators),
    };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    await savepoint(tx, 'ROLLBACK TO SAVEPOINT');
    return { ok: false, problems: [error.userMessage] };
  }
}
