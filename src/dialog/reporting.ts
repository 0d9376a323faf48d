import { deadlineCountdown, formatDayMonthYear, formatLocalDateTime } from '../domain/calendar/index.js';
import { parseAnswer } from '../domain/indicators/answer.js';
import { parsePeriodRequest } from '../domain/indicators/period-request.js';
import { describeTargets, valueParam } from '../domain/indicators/describe.js';
import { isWholeCountUnit } from '../domain/indicators/count-units.js';
import { NOTE_MAX } from '../domain/indicators/note.js';
import { checkAnswer, shareOfTarget } from '../domain/indicators/plausibility.js';
import { batchList, maybeBatch } from './batch.js';
import { asksPeriod, chosenPeriod, periodQuestion } from './period-choice.js';
import type { PeriodWanted, ReportItem } from './ports.js';
import { choice, echo, line, reply, safeText } from './replies.js';
import { IDLE, type ItemRef, type ReportingState } from './state.js';
import { withWebLink } from './web-link.js';
import type { Outcome, Turn } from './turn.js';
import type { Line, OutboundMessage } from './types.js';

export { NOTE_MAX };
const PICK_MAX = 12;
const CONFIRM_WORDS = new Set(['đúng', 'dung', 'ok', 'có', 'co', 'đồng ý', 'dong y', 'yes', 'y']);

function ref(item: ReportItem): ItemRef {
  return { indicatorId: item.indicatorId, periodId: item.periodId };
}

function officialOf(turn: Turn) {
  if (!turn.official) throw new Error('reporting needs a linked official');
  return turn.official;
}

function header(turn: Turn, due: ReportItem[]): OutboundMessage {
  const lines: Line[] = [];
  const periods = new Map<string, ReportItem>();
  for (const item of due) if (!periods.has(item.periodId)) periods.set(item.periodId, item);
  for (const item of periods.values()) {
    lines.push(
      line(
        'dialog:report.period',
        {
          period: item.periodName,
          deadline: formatLocalDateTime(item.deadlineAt, turn.timeZone),
          countdown: deadlineCountdown(item.deadlineAt, turn.now, turn.timeZone),
        },
        'title',
      ),
    );
  }
  lines.push(line('dialog:report.count', { count: due.length }));
  // Several due: the whole list, to answer in one message, before the first one-at-a-time question.
  if (due.length > 1) lines.push(...batchList(due));
  lines.push(line(due.length > 1 ? 'dialog:report.how_or_one' : 'dialog:report.how', {}, 'muted'));
  return reply(lines);
}

export function question(state: ReportingState, item: ReportItem): OutboundMessage {
  const lines: Line[] = [
    line(
      'dialog:report.question.title',
      { position: state.index + 1, total: state.items.length, code: item.code, name: item.name },
      'title',
    ),
  ];
  lines.push(
    item.measure === 'boolean'
      ? line('dialog:report.question.target_boolean')
      : line('dialog:report.question.target', { targets: describeTargets(item.targets, item.unit) }),
  );
  if (item.previous) {
    lines.push(
      line('dialog:report.question.previous', {
        period: item.previous.periodName,
        value: valueParam(item.previous.value, item),
      }),
    );
  }
  if (item.current)
    lines.push(line('dialog:report.question.current', { value: valueParam(item.current.value, item) }));
  const cutoff = formatDayMonthYear(item.cutoff);
  lines.push(line(`dialog:report.question.prompt_${item.measure}`, { cutoff, unit: item.unit }));
  const { nonce } = state;
  const controls = [choice(nonce, 'skip', 'dialog:button.skip'), choice(nonce, 'stop', 'dialog:button.stop')];
  return item.measure === 'boolean'
    ? reply(lines, [
        [choice(nonce, 'yes', 'common:boolean.achieved'), choice(nonce, 'no', 'common:boolean.not_achieved')],
        controls,
      ])
    : reply(lines, [controls], 'number');
}

