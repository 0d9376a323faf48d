import {
  addDays,
  createWorkingCalendar,
  localDateOf,
  type Holiday,
  type LocalDate,
  type WorkingCalendar,
} from '../domain/calendar/index.js';
import {
  chairmanDigest,
  dueReminders,
  nextReminders,
  reminderKey,
  stepsInForce,
  type ReminderAssignment,
  type ReminderInput,
  type ReminderOfficial,
  type UpcomingReminder,
} from '../domain/reminders/index.js';
import type { ChannelName, Locale, OutboundMessage } from '../dialog/types.js';
import { enqueue, type OutboxInput } from '../delivery/outbox.js';
import { groupBy } from '../domain/group-by.js';
import type { Status } from '../domain/progress/index.js';
import type { Db, Tx } from '../store/database.js';
import { Prisma } from '../store/generated/sqlite/client.js';
import { periodName } from '../store/period-name.js';
import { evaluateCampaign, type ProgressReportData } from './progress.js';
import { owedSince } from '../domain/indicators/owed.js';
import { reportingStartOf } from './report-items.js';
import { chooseChat, type ReminderChannelPreference } from './reminder-routing.js';

/** Late steps run on up to 10 working days after the last deadline: a campaign is watched this long after it ends. */
const WATCH_AFTER_END_DAYS = 21;
const LEADER_ROLES = new Set(['chairman', 'admin']);
/** what a sprint's last-days nudge lists: anything /tiendo does not show as met, on track or unreported */
const NUDGED: ReadonlySet<Status> = new Set(['behind', 'at_risk', 'over_limit']);

export interface TickOptions {
  at: Date;
  timeZone: string;
  officeHours: { start: string; end: string };
  /** the channels this process sends on */
  served: readonly ChannelName[];
  preference: ReminderChannelPreference;
  defaultLocale: Locale;
  dryRun: boolean;
  organizationCode?: string | undefined;
}

export interface PlannedMessage {
  key: string;
  kind: 'reminder' | 'digest';
  organization: string;
  campaign: string;
  official: { code: string; name: string };
  period: string;
  step: string;
  missing: string[];
  /** where it goes; null when the official has no chat linked on a channel served */
  channel: ChannelName | null;
  payload: OutboundMessage;
}

export interface TickResult {
  at: string;
  messages: PlannedMessage[];
  queued: number;
  duplicates: number;
}

interface ChatLinkRow {
  channel: string;
  chatId: string;
  lastSeenAt: Date;
  locale: string | null;
}

interface OfficialRow {
  id: string;
  organizationId: string;
  code: string;
  name: string;
  role: string;
  remindersPausedUntil: string | null;
  unreachableSince: Date | null;
  unitCode: string | null;
  unitName: string | null;
  chatLinks: ChatLinkRow[];
}

interface CampaignInput {
  campaign: { code: string; organizationCode: string };
  input: ReminderInput;
  officials: Map<string, OfficialRow>;
  periodKeys: Map<string, string>;
}

/**
 * `tick`: only what can be due now (the answers of the periods in force, the queued keys among the
 * candidates, nothing more of a plan whose every candidate is queued already). `all`: everything, for
 * `/nhacnho`, which looks ahead.
 */
type Reach = 'tick' | 'all';

/** Keys per `IN (…)` list: far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const IN_CHUNK = 5_000;

/*
 * The reads below are raw SQL: a province is 3,000 officials, 90,000 assignments and tens of thousands
 * of answers, and mapping that many rows through Prisma's model queries (a nested object per relation)
 * cost more than everything else of the tick. The two big ones come back one row per indicator, the
 * officials' ids joined by commas (ids are cuids: no comma in them); `string_agg` is the same on
 * PostgreSQL and on SQLite (since 3.44; better-sqlite3 bundles a newer one), and grouping by indicator
 * follows the primary key of `Assignment` and the unique index of `Report`.
 */

