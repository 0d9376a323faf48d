import type { DialogRepository } from '../../dialog/ports.js';
import { localDateOf } from '../../domain/calendar/index.js';
import type { Tx } from '../../store/database.js';
import { catalogLines, provinceLines } from '../../reports/province-view.js';
import { loadCatalog } from '../catalog.js';
import { importReviewedPlan } from '../plan-review.js';
import { catalogAcross, provinceProgress } from '../province.js';
import { evaluateCampaign, type ProgressReportData } from '../progress.js';
import { officialRanking } from '../ranking.js';
import { upcomingReminders } from '../reminders.js';

export type OfficeHours = { start: string; end: string };

/** What the dialog reads of the plans and their reminders, and the plan a chat imports. */
export function planRepository(
  tx: Tx,
  timeZone: string,
  officeHours: OfficeHours | undefined,
): Pick<
  DialogRepository,
  | 'upcomingReminders'
  | 'pauseReminders'
  | 'remindersPausedUntil'
  | 'progress'
  | 'provinceView'
  | 'ranking'
  | 'importPlan'
> {
  return {
    upcomingReminders: (officialId, now) => upcomingReminders(tx, officialId, now, timeZone, officeHours),

    async pauseReminders(officialId, until) {
      await tx.official.update({ where: { id: officialId }, data: { remindersPausedUntil: until } });
    },

    async remindersPausedUntil(officialId) {
      return (
        await tx.official.findUniqueOrThrow({
          where: { id: officialId },
          select: { remindersPausedUntil: true },
        })
      ).remindersPausedUntil;
    },

    async progress(officialId, now) {
      // The official's organization and its plans in one go: two queries instead of three.
      const { campaigns, ...organization } = await tx.organization.findFirstOrThrow({
        where: { officials: { some: { id: officialId } } },
        select: {
          id: true,
          code: true,
          name: true,
          campaigns: {
            orderBy: { startDate: 'desc' },
            select: {
              id: true,
              code: true,
              title: true,
              kind: true,
              startDate: true,
              endDate: true,
              createdAt: true,
              reportingStart: true,
            },
          },
        },
      });
      const today = localDateOf(now, timeZone);
      const running = campaigns.filter((c) => c.startDate <= today && today <= c.endDate);
      const shown = running.length > 0 ? running : campaigns.slice(0, 1);
      const results: ProgressReportData[] = [];
      for (const campaign of shown)
        results.push(await evaluateCampaign(tx, organization, campaign, now, timeZone));
      return results;
    },

    async provinceView(officialId, now, catalogCode) {
      const { organizationId } = await tx.official.findUniqueOrThrow({
        where: { id: officialId },
        select: { organizationId: true },
      });
      if (catalogCode === null)
        return provinceLines(await provinceProgress(tx, organizationId, { at: now, timeZone }), { timeZone });
      // the chat folds what is typed; the catalogue's codes are upper case
      const code = catalogCode.toUpperCase();
      if (!loadCatalog().has(code))
        return [{ key: 'progress:province.unknown_catalog', params: { code: catalogCode } }];
      return catalogLines(await catalogAcross(tx, organizationId, code, { at: now, timeZone }));
    },
    ranking: (officialId, now) => officialRanking(tx, officialId, now, timeZone),

    importPlan: (officialId, planYaml, now) => importReviewedPlan(tx, officialId, planYaml, now, timeZone),
  };
}
