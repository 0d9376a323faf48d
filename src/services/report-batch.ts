import { randomUUID } from 'node:crypto';
import type { Measure } from '../domain/plan/plan.js';
import { insertRows } from '../store/bulk-insert.js';
import type { Tx } from '../store/database.js';
import { Prisma } from '../store/generated/sqlite/client.js';
import { lockedPeriods } from './approval.js';
import { UserError } from './errors.js';
import { recordRevision, type Channel, type ReportOutcome } from './reports.js';

/**
 * Many answers of one official stored at once — the web form's "Lưu", the chat's batch answer — with the
 * rules of recordRevision (reports.ts), answer by answer the same outcome, in a handful of statements:
 * one look at the approvals, one read of the current reports, one insert of the new reports, one guarded
 * update of the revised ones, one insert of the revisions. Fifty answers through recordRevision were ~200
 * statements: 3–5 s of a 50-value save under load (bench/web-pages.ts), with SQLite's writer lock held.
 */

export interface BatchAnswer {
  indicator: { id: string; unit: string };
  periodId: string;
  value: string;
  /** undefined keeps the current note, null or blank clears it */
  note: string | null | undefined;
  measure: Measure;
  /** the revision the writer saw (0: none yet); another one now and nothing of the batch is stored */
  expectedRevision?: number;
  /**
   * The official's report as the caller just read it (null: none), to decide on without reading it
   * again: the writes are guarded on it (a report created or corrected since refuses the batch).
   */
  seen?: Current | null;
}

export interface BatchInput {
  officialId: string;
  channel: Channel;
  answers: readonly BatchAnswer[];
  /**
   * An answer for an approved period: `refuse` stores nothing of the batch (approval:error.locked, the
   * web form), `skip` stores the others and says `locked` for it (the chat's batch).
   */
  whenLocked: 'refuse' | 'skip';
}

export type BatchOutcome = ReportOutcome | { status: 'locked' };

/** Rows of one UPDATE: each takes 6 parameters, far below either database's limit. */
const UPDATE_CHUNK = 200;

type Current = { id: string; value: string; note: string | null; revision: number };

type Planned =
  | { kind: 'locked' }
  | { kind: 'create'; id: string; answer: BatchAnswer; note: string | null }
  | { kind: 'revise'; current: Current; answer: BatchAnswer; note: string | null }
  | { kind: 'unchanged'; current: Current; answer: BatchAnswer };

/** Inside the caller's transaction: every answer stored or, on any refusal, an error and nothing. */
export async function recordRevisions(tx: Tx, input: BatchInput): Promise<BatchOutcome[]> {
  if (input.answers.length === 0) return [];
  if (hasRepeats(input.answers)) return recordOneByOne(tx, input);
  const periodIds = [...new Set(input.answers.map((a) => a.periodId))];
  const locked = await lockedPeriods(tx, periodIds);
  if (locked.size > 0 && input.whenLocked === 'refuse') throw new UserError('approval:error.locked');
  const stored = await storedReports(tx, input, periodIds);
  const plan = input.answers.map((answer) =>
    locked.has(answer.periodId)
      ? ({ kind: 'locked' } as const)
      : planned(answer, stored(answer) ?? undefined),
  );
  await write(tx, input, plan, new Date());
  return plan.map((step) => outcomeOf(step));
}

/** Each answer's report: as the caller saw it, or read now where it gave none. */
async function storedReports(
  tx: Tx,
  input: BatchInput,
  periodIds: string[],
): Promise<(answer: BatchAnswer) => Current | null> {
  const rows = input.answers.every((a) => a.seen !== undefined)
    ? []
    : await tx.report.findMany({
        where: { officialId: input.officialId, periodId: { in: periodIds } },
        select: { id: true, indicatorId: true, periodId: true, value: true, note: true, revision: true },
      });
  const byKey = new Map(rows.map((r) => [keyOf(r.indicatorId, r.periodId), r]));
  return (answer) =>
    answer.seen !== undefined
      ? answer.seen
      : (byKey.get(keyOf(answer.indicator.id, answer.periodId)) ?? null);
}

function keyOf(indicatorId: string, periodId: string): string {
  return `${indicatorId}|${periodId}`;
}

function hasRepeats(answers: readonly BatchAnswer[]): boolean {
  return new Set(answers.map((a) => keyOf(a.indicator.id, a.periodId))).size !== answers.length;
}

