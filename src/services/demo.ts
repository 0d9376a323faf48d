import { fileURLToPath } from 'node:url';
import type { Plan } from '../domain/plan/plan.js';
import type { Db } from '../store/database.js';
import { loadPlanFile } from './plan-file.js';
import { importPlan, type ImportSummary } from './plan-import.js';

export const DEMO_PLAN = fileURLToPath(new URL('../../examples/plans/demo.yaml', import.meta.url));

function shiftYear(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years;
  const rest =
    date.slice(4) === '-02-29' && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))
      ? '-02-28'
      : date.slice(4);
  return `${year}${rest}`;
}

/** The demo plan is moved to the current year, so that there is always an open period to report. */
export function rebaseToYear(plan: Plan, year: number): Plan {
  const years = year - plan.campaign.year;
  if (years === 0) return plan;
  const { schedule } = plan.campaign;
  return {
    ...plan,
    campaign: {
      ...plan.campaign,
      year,
      title: plan.campaign.title.replaceAll(String(plan.campaign.year), String(year)),
      schedule: {
        ...schedule,
        start: shiftYear(schedule.start, years),
        end: shiftYear(schedule.end, years),
        ...(schedule.checkpoints
          ? { checkpoints: schedule.checkpoints.map((d) => shiftYear(d, years)) }
          : {}),
      },
    },
  };
}

/** Imports the demo plan when the database has no organization yet; null when it had one. */
export async function loadDemoIfEmpty(
  db: Db,
  options: { timeZone: string; year: number; force?: boolean },
): Promise<ImportSummary | null> {
  if (!options.force && (await db.organization.count()) > 0) return null;
  const result = await loadPlanFile(DEMO_PLAN);
  if (!result.ok) throw new Error(`the demo plan is invalid: ${JSON.stringify(result.problems)}`);
  return importPlan(db, rebaseToYear(result.plan, options.year), { timeZone: options.timeZone });
}
