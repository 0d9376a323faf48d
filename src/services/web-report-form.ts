import { localDateOf } from '../domain/calendar/index.js';
import { parseAnswer } from '../domain/indicators/answer.js';
import { periodsDue, periodToReport } from '../domain/indicators/due-period.js';
import { NOTE_MAX, safeText } from '../domain/indicators/note.js';
import { checkAnswer, type AnswerWarning } from '../domain/indicators/plausibility.js';
import type { Message } from '../domain/message.js';
import type { Db } from '../store/database.js';
import { periodName } from '../store/period-name.js';
import {
  answerContextOf,
  assignedIndicators,
  lockedPeriods,
  missingOwedIn,
  reportItemsOf,
  type IndicatorRow,
  type ReportItemRow,
} from './report-items.js';
import { UserError } from './errors.js';
import { recordRevisions } from './report-batch.js';

/**
 * The quarter's form on the web: every indicator assigned to an official for one period, and one save
 * of all the values changed, in one transaction, through the same parser, plausibility checks and
 * revision writer as the chat (parseAnswer, checkAnswer, recordRevision), on the chat's own report
 * items (report-items.ts): the same questions, "Trong đó" included.
 */

export interface FormPeriod {
  id: string;
  key: string;
  name: Message;
  campaignTitle: string;
  deadlineAt: Date;
  /** the deadline passed and this official still misses answers for it */
  late: boolean;
}

/** One indicator of the form: the chat's report item, with its revision as the page's version stamp. */
export type FormRow = ReportItemRow;

export interface ReportForm {
  periods: FormPeriod[];
  period: FormPeriod | null;
  rows: FormRow[];
}

/**
 * The periods an official may fill in: every period of their plans that has started, latest first,
 * the late ones marked; the default is the one the chat would ask for (periodToReport).
 */
export async function loadReportForm(
  db: Db,
  officialId: string,
  options: { now: Date; timeZone: string; periodId?: string | undefined },
): Promise<ReportForm> {
  const indicators = await assignedIndicators(db, officialId, options.timeZone);
  const [reported, locked] = await Promise.all([
    db.report.findMany({
      where: { officialId, indicatorId: { in: indicators.map((i) => i.id) } },
      select: { indicatorId: true, periodId: true },
    }),
    lockedPeriods(db, indicators),
  ]);
  const today = localDateOf(options.now, options.timeZone);
  const periods: FormPeriod[] = [];
  const defaults: string[] = [];
  const campaigns = new Map(indicators.map((i) => [i.campaignId, i.campaign]));
  for (const campaign of campaigns.values()) {
    // The same rule as the chat's: owed since the assignment, the one period still owed first.
    const missingIn = missingOwedIn(indicators, campaign.id, reported, { now: options.now, locked });
    const due = periodsDue(campaign.periods, today, missingIn);
    const chosen =
      due.length === 1 ? due[0] : periodToReport(campaign.periods, options.now, today, missingIn);
    if (chosen) defaults.push(chosen.id);
    for (const period of campaign.periods.filter((p) => p.startDate <= today).reverse()) {
      periods.push({
        id: period.id,
        key: period.key,
        name: periodName(period),
        campaignTitle: campaign.title,
        deadlineAt: period.deadlineAt,
        late: period.deadlineAt < options.now && missingIn(period),
      });
    }
  }
  const period =
    periods.find((p) => p.id === options.periodId) ??
    periods.find((p) => defaults.includes(p.id)) ??
    periods[0] ??
    null;
  if (!period) return { periods, period: null, rows: [] };
  return { periods, period, rows: await rowsOf(db, officialId, indicators, period.id) };
}

/** The rows of one period of the official's plans. */
function rowsOf(db: Db, officialId: string, indicators: IndicatorRow[], periodId: string) {
  const campaign = indicators.find((i) => i.campaign.periods.some((p) => p.id === periodId))?.campaign;
  const periodRow = campaign?.periods.find((p) => p.id === periodId);
  const pairs = periodRow
    ? indicators
        .filter((i) => i.campaignId === campaign?.id)
        .map((indicator) => ({ indicator, period: periodRow }))
    : [];
  return reportItemsOf(db, officialId, pairs);
}

