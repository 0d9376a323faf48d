import { localDateOf } from '../domain/calendar/index.js';
import { parseAnswer } from '../domain/indicators/answer.js';
import { periodToReport } from '../domain/indicators/due-period.js';
import { checkAnswer, type AnswerWarning } from '../domain/indicators/plausibility.js';
import type { Message } from '../domain/message.js';
import type { Comparator, Measure } from '../domain/plan/plan.js';
import type { Db } from '../store/database.js';
import { periodName } from '../store/period-name.js';
import { recordRevision } from './reports.js';

/**
 * The quarter's form on the web: every indicator assigned to an official for one period, and one save
 * of all the values changed, in one transaction, through the same parser, plausibility checks and
 * revision writer as the chat (parseAnswer, checkAnswer, recordRevision).
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

export interface FormRow {
  indicatorId: string;
  code: string;
  name: string;
  category: string;
  unit: string;
  measure: Measure;
  targets: { source: string; comparator: Comparator; value: string }[];
  /** this official's value for the period, and its revision (0: none yet): the page's version stamp */
  current: { value: string; note: string | null } | null;
  version: number;
  /** the value reported for the period before, by anyone assigned */
  previous: { value: string; periodName: Message } | null;
}

export interface ReportForm {
  periods: FormPeriod[];
  period: FormPeriod | null;
  rows: FormRow[];
}

type PeriodRow = {
  id: string;
  key: string;
  position: number;
  startDate: string;
  cutoffDate: string;
  deadlineAt: Date;
  nameKey: string;
  nameParams: string;
};