/** The same indicator twice in one batch: each answer is a revision of the one before, as sent. */
async function recordOneByOne(tx: Tx, input: BatchInput): Promise<BatchOutcome[]> {
  const locked = await lockedPeriods(tx, [...new Set(input.answers.map((a) => a.periodId))]);
  if (locked.size > 0 && input.whenLocked === 'refuse') throw new UserError('approval:error.locked');
  const outcomes: BatchOutcome[] = [];
  for (const answer of input.answers) {
    if (locked.has(answer.periodId)) {
      outcomes.push({ status: 'locked' });
      continue;
    }
    outcomes.push(
      await recordRevision(tx, {
        indicator: answer.indicator,
        period: { id: answer.periodId },
        official: { id: input.officialId },
        value: answer.value,
        note: answer.note,
        channel: input.channel,
        measure: answer.measure,
        ...(answer.expectedRevision === undefined ? {} : { expectedRevision: answer.expectedRevision }),
      }),
    );
  }
  return outcomes;
}

/** What recordRevision would do with this answer, decided on the report as read. */
function planned(answer: BatchAnswer, current: Current | undefined): Planned {
  if (answer.expectedRevision !== undefined && (current?.revision ?? 0) !== answer.expectedRevision)
    throw new UserError('report:error.concurrent_change');
  const note = answer.note === undefined ? (current?.note ?? null) : answer.note?.trim() || null;
  if (!current) return { kind: 'create', id: randomUUID(), answer, note };
  if (current.value === answer.value && current.note === note) return { kind: 'unchanged', current, answer };
  return { kind: 'revise', current, answer, note };
}

const REPORT_COLUMNS = [
  'id',
  'indicatorId',
  'periodId',
  'officialId',
  'value',
  'note',
  'revision',
  'createdAt',
  'updatedAt',
] as const;

const REVISION_COLUMNS = ['id', 'reportId', 'revision', 'value', 'note', 'channel', 'createdAt'] as const;

async function write(tx: Tx, input: BatchInput, plan: readonly Planned[], now: Date): Promise<void> {
  const creates = plan.flatMap((p) => (p.kind === 'create' ? [p] : []));
  const revises = plan.flatMap((p) => (p.kind === 'revise' ? [p] : []));
  if (creates.length > 0) {
    const rows = creates.map((c) => ({
      id: c.id,
      indicatorId: c.answer.indicator.id,
      periodId: c.answer.periodId,
      officialId: input.officialId,
      value: c.answer.value,
      note: c.note,
      revision: 1,
      createdAt: now,
      updatedAt: now,
    }));
    // Another writer created one of them since the read (a second device, the chat): nothing is stored.
    const inserted = await insertRows(tx, 'Report', REPORT_COLUMNS, rows, { ignoreConflicts: true });
    if (inserted !== rows.length) throw new UserError('report:error.concurrent_change');
  }
  for (let start = 0; start < revises.length; start += UPDATE_CHUNK)
    await reviseGuarded(tx, revises.slice(start, start + UPDATE_CHUNK), now);
  const revisions = [
    ...creates.map((c) => ({ reportId: c.id, revision: 1, value: c.answer.value, note: c.note })),
    ...revises.map((r) => ({
      reportId: r.current.id,
      revision: r.current.revision + 1,
      value: r.answer.value,
      note: r.note,
    })),
  ].map((r) => ({ id: randomUUID(), ...r, channel: input.channel, createdAt: now }));
  if (revisions.length > 0) await insertRows(tx, 'ReportRevision', REVISION_COLUMNS, revisions);
}

/**
 * One UPDATE for many reports, each guarded on the revision read: a report corrected meanwhile matches
 * nothing, the count falls short, and the whole batch is refused (as recordRevision's updateMany).
 */
async function reviseGuarded(
  tx: Tx,
  revises: readonly Extract<Planned, { kind: 'revise' }>[],
  now: Date,
): Promise<void> {
  const cases = (pick: (r: (typeof revises)[number]) => string | null) =>
    Prisma.join(
      revises.map((r) => Prisma.sql`WHEN ${r.current.id} THEN ${pick(r)}`),
      ' ',
    );
  const guards = Prisma.join(
    revises.map((r) => Prisma.sql`("id" = ${r.current.id} AND "revision" = ${r.current.revision})`),
    ' OR ',
  );
  const updated = await tx.$executeRaw`
    UPDATE "Report" SET
      "value" = CASE "id" ${cases((r) => r.answer.value)} END,
      "note" = CASE "id" ${cases((r) => r.note)} END,
      "revision" = "revision" + 1,
      "updatedAt" = ${now}
    WHERE ${guards}`;
  if (updated !== revises.length) throw new UserError('report:error.concurrent_change');
}

function outcomeOf(step: Planned): BatchOutcome {
  if (step.kind === 'locked') return { status: 'locked' };
  const { answer } = step;
  const base = { unit: answer.indicator.unit, measure: answer.measure, value: answer.value };
  if (step.kind === 'create') return { ...base, status: 'created', reportId: step.id, revision: 1 };
  if (step.kind === 'unchanged')
    return { ...base, status: 'unchanged', reportId: step.current.id, revision: step.current.revision };
  return { ...base, status: 'revised', reportId: step.current.id, revision: step.current.revision + 1 };
}
