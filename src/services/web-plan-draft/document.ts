import { parseDocument } from 'yaml';
import { formatViNumber } from '../../domain/numbers/index.js';
import type { Comparator, Measure } from '../../domain/plan/plan.js';
import { MEASURES, COMMUNE_ROLES } from '../../domain/plan/raw-schema.js';

/**
 * A plan draft as the web's review page edits it: the plan file's content, flat (one row per
 * indicator, a child naming its parent), each target split into source, comparator and value, and
 * beside each indicator where in the document it came from. Stored as JSON in `PlanDraft.content`;
 * turned back into the plan file (./plan-file.ts) for the check and the import.
 */

export const COMPARATORS: readonly Comparator[] = ['>=', '<=', '='];

export interface DraftTarget {
  /** "" for the single target of an indicator */
  source: string;
  comparator: Comparator;
  /** as typed, the Vietnamese way ("11.807", "0,32 %") */
  value: string;
}

export interface DraftOrigin {
  /** 1-based line of the document's text */
  line: number;
  /** the document's sentence the indicator was read from */
  text: string;
  /** the extractor was unsure: the reviewer must look */
  review: boolean;
  /** why to look twice (ExtractionFlag codes: `plan:draft.flag.<code>`) */
  flags?: string[];
  /** the assignee the extractor proposed (a unit's or an official's code) */
  proposed?: string;
}

export interface DraftRow {
  code: string;
  name: string;
  /** "" inherits the parent's (a child), or is missing */
  category: string;
  unit: string;
  measure: Measure | '';
  targets: DraftTarget[];
  /** the parent's code ("Trong đó"), "" at the top */
  parent: string;
  assignees: string[];
  note?: string;
  origin?: DraftOrigin;
}

export interface DraftOfficial {
  code: string;
  name: string;
  title: string;
  role: (typeof COMMUNE_ROLES)[number];
  /** a unit's code, or "" */
  unit: string;
}

export interface DraftDocument {
  organization: { code: string; name: string };
  campaign: {
    code: string;
    title: string;
    kind: 'annual' | 'sprint';
    start: string;
    end: string;
    /** what the page does not edit (year, periods, checkpoints, deadline), kept as the file had it */
    rest: Record<string, unknown>;
  };
  units: { code: string; name: string }[];
  officials: DraftOfficial[];
  indicators: DraftRow[];
}

type Loose = Record<string, unknown>;

const asObject = (value: unknown): Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : {};
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asText = (value: unknown): string =>
  typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';

export function isMeasure(value: string): value is Measure {
  return (MEASURES as readonly string[]).includes(value);
}

export function isRole(value: string): value is DraftOfficial['role'] {
  return (COMMUNE_ROLES as readonly string[]).includes(value);
}

const OPERATOR = /^(>=|≥|<=|≤|=)?\s*(.*)$/su;
const COMPARATOR_OF: Record<string, Comparator> = { '>=': '>=', '≥': '>=', '<=': '<=', '≤': '<=', '=': '=' };

/** A target as the plan file writes it ("<= 0,32 %", 663, true) split for the page. */
export function splitTarget(value: unknown, source: string): DraftTarget | null {
  if (value === true) return { source, comparator: '=', value: 'đạt' };
  if (typeof value === 'number' && Number.isFinite(value))
    return { source, comparator: '>=', value: formatViNumber(String(value)) };
  if (typeof value !== 'string' || value.trim() === '') return null;
  const match = OPERATOR.exec(value.trim());
  return { source, comparator: COMPARATOR_OF[match?.[1] ?? '>='] ?? '>=', value: (match?.[2] ?? '').trim() };
}

function targetsOf(raw: Loose): DraftTarget[] {
  if (raw.targets !== undefined)
    return asList(raw.targets).flatMap((item) => {
      const target = splitTarget(asObject(item).target, asText(asObject(item).source));
      return target ? [target] : [];
    });
  const single = splitTarget(raw.target, '');
  return single ? [single] : [];
}

function rowsOf(items: unknown[], parent: string, origins: ReadonlyMap<string, DraftOrigin>): DraftRow[] {
  return items.flatMap((item) => {
    const raw = asObject(item);
    const code = asText(raw.code);
    const measure = asText(raw.measure);
    const origin = origins.get(code);
    const row: DraftRow = {
      code,
      name: asText(raw.name),
      category: asText(raw.category),
      unit: asText(raw.unit),
      measure: isMeasure(measure) ? measure : '',
      targets: targetsOf(raw),
      parent,
      assignees: asList(raw.assignees)
        .map(asText)
        .filter((a) => a !== ''),
      ...(typeof raw.note === 'string' ? { note: raw.note } : {}),
      ...(origin ? { origin } : {}),
    };
    return [row, ...rowsOf(asList(raw.children), code, origins)];
  });
}

/**
 * A plan file (the extracted draft, or one an administrator edited and sent back) as the page's
 * document, read loosely: whatever is missing or malformed becomes an empty field the check will name.
 */
export function documentFromPlanYaml(
  yaml: string,
  organization: { code: string; name: string },
  origins: ReadonlyMap<string, DraftOrigin> = new Map(),
): DraftDocument {
  let data: unknown;
  try {
    data = parseDocument(yaml).toJS({ maxAliasCount: 50 });
  } catch {
    data = null;
  }
  const plan = asObject(data);
  const { code, title, kind, start, end, ...rest } = asObject(plan.campaign);
  return {
    organization,
    campaign: {
      code: asText(code),
      title: asText(title),
      kind: kind === 'sprint' ? 'sprint' : 'annual',
      start: asText(start),
      end: asText(end),
      rest,
    },
    units: asList(plan.units).map((u) => ({
      code: asText(asObject(u).code),
      name: asText(asObject(u).name),
    })),
    officials: asList(plan.officials).map((item) => {
      const o = asObject(item);
      const role = asText(o.role);
      return {
        code: asText(o.code),
        name: asText(o.name),
        title: asText(o.title),
        role: isRole(role) ? role : 'officer',
        unit: asText(o.unit),
      };
    }),
    indicators: rowsOf(asList(plan.indicators), '', origins),
  };
}

/** The stored JSON back as a document; null when it is not one (a bug, never the user's input). */
export function parseDraftDocument(content: string): DraftDocument | null {
  try {
    const value = JSON.parse(content) as unknown;
    const doc = asObject(value);
    return Array.isArray(doc.indicators) && typeof doc.campaign === 'object'
      ? (value as DraftDocument)
      : null;
  } catch {
    return null;
  }
}
