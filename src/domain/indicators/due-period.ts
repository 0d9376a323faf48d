export interface SchedulePeriod {
  id: string;
  startDate: string;
  deadlineAt: Date;
}

/**
 * How long after its deadline a period an official has not finished is still the one asked for.
 * Later than that the next period's figures (cumulative ones include the missed quarter) matter more;
 * the lateness itself stays visible to the chairman.
 */
export const LATE_GRACE_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * Which period an official reports now, in one campaign: the previous period while it still lacks
 * some of their answers and is less than LATE_GRACE_DAYS overdue, else the period being collected.
 * Null when the campaign has not started, or is over with nothing missing.
 */
export function periodToReport<P extends SchedulePeriod>(
  periods: P[],
  now: Date,
  today: string,
  missingIn: (period: P) => boolean,
): P | null {
  const sorted = [...periods].sort((a, b) => a.deadlineAt.getTime() - b.deadlineAt.getTime());
  const open = sorted.find((p) => p.deadlineAt >= now) ?? null;
  const previous = sorted.filter((p) => p.deadlineAt < now).at(-1) ?? null;
  const recent =
    previous !== null && now.getTime() - previous.deadlineAt.getTime() <= LATE_GRACE_DAYS * DAY_MS;
  if (previous && (recent || open === null) && missingIn(previous)) return previous;
  if (open && open.startDate <= today) return open;
  return null;
}

/**
 * Every period an official can report now and still owes figures for, in deadline order: its data
 * window has started and `missingIn` says some figure is owed (late or not). More than one, and the
 * chat asks which (`/baocao`); one, and it is the one reported.
 */
export function periodsDue<P extends SchedulePeriod>(
  periods: P[],
  today: string,
  missingIn: (period: P) => boolean,
): P[] {
  return [...periods]
    .sort((a, b) => a.deadlineAt.getTime() - b.deadlineAt.getTime())
    .filter((p) => p.startDate <= today && missingIn(p));
}
