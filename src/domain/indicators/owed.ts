/**
 * Which periods an official owes figures for (issue 13): a plan imported in July does not make its
 * officials late for the first half-year, and an official given an indicator in September is not late
 * for the quarters before. Pure: the chat, the web form, `/tiendo`, the Excel and the reminders all ask
 * the same question here.
 *
 * - An assignment made with the plan's first import owes from the plan's `reporting_start` when the plan
 *   gives one (earlier than the import: the commune wants the missed quarters), else from the import.
 * - An assignment made by a later import owes from that import, and never before `reporting_start`.
 * - An assignment older than the date column (null) owes from `reporting_start`, or from the start.
 * - A period still open (its deadline not passed at `at`) is owed whatever the dates: it can be reported.
 */

export interface OwedCampaign {
  /** the first import's moment */
  createdAt: Date;
  /** the plan's `reporting_start` as an instant (00:00 local), null when the plan gives none */
  reportingStart: Date | null;
}

/** The instant from which an assignment owes figures; null: from the plan's start. */
export function owedSince(assignedAt: Date | null, campaign: OwedCampaign): Date | null {
  const start = campaign.reportingStart;
  if (assignedAt === null) return start;
  const withFirstImport = assignedAt.getTime() <= campaign.createdAt.getTime();
  if (withFirstImport) return start ?? assignedAt;
  return start !== null && start.getTime() > assignedAt.getTime() ? start : assignedAt;
}

/**
 * Whether an assignment owing since `since` owes the figures of a period: its deadline came after
 * the assignment, or it has not passed yet at `at`.
 */
export function owes(since: Date | null, period: { deadlineAt: Date }, at: Date): boolean {
  if (since === null) return true;
  const deadline = period.deadlineAt.getTime();
  return deadline >= since.getTime() || deadline >= at.getTime();
}