function confirmation(state: ReportingState, item: ReportItem, value: string): OutboundMessage {
  const lines: Line[] = [line('dialog:report.confirm.title', { code: item.code, name: item.name }, 'title')];
  lines.push(line('dialog:report.confirm.value', { value: valueParam(value, item) }));
  const shares = item.targets
    .map((target) => ({ target, share: shareOfTarget(value, target) }))
    .filter((s): s is { target: ReportItem['targets'][number]; share: string } => s.share !== null);
  for (const { target, share } of shares) {
    lines.push(
      line(target.source ? 'dialog:report.confirm.share_of' : 'dialog:report.confirm.share', {
        share,
        source: target.source,
      }),
    );
  }
  const warnings = checkAnswer(
    {
      measure: item.measure,
      unit: item.unit,
      targets: item.targets,
      previous: item.previous?.value ?? null,
      parts: item.parts,
    },
    value,
  );
  for (const warning of warnings) lines.push(line(`dialog:warning.${warning.code}`, warning.params));
  if (warnings.length > 0) lines.push(line('dialog:warning.check', {}, 'muted'));
  const { nonce } = state;
  return reply(lines, [
    [choice(nonce, 'ok', 'dialog:button.ok'), choice(nonce, 'edit', 'dialog:button.edit')],
    [choice(nonce, 'note', 'dialog:button.note'), choice(nonce, 'skip', 'dialog:button.skip')],
  ]);
}

function notePrompt(state: ReportingState): OutboundMessage {
  return reply(
    [line('dialog:report.note.prompt', { max: NOTE_MAX })],
    [[choice(state.nonce, 'nonote', 'dialog:button.no_note')]],
  );
}

async function currentItem(turn: Turn, state: ReportingState): Promise<ReportItem | null> {
  const current = state.items[state.index];
  return current ? turn.repo.reportItem(officialOf(turn).id, current) : null;
}

/** Asks the question of the current item, passing over items that left the plan meanwhile. */
async function askCurrent(
  turn: Turn,
  state: ReportingState,
  before: OutboundMessage[] = [],
): Promise<Outcome> {
  let next = state;
  for (;;) {
    if (next.index >= next.items.length) return finish(next, before, 'done');
    const item = await currentItem(turn, next);
    if (item) {
      const asked: ReportingState = { ...next, step: 'value', pending: null, nonce: turn.newNonce() };
      return { state: asked, replies: [...before, question(asked, item)] };
    }
    next = { ...next, index: next.index + 1 };
  }
}

function finish(state: ReportingState, before: OutboundMessage[], how: 'done' | 'stopped'): Outcome {
  const lines: Line[] = [line(`dialog:report.${how}`, { stored: state.stored.length }, 'title')];
  // Skipped ones, and on a stop those not asked yet; indicators that left the plan are neither.
  // A correction leaves nothing unreported.
  const remaining = state.correcting
    ? 0
    : state.skipped.length + Math.max(0, state.items.length - state.index);
  if (remaining > 0) lines.push(line('dialog:report.remaining', { count: remaining }));
  return { state: IDLE, replies: [...before, reply(lines)] };
}

/**
 * `/baocao`: what is due now, then one indicator at a time; when several periods are owed (a late one
 * beside the open one), which period first. `/baocao Q2` (`quý 2`, `quy II`): that period, late or not,
 * once its data window has started.
 */
export async function startReporting(turn: Turn, args = ''): Promise<Outcome> {
  const named = args.trim();
  const request = named ? parsePeriodRequest(named) : null;
  if (named && !request)
    return {
      state: turn.state,
      replies: [reply([line('dialog:report.period_unknown', { input: echo(named) })])],
    };
  if (!request) {
    const due = await turn.repo.duePeriods(officialOf(turn).id, turn.now);
    if (asksPeriod(due)) return periodQuestion(turn, due);
  }
  return reportPeriod(turn, request ?? undefined, named);
}

/** A period picked from `/baocao`'s question. */
export async function onPeriodChoice(
  turn: Turn,
  periods: readonly string[],
  action: string,
): Promise<Outcome | null> {
  const periodId = chosenPeriod(periods, action);
  return periodId === null ? null : reportPeriod(turn, { periodId }, '');
}

