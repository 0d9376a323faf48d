import { readFileSync } from 'node:fs';
import { instantAt } from '../../src/domain/calendar/index.js';
import type { Plan } from '../../src/domain/plan/plan.js';
import { parsePlanText } from '../../src/services/plan-file.js';
import { importPlan, type ImportSummary } from '../../src/services/plan-import.js';
import type { Db } from '../../src/store/database.js';

export const DEMO_PLAN_FILE = 'examples/plans/demo.yaml';
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** A plan file of the repository, checked: a fixture that does not pass the plan check fails the test. */
export function loadPlan(file: string = DEMO_PLAN_FILE): Plan {
  const result = parsePlanText(readFileSync(file, 'utf8'));
  if (!result.ok) throw new Error(`${file} does not pass the plan check: ${JSON.stringify(result.problems)}`);
  return result.plan;
}

/**
 * Imports a plan file of the repository (the demo by default) into a test database. The import's
 * moment is fixed, by default the plan's first day: who owes which period follows from it
 * (domain/indicators/owed.ts), so a test must not depend on the day it runs.
 */
export function importPlanFile(
  db: Db,
  file: string = DEMO_PLAN_FILE,
  timeZone: string = TIME_ZONE,
  now?: Date,
): Promise<ImportSummary> {
  const plan = loadPlan(file);
  return importPlan(db, plan, { timeZone, now: now ?? planFirstDay(plan, timeZone) });
}

/** 00:00 local on the plan's first day: a plan imported before it starts owes every period. */
export function planFirstDay(plan: Plan, timeZone: string = TIME_ZONE): Date {
  return instantAt(plan.campaign.schedule.start, '00:00', timeZone);
}