async function assigned(db: Db, officialId: string) {
  const assignments = await db.assignment.findMany({
    where: { officialId, indicator: { archivedAt: null } },
    include: {
      indicator: {
        include: {
          targets: { orderBy: { position: 'asc' } },
          campaign: { include: { periods: { orderBy: { position: 'asc' } } } },
        },
      },
    },
  });
  return assignments
    .map((a) => a.indicator)
    .sort((a, b) => a.campaign.startDate.localeCompare(b.campaign.startDate) || a.position - b.position);
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
  const indicators = await assigned(db, officialId);
  const reported = await db.report.findMany({
    where: { officialId, indicatorId: { in: indicators.map((i) => i.id) } },
    select: { indicatorId: true, periodId: true },
  });
  const today = localDateOf(options.now, options.timeZone);
  const periods: FormPeriod[] = [];
  const defaults: string[] = [];
  const campaigns = new Map(indicators.map((i) => [i.campaignId, i.campaign]));
  for (const campaign of campaigns.values()) {
    const mine = indicators.filter((i) => i.campaignId === campaign.id).map((i) => i.id);
    const missingIn = (period: PeriodRow) =>
      mine.some((id) => !reported.some((r) => r.indicatorId === id && r.periodId === period.id));
    const chosen = periodToReport(campaign.periods, options.now, today, missingIn);
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
  const campaignId = [...campaigns.values()].find((c) => c.periods.some((p) => p.id === period.id))?.id;
  const inPeriod = indicators.filter((i) => i.campaignId === campaignId);
  return { periods, period, rows: await formRows(db, officialId, period.id, inPeriod) };
}

async function formRows(
  db: Db,
  officialId: string,
  periodId: string,
  indicators: Awaited<ReturnType<typeof assigned>>,
): Promise<FormRow[]> {
  const periods = indicators[0]?.campaign.periods ?? [];
  const position = periods.find((p) => p.id === periodId)?.position ?? 0;
  const before = periods.find((p) => p.position === position - 1) ?? null;
  const ids = indicators.map((i) => i.id);
  const [mine, earlier] = await Promise.all([
    db.report.findMany({ where: { officialId, periodId, indicatorId: { in: ids } } }),
    before
      ? db.report.findMany({
          where: { periodId: before.id, indicatorId: { in: ids } },
          orderBy: { updatedAt: 'desc' },
        })
      : Promise.resolve([]),
  ]);
  return indicators.map((indicator) => {
    const current = mine.find((r) => r.indicatorId === indicator.id);
    const previous = earlier.find((r) => r.indicatorId === indicator.id);
    return {
      indicatorId: indicator.id,
      code: indicator.code,
      name: indicator.name,
      category: indicator.category,
      unit: indicator.unit,
      measure: indicator.measure as Measure,
      targets: indicator.targets.map((t) => ({
        source: t.source,
        comparator: t.comparator as Comparator,
        value: t.value,
      })),
      current: current ? { value: current.value, note: current.note } : null,
      version: current?.revision ?? 0,
      previous: previous && before ? { value: previous.value, periodName: periodName(before) } : null,
    };
  });
}

export interface FormEntry {
  indicatorId: string;
  /** as typed: "8.540,5", "8,54 tỷ", "đạt"; blank leaves the indicator as it is */
  text: string;
  /** the revision the page showed (FormRow.version) */
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
  | { status: 'saved'; created: number; revised: number; unchanged: number; form: ReportForm };

class StaleDuringSave extends Error {}

interface Change {
  row: FormRow;
  value: string;
  version: number;
}

function changesOf(form: ReportForm, entries: FormEntry[]): { changes: Change[]; problems: FieldProblem[] } {
  const changes: Change[] = [];
  const problems: FieldProblem[] = [];
  for (const entry of entries) {
    if (entry.text.trim() === '') continue;
    const row = form.rows.find((r) => r.indicatorId === entry.indicatorId);
    if (!row) {
      problems.push({ kind: 'unknown', indicatorId: entry.indicatorId });
      continue;
    }
    const parsed = parseAnswer(entry.text, row);
    if (!parsed.ok) {
      problems.push({
        kind: 'parse',
        indicatorId: row.indicatorId,
        message: { key: parsed.key, params: parsed.params },
      });
      continue;
    }
    // The value the page showed, typed again or left as it was, changes nothing.
    if (parsed.value === row.current?.value && entry.version === row.version) continue;
    if (entry.version !== row.version) {
      problems.push({
        kind: 'stale',
        indicatorId: row.indicatorId,
        current: row.current?.value ?? null,
        version: row.version,
      });
      continue;
    }
    changes.push({ row, value: parsed.value, version: entry.version });
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
  const form = await loadReportForm(db, officialId, input);
  if (form.period?.id !== input.periodId)
    return {
      status: 'refused',
      problems: input.entries.map((e) => ({ kind: 'unknown', indicatorId: e.indicatorId })),
      form,
    };
  const { changes, problems } = changesOf(form, input.entries);
  if (problems.length > 0) return { status: 'refused', problems, form };
  const warnings = changes
    .map(({ row, value }) => ({
      indicatorId: row.indicatorId,
      warnings: checkAnswer(
        { measure: row.measure, unit: row.unit, targets: row.targets, previous: row.previous?.value ?? null },
        value,
      ),
    }))
    .filter((w) => w.warnings.length > 0);
  if (warnings.length > 0 && !input.confirmed) return { status: 'confirm', warnings, form };
  const counts = { created: 0, revised: 0, unchanged: 0 };
  try {
    await db.$transaction(async (tx) => {
      for (const { row, value, version } of changes) {
        const now = await tx.report.findUnique({
          where: {
            indicatorId_periodId_officialId: {
              indicatorId: row.indicatorId,
              periodId: input.periodId,
              officialId,
            },
          },
          select: { revision: true },
        });
        if ((now?.revision ?? 0) !== version) throw new StaleDuringSave();
        const outcome = await recordRevision(tx, {
          indicator: { id: row.indicatorId, unit: row.unit },
          period: { id: input.periodId },
          official: { id: officialId },
          value,
          note: undefined,
          channel: 'web',
          measure: row.measure,
        });
        counts[outcome.status] += 1;
      }
    });
  } catch (error) {
    if (!(error instanceof StaleDuringSave) && !isConcurrentChange(error)) throw error;
    // Lost a race with another save: show the page as it is now, with what changed.
    const fresh = await loadReportForm(db, officialId, input);
    return { status: 'refused', problems: changesOf(fresh, input.entries).problems, form: fresh };
  }
  return { status: 'saved', ...counts, form: await loadReportForm(db, officialId, input) };
}

function isConcurrentChange(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ((error as { key?: unknown }).key === 'report:error.concurrent_change' ||
      (error as { code?: unknown }).code === 'P2002')
  );
}