async function reportPeriod(turn: Turn, wanted: PeriodWanted | undefined, named: string): Promise<Outcome> {
  const items = await turn.repo.reportItems(officialOf(turn).id, turn.now, wanted);
  if (items.length === 0 && named)
    return {
      state: turn.state,
      replies: [reply([line('dialog:report.period_not_open', { input: echo(named) })])],
    };
  if (items.length === 0) return { state: IDLE, replies: [reply([line('dialog:report.nothing_assigned')])] };
  const due = items.filter((item) => item.current === null);
  if (due.length === 0) return offerCorrections(turn, items);
  const state: ReportingState = {
    name: 'reporting',
    items: due.map(ref),
    index: 0,
    step: 'value',
    pending: null,
    stored: [],
    skipped: [],
    correcting: false,
    nonce: '',
  };
  // Several due: the form on the web shows them all at once, for those who prefer a table.
  const head = due.length > 1 ? await withWebLink(turn, header(turn, due), 'report') : header(turn, due);
  return askCurrent(turn, state, [head]);
}

function offerCorrections(turn: Turn, items: ReportItem[]): Outcome {
  const nonce = turn.newNonce();
  const options = items.slice(0, PICK_MAX);
  const lines: Line[] = [
    line('dialog:report.all_done', { count: items.length }, 'title'),
    line('dialog:report.pick'),
  ];
  const buttons = options.map((item, i) => [
    choice(nonce, `p${i}`, 'dialog:button.pick', {
      code: item.code,
      name: item.name,
      value: item.current ? valueParam(item.current.value, item) : '—',
    }),
  ]);
  return {
    state: { name: 'picking', options: options.map(ref), nonce },
    replies: [reply(lines, [...buttons, [choice(nonce, 'done', 'dialog:button.done')]])],
  };
}

export async function onPick(turn: Turn, options: ItemRef[], action: string): Promise<Outcome | null> {
  if (action === 'done') return { state: IDLE, replies: [reply([line('dialog:report.no_change')])] };
  const picked = /^p(\d+)$/.exec(action);
  const option = picked ? options[Number(picked[1])] : undefined;
  if (!option) return null;
  const state: ReportingState = {
    name: 'reporting',
    items: [option],
    index: 0,
    step: 'value',
    pending: null,
    stored: [],
    skipped: [],
    correcting: true,
    nonce: '',
  };
  return askCurrent(turn, state);
}

async function store(
  turn: Turn,
  state: ReportingState,
  item: ReportItem,
  value: string,
  note: string | null | undefined,
): Promise<Outcome> {
  const saved = await turn.repo.saveReport({
    officialId: officialOf(turn).id,
    indicatorId: item.indicatorId,
    periodId: item.periodId,
    value,
    note,
    channel: turn.chat.channel,
  });
  if (saved.status === 'locked') {
    // Approved meanwhile: nothing stored, the official is told why and goes on with the next one.
    const told = reply([line('approval:error.locked')]);
    return askCurrent(turn, { ...state, index: state.index + 1 }, [told]);
  }
  const ack = reply([
    line(saved.status === 'unchanged' ? 'dialog:report.unchanged' : 'dialog:report.saved', {
      code: item.code,
      value: valueParam(value, item),
    }),
  ]);
  const next: ReportingState = {
    ...state,
    index: state.index + 1,
    stored: [...state.stored, item.indicatorId],
  };
  return askCurrent(turn, next, [ack]);
}

async function skip(turn: Turn, state: ReportingState, item: ReportItem): Promise<Outcome> {
  const next: ReportingState = {
    ...state,
    index: state.index + 1,
    skipped: [...state.skipped, item.indicatorId],
  };
  return askCurrent(turn, next, [reply([line('dialog:report.skipped', { code: item.code })])]);
}

function answer(turn: Turn, state: ReportingState, item: ReportItem, text: string): Outcome {
  const parsed = parseAnswer(text, item);
  if (!parsed.ok) {
    // the example fits the unit: "0,32 hoặc 8,54 tỷ" is no way to count people
    const example =
      item.measure === 'boolean'
        ? 'dialog:report.example_boolean'
        : isWholeCountUnit(item.unit)
          ? 'dialog:report.example_count'
          : 'dialog:report.example_number';
    // Back to the question: a value waiting for confirmation must not stay confirmable behind it.
    const asking: ReportingState =
      state.step === 'value' ? state : { ...state, step: 'value', pending: null, nonce: turn.newNonce() };
    // What was typed is quoted back in the refusal: only safely.
    const params = Object.fromEntries(
      Object.entries(parsed.params).map(([name, value]) => [
        name,
        name === 'input' || name === 'given' ? echo(String(value)) : value,
      ]),
    );
    return {
      state: asking,
      replies: [
        reply([line(parsed.key, params), line(example, { unit: item.unit }, 'muted')]),
        question(asking, item),
      ],
    };
  }
  const confirming: ReportingState = {
    ...state,
    step: 'confirm',
    pending: { value: parsed.value },
    nonce: turn.newNonce(),
  };
  return { state: confirming, replies: [confirmation(confirming, item, parsed.value)] };
}