/** The watched organizations' active officials, with their unit and chat links. */
async function activeOfficials(db: Tx, organizationIds: readonly string[]): Promise<OfficialRow[]> {
  const [officials, links] = await Promise.all([
    db.$queryRaw<Omit<OfficialRow, 'chatLinks'>[]>`
      SELECT f."id", f."organizationId", f."code", f."name", f."role", f."remindersPausedUntil", f."unreachableSince",
        u."code" AS "unitCode", u."name" AS "unitName"
      FROM "Official" f LEFT JOIN "Unit" u ON u."id" = f."unitId"
      WHERE f."organizationId" IN (${Prisma.join(organizationIds)}) AND f."active" = ${true}`,
    db.$queryRaw<(ChatLinkRow & { officialId: string })[]>`
      SELECT l."officialId", l."channel", l."chatId", l."lastSeenAt", l."locale"
      FROM "ChatLink" l JOIN "Official" f ON f."id" = l."officialId"
      WHERE f."organizationId" IN (${Prisma.join(organizationIds)}) AND f."active" = ${true}`,
  ]);
  const linksOf = groupBy(links, (l) => l.officialId);
  return officials.map((o) => ({
    ...o,
    chatLinks: (linksOf.get(o.id) ?? []).map((l) => ({
      channel: l.channel,
      chatId: l.chatId,
      lastSeenAt: l.lastSeenAt,
      locale: l.locale,
    })),
  }));
}

/** The plans' indicators in force (not archived), in plan order, each with the officials assigned. */
async function assignedIndicators(db: Tx, campaignIds: readonly string[]) {
  if (campaignIds.length === 0) return [];
  return db.$queryRaw<{ id: string; campaignId: string; code: string; name: string; officialIds: string }[]>`
    SELECT i."id", i."campaignId", i."code", i."name", string_agg(a."officialId", ',') AS "officialIds"
    FROM "Indicator" i JOIN "Assignment" a ON a."indicatorId" = i."id"
    WHERE i."campaignId" IN (${Prisma.join(campaignIds)}) AND i."archivedAt" IS NULL
    GROUP BY i."id", i."campaignId", i."code", i."name", i."position"
    ORDER BY i."position", i."id"`;
}

/**
 * The assignments made after `since` (the earliest first deadline of the plans): only they, with the
 * plan's reporting start, can free an official from a period (domain/indicators/owed.ts). A plan
 * imported before its start has none, so the tick reads nothing more.
 */
async function datedAssignments(db: Tx, campaignIds: readonly string[], since: Date | null) {
  if (campaignIds.length === 0 || since === null) return [];
  return db.assignment.findMany({
    where: {
      indicator: { campaignId: { in: [...campaignIds] }, archivedAt: null },
      assignedAt: { gt: since },
    },
    select: { indicatorId: true, officialId: true, assignedAt: true },
  });
}

function markLocked<P extends { id: string }>(periods: readonly P[], locked: ReadonlySet<string>): P[] {
  return periods.map((p) => (locked.has(p.id) ? { ...p, locked: true } : p));
}

/** The earliest deadline of these periods; null when there are none. */
function firstDeadline(periods: readonly { deadlineAt: Date }[]): Date | null {
  const times = periods.map((p) => p.deadlineAt.getTime());
  return times.length === 0 ? null : new Date(Math.min(...times));
}

/** The approved periods among these: their figures are locked, reminders leave them alone. */
async function approvedPeriods(db: Tx, periodIds: readonly string[]): Promise<Set<string>> {
  if (periodIds.length === 0) return new Set();
  const rows = await db.periodApproval.findMany({
    where: { periodId: { in: [...periodIds] }, state: 'approved' },
    select: { periodId: true },
  });
  return new Set(rows.map((r) => r.periodId));
}

/** Who answered what in these periods. */
async function answers(db: Tx, periodIds: readonly string[]) {
  if (periodIds.length === 0) return [];
  return db.$queryRaw<{ periodId: string; indicatorId: string; officialIds: string }[]>`
    SELECT r."periodId", r."indicatorId", string_agg(r."officialId", ',') AS "officialIds"
    FROM "Report" r
    WHERE r."periodId" IN (${Prisma.join(periodIds)})
    GROUP BY r."indicatorId", r."periodId"`;
}

/** The keys among `candidates` already queued: by the unique index, however long the outbox's history. */
async function queuedAmong(db: Tx, candidates: readonly string[]): Promise<Set<string>> {
  const sent = new Set<string>();
  for (let start = 0; start < candidates.length; start += IN_CHUNK) {
    const keys = candidates.slice(start, start + IN_CHUNK);
    const rows = await db.$queryRaw<
      { key: string }[]
    >`SELECT "key" FROM "OutboxMessage" WHERE "key" IN (${Prisma.join(keys)})`;
    for (const row of rows) sent.add(row.key);
  }
  return sent;
}

/**
 * The calendar's answers, remembered for one tick: the plans of a province share their deadlines, and
 * each asks the same days again (the calendar walks them with luxon, about 10 µs a step).
 */
