import { addDays, createWorkingCalendar, localDateOf, type Holiday } from '../domain/calendar/index.js';
import { chairmanDigest, dueReminders, reportedKey, type ReminderOfficial } from '../domain/reminders/index.js';
import type { ChannelName, Locale, OutboundMessage } from '../dialog/types.js';
import { enqueue, type OutboxInput } from '../delivery/outbox.js';
import type { Db } from '../store/database.js';
import { periodName } from '../store/period-name.js';
import { evaluateCampaign } from './progress.js';
import { chooseChat, type ReminderChannelPreference } from './reminder-routing.js';

/** Late steps run on up to 10 working days after the last deadline: a campaign is watched this long after it ends. */
const WATCH_AFTER_END_DAYS = 21;
const LEADER_ROLES = new Set(['chairman', 'admin']);

export interface TickOptions {
  at: Date;
  timeZone: string;
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

/**
 * One reminder tick: for every running plan, what the policy says is due now (src/domain/reminders),
 * addressed to each official's chat, and — unless it is a dry run — queued in the outbox under its
 * unique key, so a reminder is queued once however many ticks or instances see it due.
 */
export async function reminderTick(db: Db, options: TickOptions): Promise<TickResult> {
  const today = localDateOf(options.at, options.timeZone);
  const holidays = (await db.holiday.findMany()) as Holiday[];
  const calendar = createWorkingCalendar(holidays);
  const campaigns = await db.campaign.findMany({
    where: { startDate: { lte: today }, endDate: { gte: addDays(today, -WATCH_AFTER_END_DAYS) }, ...(options.organizationCode ? { organization: { code: options.organizationCode } } : {}) },
    include: { organization: true, periods: true },
    orderBy: [{ organization: { code: 'asc' } }, { startDate: 'asc' }],
  });
  const planned: PlannedMessage[] = [];
  const outbox: OutboxInput[] = [];
  for (const campaign of campaigns) {
    const [officials, assignments, reports, progress] = await Promise.all([
      db.official.findMany({ where: { organizationId: campaign.organizationId, active: true }, include: { unit: true, chatLinks: true } }),
      db.assignment.findMany({ where: { indicator: { campaignId: campaign.id, archivedAt: null } }, include: { indicator: true } }),
      db.report.findMany({ where: { period: { campaignId: campaign.id } }, select: { periodId: true, indicatorId: true, officialId: true } }),
      campaign.kind === 'sprint' ? evaluateCampaign(db, campaign.organization, campaign, options.at) : Promise.resolve(null),
    ]);
    const atRisk = new Set(progress?.progress.indicators.filter((i) => i.status === 'at_risk' || i.status === 'behind').map((i) => i.code) ?? []);
    const sent = new Set(
      (await db.outboxMessage.findMany({ where: { officialId: { in: officials.map((o) => o.id) } }, select: { key: true } })).map((m) => m.key),
    );
    const byId = new Map(officials.map((o) => [o.id, o]));
    const reminderOfficials: ReminderOfficial[] = officials.map((o) => ({
      id: o.id,
      code: o.code,
      name: o.name,
      unit: o.unit ? { code: o.unit.code, name: o.unit.name } : null,
      pausedUntil: o.remindersPausedUntil,
      unreachable: o.unreachableSince !== null,
      assigned: assignments
        .filter((a) => a.officialId === o.id)
        .sort((a, b) => a.indicator.position - b.indicator.position)
        .map((a) => ({ indicatorId: a.indicatorId, code: a.indicator.code, name: a.indicator.name, atRisk: atRisk.has(a.indicator.code) })),
    }));
    const periods = campaign.periods.map((p) => ({ id: p.id, key: p.key, name: periodName(p), cutoff: p.cutoffDate, deadlineAt: p.deadlineAt, position: p.position }));
    const input = {
      at: options.at,
      timeZone: options.timeZone,
      calendar,
      campaign: { kind: campaign.kind as 'annual' | 'sprint', start: campaign.startDate, end: campaign.endDate },
      periods,
      officials: reminderOfficials,
      reported: reports.map((r) => reportedKey(r.periodId, r.indicatorId, r.officialId)),
      sent,
    };
    const keyOfPeriod = new Map(periods.map((p) => [p.id, p.key]));
    const address = (officialId: string, key: string, kind: PlannedMessage['kind'], step: string, periodId: string, missing: string[], payload: OutboundMessage) => {
      const official = byId.get(officialId);
      if (!official) return;
      const chat = chooseChat(official.chatLinks, options.preference, options.served);
      planned.push({
        key,
        kind,
        organization: campaign.organization.code,
        campaign: campaign.code,
        official: { code: official.code, name: official.name },
        period: keyOfPeriod.get(periodId) ?? periodId,
        step,
        missing,
        channel: chat?.channel ?? null,
        payload,
      });
      if (!chat) return;
      const link = official.chatLinks.find((l) => l.channel === chat.channel && l.chatId === chat.chatId);
      const locale: Locale = link?.locale === 'en' || link?.locale === 'vi' ? link.locale : options.defaultLocale;
      outbox.push({ key, officialId, channel: chat.channel, chatId: chat.chatId, payload, locale });
    };
    for (const due of dueReminders(input)) {
      address(due.officialId, due.key, 'reminder', due.step, due.periodId, due.missing.map((m) => m.code), due.message);
    }
    const digest = chairmanDigest(input);
    if (digest) {
      for (const leader of officials.filter((o) => LEADER_ROLES.has(o.role))) {
        const key = `${digest.key}:${leader.id}`;
        if (!sent.has(key)) address(leader.id, key, 'digest', 'digest', digest.periodId, [], digest.message);
      }
    }
  }
  const result = options.dryRun ? { queued: 0, duplicates: 0 } : await enqueue(db, outbox, options.at);
  return { at: options.at.toISOString(), messages: planned, ...result };
}
