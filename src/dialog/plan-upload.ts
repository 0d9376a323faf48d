import { formatDayMonthYear } from '../domain/calendar/index.js';
import type { Message } from '../domain/message.js';
import type { Role } from '../domain/plan/plan.js';
import { unregistered } from './onboarding.js';
import type { PlanDraft } from './ports.js';
import { choice, echo, line, reply } from './replies.js';
import { IDLE, type DialogState } from './state.js';
import type { Outcome, PendingFile, Turn } from './turn.js';
import { withWebLink } from './web-link.js';
import type { Line, OutboundMessage } from './types.js';

/**
 * An administrator sends the plan document (or the edited draft) in the chat: the bot proposes the
 * plan as a file with a summary, the administrator corrects the file and sends it back as often as
 * needed, and "Nhập kế hoạch" imports exactly the file last shown.
 */

/** Who may give the bot a plan: the office that keeps the plans, and the chairman who signs them. */
export const PLAN_EDITORS: ReadonlySet<Role> = new Set<Role>(['admin', 'chairman']);
/** Low-confidence indicators listed in the chat; the file has them all. */
const REVIEW_SHOWN = 8;
const PROBLEMS_SHOWN = 8;

type PlanReviewState = Extract<DialogState, { name: 'plan_review' }>;

export function mayEditPlans(turn: Turn): boolean {
  return turn.official !== null && PLAN_EDITORS.has(turn.official.role);
}

/** Names and titles come from the sender's file: quoted back only safely, and not at any length. */
const QUOTED_MAX = 200;

function quoted(text: string): string {
  return echo(text, QUOTED_MAX);
}

/** A problem found in the file, whose parameters (and theirs) may quote it. */
function problemLine(problem: Message): Line {
  if (!problem.params) return { ...problem };
  const params = Object.fromEntries(
    Object.entries(problem.params).map(([name, value]) => [
      name,
      typeof value === 'string' ? quoted(value) : typeof value === 'object' ? problemLine(value) : value,
    ]),
  );
  return { ...problem, params };
}

function summary(draft: PlanDraft, fileName: string): Line[] {
  const lines: Line[] = [
    line(
      draft.origin === 'document' ? 'dialog:plan.draft_title' : 'dialog:plan.edited_title',
      { file: quoted(fileName) },
      'title',
    ),
  ];
  if (draft.title) lines.push(line('dialog:plan.campaign', { title: quoted(draft.title) }));
  if (draft.start && draft.end) {
    lines.push(
      line(draft.kind === 'sprint' ? 'dialog:plan.window_sprint' : 'dialog:plan.window_annual', {
        start: formatDayMonthYear(draft.start),
        end: formatDayMonthYear(draft.end),
      }),
    );
  }
  lines.push(line('dialog:plan.counts', { count: draft.indicators, booleans: draft.booleans }));
  for (const notice of draft.notices ?? []) lines.push(problemLine(notice));
  if (draft.review.length > 0) {
    lines.push(line('dialog:plan.review', { count: draft.review.length }));
    for (const item of draft.review.slice(0, REVIEW_SHOWN))
      lines.push(line('dialog:plan.review_item', { line: item.line, name: quoted(item.name) }));
    if (draft.review.length > REVIEW_SHOWN)
      lines.push(line('dialog:plan.more', { count: draft.review.length - REVIEW_SHOWN }));
  }
  if (draft.unassigned > 0) lines.push(line('dialog:plan.unassigned', { count: draft.unassigned }));
  if (draft.replaces) lines.push(line('dialog:plan.replaces'));
  if (draft.problems.length > 0) {
    lines.push(line('dialog:plan.problems', { count: draft.problems.length }));
    for (const problem of draft.problems.slice(0, PROBLEMS_SHOWN)) lines.push(problemLine(problem));
    if (draft.problems.length > PROBLEMS_SHOWN)
      lines.push(line('dialog:plan.more', { count: draft.problems.length - PROBLEMS_SHOWN }));
    lines.push(line('dialog:plan.fix_and_resend', {}, 'muted'));
  } else {
    lines.push(line('dialog:plan.confirm_or_edit', {}, 'muted'));
  }
  return lines;
}

