import { parseAnswer } from '../domain/indicators/answer.js';
import { checkAnswer, type AnswerWarning } from '../domain/indicators/plausibility.js';
import type { Measure } from '../domain/plan/plan.js';
import { answerContext } from './answer-context.js';
import { assertPeriodOpen } from './approval.js';
import type { Db, Tx } from '../store/database.js';
import { UserError } from './errors.js';
import { resolveCampaign } from './scope.js';

export type Channel = 'telegram' | 'zalo' | 'console' | 'cli' | 'web';

export interface ReportInput {
  organizationCode?: string | undefined;
  campaignCode?: string | undefined;
  officialCode: string;
  indicatorCode: string;
  periodKey: string;
  /** as the official typed it: "8.540,5", "8,54 tỷ", "đạt" */
  valueText: string;
  /** undefined keeps the previous revision's note; "" clears it */
  note?: string | undefined;
  channel: Channel;
  today: string;
}

export interface ReportOutcome {
  status: 'created' | 'revised' | 'unchanged';
  reportId: string;
  revision: number;
  value: string;
  unit: string;
  measure: Measure;
}

const NOTE_MAX = 1000;

/**
 * Records one official's value for one indicator and period. A first answer creates revision 1; a
 * different answer later appends a revision (nothing is overwritten, the history stays auditable);
 * the same answer again writes nothing.
 */
export async function addReport(db: Db, input: ReportInput): Promise<ReportOutcome> {
  const { indicator, period, official, measure, value } = await resolveReport(db, input);
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeRevision(db, {
        indicator,
        period,
        official,
        value,
        note: input.note,
        channel: input.channel,
        measure,
      });
    } catch (error) {
      // Two answers for the same report at once: the loser re-reads and appends after the winner.
      if (attempt >= MAX_ATTEMPTS || !isRace(error)) throw error;
    }
  }
}

/**
 * The questions the chat would ask about this answer (a fraction of a head count, a rate far below
 * its target, parts above their total…), asked before `addReport` by the command line, which refuses
 * unless told `--force`. Empty: nothing unusual. Bad input throws as `addReport` would.
 */
export async function questionReport(db: Db, input: ReportInput): Promise<AnswerWarning[]> {
  const { indicator, period, value } = await resolveReport(db, input);
  return checkAnswer(await answerContext(db, indicator, period), value);
}

async function resolveReport(db: Db, input: ReportInput) {
  const { organization, campaign } = await resolveCampaign(db, input);
  const official = await db.official.findUnique({
    where: { organizationId_code: { organizationId: organization.id, code: input.officialCode } },
  });
  if (!official || !official.active)
    throw new UserError('report:error.unknown_official', { code: input.officialCode });
  const indicator = await db.indicator.findUnique({
    where: { campaignId_code: { campaignId: campaign.id, code: input.indicatorCode } },
    include: { assignments: { where: { officialId: official.id } } },
  });
  if (!indicator || indicator.archivedAt !== null) {
    throw new UserError('report:error.unknown_indicator', {
      code: input.indicatorCode,
      campaign: campaign.code,
    });
  }
  if (indicator.assignments.length === 0) {
    throw new UserError('report:error.not_assigned', { official: official.code, indicator: indicator.code });
  }
  const period = await db.period.findUnique({
    where: { campaignId_key: { campaignId: campaign.id, key: input.periodKey } },
  });
  if (!period)
    throw new UserError('report:error.unknown_period', { key: input.periodKey, campaign: campaign.code });
  if (input.note !== undefined && input.note.length > NOTE_MAX)
    throw new UserError('report:error.note_too_long', { max: NOTE_MAX });

  const measure = indicator.measure as Measure;
  const answer = parseAnswer(input.valueText, { unit: indicator.unit, measure });
  if (!answer.ok) throw new UserError(answer.key, answer.params);
  return { indicator, period, official, measure, value: answer.value };
}

const MAX_ATTEMPTS = 5;

