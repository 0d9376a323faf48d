import type { Message } from '../../domain/message.js';
import type { ExtractedCampaign, ExtractedPlan, ExtractionFlag } from '../../domain/plan-extraction/types.js';
import type { ProposedAssignee } from '../../domain/plan-extraction/assignees.js';
import type { Measure } from '../../domain/plan/plan.js';
import type { RawPlan } from '../../domain/plan/raw-schema.js';

/** Below this the extractor is unsure: the reviewer must look (src/domain/plan-extraction/types.ts). */
export const LOW_CONFIDENCE = 0.6;

/**
 * An indicator of the draft, in the plan file's shape (docs/plan-format.md). `unit: null` is a unit
 * the document did not give: left for the reviewer, and `plan check` says so until it is filled.
 */
export interface DraftIndicator {
  code: string;
  name: string;
  category?: string;
  unit?: string | null;
  measure?: Measure;
  target?: string;
  targets?: { source: string; target: string }[];
  assignees?: string[];
  children?: DraftIndicator[];
}

/**
 * The plan file the draft proposes. Every value the document cannot give is null ("to fill in"):
 * the plan check refuses the draft until the reviewer has filled them, and never guesses them.
 */
export interface DraftPlan {
  organization: { code: string | null; name: string | null };
  campaign: {
    code: string | null;
    title: string | null;
    kind: 'annual' | 'sprint';
    year?: number;
    start: string | null;
    end: string | null;
  };
  units: RawPlan['units'];
  officials: RawPlan['officials'];
  indicators: DraftIndicator[];
}

/** Where an indicator of the draft came from, for the reviewer. */
export interface ReviewItem {
  code: string;
  name: string;
  /** 1-based line of the document's text */
  line: number;
  sourceText: string;
  confidence: number;
  flags: ExtractionFlag[];
  /** confidence below LOW_CONFIDENCE */
  needsReview: boolean;
  /** the assignee put in the draft from the indicator's words, for the administrator to accept or change */
  proposedAssignee?: ProposedAssignee;
}

export interface PlanDraft {
  plan: DraftPlan;
  /** one per indicator, children included, in the plan's order */
  review: ReviewItem[];
  skipped: ExtractedPlan['skipped'];
  /** what the reading left out of a document past the extraction limits; null when read whole */
  truncated: ExtractedPlan['truncated'];
  campaign: ExtractedCampaign;
  /** paths into the plan of the values left null, "organization.code", "indicators[2].unit" */
  missing: string[];
}

export interface DraftContext {
  /** the organization the plan is for, when known (the chat's own); otherwise read from the document */
  organization?: { code: string; name: string };
  units?: RawPlan['units'];
  officials?: RawPlan['officials'];
  campaignCode?: string;
}

export type DraftResult =
  { ok: true; draft: PlanDraft } | { ok: false; code: 'not_a_plan'; message: Message };