/**
 * The rows a save is checked against: those of the period posted, when it is one the form offers (a
 * period of the official's plans that has started); null otherwise. Without the period list of the
 * page, which a save shows only when it stores nothing.
 */
async function postedRows(
  db: Db,
  officialId: string,
  input: { periodId: string; now: Date; timeZone: string },
): Promise<FormRow[] | null> {
  const indicators = await assignedIndicators(db, officialId, input.timeZone);
  const today = localDateOf(input.now, input.timeZone);
  const offered = indicators.some((i) =>
    i.campaign.periods.some((p) => p.id === input.periodId && p.startDate <= today),
  );
  return offered ? rowsOf(db, officialId, indicators, input.periodId) : null;
}

export interface FormEntry {
  indicatorId: string;
  /** as typed: "8.540,5", "8,54 tỷ", "đạt"; blank leaves the indicator as it is */
  text: string;
  /** the note as the field holds it (blank clears it); undefined when the page sent none */
  note?: string | undefined;
  /** the revision the page showed (FormRow.revision) */
  version: number;
}

export type FieldProblem =
  | { kind: 'parse'; indicatorId: string; message: Message }
  /** someone (the official on another device, the chat) changed it since the page was shown */
  | { kind: 'stale'; indicatorId: string; current: string | null; version: number }
  | { kind: 'unknown'; indicatorId: string };

export type SaveOutcome =
  | { status: 'refused'; problems: FieldProblem[]; form: ReportForm }
  /** plausible values are stored only once the official confirms the questions */
  | { status: 'confirm'; warnings: { indicatorId: string; warnings: AnswerWarning[] }[]; form: ReportForm }
  | { status: 'saved'; created: number; revised: number; unchanged: number };

interface Change {
  row: FormRow;
  value: string;
  /** undefined keeps the note as it is; null clears it */
  note: string | null | undefined;
  version: number;
  /** the value changes (a note alone asks no plausibility question) */
  valueChanged: boolean;
}

/**
 * The note a field holds, cleaned as the chat cleans one: `change` undefined when it says what is
 * stored (or the page sent no note), null when it clears it; `tooLong` when it cannot be stored.
 */
function noteOf(entry: FormEntry, row: FormRow): { change: string | null | undefined; tooLong: boolean } {
  if (entry.note === undefined) return { change: undefined, tooLong: false };
  const note = safeText(entry.note).trim();
  if (note.length > NOTE_MAX) return { change: undefined, tooLong: true };
  const stored = row.current?.note ?? null;
  return { change: (note || null) === stored ? undefined : note || null, tooLong: false };
}

/** What one field of the form asks: nothing, a change, or a problem. */
function changeOf(entry: FormEntry, row: FormRow): Change | FieldProblem | null {
  const { change: note, tooLong } = noteOf(entry, row);
  if (tooLong)
    return {
      kind: 'parse',
      indicatorId: row.indicatorId,
      message: { key: 'web:report.note_too_long', params: { max: NOTE_MAX } },
    };
  let value = row.current?.value ?? null;
  if (entry.text.trim() !== '') {
    const parsed = parseAnswer(entry.text, row);
    if (!parsed.ok)
      return {
        kind: 'parse',
        indicatorId: row.indicatorId,
        message: { key: parsed.key, params: parsed.params },
      };
    value = parsed.value;
  }
  const valueChanged = value !== (row.current?.value ?? null);
  // The value and the note as they are stored, typed again or left as they were, change nothing.
  if (!valueChanged && note === undefined) return null;
  if (value === null)
    return { kind: 'parse', indicatorId: row.indicatorId, message: { key: 'web:report.note_needs_value' } };
  if (entry.version !== row.revision)
    return {
      kind: 'stale',
      indicatorId: row.indicatorId,
      current: row.current?.value ?? null,
      version: row.revision,
    };
  return { row, value, note, version: entry.version, valueChanged };
}