function rememberedCalendar(calendar: WorkingCalendar): WorkingCalendar {
  const remember = <T>(answer: (date: LocalDate) => T): ((date: LocalDate) => T) => {
    const known = new Map<LocalDate, T>();
    return (date) => {
      if (known.has(date)) return known.get(date) as T;
      const value = answer(date);
      known.set(date, value);
      return value;
    };
  };
  return {
    isWorkingDay: remember((date) => calendar.isWorkingDay(date)),
    holidayOn: remember((date) => calendar.holidayOn(date)),
    previousWorkingDay: remember((date) => calendar.previousWorkingDay(date)),
    nextWorkingDay: remember((date) => calendar.nextWorkingDay(date)),
    workingDayOnOrBefore: remember((date) => calendar.workingDayOnOrBefore(date)),
    workingDayOnOrAfter: remember((date) => calendar.workingDayOnOrAfter(date)),
  };
}

type ReminderScope = {
  organizationCode?: string | undefined;
  organizationId?: string;
  officeHours?: { start: string; end: string };
};
type WatchedCampaign = Awaited<ReturnType<typeof watchedCampaigns>>[number];
type AssignedIndicator = Awaited<ReturnType<typeof assignedIndicators>>[number];
interface WatchedPlan {
  campaign: WatchedCampaign;
  officials: OfficialRow[];
  periods: ReminderInput['periods'];
  base: ReminderInput;
}

/** The plans watched at `today`: running, or ended less than three weeks ago, in the scope asked. */
function watchedCampaigns(db: Tx, today: string, scope: ReminderScope) {
  return db.campaign.findMany({
    where: {
      startDate: { lte: today },
      endDate: { gte: addDays(today, -WATCH_AFTER_END_DAYS) },
      ...(scope.organizationCode ? { organization: { code: scope.organizationCode } } : {}),
      ...(scope.organizationId ? { organizationId: scope.organizationId } : {}),
    },
    select: {
      id: true,
      code: true,
      title: true,
      kind: true,
      startDate: true,
      endDate: true,
      organizationId: true,
      createdAt: true,
      reportingStart: true,
      organization: { select: { id: true, code: true, name: true } },
      periods: {
        select: {
          id: true,
          key: true,
          nameKey: true,
          nameParams: true,
          cutoffDate: true,
          deadlineAt: true,
          position: true,
        },
      },
    },
    orderBy: [{ organization: { code: 'asc' } }, { startDate: 'asc' }],
  });
}

/** One plan's input to the policy: its officials with what each is assigned, who answered, what is queued. */
function campaignInput(
  plan: Pick<WatchedPlan, 'campaign' | 'officials' | 'periods' | 'base'>,
  progress: ProgressReportData | null,
  read: {
    indicatorsOf: Map<string, AssignedIndicator[]>;
    reported: ReminderInput['reported'];
    sent: Set<string>;
    /** when each assignment was made, for those made after the plan's first deadline */
    assignedAt: Map<string, Date>;
    timeZone: string;
  },
): CampaignInput {
  const { campaign, officials, periods, base } = plan;
  const { indicatorsOf, reported, sent } = read;
  const owedCampaign = {
    createdAt: campaign.createdAt,
    reportingStart: reportingStartOf(campaign, read.timeZone),
  };
  const atRisk = new Map(
    progress?.progress.indicators
      .filter((i) => NUDGED.has(i.status))
      .map((i) => [i.code, i.status] as const) ?? [],
  );
  // Indicators come in plan order, so each official's list is too. One object per indicator, shared
  // by everyone assigned: the policy only reads them.
  const assigned = new Map<string, ReminderAssignment[]>();
  for (const indicator of indicatorsOf.get(campaign.id) ?? []) {
    const item: ReminderAssignment = {
      indicatorId: indicator.id,
      code: indicator.code,
      name: indicator.name,
      atRisk: atRisk.has(indicator.code),
      ...(atRisk.has(indicator.code) ? { status: atRisk.get(indicator.code) } : {}),
    };
    for (const officialId of indicator.officialIds.split(',')) {
      const since = owedSince(read.assignedAt.get(`${indicator.id}|${officialId}`) ?? null, owedCampaign);
      const mine = since === null ? item : { ...item, owedSince: since };
      const list = assigned.get(officialId);
      if (list) list.push(mine);
      else assigned.set(officialId, [mine]);
    }
  }
  const reminderOfficials: ReminderOfficial[] = officials.map((o) => ({
    id: o.id,
    code: o.code,
    name: o.name,
    unit: o.unitCode === null || o.unitName === null ? null : { code: o.unitCode, name: o.unitName },
    pausedUntil: o.remindersPausedUntil,
    unreachable: o.unreachableSince !== null,
    assigned: assigned.get(o.id) ?? [],
  }));
  return {
    campaign: { code: campaign.code, organizationCode: campaign.organization.code },
    input: { ...base, officials: reminderOfficials, reported, sent },
    officials: new Map(officials.map((o) => [o.id, o])),
    periodKeys: new Map(periods.map((p) => [p.id, p.key])),
  };
}

