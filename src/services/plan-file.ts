import { readFile, stat } from 'node:fs/promises';
import {
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
} from 'yaml';
import type { PathSegment, Plan, PlanProblem, ProvincePlan } from '../domain/plan/plan.js';
import { normalizePlan } from '../domain/plan/normalize.js';
import { normalizeProvince } from '../domain/plan/province.js';
import { isProvinceDocument } from '../domain/plan/raw-schema.js';
import { loadCatalog } from './catalog.js';
import {
  aliasProblem,
  countProblem,
  MAX_PLAN_ALIASES,
  sizeProblem,
  type LocatedProblem,
} from './plan-file-limits.js';

export type { LocatedProblem } from './plan-file-limits.js';

export type PlanFileResult =
  | { ok: true; plan: Plan; warnings: LocatedProblem[] }
  | { ok: false; problems: LocatedProblem[]; warnings: LocatedProblem[] };

/** A commune's plan file or a province's file (`organization.level: province`), as `plan import` takes. */
export type OrganizationFileResult =
  PlanFileResult | { ok: true; province: ProvincePlan; warnings: LocatedProblem[] };

/**
 * YAML reads an unquoted 11.807 as eleven point eight, while a Vietnamese office means eleven
 * thousand eight hundred and seven. Such a number is refused: the author must quote it ("11.807",
 * read the Vietnamese way) or write 11807.
 */
function ambiguousNumbers(doc: Document, lines: LineCounter): LocatedProblem[] {
  const found: LocatedProblem[] = [];
  visit(doc, {
    Scalar(_key, node, path) {
      if (node.type !== 'PLAIN' || typeof node.value !== 'number' || !node.source) return;
      if (!/^[+-]?\d{1,3}(\.\d{3})+$/.test(node.source)) return;
      const keys = path.flatMap((ancestor, i): PathSegment[] => {
        const next = path[i + 1] ?? node;
        // A sequence gives the item's index; a map gives nothing (its pair, next, gives the key).
        if (isSeq(ancestor)) {
          const index = ancestor.items.indexOf(next);
          if (index >= 0) return [index];
        }
        if (isPair(ancestor) && isScalar(ancestor.key)) return [String(ancestor.key.value)];
        return [];
      });
      found.push({
        path: keys,
        key: 'plan:error.ambiguous_number',
        params: { value: node.source },
        line: node.range ? lines.linePos(node.range[0]).line : undefined,
      });
    },
  });
  return found;
}

function locate(doc: Document, lines: LineCounter, problems: PlanProblem[]): LocatedProblem[] {
  return problems.map((problem) => {
    // The deepest node that exists: an unknown key or a missing field points at its parent.
    for (let depth = problem.path.length; depth >= 0; depth--) {
      // A key's own line ("targets:"), not its value's: a block list or map starts on the next line.
      const segment = problem.path[depth - 1];
      const parent = depth > 0 ? doc.getIn(problem.path.slice(0, depth - 1), true) : undefined;
      if (typeof segment === 'string' && isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
        if (isScalar(pair?.key) && pair.key.range)
          return { ...problem, line: lines.linePos(pair.key.range[0]).line };
      }
      const node = doc.getIn(problem.path.slice(0, depth), true);
      if (isNode(node) && node.range) return { ...problem, line: lines.linePos(node.range[0]).line };
    }
    return problem;
  });
}

const refused = (problem: LocatedProblem): PlanFileResult => ({
  ok: false,
  problems: [problem],
  warnings: [],
});

/** The plan as data; an alias bomb (a few lines that expand to millions of nodes) is the file's problem. */
function toData(
  doc: Document,
  lines: LineCounter,
): { ok: true; data: unknown } | { ok: false; problem: LocatedProblem } {
  try {
    return { ok: true, data: doc.toJS({ maxAliasCount: MAX_PLAN_ALIASES }) };
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message))
      return { ok: false, problem: aliasProblem(doc, lines) };
    throw error;
  }
}

type Checked =
  | { ok: true; plan?: Plan; province?: ProvincePlan; warnings: PlanProblem[] }
  | { ok: false; problems: PlanProblem[]; warnings: PlanProblem[] };

/** The YAML read and located, then given meaning by `normalize`; problems carry their line. */
function parseWith(text: string, normalize: (data: unknown) => Checked): OrganizationFileResult {
  const tooLarge = sizeProblem(Buffer.byteLength(text, 'utf8'));
  if (tooLarge) return refused(tooLarge);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      warnings: [],
      problems: doc.errors.map((error) => ({
        path: [],
        key: 'plan:error.yaml',
        params: { detail: error.message.split('\n')[0] ?? error.code },
        line: lines.linePos(error.pos[0]).line,
      })),
    };
  }
  const tooMany = countProblem(doc, lines);
  if (tooMany) return refused(tooMany);
  const data = toData(doc, lines);
  if (!data.ok) return refused(data.problem);
  const ambiguous = ambiguousNumbers(doc, lines);
  const result = normalize(data.data);
  const warnings = locate(doc, lines, result.warnings);
  if (!result.ok || ambiguous.length > 0) {
    const problems = [...ambiguous, ...locate(doc, lines, result.ok ? [] : result.problems)];
    return { ok: false, problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)), warnings };
  }
  if (result.province) return { ok: true, province: result.province, warnings };
  if (!result.plan) throw new Error('a checked file is a plan or a province');
  return { ok: true, plan: result.plan, warnings };
}

function checkPlan(data: unknown): Checked {
  return normalizePlan(data, { catalog: loadCatalog() });
}

/**
 * A commune's plan. A province's file is refused here with its own message: the chat and the web
 * import a commune's plan into the sender's commune; a province is set up with `plan import`.
 */
export function parsePlanText(text: string): PlanFileResult {
  const result = parseWith(text, (data) =>
    isProvinceDocument(data)
      ? {
          ok: false,
          problems: [{ path: ['organization', 'level'], key: 'plan:error.province_file' }],
          warnings: [],
        }
      : checkPlan(data),
  );
  if (result.ok && 'province' in result) throw new Error('a province file passed as a plan');
  return result;
}

/** A commune's plan or a province's file, told apart by `organization.level`. */
export function parseOrganizationText(text: string): OrganizationFileResult {
  return parseWith(text, (data) => {
    if (!isProvinceDocument(data)) return checkPlan(data);
    const result = normalizeProvince(data);
    return result.ok ? { ok: true, province: result.province, warnings: result.warnings } : result;
  });
}

async function readPlanFile(path: string): Promise<{ ok: true; text: string } | PlanFileResult> {
  try {
    // a file too large is refused before it is read
    const tooLarge = sizeProblem((await stat(path)).size);
    if (tooLarge) return refused(tooLarge);
    return { ok: true, text: await readFile(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    return {
      ok: false,
      warnings: [],
      problems: [{ path: [], key: 'plan:error.unreadable', params: { file: path, code } }],
    };
  }
}

export async function loadOrganizationFile(path: string): Promise<OrganizationFileResult> {
  const read = await readPlanFile(path);
  return 'text' in read ? parseOrganizationText(read.text) : read;
}

export async function loadPlanFile(path: string): Promise<PlanFileResult> {
  const read = await readPlanFile(path);
  return 'text' in read ? parsePlanText(read.text) : read;
}
