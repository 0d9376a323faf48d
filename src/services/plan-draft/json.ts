import type { PlanDraft } from './types.js';

/** The draft for a program (docs/plan-format.md, "Extracting a plan from a document"). */
export function draftJson(draft: PlanDraft, source: { file: string; kind: string; lines: number }): string {
  const low = draft.review.filter((item) => item.needsReview).length;
  return JSON.stringify(
    {
      source,
      summary: {
        indicators: draft.review.length,
        lowConfidence: low,
        skipped: draft.skipped.length,
        proposedAssignees: draft.review.filter((item) => item.proposedAssignee).length,
        truncated: draft.truncated,
      },
      campaign: draft.campaign,
      plan: draft.plan,
      missing: draft.missing,
      review: draft.review,
      skipped: draft.skipped,
    },
    null,
    2,
  );
}
