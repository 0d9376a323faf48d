import { readFileSync } from 'node:fs';
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

/** Imports a plan file of the repository (the demo by default) into a test database. */
export function importPlanFile(
  db: Db,
  file: string = DEMO_PLAN_FILE,
  timeZone: string = TIME_ZONE,
): Promise<ImportSummary> {
  return importPlan(db, loadPlan(file), { timeZone });
}