/**
 * The keys already in the outbox: at a tick, only among the candidates of this tick; otherwise every
 * key of the officials (to show what was sent).
 */
async function alreadyQueued(
  db: Tx,
  reach: Reach,
  plans: readonly { reminders: string[]; digests: string[]; digestKey: string | null }[],
  officials: readonly { id: string }[],
): Promise<Set<string>> {
  if (reach === 'tick')
    return queuedAmong(
      db,
      plans.flatMap((p) => [...p.reminders, ...p.digests, ...(p.digestKey === null ? [] : [p.digestKey])]),
    );
  const queued = await db.outboxMessage.findMany({
    where: { officialId: { in: officials.map((o) => o.id) } },
    select: { key: true },
  });
  return new Set(queued.map((m) => m.key));
}

/** What the policy needs for every plan being watched at `at` (running, or ended less than 3 weeks ago). */
async function reminderInputs(
  db: Tx,
  at: Date,
  timeZone: string,
  scope: ReminderScope,
  reach: Reach,
): Promise<CampaignInput[]> {
  const today = localDateOf(at, timeZone);
  const calendar = rememberedCalendar(createWorkingCalendar((await db.holiday.findMany()) as Holiday[]));
  const campaigns = await watchedCampaigns(db, today, scope);
  if (campaigns.length === 0) return [];
  // An organization's officials, once: an annual plan and a sprint of the same commune share them.
  const officialRows = await activeOfficials(db, [...new Set(campaigns.map((c) => c.organizationId))]);
  const officialsOf = groupBy(officialRows, (o) => o.organizationId);

  const plans = campaigns.map((campaign) => {
    const officials = officialsOf.get(campaign.organizationId) ?? [];
    const periods = campaign.periods.map((p) => ({
      id: p.id,
      key: p.key,
      name: periodName(p),
      cutoff: p.cutoffDate,
      deadlineAt: p.deadlineAt,
      position: p.position,
    }));
    const base: ReminderInput = {
      at,
      timeZone,
      calendar,
      ...(scope.officeHours ? { officeHours: scope.officeHours } : {}),
      campaign: {
        kind: campaign.kind as 'annual' | 'sprint',
        start: campaign.startDate,
        end: campaign.endDate,
      },
      periods,
      officials: [],
      reported: [],
      sent: new Set(),
    };
    if (reach === 'all')
      return {
        campaign,
        officials,
        periods,
        base,
        inForce: null,
        reminders: [],
        digestKey: null,
        digests: [],
      };
    // Every key the policy, or the digest's addressing below, may look up at this tick.
    const inForce = stepsInForce(base);
    const reminders = officials.flatMap((o) =>
      inForce.steps.map((s) => reminderKey(o.id, s.periodId, s.step)),
    );
    const digestKey = inForce.digestPeriodId === null ? null : `digest:${inForce.digestPeriodId}`;
    const digests =
      digestKey === null
        ? []
        : officials.filter((o) => LEADER_ROLES.has(o.role)).map((o) => `${digestKey}:${o.id}`);
    return { campaign, officials, periods, base, inForce, reminders, digestKey, digests };
  });

  const sent = await alreadyQueued(db, reach, plans, officialRows);
  // A plan whose every candidate is queued has nothing to say now: its assignments and answers stay
  // unread, and the steady tick (all day long, every few minutes) reads neither.
  const detailed = plans.filter(
    (p) =>
      p.inForce === null ||
      p.reminders.some((key) => !sent.has(key)) ||
      (p.digestKey !== null && !sent.has(p.digestKey) && p.digests.some((key) => !sent.has(key))),
  );
  const answeredPeriods = detailed.flatMap((p) =>
    p.inForce === null
      ? p.periods.map((period) => period.id)
      : [
          ...new Set([
            ...p.inForce.steps.map((s) => s.periodId),
            ...(p.inForce.digestPeriodId === null ? [] : [p.inForce.digestPeriodId]),
          ]),
        ],
  );
  const campaignIds = detailed.map((p) => p.campaign.id);
  const [indicators, answered, dated, locked, progress] = await Promise.all([
    assignedIndicators(db, campaignIds),
    answers(db, answeredPeriods),
    datedAssignments(db, campaignIds, firstDeadline(detailed.flatMap((p) => p.periods))),
    approvedPeriods(db, answeredPeriods),
    Promise.all(
      detailed.map((p) =>
        p.campaign.kind === 'sprint'
          ? evaluateCampaign(db, p.campaign.organization, p.campaign, at, timeZone)
          : Promise.resolve(null),
      ),
    ),
  ]);
  // period → indicator → who answered (ReportedIndex)
  const reported = new Map<string, Map<string, Set<string>>>();
  for (const row of answered) {
    let ofPeriod = reported.get(row.periodId);
    if (!ofPeriod) reported.set(row.periodId, (ofPeriod = new Map<string, Set<string>>()));
    ofPeriod.set(row.indicatorId, new Set(row.officialIds.split(',')));
  }
  const indicatorsOf = groupBy(indicators, (i) => i.campaignId);
  const assignedAt = new Map(
    dated.flatMap((a) => (a.assignedAt ? [[`${a.indicatorId}|${a.officialId}`, a.assignedAt] as const] : [])),
  );
  return detailed.map((plan, index) =>
    campaignInput(
      { ...plan, base: { ...plan.base, periods: markLocked(plan.base.periods, locked) } },
      progress[index] ?? null,
      { indicatorsOf, reported, sent, assignedAt, timeZone },
    ),
  );
}

