import type { CampaignSchedule } from '../domain/calendar/index.js';

interface CampaignRow {
  kind: string;
  startDate: string;
  endDate: string;
  periodScheme: string;
  checkpoints: string;
  deadlineTime: string;
  deadlineDaysAfterCutoff: number;
  deadlineShift: string;
}

/** The stored campaign's schedule; the vocabularies were checked when the plan was imported. */
export function scheduleOf(campaign: CampaignRow): CampaignSchedule {
  return {
    kind: campaign.kind as CampaignSchedule['kind'],
    start: campaign.startDate,
    end: campaign.endDate,
    scheme: campaign.periodScheme as CampaignSchedule['scheme'],
    ...(campaign.checkpoints ? { checkpoints: campaign.checkpoints.split(',') } : {}),
    deadline: {
      time: campaign.deadlineTime,
      daysAfterCutoff: campaign.deadlineDaysAfterCutoff,
      shift: campaign.deadlineShift as CampaignSchedule['deadline']['shift'],
    },
  };
}