function changesOf(rows: FormRow[], entries: FormEntry[]): { changes: Change[]; problems: FieldProblem[] } {
  const changes: Change[] = [];
  const problems: FieldProblem[] = [];
  const byId = new Map(rows.map((r) => [r.indicatorId, r]));
  for (const entry of entries) {
    const row = byId.get(entry.indicatorId);
    if (!row) {
      if (entry.text.trim() !== '' || (entry.note ?? '').trim() !== '')
        problems.push({ kind: 'unknown', indicatorId: entry.indicatorId });
      continue;
    }
    const outcome = changeOf(entry, row);
    if (outcome === null) continue;
    if ('kind' in outcome) problems.push(outcome);
    else changes.push(outcome);
  }
  return { changes, problems };
}

/**
 * Saves the form: nothing is stored while any changed field does not parse, was changed meanwhile
 * (its version differs), or — unless `confirmed` — raises a plausibility question; then every change
 * in one transaction, each guarded again on its version inside it.
 */
export async function saveReportForm(
  db: Db,
  officialId: string,
  input: { periodId: string; entries: FormEntry[]; confirmed: boolean; now: Date; timeZone: string },
): Promise<SaveOutcome> {
  const rows = await postedRows(db, officialId, input);
  // The whole page (the period list and its late marks) is read only to be shown again.
  const page = () => loadReportForm(db, officialId, input);
  if (rows === null)
    return {
      status: 'refused',
      problems: input.entries.map((e) => ({ kind: 'unknown', indicatorId: e.indicatorId })),
      form: await page(),
    };
  const { changes, problems } = changesOf(rows, input.entries);
  if (problems.length > 0) return { status: 'refused', problems, form: await page() };
  const warnings = changes
    .filter((change) => change.valueChanged)
    .map(({ row, value }) => ({
      indicatorId: row.indicatorId,
      warnings: checkAnswer(answerContextOf(row), value),
    }))
    .filter((w) => w.warnings.length > 0);
  if (warnings.length > 0 && !input.confirmed) return { status: 'confirm', warnings, form: await page() };
  const counts = { created: 0, revised: 0, unchanged: 0 };
  try {
    const outcomes = await db.$transaction(
      (tx) =>
        recordRevisions(tx, {
          officialId,
          channel: 'web',
          whenLocked: 'refuse',
          answers: changes.map(({ row, value, note, version }) => ({
            indicator: { id: row.indicatorId, unit: row.unit },
            periodId: input.periodId,
            value,
            note, // undefined keeps the note, null clears it
            measure: row.measure,
            // the revision the page showed: changed meanwhile, nothing of this save is stored
            expectedRevision: version,
            // as read just now, the writes guarded on it: no second read inside the transaction
            seen: row.report,
          })),
        }),
      // A busy server may queue the save behind others: more than Prisma's default 5 s, as the dialog's steps.
      { timeout: 30_000, maxWait: 20_000 },
    );
    for (const outcome of outcomes) if (outcome.status !== 'locked') counts[outcome.status] += 1;
  } catch (error) {
    // Approved meanwhile (docs/approval.md): nothing of this save is stored, and each field says why.
    if (error instanceof UserError && error.key === 'approval:error.locked') {
      const problems = changes.map((c) => ({
        kind: 'parse' as const,
        indicatorId: c.row.indicatorId,
        message: error.userMessage,
      }));
      return { status: 'refused', problems, form: await page() };
    }
    if (!isConcurrentChange(error)) throw error;
    // Lost a race with another save: show the page as it is now, with what changed.
    const fresh = await page();
    return { status: 'refused', problems: changesOf(fresh.rows, input.entries).problems, form: fresh };
  }
  return { status: 'saved', ...counts };
}

function isConcurrentChange(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ((error as { key?: unknown }).key === 'report:error.concurrent_change' ||
      (error as { code?: unknown }).code === 'P2002')
  );
}
