import { parseDocument } from 'yaml';
import { formatDayMonthYear, localDateOf } from '../domain/calendar/index.js';
import type { CommuneRole } from '../domain/plan/plan.js';
import type { OfficialView, PlanDraft, PlanDraftOutcome, PlanDrafts } from '../dialog/ports.js';
import type { I18n } from '../i18n.js';
import type { Database } from '../store/database.js';
import { createDocumentReader, type DocumentReader } from './plan-document/reader.js';
import { buildPlanDraft } from './plan-draft/build.js';
import { LOW_CONFIDENCE, type DraftContext } from './plan-draft/types.js';
import { draftYaml, excerpt } from './plan-draft/yaml.js';
import { checkPlanFor, unassignedCount } from './plan-review.js';
import { documentFromPlanYaml, storePlanDraft, type DraftOrigin } from './web-plan-draft/index.js';
import type { ReviewItem } from './plan-draft/types.js';

/**
 * What an administrator's document becomes in the chat: a plan file to review. A Word, PDF or text
 * document is read and extracted into a draft for the sender's organization (its units and officials
 * listed, so that importing the draft deactivates no one); a YAML file is the reviewer's edited draft,
 * checked as `tiendo plan check` would.
 */

const PLAN_FILE = /\.ya?ml$/i;
const MAX_PLAN_FILE_BYTES = 1024 * 1024;

interface Context {
  organization: { code: string; name: string };
  draft: DraftContext;
  campaignCodes: Set<string>;
}

const ORGANIZATION_PEOPLE = {
  units: { orderBy: { code: 'asc' } },
  officials: { where: { active: true }, orderBy: { code: 'asc' }, include: { unit: true } },
  campaigns: { select: { code: true } },
} as const;

interface OrganizationWithPeople {
  code: string;
  name: string;
  units: { code: string; name: string }[];
  officials: {
    code: string;
    name: string;
    title: string | null;
    role: string;
    mayApprove?: boolean;
    unit: { code: string } | null;
  }[];
  campaigns: { code: string }[];
}

function contextFrom(organization: OrganizationWithPeople): Context {
  return {
    organization: { code: organization.code, name: organization.name },
    campaignCodes: new Set(organization.campaigns.map((c) => c.code)),
    draft: {
      organization: { code: organization.code, name: organization.name },
      units: organization.units.map((u) => ({ code: u.code, name: u.name })),
      // a province user is no commune official: never in a commune's draft
      officials: organization.officials
        .filter((o) => o.role !== 'province_admin')
        .map((o) => ({
          code: o.code,
          name: o.name,
          ...(o.title ? { title: o.title } : {}),
          role: o.role as CommuneRole,
          ...(o.unit ? { unit: o.unit.code } : {}),
          ...(o.mayApprove ? { may_approve: true } : {}),
        })),
    },
  };
}

async function contextOf(database: Database, officialId: string): Promise<Context | null> {
  const official = await database.db.official.findUnique({
    where: { id: officialId },
    include: { organization: { include: ORGANIZATION_PEOPLE } },
  });
  return official ? contextFrom(official.organization) : null;
}

/**
 * What a draft for a known organization starts from (`plan extract --org CODE`): its name, units and
 * officials, so that indicators get proposed assignees. Null when no organization has that code.
 */
export async function draftContextFor(
  database: Database,
  organizationCode: string,
): Promise<DraftContext | null> {
  const organization = await database.db.organization.findUnique({
    where: { code: organizationCode },
    include: ORGANIZATION_PEOPLE,
  });
  return organization ? contextFrom(organization).draft : null;
}

/** What the summary says of an edited plan file that does not pass the check (read loosely). */
function looseFacts(
  yaml: string,
): Pick<PlanDraft, 'title' | 'year' | 'kind' | 'start' | 'end' | 'indicators' | 'booleans'> {
  let raw: unknown;
  try {
    raw = parseDocument(yaml).toJS({ maxAliasCount: 50 });
  } catch {
    raw = null;
  }
  const plan = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const campaign =
    typeof plan.campaign === 'object' && plan.campaign !== null
      ? (plan.campaign as Record<string, unknown>)
      : {};
  const indicators = Array.isArray(plan.indicators) ? plan.indicators : [];
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    title: text(campaign.title),
    year: typeof campaign.year === 'number' ? campaign.year : null,
    kind: campaign.kind === 'sprint' ? 'sprint' : 'annual',
    start: null,
    end: null,
    indicators: indicators.length,
    booleans: indicators.filter(
      (i) => typeof i === 'object' && i !== null && (i as Record<string, unknown>).measure === 'boolean',
    ).length,
  };
}

