import {
  isAlias,
  isCollection,
  isScalar,
  isSeq,
  visit,
  type Document,
  type LineCounter,
  type Node,
} from 'yaml';
import type { PlanProblem } from '../domain/plan/plan.js';

/** A problem of a plan file, with its place in the file. */
export interface LocatedProblem extends PlanProblem {
  /** 1-based line in the file, when the place could be found */
  line?: number;
}

/**
 * How big a plan file may be. A commune's plan has tens of indicators, a large district's a few
 * hundred; 20,000 indicators (issue 14) held SQLite's write lock for 61 s and 100,000 took 2.6 GB.
 */
export const MAX_PLAN_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_PLAN_INDICATORS = 2_000;
/** aliases a plan may expand; a plan file has no use for them, a "billion laughs" file has millions */
export const MAX_PLAN_ALIASES = 50;

const megabytes = (bytes: number) =>
  (Math.round((bytes / 1024 / 1024) * 10) / 10).toString().replace('.', ',');

/** Before any parsing: the file's size. */
export function sizeProblem(bytes: number): LocatedProblem | null {
  if (bytes <= MAX_PLAN_FILE_BYTES) return null;
  return {
    path: [],
    key: 'plan:error.file_too_large',
    params: { size: megabytes(bytes), limit: megabytes(MAX_PLAN_FILE_BYTES) },
  };
}

/** After parsing, before the plan is built: the number of indicators, at the line of `indicators:`. */
export function countProblem(doc: Document, lines: LineCounter): LocatedProblem | null {
  const indicators = doc.get('indicators', true);
  if (!isSeq(indicators) || indicators.items.length <= MAX_PLAN_INDICATORS) return null;
  return {
    path: ['indicators'],
    key: 'plan:error.too_many_indicators',
    params: { count: indicators.items.length, limit: MAX_PLAN_INDICATORS },
    ...(indicators.range ? { line: lines.linePos(indicators.range[0]).line } : {}),
  };
}

function holdsAlias(node: Node): boolean {
  let found = false;
  visit(node, {
    Alias() {
      found = true;
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * Where an alias bomb starts: the first alias to a collection that itself holds aliases (each level
 * multiplies the one below), or else the first alias.
 */
export function aliasProblem(doc: Document, lines: LineCounter): LocatedProblem {
  const anchors = new Map<string, Node>();
  const found: { first?: Node; nested?: Node } = {};
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        found.first ??= node;
        const target = anchors.get(node.source);
        if (target && isCollection(target) && holdsAlias(target)) {
          found.nested = node;
          return visit.BREAK;
        }
      } else if ((isCollection(node) || isScalar(node)) && node.anchor) anchors.set(node.anchor, node);
      return undefined;
    },
  });
  const at = found.nested ?? found.first;
  const line = at?.range ? lines.linePos(at.range[0]).line : undefined;
  return {
    path: [],
    key: 'plan:error.aliases',
    params: { limit: MAX_PLAN_ALIASES },
    ...(line === undefined ? {} : { line }),
  };
}
