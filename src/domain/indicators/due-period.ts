export interface SchedulePeriod {
  id: string;
  startDate: string;
  deadlineAt: Date;
}

/**
 * Which period an official reports now, in one campaign: the previous period while it still lacks
 * some of their answers (late is still wanted), else the period being collected. Null when the
 * campaign has not started or is over with nothing missing.
 */
export function periodToReport<P extends SchedulePeriod>(
  periods: P[],
  now: Date,
  today: string,
  missingIn: (period: P) => boolean,
): P | null {
  const sorted = [...periods].sort((a, b) => a.deadlineAt.getTime() - b.deadlineAt.getTime());
  const open = sorted.find((p) => p.deadlineAt >= now) ?? null;
  const past = sorted.filter((p) => p.deadlineAt < now);
  const previous = past.at(-1) ?? null;
  if (previous && missingIn(previous)) return previous;
  if (open && open.startDate <= today) return open;
  return null;
}
