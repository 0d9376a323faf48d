import type { Role } from '../plan/plan.js';

/**
 * The approval of one period's figures (per organization, campaign and period), as DHIS2's data approval
 * does it for aggregate reports: the office checks, the chairman approves or returns with a note, an
 * approved period is locked until the chairman reopens it. A period no one has acted on is `open`.
 */
export const APPROVAL_STATES = ['open', 'checked', 'approved', 'returned'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

export const APPROVAL_ACTIONS = ['check', 'approve', 'return', 'reopen'] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

export interface ApprovalActor {
  role: Role;
  /** a vice-chairman may approve only when the plan gives the right (`mayApprove: true`) */
  mayApprove: boolean;
}

export type ApprovalRefusal = 'role' | 'state' | 'note_required';

export type ApprovalStep =
  { ok: true; state: ApprovalState } | { ok: false; reason: ApprovalRefusal; state: ApprovalState };

interface Rule {
  from: readonly ApprovalState[];
  to: ApprovalState;
  who: (actor: ApprovalActor) => boolean;
  noteRequired: boolean;
}

/** The chairman signs; a vice-chairman only with the right given in the plan. */
export function mayApprove(actor: ApprovalActor): boolean {
  return actor.role === 'chairman' || (actor.role === 'vice_chairman' && actor.mayApprove);
}

/** The office (admin) checks; a chairman who has no office may check too. */
function mayCheck(actor: ApprovalActor): boolean {
  return actor.role === 'admin' || mayApprove(actor);
}

/**
 * One table: from which states each action may be taken, by whom, and where it leads. Approval needs a
 * check first (the chairman signs figures someone has looked at); a return may come before or after the
 * check (the chairman sees a wrong figure on the dashboard); only the chairman undoes an approval.
 */
const RULES: Record<ApprovalAction, Rule> = {
  check: { from: ['open', 'returned'], to: 'checked', who: mayCheck, noteRequired: false },
  approve: { from: ['checked'], to: 'approved', who: mayApprove, noteRequired: false },
  return: { from: ['open', 'checked'], to: 'returned', who: mayApprove, noteRequired: true },
  reopen: { from: ['approved'], to: 'open', who: (actor) => actor.role === 'chairman', noteRequired: false },
};

export function approvalStep(
  state: ApprovalState,
  action: ApprovalAction,
  actor: ApprovalActor,
  note: string | undefined,
): ApprovalStep {
  const rule = RULES[action];
  if (!rule.who(actor)) return { ok: false, reason: 'role', state };
  if (!rule.from.includes(state)) return { ok: false, reason: 'state', state };
  if (rule.noteRequired && !note?.trim()) return { ok: false, reason: 'note_required', state };
  return { ok: true, state: rule.to };
}

/** Figures of an approved period are locked: a correction needs the chairman to reopen it. */
export function isLocked(state: ApprovalState): boolean {
  return state === 'approved';
}

/** The actions this person may take now, for the buttons of the chat and the dashboard. */
export function availableActions(state: ApprovalState, actor: ApprovalActor): ApprovalAction[] {
  return APPROVAL_ACTIONS.filter((action) => {
    const rule = RULES[action];
    return rule.who(actor) && rule.from.includes(state);
  });
}

export function isApprovalState(value: string): value is ApprovalState {
  return (APPROVAL_STATES as readonly string[]).includes(value);
}
