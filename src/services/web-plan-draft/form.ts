import {
  COMPARATORS,
  isMeasure,
  isRole,
  type DraftDocument,
  type DraftOfficial,
  type DraftRow,
  type DraftTarget,
} from './document.js';

/**
 * The review page's form read back into the draft's document. Its fields: `c_title`, `c_code`,
 * `c_kind`, `c_start`, `c_end` (the plan); `u<n>_code|name` (units); `o<n>_code|name|title|role|unit`
 * (officials); per indicator row `r<n>_code|name|cat|unit|measure|parent|del`, `r<n>_as` (assignees,
 * repeated) and `r<n>_t<k>_src|cmp|val` (targets). Rows n below the stored count are the stored rows
 * (what the page does not show, the note and the document's line, is kept from them); a row past them
 * is new, and a blank one is no row.
 */

export type FormBody = Record<string, string | string[] | undefined>;

/** How many rows, targets and people a page may post: well above a 50-indicator plan. */
export const FORM_LIMITS = { rows: 400, targets: 8, people: 300 } as const;

const text = (body: FormBody, name: string, max = 500): string => {
  const value = body[name];
  const first = Array.isArray(value) ? value[0] : value;
  return (first ?? '').replace(/\s+/g, ' ').trim().slice(0, max);
};

const list = (body: FormBody, name: string): string[] => {
  const value = body[name];
  const all = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return [...new Set(all.map((v) => v.trim()).filter((v) => v !== ''))].slice(0, 50);
};

function targetsOf(body: FormBody, n: number): DraftTarget[] {
  const targets: DraftTarget[] = [];
  for (let k = 0; k < FORM_LIMITS.targets; k++) {
    const prefix = `r${n}_t${k}_`;
    if (body[`${prefix}val`] === undefined) break;
    const value = text(body, `${prefix}val`, 80);
    if (value === '') continue;
    const comparator = COMPARATORS.find((c) => c === text(body, `${prefix}cmp`)) ?? '>=';
    targets.push({ source: text(body, `${prefix}src`, 120), comparator, value });
  }
  return targets;
}

function rowOf(body: FormBody, n: number, stored: DraftRow | undefined): DraftRow | null {
  if (text(body, `r${n}_del`) === '1') return null;
  const measure = text(body, `r${n}_measure`);
  const row: DraftRow = {
    code: text(body, `r${n}_code`, 40),
    name: text(body, `r${n}_name`, 300),
    category: text(body, `r${n}_cat`, 120),
    unit: text(body, `r${n}_unit`, 40),
    measure: isMeasure(measure) ? measure : '',
    targets: targetsOf(body, n),
    parent: text(body, `r${n}_parent`, 40),
    assignees: list(body, `r${n}_as`),
    ...(stored?.note !== undefined ? { note: stored.note } : {}),
    ...(stored?.origin ? { origin: stored.origin } : {}),
  };
  const blank = !stored && row.code === '' && row.name === '' && row.targets.length === 0;
  return blank ? null : row;
}

function officialOf(body: FormBody, n: number): DraftOfficial | null {
  const role = text(body, `o${n}_role`);
  const official: DraftOfficial = {
    code: text(body, `o${n}_code`, 40),
    name: text(body, `o${n}_name`, 200),
    title: text(body, `o${n}_title`, 200),
    role: isRole(role) ? role : 'officer',
    unit: text(body, `o${n}_unit`, 40),
  };
  return official.code === '' && official.name === '' ? null : official;
}

/**
 * Whether the post carries every stored row and person: one cut short (a lost connection, a hand-made
 * request) would otherwise delete what it lacks.
 */
export function formIsWhole(body: FormBody, stored: DraftDocument): boolean {
  const has = (name: string) => body[name] !== undefined;
  return (
    stored.indicators.every((_row, n) => has(`r${n}_name`)) &&
    stored.units.every((_unit, n) => has(`u${n}_code`)) &&
    stored.officials.every((_official, n) => has(`o${n}_code`)) &&
    has('c_title')
  );
}

/** The document the page posted, on top of the stored one it was made from. */
export function documentFromForm(body: FormBody, stored: DraftDocument): DraftDocument {
  const units: DraftDocument['units'] = [];
  const officials: DraftOfficial[] = [];
  for (let n = 0; n < FORM_LIMITS.people && body[`u${n}_code`] !== undefined; n++) {
    const unit = { code: text(body, `u${n}_code`, 40), name: text(body, `u${n}_name`, 200) };
    if (unit.code !== '' || unit.name !== '') units.push(unit);
  }
  for (let n = 0; n < FORM_LIMITS.people && body[`o${n}_code`] !== undefined; n++) {
    const official = officialOf(body, n);
    if (official) officials.push(official);
  }
  const indicators: DraftRow[] = [];
  for (let n = 0; n < FORM_LIMITS.rows && body[`r${n}_name`] !== undefined; n++) {
    const row = rowOf(body, n, stored.indicators[n]);
    if (row) indicators.push(row);
  }
  const kind = text(body, 'c_kind');
  return {
    organization: stored.organization,
    campaign: {
      code: text(body, 'c_code', 40),
      title: text(body, 'c_title', 500),
      kind: kind === 'sprint' ? 'sprint' : 'annual',
      start: text(body, 'c_start', 10),
      end: text(body, 'c_end', 10),
      rest: stored.campaign.rest,
    },
    units,
    officials,
    indicators,
  };
}

/** What changed between two versions, for a page refused as stale: the rows' names and the sections. */
export function changedBetween(mine: DraftDocument, theirs: DraftDocument): string[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const changed: string[] = [];
  if (!same(mine.campaign, theirs.campaign)) changed.push(theirs.campaign.title || theirs.campaign.code);
  const mineByCode = new Map(mine.indicators.map((row) => [row.code, row]));
  for (const row of theirs.indicators) {
    const { origin: _origin, ...theirRow } = row;
    const minerow = mineByCode.get(row.code);
    const { origin: _o, ...myRow } = minerow ?? { origin: undefined };
    if (!minerow || !same(myRow, theirRow)) changed.push(`${row.code} ${row.name}`.trim());
  }
  const theirCodes = new Set(theirs.indicators.map((row) => row.code));
  for (const row of mine.indicators)
    if (!theirCodes.has(row.code)) changed.push(`${row.code} ${row.name}`.trim());
  return changed;
}
