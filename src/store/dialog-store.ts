import { localDateOf } from '../domain/calendar/index.js';
import { periodToReport } from '../domain/indicators/due-period.js';
import { requestedPeriod } from '../domain/indicators/period-request.js';
import type { Comparator, Measure, Role } from '../domain/plan/plan.js';
import type {
  ChatRef,
  DialogRepository,
  DialogStore,
  HistoryEntry,
  OfficialView,
  RedeemOutcome,
  ReportItem,
} from '../dialog/ports.js';
import type { Locale } from '../dialog/types.js';
import { hashInviteCode, INVITE_CODE_LENGTH, normalizeInviteCode } from '../services/invites.js';
import { evaluateCampaign, type ProgressReportData } from '../services/progress.js';
import { importReviewedPlan } from '../services/plan-review.js';
import { upcomingReminders } from '../services/reminders.js';
import { recordRevision } from '../services/reports.js';
import pLimit from 'p-limit';
import { POSTGRES_POOL_SIZE, type Database, type Tx } from './database.js';
import { periodName } from './period-name.js';

type OfficeHours = { start: string; end: string };

const indicatorInclude = {
  targets: { orderBy: { position: 'asc' } },
  campaign: { include: { periods: { orderBy: { position: 'asc' } } } },
} as const;

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
type IndicatorRow = {
  id: string;
  code: string;
  name: string;
  category: string;
  unit: string;
  measure: string;
  position: number;
  targets: { source: string; comparator: string; value: string }[];
  campaign: { startDate: string; periods: PeriodRow[] };
};

function officialView(link: {
  locale: string | null;
  official: { id: string; code: string; name: string; role: string; organization: { name: string } };
}): OfficialView {
  return {
    id: link.official.id,
    code: link.official.code,
    name: link.official.name,
    role: link.official.role as Role,
    organizationName: link.official.organization.name,
    locale: link.locale === 'vi' || link.locale === 'en' ? link.locale : null,
  };
}

