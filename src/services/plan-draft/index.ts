export { buildPlanDraft } from './build.js';
export { draftJson } from './json.js';
export { draftYaml, type DraftYamlOptions } from './yaml.js';
export {
  LOW_CONFIDENCE,
  type DraftContext,
  type DraftIndicator,
  type DraftPlan,
  type DraftResult,
  type PlanDraft,
  type ReviewItem,
} from './types.js';
export { draftFromDocument, type DocumentDraftResult } from './from-document.js';
