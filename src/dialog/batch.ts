import { looksLikeBatch, mergeBatch, parseBatch, type BatchLine } from '../domain/indicators/batch.js';
import { parseAnswer } from '../domain/indicators/answer.js';
import { describeTargets, valueParam } from '../domain/indicators/describe.js';
import { checkAnswer, shareOfTarget, withFigures } from '../domain/indicators/plausibility.js';
import type { Param } from '../domain/message.js';
import type { ReportItem } from './ports.js';
import { choice, echo, line, reply } from './replies.js';
import { IDLE, type BatchProblem, type BatchState, type ItemRef } from './state.js';
import type { Outcome, Turn } from './turn.js';
import type { Line, OutboundMessage } from './types.js';

/**
 * Several figures in one message: `/baocao` lists the indicators due, numbered; the official answers
 * with one line per figure (see domain/indicators/batch.ts), in one message or a few, and confirms them
 * all on one screen. Nothing is stored before that confirmation, and then everything read is stored in
 * the step's one transaction.
 */

/** Names are cut in the list and on the confirmation screen: a phone shows ~40 characters a line. */
const SHORT_NAME = 40;
const CONFIRM_WORDS = new Set(['đúng', 'dung', 'ok', 'đồng ý', 'dong y', 'ghi', 'ghi lại', 'ghi lai', 'yes']);

function officialOf(turn: Turn) {
  if (!turn.official) throw new Error('reporting needs a linked official');
  return turn.official;
}

function lastValue(item: ReportItem): Param {
  if (item.current) return valueParam(item.current.value, item);
  if (item.previous) return valueParam(item.previous.value, item);
  return '—';
}

function targetOf(item: ReportItem): Param {
  return item.measure === 'boolean' || item.targets.length === 0
    ? { key: 'common:boolean.achieved' }
    : describeTargets(item.targets, item.unit);
}

/** The numbered list shown by `/baocao` when several indicators are due, with how to answer it at once. */
export function batchList(due: readonly ReportItem[]): Line[] {
  const lines: Line[] = [line('dialog:batch.list.title', { count: due.length }, 'title')];
  due.forEach((item, i) =>
    lines.push(
      line('dialog:batch.list.item', {
        position: i + 1,
        code: item.code,
        name: echo(item.name, SHORT_NAME),
        unit: item.unit || '—',
        target: targetOf(item),
        last: lastValue(item),
      }),
    ),
  );
  lines.push(line('dialog:batch.list.how', {}, 'muted'));
  lines.push(line('dialog:batch.list.long', {}, 'muted'));
  return lines;
}

async function loadItems(turn: Turn, refs: readonly ItemRef[]): Promise<(ReportItem | null)[]> {
  const official = officialOf(turn).id;
  const items: (ReportItem | null)[] = [];
  for (const ref of refs) items.push(await turn.repo.reportItem(official, ref));
  return items;
}

/** An indicator that left the plan meanwhile still holds its number, so nothing else moves. */
function batchIndicators(items: readonly (ReportItem | null)[]) {
  return items.map((item) => item ?? { code: '', unit: '', measure: 'level' as const });
}

/** Params quoted back to the official: only safely, and short. */
function safeParams(params: Record<string, string | number>): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [name, typeof value === 'string' ? echo(value) : value]),
  );
}

function problemsOf(lines: readonly BatchLine[]): BatchProblem[] {
  return lines.flatMap((l) =>
    l.kind === 'problem'
      ? [{ position: l.position, text: echo(l.text), key: l.key, params: safeParams(l.params) }]
      : [],
  );
}

/** Reads a message into the state: later lines replace earlier answers to the same indicator. */
function absorb(state: BatchState, items: readonly (ReportItem | null)[], text: string): BatchState {
  const parsed = parseBatch(text, batchIndicators(items), state.next);
  const before = new Map(state.values.map((v) => [v.position, v.value]));
  const merged = mergeBatch(before, parsed.lines);
  const touched = new Set(parsed.lines.flatMap((l) => (l.position === null ? [] : [l.position])));
  const problems = [
    ...state.problems.filter((p) => p.position !== null && !touched.has(p.position)),
    ...problemsOf(parsed.lines),
  ];
  return {
    ...state,
    values: [...merged].sort(([a], [b]) => a - b).map(([position, value]) => ({ position, value })),
    problems,
    next: parsed.nextPosition,
  };
}

function valueLines(state: BatchState, items: readonly (ReportItem | null)[]): Line[] {
  const lines: Line[] = [];
  // The batch's own figures, by indicator: its "Trong đó" is checked as it will be stored.
  const figures = new Map(
    state.values.flatMap(({ position, value }) => {
      const item = items[position - 1];
      return item ? [[item.indicatorId, value] as const] : [];
    }),
  );
  for (const { position, value } of state.values) {
    const item = items[position - 1];
    if (!item) continue;
    const share = item.targets.map((t) => shareOfTarget(value, t)).find((s) => s !== null) ?? null;
    const params = {
      position,
      code: item.code,
      name: echo(item.name, SHORT_NAME),
      value: valueParam(value, item),
    };
    lines.push(
      line(share === null ? 'dialog:batch.value' : 'dialog:batch.value_share', {
        ...params,
        share: share ?? '',
      }),
    );
    const context = {
      measure: item.measure,
      unit: item.unit,
      targets: item.targets,
      previous: item.previous?.value ?? null,
      parts: withFigures(item.parts, figures),
    };
    for (const warning of checkAnswer(context, value))
      lines.push(line(`dialog:warning.${warning.code}`, warning.params, 'muted'));
  }
  return lines;
}

