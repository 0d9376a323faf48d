import { formatViNumber } from '../../domain/numbers/index.js';
import type {
  ExtractedIndicator,
  ExtractedPlan,
  ExtractedTarget,
} from '../../domain/plan-extraction/types.js';
import { proposeAssignee, type AssigneeCandidate } from '../../domain/plan-extraction/assignees.js';
import type { Translate } from '../../i18n.js';
import { CodeAllocator, categoryPrefix, organizationSlug, slug } from './codes.js';
import {
  LOW_CONFIDENCE,
  type DraftContext,
  type DraftIndicator,
  type DraftPlan,
  type DraftResult,
  type ReviewItem,
} from './types.js';

const NAME_MAX = 300;
const CATEGORY_MAX = 120;
const SOURCE_MAX = 120;
const TITLE_MAX = 500;
const UNIT_MAX = 40;

function clip(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

/** "a) Các chỉ tiêu phát triển kinh tế:" → "Các chỉ tiêu phát triển kinh tế": the heading without its numbering. */
export function cleanCategory(category: string): string {
  return clip(
    category
      .replace(/^\s*(?:[-+•]|[a-zđ]\)|\d+(?:\.\d+)*[.)]?|[IVXLC]+[.)])\s*/iu, '')
      .replace(/[:;.]\s*$/, ''),
    CATEGORY_MAX,
  );
}

/** ">= 11.807", "<= 0,32": a target as the plan file writes it, in Vietnamese notation. */
function targetText(target: ExtractedTarget): string {
  return `${target.comparator} ${formatViNumber(target.value)}`;
}

interface Walk {
  codes: CodeAllocator;
  candidates: AssigneeCandidate[];
  review: ReviewItem[];
  missing: string[];
  t: Translate;
}

function draftIndicator(
  source: ExtractedIndicator,
  code: string,
  parent: { category: string; unit: string | null; measure: string } | null,
  path: string,
  walk: Walk,
  depth: number,
): DraftIndicator {
  const category = source.category
    ? cleanCategory(source.category)
    : (parent?.category ?? walk.t('plan:draft.default_category'));
  const boolean = source.measure === 'boolean';
  const unit = boolean ? null : source.unit ? clip(source.unit, UNIT_MAX) : null;
  const out: DraftIndicator = { code, name: clip(source.name, NAME_MAX) };
  if (!parent || parent.category !== category) out.category = category;
  if (!boolean && (!parent || parent.unit !== unit || parent.measure === 'boolean')) {
    out.unit = unit;
    if (unit === null) walk.missing.push(`${path}.unit`);
  }
  if (!parent || parent.measure !== source.measure) out.measure = source.measure;
  if (!boolean) {
    const targets = source.targets;
    if (targets.length === 1 && targets[0] && !targets[0].source) out.target = targetText(targets[0]);
    else if (targets.length > 0) {
      const seen = new Set<string>();
      out.targets = targets.map((target, i) => {
        let name = clip(target.source ?? walk.t('plan:draft.default_source', { number: i + 1 }), SOURCE_MAX);
        // sources are unique within an indicator
        for (let n = 2; seen.has(name); n++) name = clip(`${target.source ?? ''} (${n})`, SOURCE_MAX);
        seen.add(name);
        return { source: name, target: targetText(target) };
      });
    } else walk.missing.push(`${path}.target`);
  }
  const proposed = parent ? null : proposeAssignee({ name: source.name, category }, walk.candidates);
  if (!parent) out.assignees = proposed ? [proposed.code] : [];
  walk.review.push({
    code,
    name: out.name,
    line: source.line,
    sourceText: source.sourceText,
    confidence: source.confidence,
    flags: [...source.flags],
    needsReview: source.confidence < LOW_CONFIDENCE,
    ...(proposed ? { proposedAssignee: proposed } : {}),
  });
  if (source.children.length > 0) {
    const here = { category, unit, measure: source.measure };
    out.children = source.children.map((child, i) =>
      draftIndicator(
        child,
        walk.codes.child(code, i, depth + 1),
        here,
        `${path}.children[${i}]`,
        walk,
        depth + 1,
      ),
    );
  }
  return out;
}

/** The organization's officials (by title) and units (by name) an indicator may be proposed to. */
function candidatesOf(context: DraftContext): AssigneeCandidate[] {
  return [
    ...(context.officials ?? []).map((o) => ({
      code: o.code,
      label: o.title ?? o.name,
      kind: 'official' as const,
      leads: o.role === 'chairman' || o.role === 'vice_chairman',
    })),
    ...(context.units ?? []).map((u) => ({ code: u.code, label: u.name, kind: 'unit' as const })),
  ];
}

function campaignCode(
  extracted: ExtractedPlan,
  organizationCode: string | null,
  context: DraftContext,
): string | null {
  if (context.campaignCode) return context.campaignCode;
  const { campaign } = extracted;
  const year = campaign.year ?? (campaign.start ? Number(campaign.start.slice(0, 4)) : null);
  const kind = campaign.kind === 'sprint' ? 'nuoc-rut' : '';
  if (organizationCode && year)
    return [organizationCode.slice(0, 26), kind, String(year)].filter(Boolean).join('-');
  if (campaign.title) return slug(campaign.title) || null;
  return null;
}

/**
 * The plan file a reviewer starts from, built from what the extractor read: codes made up (KT01 from
 * the heading, KT01a for its parts; the organization and campaign from their names, without
 * diacritics), targets in Vietnamese notation, and null wherever the document says nothing. Assignees
 * are left empty for the reviewer. A document with no indicator is "not a plan", not an empty draft.
 */
export function buildPlanDraft(extracted: ExtractedPlan, context: DraftContext, t: Translate): DraftResult {
  if (extracted.indicators.length === 0) {
    return { ok: false, code: 'not_a_plan', message: { key: 'plan:document.not_a_plan' } };
  }
  const missing: string[] = [];
  const organizationName =
    context.organization?.name ?? (extracted.organizationName ? clip(extracted.organizationName, 200) : null);
  const organizationCode =
    context.organization?.code ?? (organizationName ? organizationSlug(organizationName) || null : null);
  if (!organizationCode) missing.push('organization.code');
  if (!organizationName) missing.push('organization.name');

  const { campaign } = extracted;
  const plan: DraftPlan = {
    organization: { code: organizationCode, name: organizationName },
    campaign: {
      code: campaignCode(extracted, organizationCode, context),
      title: campaign.title ? clip(campaign.title, TITLE_MAX) : null,
      kind: campaign.kind,
      ...(campaign.year !== null ? { year: campaign.year } : {}),
      start: campaign.start,
      end: campaign.end,
    },
    units: context.units ?? [],
    officials: context.officials ?? [],
    indicators: [],
  };
  for (const key of ['code', 'title', 'start', 'end'] as const)
    if (plan.campaign[key] === null) missing.push(`campaign.${key}`);

  const walk: Walk = {
    codes: new CodeAllocator(),
    candidates: candidatesOf(context),
    review: [],
    missing,
    t,
  };
  plan.indicators = extracted.indicators.map((indicator, i) =>
    draftIndicator(
      indicator,
      walk.codes.topLevel(categoryPrefix(indicator.category)),
      null,
      `indicators[${i}]`,
      walk,
      0,
    ),
  );
  return {
    ok: true,
    draft: {
      plan,
      review: walk.review,
      skipped: extracted.skipped,
      truncated: extracted.truncated,
      campaign,
      missing,
    },
  };
}