function reviewedPlan(
  context: Context,
  yaml: string,
  fileName: string,
  origin: PlanDraft['origin'],
  review: PlanDraft['review'],
): PlanDraft {
  const checked = checkPlanFor(context.organization.code, yaml);
  if (!checked.ok)
    return {
      yaml,
      fileName,
      origin,
      ...looseFacts(yaml),
      review,
      unassigned: 0,
      replaces: false,
      problems: checked.problems,
    };
  const { plan } = checked;
  return {
    yaml,
    fileName,
    origin,
    title: plan.campaign.title,
    year: plan.campaign.year,
    kind: plan.campaign.kind,
    start: plan.campaign.schedule.start,
    end: plan.campaign.schedule.end,
    indicators: plan.indicators.length,
    booleans: plan.indicators.filter((i) => i.measure === 'boolean').length,
    review,
    unassigned: unassignedCount(plan.indicators),
    replaces: context.campaignCodes.has(plan.campaign.code),
    problems: [],
  };
}

/** How much of the document's sentence the review page shows beside an indicator: its part about it. */
const SOURCE_KEPT = 220;

function originsOf(review: readonly ReviewItem[]): Map<string, DraftOrigin> {
  return new Map(
    review.map((item) => [
      item.code,
      {
        line: item.line,
        text: excerpt(item.sourceText, item.name, SOURCE_KEPT),
        review: item.confidence < LOW_CONFIDENCE,
        ...(item.flags.length > 0 ? { flags: [...item.flags] } : {}),
        ...(item.proposedAssignee ? { proposed: item.proposedAssignee.code } : {}),
      },
    ]),
  );
}

/** Keeps the draft for the web's review page (the link in the chat opens it). */
async function stored(
  database: Database,
  official: OfficialView,
  context: Context,
  draft: PlanDraft,
  origins: Map<string, DraftOrigin> = new Map(),
): Promise<PlanDraft> {
  const document = documentFromPlanYaml(draft.yaml, context.organization, origins);
  const id = await storePlanDraft(database.db, {
    officialId: official.id,
    fileName: draft.fileName,
    document,
  });
  return { ...draft, id };
}

/** "Kế hoạch 2026.docx" → "Kế-hoạch-2026.yaml": the draft keeps the document's name. */
function yamlName(documentName: string): string {
  const base =
    documentName
      .replace(/\.[^.]*$/, '')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .slice(0, 60) || 'ke-hoach';
  return `${base}.yaml`;
}

export function createPlanDrafts(
  database: Database,
  options: { i18n: I18n; timeZone: string; defaultLocale: 'vi' | 'en'; reader?: DocumentReader },
): PlanDrafts {
  const reader = options.reader ?? createDocumentReader();
  return {
    async prepare(official: OfficialView, file, now): Promise<PlanDraftOutcome> {
      const context = await contextOf(database, official.id);
      if (!context) return { ok: false, problem: { key: 'dialog:plan.not_allowed' } };
      if (PLAN_FILE.test(file.name)) {
        if (file.bytes.byteLength > MAX_PLAN_FILE_BYTES)
          return { ok: false, problem: { key: 'dialog:plan.too_large', params: { mb: 1 } } };
        const yaml = new TextDecoder('utf-8').decode(file.bytes);
        const edited = reviewedPlan(context, yaml, file.name, 'plan', []);
        return { ok: true, draft: await stored(database, official, context, edited) };
      }
      const today = localDateOf(now, options.timeZone);
      // read and extracted in a worker thread: the chats go on meanwhile (issue 14)
      const read = await reader.read(file.bytes, file.name, today);
      if (!read.ok) return { ok: false, problem: read.message };
      const { extracted } = read;
      const t = options.i18n.forLocale(official.locale ?? options.defaultLocale);
      const built = buildPlanDraft(extracted, context.draft, t);
      if (!built.ok) return { ok: false, problem: built.message };
      const name = yamlName(file.name);
      const yaml = draftYaml(
        built.draft,
        { fileName: file.name, yamlName: name, date: formatDayMonthYear(today), via: 'chat' },
        t,
      );
      const review = built.draft.review
        .filter((item) => item.confidence < LOW_CONFIDENCE)
        .map((item) => ({ line: item.line, name: item.name }));
      const draft = await stored(
        database,
        official,
        context,
        reviewedPlan(context, yaml, name, 'document', review),
        originsOf(built.draft.review),
      );
      const { notices } = read.document;
      return { ok: true, draft: notices ? { ...draft, notices } : draft };
    },
  };
}