function problemLines(state: BatchState, items: readonly (ReportItem | null)[]): Line[] {
  return state.problems.map((p) => {
    const reason: Param = { key: p.key, params: p.params };
    const item = p.position === null ? null : items[p.position - 1];
    return item && p.position !== null
      ? line('dialog:batch.problem_at', { position: p.position, code: item.code, text: p.text, reason })
      : line('dialog:batch.problem', { text: p.text, reason });
  });
}

/** The confirmation screen: every figure read, every question, what is still missing, and how to fix. */
function confirmation(state: BatchState, items: readonly (ReportItem | null)[]): OutboundMessage {
  const lines: Line[] = [line('dialog:batch.confirm.title', { count: state.values.length }, 'title')];
  lines.push(...valueLines(state, items), ...problemLines(state, items));
  const given = new Set(state.values.map((v) => v.position));
  const missing = items.flatMap((item, i) =>
    item && item.current === null && !given.has(i + 1) ? [i + 1] : [],
  );
  if (missing.length > 0)
    lines.push(
      line('dialog:batch.confirm.missing', { count: missing.length, positions: missing.join(', ') }),
    );
  lines.push(line('dialog:batch.confirm.fix', {}, 'muted'));
  const { nonce } = state;
  const save =
    state.values.length > 0
      ? [[choice(nonce, 'save', 'dialog:button.save_all', { count: state.values.length })]]
      : [];
  return reply(lines, [...save, [choice(nonce, 'cancel', 'dialog:button.cancel_batch')]]);
}

async function show(turn: Turn, state: BatchState, items?: (ReportItem | null)[]): Promise<Outcome> {
  const loaded = items ?? (await loadItems(turn, state.items));
  const shown: BatchState = { ...state, nonce: turn.newNonce() };
  return { state: shown, replies: [confirmation(shown, loaded)] };
}

/**
 * From a one-at-a-time question: a message of several lines, or a line that names its indicator
 * (`3. 40`, `XH03 95`) that is not an answer to the question, starts a batch over the same list. Null when
 * the message is an ordinary answer.
 */
export async function maybeBatch(
  turn: Turn,
  items: readonly ItemRef[],
  current: ReportItem,
  text: string,
): Promise<Outcome | null> {
  const multiLine = /[\n;]/u.test(text.trim());
  if (!multiLine && parseAnswer(text, current).ok) return null;
  const loaded = await loadItems(turn, items);
  if (!multiLine && !looksLikeBatch(text, batchIndicators(loaded))) return null;
  const empty: BatchState = {
    name: 'batch',
    items: [...items],
    values: [],
    problems: [],
    next: 1,
    nonce: '',
  };
  return show(turn, absorb(empty, loaded, text), loaded);
}

async function save(turn: Turn, state: BatchState): Promise<Outcome> {
  const items = await loadItems(turn, state.items);
  const counts = { created: 0, revised: 0, unchanged: 0, locked: 0 };
  const stored = new Set<number>();
  const answers = state.values.flatMap(({ position, value }) => {
    const item = items[position - 1];
    return item
      ? [{ position, indicatorId: item.indicatorId, periodId: item.periodId, value, note: undefined }]
      : [];
  });
  // All in one go: one look at the approvals, one read, a few writes (services/report-batch.ts).
  const saved = await turn.repo.saveReports(officialOf(turn).id, answers, turn.chat.channel);
  saved.forEach((outcome, i) => {
    counts[outcome.status] += 1;
    stored.add(answers[i]?.position ?? 0);
  });
  const lines: Line[] = [line('dialog:batch.saved', { count: counts.created + counts.revised }, 'title')];
  if (counts.unchanged > 0) lines.push(line('dialog:batch.unchanged', { count: counts.unchanged }));
  if (counts.locked > 0) lines.push(line('approval:locked_some', { count: counts.locked }));
  const remaining = items.filter((item, i) => item && item.current === null && !stored.has(i + 1)).length;
  if (remaining > 0) lines.push(line('dialog:report.remaining', { count: remaining }));
  return { state: IDLE, replies: [reply(lines)] };
}

export async function onBatchText(turn: Turn, state: BatchState, text: string): Promise<Outcome> {
  if (state.values.length > 0 && CONFIRM_WORDS.has(text.normalize('NFC').trim().toLowerCase()))
    return save(turn, state);
  const items = await loadItems(turn, state.items);
  return show(turn, absorb(state, items, text), items);
}

export async function onBatchChoice(turn: Turn, state: BatchState, action: string): Promise<Outcome | null> {
  if (action === 'save' && state.values.length > 0) return save(turn, state);
  if (action === 'cancel') return cancelBatch();
  return null;
}

/** The same screen again, its buttons still valid. */
export async function batchPending(turn: Turn, state: BatchState): Promise<Outcome> {
  return { state, replies: [confirmation(state, await loadItems(turn, state.items))] };
}

export function cancelBatch(): Outcome {
  return { state: IDLE, replies: [reply([line('dialog:batch.cancelled')])] };
}