function isRace(error: unknown): boolean {
  if (error instanceof UserError) return error.key === 'report:error.concurrent_change';
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

export interface RevisionInput {
  indicator: { id: string; unit: string };
  period: { id: string };
  official: { id: string };
  value: string;
  /** undefined keeps the current note, null or blank clears it */
  note: string | null | undefined;
  channel: Channel;
  measure: Measure;
  /**
   * The revision the writer saw (0: none yet): when the report is at another one now, nothing is
   * written (report:error.concurrent_change), as for a stale web form.
   */
  expectedRevision?: number;
}

function writeRevision(db: Db, input: RevisionInput): Promise<ReportOutcome> {
  return db.$transaction((tx) => recordRevision(tx, input));
}

/**
 * Inside a transaction: creates the report (revision 1), appends a revision when the answer
 * differs, or writes nothing when it is the same. Shared by the command line and the dialog.
 */
export async function recordRevision(tx: Tx, input: RevisionInput): Promise<ReportOutcome> {
  const { indicator, period, official, value, measure } = input;
  await assertPeriodOpen(tx, period.id);
  const key = { indicatorId: indicator.id, periodId: period.id, officialId: official.id };
  const current = await tx.report.findUnique({ where: { indicatorId_periodId_officialId: key } });
  if (input.expectedRevision !== undefined && (current?.revision ?? 0) !== input.expectedRevision)
    throw new UserError('report:error.concurrent_change');
  const note = input.note === undefined ? (current?.note ?? null) : input.note?.trim() || null;
  const outcome = { unit: indicator.unit, measure, value };
  if (!current) {
    const report = await tx.report.create({ data: { ...key, value, note, revision: 1 } });
    await tx.reportRevision.create({
      data: { reportId: report.id, revision: 1, value, note, channel: input.channel },
    });
    return { ...outcome, status: 'created', reportId: report.id, revision: 1 };
  }
  if (current.value === value && current.note === note) {
    return { ...outcome, status: 'unchanged', reportId: current.id, revision: current.revision };
  }
  const revision = current.revision + 1;
  // Guarded on the revision read above: a concurrent correction makes this match nothing.
  const updated = await tx.report.updateMany({
    where: { id: current.id, revision: current.revision },
    data: { value, note, revision },
  });
  if (updated.count !== 1) throw new UserError('report:error.concurrent_change');
  await tx.reportRevision.create({
    data: { reportId: current.id, revision, value, note, channel: input.channel },
  });
  return { ...outcome, status: 'revised', reportId: current.id, revision };
}

export interface ReportFilter {
  organizationCode?: string | undefined;
  campaignCode?: string | undefined;
  officialCode?: string | undefined;
  periodKey?: string | undefined;
  today: string;
  history?: boolean;
}

export interface ReportRow {
  period: string;
  indicator: string;
  indicatorName: string;
  unit: string;
  measure: Measure;
  official: string;
  value: string;
  note: string | null;
  revision: number;
  channel: string;
  recordedAt: string;
}

/** Current values, or with `history` every revision, oldest first. */
export async function listReports(db: Db, filter: ReportFilter): Promise<ReportRow[]> {
  const { campaign, organization } = await resolveCampaign(db, filter);
  const reports = await db.report.findMany({
    where: {
      period: { campaignId: campaign.id, ...(filter.periodKey ? { key: filter.periodKey } : {}) },
      official: {
        organizationId: organization.id,
        ...(filter.officialCode ? { code: filter.officialCode } : {}),
      },
    },
    include: {
      period: true,
      indicator: true,
      official: true,
      revisions: { orderBy: { revision: 'asc' } },
    },
    orderBy: [
      { period: { position: 'asc' } },
      { indicator: { position: 'asc' } },
      { official: { code: 'asc' } },
    ],
  });
  return reports.flatMap((report) => {
    const revisions = filter.history
      ? report.revisions
      : report.revisions.filter((r) => r.revision === report.revision);
    return revisions.map((revision) => ({
      period: report.period.key,
      indicator: report.indicator.code,
      indicatorName: report.indicator.name,
      unit: report.indicator.unit,
      measure: report.indicator.measure as Measure,
      official: report.official.code,
      value: revision.value,
      note: revision.note,
      revision: revision.revision,
      channel: revision.channel,
      recordedAt: revision.createdAt.toISOString(),
    }));
  });
}