/**
 * Repeats whatever the official is being asked now (after a stale button or an unexpected input). When
 * the current indicator left the plan meanwhile, the next one is asked: the state moves on with it, or
 * its buttons would carry a nonce that was never stored.
 */
export async function reAsk(turn: Turn, state: ReportingState): Promise<Outcome> {
  const item = await currentItem(turn, state);
  if (!item) return askCurrent(turn, state);
  if (state.step === 'confirm' && state.pending)
    return { state, replies: [confirmation(state, item, state.pending.value)] };
  if (state.step === 'note') return { state, replies: [notePrompt(state)] };
  return { state, replies: [question(state, item)] };
}

export async function onReportingText(turn: Turn, state: ReportingState, text: string): Promise<Outcome> {
  const item = await currentItem(turn, state);
  if (!item) return askCurrent(turn, state);
  if (state.step === 'note') {
    if (!state.pending) return askCurrent(turn, state);
    const note = safeText(text).trim();
    if (note.length > NOTE_MAX)
      return {
        state,
        replies: [reply([line('dialog:report.note.too_long', { max: NOTE_MAX })]), notePrompt(state)],
      };
    return store(turn, state, item, state.pending.value, note || null);
  }
  if (
    state.step === 'confirm' &&
    state.pending &&
    CONFIRM_WORDS.has(text.normalize('NFC').trim().toLowerCase())
  ) {
    return store(turn, state, item, state.pending.value, undefined);
  }
  // Several lines, or a line naming its indicator: figures for the list, read and confirmed together.
  const batch = await maybeBatch(turn, state.items, item, text);
  if (batch) return batch;
  // While confirming, a new number is a correction of the previous one.
  return answer(turn, state, item, text);
}

export async function onReportingChoice(
  turn: Turn,
  state: ReportingState,
  action: string,
): Promise<Outcome | null> {
  if (action === 'stop') return finish(state, [], 'stopped');
  const item = await currentItem(turn, state);
  if (!item) return askCurrent(turn, state);
  if (action === 'skip') return skip(turn, state, item);
  if (state.step === 'value' && item.measure === 'boolean' && (action === 'yes' || action === 'no')) {
    return store(turn, state, item, action === 'yes' ? '1' : '0', undefined);
  }
  if (state.step === 'confirm' && state.pending) {
    if (action === 'ok') return store(turn, state, item, state.pending.value, undefined);
    if (action === 'edit') {
      const asking: ReportingState = { ...state, step: 'value', pending: null, nonce: turn.newNonce() };
      return { state: asking, replies: [question(asking, item)] };
    }
    if (action === 'note') {
      const noting: ReportingState = { ...state, step: 'note', nonce: turn.newNonce() };
      return { state: noting, replies: [notePrompt(noting)] };
    }
  }
  if (state.step === 'note' && state.pending && action === 'nonote')
    return store(turn, state, item, state.pending.value, undefined);
  return null;
}

export function stopReporting(state: ReportingState): Outcome {
  return finish(state, [], 'stopped');
}

/**
 * A correction of given items (figures the chairman sent back): each asked in turn with its current
 * value, as a correction picked after `/baocao` would be.
 */
export function startCorrecting(
  turn: Turn,
  items: ReportItem[],
  before: OutboundMessage[],
): Promise<Outcome> {
  const state: ReportingState = {
    name: 'reporting',
    items: items.map(ref),
    index: 0,
    step: 'value',
    pending: null,
    stored: [],
    skipped: [],
    correcting: true,
    nonce: '',
  };
  return askCurrent(turn, state, before);
}
