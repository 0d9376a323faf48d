import type { Message } from '../domain/message.js';
import type { Comparator, Measure, Role } from '../domain/plan/plan.js';
import type { Db } from '../store/database.js';
import { periodName } from '../store/period-name.js';
import { resolveCampaign, resolveOrganization, type ScopeOptions } from './scope.js';

/** The stored plan, as `tiendo plan show --json` prints it (documented in docs/plan-format.md). */
export interface StoredPlan {
  organization: { code: string; name: string };
  campaign: {
    code: string;
    title: string;
    year: number;
    kind: string;
    start: string;
    end: string;
    periods: string;
    checkpoints: string[];
    deadline: { time: string; daysAfterCutoff: number; shift: string };
  };
  periods: { key: string; kind: string; name: Message; start: string; cutoff: string; deadlineAt: string }[];
  units: { code: string; name: string }[];
  officials: {
    code: string;
    name: string;
    title: string | null;
    role: Role;
    unit: string | null;
    active: boolean;
  }[];
  indicators: {
    code: string;
    parent: string | null;
    name: string;
    category: string;
    unit: string;
    measure: Measure;
    targets: { source: string; comparator: Comparator; value: string }[];
    assignees: string[];
    note: string | null;
    archived: boolean;
  }[];
}

function officialSummary(o: {
  code: string;
  name: string;
  title: string | null;
  role: string;
  unit: { code: string } | null;
  active: boolean;
}) {
  return {
    code: o.code,
    name: o.name,
    title: o.title,
    role: o.role as Role,
    unit: o.unit?.code ?? null,
    active: o.active,
  };
}

export async function showPlan(db: Db, scope: ScopeOptions): Promise<StoredPlan> {
  const { organization, campaign } = await resolveCampaign(db, scope);
  const [periods, units, officials, indicators] = await Promise.all([
    db.period.findMany({ where: { campaignId: campaign.id }, orderBy: { position: 'asc' } }),
    db.unit.findMany({ where: { organizationId: organization.id }, orderBy: { code: 'asc' } }),
    db.official.findMany({
      where: { organizationId: organization.id },
      include: { unit: true },
      orderBy: { code: 'asc' },
    }),
    db.indicator.findMany({
      where: { campaignId: campaign.id },
      include: {
        parent: true,
        targets: { orderBy: { position: 'asc' } },
        assignments: { include: { official: true } },
      },
      orderBy: { position: 'asc' },
    }),
  ]);
  return {
    organization: { code: organization.code, name: organization.name },
    campaign: {
      code: campaign.code,
      title: campaign.title,
      year: campaign.year,
      kind: campaign.kind,
      start: campaign.startDate,
      end: campaign.endDate,
      periods: campaign.periodScheme,
      checkpoints: campaign.checkpoints ? campaign.checkpoints.split(',') : [],
      deadline: {
        time: campaign.deadlineTime,
        daysAfterCutoff: campaign.deadlineDaysAfterCutoff,
        shift: campaign.deadlineShift,
      },
    },
    periods: periods.map((p) => ({
      key: p.key,
      kind: p.kind,
      name: periodName(p),
      start: p.startDate,
      cutoff: p.cutoffDate,
      deadlineAt: p.deadlineAt.toISOString(),
    })),
    units: units.map((u) => ({ code: u.code, name: u.name })),
    officials: officials.map(officialSummary),
    indicators: indicators.map((i) => ({
      code: i.code,
      parent: i.parent?.code ?? null,
      name: i.name,
      category: i.category,
      unit: i.unit,
      measure: i.measure as Measure,
      targets: i.targets.map((t) => ({
        source: t.source,
        comparator: t.comparator as Comparator,
        value: t.value,
      })),
      assignees: i.assignments.map((a) => a.official.code).sort(),
      note: i.note,
      archived: i.archivedAt !== null,
    })),
  };
}

export async function listOfficials(db: Db, organizationCode: string | undefined) {
  const organization = await resolveOrganization(db, organizationCode);
  const officials = await db.official.findMany({
    where: { organizationId: organization.id },
    include: { unit: true, _count: { select: { assignments: true, chatLinks: true } } },
    orderBy: [{ active: 'desc' }, { code: 'asc' }],
  });
  return officials.map((o) => ({
    ...officialSummary(o),
    assignments: o._count.assignments,
    linkedChats: o._count.chatLinks,
  }));
}
