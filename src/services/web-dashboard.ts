import { localDateOf } from '../domain/calendar/index.js';
import type { Message } from '../domain/message.js';
import { deadlineMessage, deadlineView } from '../domain/reminders/messages.js';
import type { ChannelName, Locale } from '../dialog/types.js';
import { enqueue } from '../delivery/outbox.js';
import type { Db } from '../store/database.js';
import { periodName } from '../store/period-name.js';
import { evaluateCampaign, type ProgressReportData } from './progress.js';
import { chooseChat, type ReminderChannelPreference } from './reminder-routing.js';

/**
 * What the chairman's dashboard reads: the same evaluation as `/tiendo` (evaluateCampaign), for one
 * plan of the chairman's own organization, and the answers behind one indicator.
 */

export interface DashboardCampaign {
  code: string;
  title: string;
  running: boolean;
}

export interface Dashboard {
  campaigns: DashboardCampaign[];
  data: ProgressReportData | null;
}

/** The plan asked for, else the running one (the latest running, or the latest of all). */
export async function loadDashboard(
  db: Db,
  organizationId: string,
  options: { now: Date; timeZone: string; campaignCode?: string | undefined },
): Promise<Dashboard> {
  // One read for both: each Prisma query is compiled anew, a few milliseconds of every page.
  const { campaigns, ...organization } = await db.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: {
      id: true,
      code: true,
      name: true,
      campaigns: {
        orderBy: { startDate: 'desc' },
        select: {
          id: true,
          code: true,
          title: true,
          kind: true,
          startDate: true,
          endDate: true,
          createdAt: true,
          reportingStart: true,
        },
      },
    },
  });
  const today = localDateOf(options.now, options.timeZone);
  const running = (c: { startDate: string; endDate: string }) => c.startDate <= today && today <= c.endDate;
  const chosen =
    campaigns.find((c) => c.code === options.campaignCode) ?? campaigns.find(running) ?? campaigns[0];
  return {
    campaigns: campaigns.map((c) => ({ code: c.code, title: c.title, running: running(c) })),
    data: chosen ? await evaluateCampaign(db, organization, chosen, options.now, options.timeZone) : null,
  };
}

export interface IndicatorAnswer {
  periodKey: string;
  periodName: Message;
  official: { code: string; name: string };
  value: string;
  note: string | null;
  revision: number;
  channel: string;
  at: Date;
}

/** Every official's current answer for one indicator, by period (drill-down), within one organization. */
export async function indicatorAnswers(
  db: Db,
  organizationId: string,
  campaignCode: string,
  indicatorCode: string,
): Promise<IndicatorAnswer[] | null> {
  const indicator = await db.indicator.findFirst({
    where: { code: indicatorCode, campaign: { code: campaignCode, organizationId } },
    select: { id: true },
  });
  if (!indicator) return null;
  const reports = await db.report.findMany({
    where: { indicatorId: indicator.id, official: { organizationId } },
    include: {
      period: true,
      official: { select: { code: true, name: true } },
      revisions: { orderBy: { revision: 'desc' }, take: 1, select: { channel: true } },
    },
    orderBy: [{ period: { position: 'asc' } }, { official: { code: 'asc' } }],
  });
  return reports.map((r) => ({
    periodKey: r.period.key,
    periodName: periodName(r.period),
    official: r.official,
    value: r.value,
    note: r.note,
    revision: r.revision,
    channel: r.revisions[0]?.channel ?? '',
    at: r.updatedAt,
  }));
}

export type RemindOutcome = 'queued' | 'already' | 'no_chat' | 'nothing_missing';

/**
 * "Nhắc ngay": the late official gets the same message as the reminder after a deadline, queued in the
 * outbox (sent by the delivery worker), at most once a day per official and period.
 */
export async function remindNow(
  db: Db,
  input: {
    organizationId: string;
    data: ProgressReportData;
    officialCode: string;
    now: Date;
    timeZone: string;
    served: readonly ChannelName[];
    preference: ReminderChannelPreference;
    defaultLocale: Locale;
  },
): Promise<RemindOutcome> {
  const late = input.data.progress.late;
  const entry = late?.officials.find((o) => o.code === input.officialCode);
  if (!late || !entry || entry.missing.length === 0) return 'nothing_missing';
  const official = await db.official.findUnique({
    where: { organizationId_code: { organizationId: input.organizationId, code: input.officialCode } },
    include: { chatLinks: true },
  });
  if (!official || !official.active) return 'nothing_missing';
  const chat = chooseChat(official.chatLinks, input.preference, input.served);
  if (!chat) return 'no_chat';
  const indicators = await db.indicator.findMany({
    where: {
      code: { in: entry.missing },
      campaign: { code: input.data.campaign.code, organizationId: input.organizationId },
    },
    select: { id: true, code: true, name: true },
  });
  const missing = entry.missing.flatMap((code) => indicators.filter((i) => i.code === code));
  const period = { ...late.period, cutoff: late.period.cutoff };
  const message = deadlineMessage(
    {
      official: {
        id: official.id,
        code: official.code,
        name: official.name,
        pausedUntil: null,
        unreachable: false,
        assigned: missing.map((i) => ({ indicatorId: i.id, code: i.code, name: i.name })),
      },
      period,
      at: input.now,
      timeZone: input.timeZone,
      maxListed: 10,
      deadline: deadlineView(period, input.now, input.timeZone),
    },
    'late',
    missing.map((i) => ({ indicatorId: i.id, code: i.code, name: i.name })),
  );
  const link = official.chatLinks.find((l) => l.channel === chat.channel && l.chatId === chat.chatId);
  const locale: Locale = link?.locale === 'en' || link?.locale === 'vi' ? link.locale : input.defaultLocale;
  const key = `manual:${official.id}:${late.period.id}:${localDateOf(input.now, input.timeZone)}`;
  const { queued } = await enqueue(
    db,
    [{ key, officialId: official.id, channel: chat.channel, chatId: chat.chatId, payload: message, locale }],
    input.now,
  );
  return queued === 1 ? 'queued' : 'already';
}
