import { randomUUID } from 'node:crypto';
import type { ProvincePlan } from '../domain/plan/plan.js';
import type { Db, Tx } from '../store/database.js';
import { UserError } from './errors.js';
import type { ChangeKind, Entity } from './plan-import.js';

export interface ProvinceImportSummary {
  organizationCode: string;
  changes: Record<ChangeKind, Partial<Record<Entity, number>>>;
  unchanged: boolean;
}

function count(summary: ProvinceImportSummary, kind: ChangeKind, entity: Entity, n = 1): void {
  if (n > 0) summary.changes[kind][entity] = (summary.changes[kind][entity] ?? 0) + n;
}

async function syncProvince(tx: Tx, province: ProvincePlan, summary: ProvinceImportSummary): Promise<string> {
  const { code, name } = province.organization;
  const existing = await tx.organization.findUnique({
    where: { code },
    select: { id: true, name: true, level: true },
  });
  if (existing && existing.level !== 'province') throw new UserError('plan:import.is_commune', { code });
  if (!existing) {
    const id = randomUUID();
    await tx.organization.create({ data: { id, code, name, level: 'province' } });
    count(summary, 'created', 'organization');
    return id;
  }
  if (existing.name !== name) {
    await tx.organization.update({ where: { id: existing.id }, data: { name } });
    count(summary, 'updated', 'organization');
  }
  return existing.id;
}

/** The province's users: created, updated, and deactivated (never deleted) when they leave the file. */
async function syncProvinceOfficials(
  tx: Tx,
  organizationId: string,
  province: ProvincePlan,
  summary: ProvinceImportSummary,
): Promise<void> {
  const existing = await tx.official.findMany({ where: { organizationId } });
  const byCode = new Map(existing.map((o) => [o.code, o]));
  for (const official of province.officials) {
    const wanted = { name: official.name, title: official.title, role: official.role, active: true };
    const current = byCode.get(official.code);
    if (!current) {
      await tx.official.create({ data: { organizationId, code: official.code, ...wanted } });
      count(summary, 'created', 'officials');
    } else if (
      current.name !== wanted.name ||
      current.title !== wanted.title ||
      current.role !== wanted.role ||
      !current.active
    ) {
      await tx.official.update({ where: { id: current.id }, data: wanted });
      count(summary, 'updated', 'officials');
    }
  }
  const listed = new Set(province.officials.map((o) => o.code));
  const gone = existing.filter((o) => o.active && !listed.has(o.code)).map((o) => o.id);
  if (gone.length > 0) {
    await tx.official.updateMany({ where: { id: { in: gone } }, data: { active: false } });
    count(summary, 'archived', 'officials', gone.length);
  }
}

class DryRun extends Error {}

/**
 * Stores a province's file (the organization, `level: province`, and its users) in one transaction:
 * idempotent, matched by code like a commune's plan. A dry run rolls the same writes back.
 */
export async function importProvince(
  db: Db,
  province: ProvincePlan,
  options: { dryRun?: boolean } = {},
): Promise<ProvinceImportSummary> {
  const summary: ProvinceImportSummary = {
    organizationCode: province.organization.code,
    changes: { created: {}, updated: {}, removed: {}, archived: {} },
    unchanged: true,
  };
  try {
    await db.$transaction(async (tx) => {
      const id = await syncProvince(tx, province, summary);
      await syncProvinceOfficials(tx, id, province, summary);
      if (options.dryRun) throw new DryRun();
    });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  summary.unchanged = Object.values(summary.changes).every((byEntity) => Object.keys(byEntity).length === 0);
  return summary;
}