function createRepository(
  tx: Tx,
  kind: Database['kind'],
  timeZone: string,
  officeHours: OfficeHours | undefined,
): DialogRepository {
  async function items(
    officialId: string,
    pairs: { indicator: IndicatorRow; period: PeriodRow }[],
  ): Promise<ReportItem[]> {
    const previousOf = new Map(
      pairs.map(({ indicator, period }) => [
        indicator.id,
        indicator.campaign.periods.find((p) => p.position === period.position - 1) ?? null,
      ]),
    );
    const [mine, earlier] = await Promise.all([
      tx.report.findMany({
        where: {
          officialId,
          OR: pairs.map(({ indicator, period }) => ({ indicatorId: indicator.id, periodId: period.id })),
        },
      }),
      tx.report.findMany({
        where: {
          OR: pairs.flatMap(({ indicator }) => {
            const previous = previousOf.get(indicator.id);
            return previous ? [{ indicatorId: indicator.id, periodId: previous.id }] : [];
          }),
        },
        orderBy: { updatedAt: 'desc' },
      }),
    ]);
    return pairs.map(({ indicator, period }) => {
      const current = mine.find((r) => r.indicatorId === indicator.id && r.periodId === period.id);
      const previousPeriod = previousOf.get(indicator.id) ?? null;
      const previous = previousPeriod
        ? earlier.find((r) => r.indicatorId === indicator.id && r.periodId === previousPeriod.id)
        : undefined;
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
        periodId: period.id,
        periodName: periodName(period),
        cutoff: period.cutoffDate,
        deadlineAt: period.deadlineAt,
        current: current ? { value: current.value, note: current.note } : null,
        previous:
          previous && previousPeriod
            ? { value: previous.value, periodName: periodName(previousPeriod) }
            : null,
      };
    });
  }

  return {
    async claimUpdate(channel, updateKey) {
      // ON CONFLICT rather than catching the unique violation: on PostgreSQL a failed statement
      // aborts the whole transaction. Both databases accept this statement.
      const inserted =
        await tx.$executeRaw`INSERT INTO "ProcessedUpdate" ("channel", "updateKey") VALUES (${channel}, ${updateKey}) ON CONFLICT DO NOTHING`;
      return inserted === 1;
    },

    async isProcessed(channel, updateKey) {
      return (await tx.processedUpdate.count({ where: { channel, updateKey } })) > 0;
    },

    async loadState(chat) {
      if (kind === 'postgres') {
        // Serialises two instances answering the same chat at once (webhooks behind a load balancer).
        const rows = await tx.$queryRaw<
          { state: string }[]
        >`SELECT "state" FROM "Conversation" WHERE "channel" = ${chat.channel} AND "chatId" = ${chat.chatId} FOR UPDATE`;
        return rows[0]?.state ?? null;
      }
      const row = await tx.conversation.findUnique({
        where: { channel_chatId: { channel: chat.channel, chatId: chat.chatId } },
      });
      return row?.state ?? null;
    },

    async saveState(chat, state) {
      await tx.conversation.upsert({
        where: { channel_chatId: { channel: chat.channel, chatId: chat.chatId } },
        create: { channel: chat.channel, chatId: chat.chatId, state },
        update: { state },
      });
    },

    async officialFor(chat) {
      const link = await tx.chatLink.findUnique({
        where: { channel_externalUserId: { channel: chat.channel, externalUserId: chat.userId } },
        include: { official: { include: { organization: true } } },
      });
      if (!link || !link.official.active) return null;
      // Where the official was seen last: reminders go to the channel they use.
      await tx.chatLink.update({ where: { id: link.id }, data: { lastSeenAt: new Date() } });
      // Writing to the bot again unblocks it: reminders may resume.
      if (link.official.unreachableSince !== null)
        await tx.official.update({ where: { id: link.officialId }, data: { unreachableSince: null } });
      return officialView(link);
    },

    async redeemInvite(code, chat, locale, now): Promise<RedeemOutcome> {
      const normalized = normalizeInviteCode(code);
      if (normalized.length !== INVITE_CODE_LENGTH) return { status: 'invalid' };
      const invite = await tx.invite.findUnique({
        where: { codeHash: hashInviteCode(normalized) },
        include: { official: true },
      });
      if (!invite || !invite.official.active) return { status: 'invalid' };
      if (invite.usedAt) return { status: 'used' };
      if (invite.expiresAt <= now) return { status: 'expired' };
      const key = { channel_externalUserId: { channel: chat.channel, externalUserId: chat.userId } };
      const existing = await tx.chatLink.findUnique({
        where: key,
        include: { official: { include: { organization: true } } },
      });
      if (existing && existing.officialId !== invite.officialId && existing.official.active)
        return { status: 'chat_taken' };
      if (existing && existing.officialId === invite.officialId)
        return { status: 'already_linked', official: officialView(existing) };
      const claimed = await tx.invite.updateMany({
        where: { id: invite.id, usedAt: null },
        data: { usedAt: now },
      });
      if (claimed.count !== 1) return { status: 'used' };
      const link = existing
        ? await tx.chatLink.update({
            where: key,
            data: { officialId: invite.officialId, chatId: chat.chatId, linkedAt: now },
            include: { official: { include: { organization: true } } },
          })
        : await tx.chatLink.create({
            data: {
              officialId: invite.officialId,
              channel: chat.channel,
              externalUserId: chat.userId,
              chatId: chat.chatId,
              locale,
              linkedAt: now,
            },
            include: { official: { include: { organization: true } } },
          });
      return { status: 'linked', official: officialView(link) };
    },

    async setLocale(chat: ChatRef, locale: Locale) {
      await tx.chatLink.updateMany({
        where: { channel: chat.channel, externalUserId: chat.userId },
        data: { locale },
      });
    },

    async reportItems(officialId, now, request) {
      const assignments = await tx.assignment.findMany({
        where: { officialId, indicator: { archivedAt: null } },
        include: { indicator: { include: indicatorInclude } },
      });
      const indicators = assignments
        .map((a) => a.indicator)
        .sort((a, b) => a.campaign.startDate.localeCompare(b.campaign.startDate) || a.position - b.position);
      const reported = await tx.report.findMany({
        where: { officialId, indicatorId: { in: indicators.map((i) => i.id) } },
        select: { indicatorId: true, periodId: true },
      });
      const today = localDateOf(now, timeZone);
      const pairs: { indicator: IndicatorRow; period: PeriodRow }[] = [];
      const chosen = new Map<string, PeriodRow | null>();
      for (const indicator of indicators) {
        const campaignId = indicator.campaignId;
        if (!chosen.has(campaignId)) {
          const mine = indicators.filter((i) => i.campaignId === campaignId).map((i) => i.id);
          const missingIn = (period: PeriodRow) =>
            mine.some((id) => !reported.some((r) => r.indicatorId === id && r.periodId === period.id));
          chosen.set(
            campaignId,
            request
              ? requestedPeriod(indicator.campaign.periods, request, today)
              : periodToReport(indicator.campaign.periods, now, today, missingIn),
          );
        }
        const period = chosen.get(campaignId);
        if (period) pairs.push({ indicator, period });
      }
      return pairs.length > 0 ? items(officialId, pairs) : [];
    },

    async reportItem(officialId, ref) {
      const assignment = await tx.assignment.findUnique({
        where: { indicatorId_officialId: { indicatorId: ref.indicatorId, officialId } },
        include: { indicator: { include: indicatorInclude } },
      });
      const indicator = assignment?.indicator;
      const period = indicator?.campaign.periods.find((p) => p.id === ref.periodId);
      if (!indicator || indicator.archivedAt !== null || !period) return null;
      const [item] = await items(officialId, [{ indicator, period }]);
      return item ?? null;
    },

    async saveReport(input) {
      const item = await tx.assignment.findUnique({
        where: { indicatorId_officialId: { indicatorId: input.indicatorId, officialId: input.officialId } },
        include: { indicator: true },
      });
      if (!item) throw new Error('saving a report for an indicator that is not assigned');
      const outcome = await recordRevision(tx, {
        indicator: { id: input.indicatorId, unit: item.indicator.unit },
        period: { id: input.periodId },
        official: { id: input.officialId },
        value: input.value,
        note: input.note,
        channel: input.channel,
        measure: item.indicator.measure as Measure,
      });
      return { status: outcome.status, revision: outcome.revision };
    },

    async recentReports(officialId, limit): Promise<HistoryEntry[]> {
      const revisions = await tx.reportRevision.findMany({
        where: { report: { officialId } },
        include: { report: { include: { indicator: true, period: true } } },
        orderBy: [{ createdAt: 'desc' }, { revision: 'desc' }],
        take: limit,
      });
      return revisions.map((r) => ({
        code: r.report.indicator.code,
        name: r.report.indicator.name,
        unit: r.report.indicator.unit,
        measure: r.report.indicator.measure as Measure,
        periodName: periodName(r.report.period),
        value: r.value,
        note: r.note,
        revision: r.revision,
        at: r.createdAt,
      }));
    },

    upcomingReminders: (officialId, now) => upcomingReminders(tx, officialId, now, timeZone, officeHours),

    async pauseReminders(officialId, until) {
      await tx.official.update({ where: { id: officialId }, data: { remindersPausedUntil: until } });
    },

    async remindersPausedUntil(officialId) {
      return (
        await tx.official.findUniqueOrThrow({
          where: { id: officialId },
          select: { remindersPausedUntil: true },
        })
      ).remindersPausedUntil;
    },

    async progress(officialId, now) {
      // The official's organization and its plans in one go: two queries instead of three.
      const { campaigns, ...organization } = await tx.organization.findFirstOrThrow({
        where: { officials: { some: { id: officialId } } },
        select: {
          id: true,
          code: true,
          name: true,
          campaigns: {
            orderBy: { startDate: 'desc' },
            select: { id: true, code: true, title: true, kind: true, startDate: true, endDate: true },
          },
        },
      });
      const today = localDateOf(now, timeZone);
      const running = campaigns.filter((c) => c.startDate <= today && today <= c.endDate);
      const shown = running.length > 0 ? running : campaigns.slice(0, 1);
      const results: ProgressReportData[] = [];
      for (const campaign of shown)
        results.push(await evaluateCampaign(tx, organization, campaign, now, timeZone));
      return results;
    },

    importPlan: (officialId, planYaml, now) => importReviewedPlan(tx, officialId, planYaml, now, timeZone),
  };
}

/**
 * How many dialog steps hold a transaction at once. PostgreSQL: the pool, less two connections kept
 * for the reminder tick and the delivery worker; beyond that a step would wait for a connection under
 * pg's connect timeout and fail ("try again") when a thousand officials answer at once (bench:
 * concurrent-officials). SQLite writes one transaction at a time anyway. The others wait in this queue,
 * in order, holding no connection and little memory.
 */
function concurrentSteps(kind: Database['kind']): number {
  return kind === 'postgres' ? POSTGRES_POOL_SIZE - 2 : 1;
}

/** Each dialog step in one transaction (see createDialogEngine). */
export function createDialogStore(
  database: Database,
  timeZone: string,
  officeHours?: OfficeHours,
): DialogStore {
  const limit = pLimit(concurrentSteps(database.kind));
  return {
    transaction: (work) =>
      limit(() =>
        // 60 s: a step that imports a confirmed plan writes every indicator, target and period of it.
        database.db.$transaction((tx) => work(createRepository(tx, database.kind, timeZone, officeHours)), {
          timeout: 60_000,
          maxWait: 20_000,
        }),
      ),
  };
}