/**
 * One reminder tick: for every running plan, what the policy says is due now (src/domain/reminders),
 * addressed to each official's chat, and — unless it is a dry run — queued in the outbox under its
 * unique key, so a reminder is queued once however many ticks or instances see it due.
 */
export async function reminderTick(db: Db, options: TickOptions): Promise<TickResult> {
  const planned: PlannedMessage[] = [];
  const outbox: OutboxInput[] = [];
  for (const { campaign, input, officials, periodKeys } of await reminderInputs(
    db,
    options.at,
    options.timeZone,
    options,
    'tick',
  )) {
    const address = (
      officialId: string,
      key: string,
      kind: PlannedMessage['kind'],
      step: string,
      periodId: string,
      missing: string[],
      payload: OutboundMessage,
    ) => {
      const official = officials.get(officialId);
      if (!official) return;
      const chat = chooseChat(official.chatLinks, options.preference, options.served);
      planned.push({
        key,
        kind,
        organization: campaign.organizationCode,
        campaign: campaign.code,
        official: { code: official.code, name: official.name },
        period: periodKeys.get(periodId) ?? periodId,
        step,
        missing,
        channel: chat?.channel ?? null,
        payload,
      });
      if (!chat) return;
      const link = official.chatLinks.find((l) => l.channel === chat.channel && l.chatId === chat.chatId);
      const locale: Locale =
        link?.locale === 'en' || link?.locale === 'vi' ? link.locale : options.defaultLocale;
      outbox.push({ key, officialId, channel: chat.channel, chatId: chat.chatId, payload, locale });
    };
    for (const due of dueReminders(input)) {
      address(
        due.officialId,
        due.key,
        'reminder',
        due.step,
        due.periodId,
        due.missing.map((m) => m.code),
        due.message,
      );
    }
    const digest = chairmanDigest(input);
    if (digest) {
      for (const leader of [...officials.values()].filter((o) => LEADER_ROLES.has(o.role))) {
        const key = `${digest.key}:${leader.id}`;
        if (!input.sent.has(key))
          address(leader.id, key, 'digest', 'digest', digest.periodId, [], digest.message);
      }
    }
  }
  const result = options.dryRun ? { queued: 0, duplicates: 0 } : await enqueue(db, outbox, options.at);
  return { at: options.at.toISOString(), messages: planned, ...result };
}

/** `/nhacnho`: the official's next reminders across the plans being watched. */
export async function upcomingReminders(
  db: Tx,
  officialId: string,
  at: Date,
  timeZone: string,
  officeHours?: { start: string; end: string },
): Promise<UpcomingReminder[]> {
  const official = await db.official.findUniqueOrThrow({ where: { id: officialId } });
  const inputs = await reminderInputs(
    db,
    at,
    timeZone,
    { organizationId: official.organizationId, ...(officeHours ? { officeHours } : {}) },
    'all',
  );
  return inputs
    .flatMap(({ input }) => nextReminders(input, officialId))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}