/** A document arrived: the draft it gave, or why there is none. */
export async function onDocument(turn: Turn): Promise<Outcome> {
  if (!turn.official) return unregistered(turn);
  const upload = turn.upload ?? { status: 'unavailable' };
  switch (upload.status) {
    case 'refused':
      return { state: turn.state, replies: [reply([line('dialog:plan.not_allowed')])] };
    case 'unavailable':
      return { state: turn.state, replies: [reply([line('dialog:unsupported')])] };
    case 'problem':
      return {
        state: turn.state,
        replies: [reply([{ ...upload.problem }, line('dialog:plan.problem_hint', {}, 'muted')])],
      };
    case 'draft': {
      const { draft } = upload;
      const importable = draft.problems.length === 0;
      const nonce = turn.newNonce();
      const choices = importable
        ? [[choice(nonce, 'import', 'dialog:plan.import')], [choice(nonce, 'cancel', 'dialog:plan.cancel')]]
        : [[choice(nonce, 'cancel', 'dialog:plan.cancel')]];
      const name = turn.event.input.kind === 'document' ? turn.event.input.document.name : draft.fileName;
      // the draft on the web as an editable table, when the installation offers the pages
      const message: OutboundMessage = await withWebLink(
        turn,
        reply(summary(draft, name), choices),
        'draft',
        draft.id,
      );
      const bytes = new TextEncoder().encode(draft.yaml);
      const file: PendingFile = {
        reply: 0,
        kind: 'document',
        name: draft.fileName,
        render: () => Promise.resolve([bytes]),
      };
      return {
        state: { name: 'plan_review', nonce, yaml: draft.yaml, title: draft.title, importable },
        replies: [message],
        files: [file],
      };
    }
  }
}

/** "Nhập kế hoạch" or "Huỷ" under a draft. */
export async function onPlanReviewChoice(
  turn: Turn,
  state: PlanReviewState,
  action: string,
): Promise<Outcome | null> {
  if (action === 'cancel') return { state: IDLE, replies: [reply([line('dialog:plan.cancelled')])] };
  if (action !== 'import' || !state.importable) return null;
  // The role is checked again: it may have changed since the draft was shown.
  if (!turn.official || !mayEditPlans(turn))
    return { state: IDLE, replies: [reply([line('dialog:plan.not_allowed')])] };
  const outcome = await turn.repo.importPlan(turn.official.id, state.yaml, turn.now);
  if (!outcome.ok) {
    const lines: Line[] = [line('dialog:plan.import_failed', { count: outcome.problems.length })];
    for (const problem of outcome.problems.slice(0, PROBLEMS_SHOWN)) lines.push(problemLine(problem));
    lines.push(line('dialog:plan.fix_and_resend', {}, 'muted'));
    return {
      state: { ...state, importable: false },
      replies: [reply(lines, [[choice(state.nonce, 'cancel', 'dialog:plan.cancel')]])],
    };
  }
  const lines: Line[] = [
    line('dialog:plan.imported', { title: quoted(outcome.campaignTitle) }, 'title'),
    line('dialog:plan.imported_counts', outcome.indicators),
  ];
  if (outcome.unassigned > 0)
    lines.push(line('dialog:plan.imported_unassigned', { count: outcome.unassigned }));
  return { state: IDLE, replies: [reply(lines)] };
}

/** Text while a draft waits: say what to do with it. */
export function planReviewText(state: PlanReviewState): Outcome {
  const choices = [
    ...(state.importable ? [[choice(state.nonce, 'import', 'dialog:plan.import')]] : []),
    [choice(state.nonce, 'cancel', 'dialog:plan.cancel')],
  ];
  return {
    state,
    replies: [reply([line(state.importable ? 'dialog:plan.waiting' : 'dialog:plan.waiting_fix')], choices)],
  };
}
