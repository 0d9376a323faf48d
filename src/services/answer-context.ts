import type { AnswerContext, PartsContext } from '../domain/indicators/plausibility.js';
import type { Comparator, Measure } from '../domain/plan/plan.js';
import type { Tx } from '../store/database.js';

interface Ref {
  indicatorId: string;
  periodId: string;
}

type Row = { id: string; parentId: string | null; unit: string; measure: string };

/** Parts add up only in their total's unit, and only as quantities: neither rates nor yes/no goals. */
function additive(a: Row, b: Row): boolean {
  return a.unit === b.unit && a.unit.trim() !== '%' && a.measure !== 'boolean' && a.measure === b.measure;
}

/**
 * The "Trong đó" around each indicator, for the period asked: its total's value, its sibling parts'
 * and its own parts' (the newest answer of each, by anyone), so that parts summing above their total
 * are questioned. Two reads whatever the number of indicators.
 */
export async function partsContexts(
  db: Tx,
  refs: Ref[],
  /** the indicators of `refs` when the caller has read them already (one read less) */
  known?: readonly Row[],
): Promise<Map<string, PartsContext>> {
  const out = new Map<string, PartsContext>();
  if (refs.length === 0) return out;
  const own =
    known ??
    (await db.indicator.findMany({
      where: { id: { in: [...new Set(refs.map((r) => r.indicatorId))] } },
      select: { id: true, parentId: true, unit: true, measure: true },
    }));
  const parentIds = own.flatMap((i) => (i.parentId ? [i.parentId] : []));
  const family = await db.indicator.findMany({
    where: {
      archivedAt: null,
      OR: [{ id: { in: parentIds } }, { parentId: { in: [...parentIds, ...own.map((i) => i.id)] } }],
    },
    select: { id: true, parentId: true, unit: true, measure: true },
  });
  const periodIds = [...new Set(refs.map((r) => r.periodId))];
  // No "Trong đó" around any of them (most plans): no values to read.
  const reports =
    family.length === 0
      ? []
      : await db.report.findMany({
          where: { periodId: { in: periodIds }, indicatorId: { in: family.map((f) => f.id) } },
          orderBy: { updatedAt: 'desc' },
          select: { indicatorId: true, periodId: true, value: true },
        });
  const valueOf = (indicatorId: string, periodId: string): string | null =>
    reports.find((r) => r.indicatorId === indicatorId && r.periodId === periodId)?.value ?? null;
  const values = (rows: Row[], periodId: string): string[] =>
    rows.flatMap((r) => {
      const v = valueOf(r.id, periodId);
      return v === null ? [] : [v];
    });
  for (const ref of refs) {
    const me = own.find((i) => i.id === ref.indicatorId);
    if (!me) continue;
    const parent = family.find((f) => f.id === me.parentId && additive(f, me));
    const siblings = parent
      ? family.filter((f) => f.parentId === parent.id && f.id !== me.id && additive(f, me))
      : [];
    const children = family.filter((f) => f.parentId === me.id && additive(f, me));
    const member = (role: 'total' | 'sibling' | 'child') => (f: Row) => ({
      role,
      indicatorId: f.id,
      value: valueOf(f.id, ref.periodId),
    });
    out.set(partsKey(ref), {
      total: parent ? valueOf(parent.id, ref.periodId) : null,
      siblings: values(siblings, ref.periodId),
      children: values(children, ref.periodId),
      members: [
        ...(parent ? [member('total')(parent)] : []),
        ...siblings.map(member('sibling')),
        ...children.map(member('child')),
      ],
    });
  }
  return out;
}

export function partsKey(ref: Ref): string {
  return `${ref.indicatorId}|${ref.periodId}`;
}

/**
 * Everything the plausibility questions read about one answer (the command line's `report add`):
 * targets, the previous period's value (the newest answer, by anyone), the "Trong đó" around it.
 */
export async function answerContext(
  db: Tx,
  indicator: { id: string; unit: string; measure: string },
  period: { id: string; campaignId: string; position: number },
): Promise<AnswerContext> {
  const [targets, previousPeriod, parts] = await Promise.all([
    db.target.findMany({ where: { indicatorId: indicator.id }, orderBy: { position: 'asc' } }),
    db.period.findFirst({ where: { campaignId: period.campaignId, position: period.position - 1 } }),
    partsContexts(db, [{ indicatorId: indicator.id, periodId: period.id }]),
  ]);
  const previous = previousPeriod
    ? await db.report.findFirst({
        where: { indicatorId: indicator.id, periodId: previousPeriod.id },
        orderBy: { updatedAt: 'desc' },
      })
    : null;
  return {
    measure: indicator.measure as Measure,
    unit: indicator.unit,
    targets: targets.map((t) => ({ comparator: t.comparator as Comparator, value: t.value })),
    previous: previous?.value ?? null,
    parts: parts.get(partsKey({ indicatorId: indicator.id, periodId: period.id })),
  };
}
