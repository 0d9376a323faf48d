import { addDays, createWorkingCalendar, localDateOf, type Holiday } from '../domain/calendar/index.js';
import { chairmanDigest, dueReminders, nextReminders, reportedKey, type ReminderInput, type ReminderOfficial, type UpcomingReminder } from '../domain/reminders/index.js';
import type { ChannelName, Locale, OutboundMessage } from '../dialog/types.js';
import { enqueue, type OutboxInput } from '../delivery/outbox.js';
import type { Db, Tx } from '../store/database.js';
import { periodName } from '../store/period-name.js';
import { evaluateCampaign } from './progress.js';
import { chooseChat, type ReminderChannelPreference } from './reminder-routing.js';

/** Late steps run on up to 10 working days after the last deadline: a campaign is watched this long after it ends. */
const WATCH_AFTER_END_DAYS = 21;
const LEADER_ROLES = new Set(['chairman', 'admin']);

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

/**
 * One reminder tick: for every running plan, what the policy says is due now (src/domain/reminders),
 * addressed to each official's chat, and — unless it is a dry run — queued in the outbox under its
 * unique key, so a reminder is queued once however many ticks or instances see it due.
 */
type Officials = {
  id: string;
  code: string;
  name: string;
  role: string;
  remindersPausedUntil: string | null;
  unreachableSince: Date | null;
  unit: { code: string; name: string } | null;
  chatLinks: { channel: string; chatId: string; lastSeenAt: Date; locale: string | null }[];
}[];

interface CampaignInput {
  campaign: { code: string; organizationCode: string };
  input: ReminderInput;
  officials: Map<string, { id: string; code: string; name: string; role: string; chatLinks: { channel: string; chatId: string; lastSeenAt: Date; locale: string | null }[] }>;
  periodKeys: Map<string, string>;
}

/** What the policy needs for every plan being watched at `at` (running, or ended less than 3 weeks ago). */
async function reminderInputs(
  db: Tx,
  at: Date,
  timeZone: string,
  scope: { organizationCode?: string | undefined; organizationId?: string; officeHours?: { start: string; end: string } },
): Promise<CampaignInput[]> {
  const today = localDateOf(at, timeZone);
  const calendar = createWorkingCalendar((await db.holiday.findMany()) as Holiday[]);
  const campaigns = await db.campaign.findMany({
    where: {
      startDate: { lte: today },
      endDate: { gte: addDays(today, -WATCH_AFTER_END_DAYS) },
      ...(scope.organizationCode ? { organization: { code: scope.organizationCode } } : {}),
      ...(scope.organizationId ? { organizationId: scope.organizationId } : {}),
    },
    include: { organization: true, periods: true },
    orderBy: [{ organization: { code: 'asc' } }, { startDate: 'asc' }],
  });
  // An organization's officials and the keys already queued for them, once per organization: an
  // annual plan and a sprint of the same commune share both.
  const perOrganization = new Map<string, Promise<{ officials: Officials; sent: Set<string> }>>();
  const organizationData = (organizationId: string) => {
    let loaded = perOrganization.get(organizationId);
    if (!loaded) {
      loaded = (async () => {
        const officials = await db.official.findMany({ where: { organizationId, active: true }, include: { unit: true, chatLinks: true } });
        const keys = await db.outboxMessage.findMany({ where: { officialId: { in: officials.map((o) => o.id) } }, select: { key: true } });
        return { officials, sent: new Set(keys.map((m) => m.key)) };
      })();
      perOrganization.set(organizationId, loaded);
    }
    return loaded;
  };
  const inputs: CampaignInput[] = [];
  for (const campaign of campaigns) {
    const [{ officials, sent }, assignments, reports, progress] = await Promise.all([
      organizationData(campaign.organizationId),
      db.assignment.findMany({ where: { indicator: { campaignId: campaign.id, archivedAt: null } }, include: { indicator: true } }),
      db.report.findMany({ where: { period: { campaignId: campaign.id } }, select: { periodId: true, indicatorId: true, officialId: true } }),
      campaign.kind === 'sprint' ? evaluateCampaign(db, campaign.organization, campaign, at, timeZone) : Promise.resolve(null),
    ]);
    const atRisk = new Set(progress?.progress.indicators.filter((i) => i.status === 'at_risk' || i.status === 'behind').map((i) => i.code) ?? []);
    // Grouped once: filtering every official's assignments out of the whole plan's made a province's
    // tick quadratic (3,000 officials × 90,000 assignments).
    const assignedTo = new Map<string, typeof assignments>();
    for (const assignment of assignments) {
      const list = assignedTo.get(assignment.officialId);
      if (list) list.push(assignment);
      else assignedTo.set(assignment.officialId, [assignment]);
    }
    const reminderOfficials: ReminderOfficial[] = officials.map((o) => ({
      id: o.id,
      code: o.code,
      name: o.name,
      unit: o.unit ? { code: o.unit.code, name: o.unit.name } : null,
      pausedUntil: o.remindersPausedUntil,
      unreachable: o.unreachableSince !== null,
      assigned: (assignedTo.get(o.id) ?? [])
        .sort((a, b) => a.indicator.position - b.indicator.position)
        .map((a) => ({ indicatorId: a.indicatorId, code: a.indicator.code, name: a.indicator.name, atRisk: atRisk.has(a.indicator.code) })),
    }));
    const periods = campaign.periods.map((p) => ({ id: p.id, key: p.key, name: periodName(p), cutoff: p.cutoffDate, deadlineAt: p.deadlineAt, position: p.position }));
    inputs.push({
      campaign: { code: campaign.code, organizationCode: campaign.organization.code },
      input: {
        at,
        timeZone,
        calendar,
        ...(scope.officeHours ? { officeHours: scope.officeHours } : {}),
        campaign: { kind: campaign.kind as 'annual' | 'sprint', start: campaign.startDate, end: campaign.endDate },
        periods,
        officials: reminderOfficials,
        reported: reports.map((r) => reportedKey(r.periodId, r.indicatorId, r.officialId)),
        sent,
      },
      officials: new Map(officials.map((o) => [o.id, o])),
      periodKeys: new Map(periods.map((p) => [p.id, p.key])),
    });
  }
  return inputs;
}

/**
 * One reminder tick: for every running plan, what the policy says is due now (src/domain/reminders),
 * addressed to each official's chat, and — unless it is a dry run — queued in the outbox under its
 * unique key, so a reminder is queued once however many ticks or instances see it due.
 */
export async function reminderTick(db: Db, options: TickOptions): Promise<TickResult> {
  const planned: PlannedMessage[] = [];
  const outbox: OutboxInput[] = [];
  for (const { campaign, input, officials, periodKeys } of await reminderInputs(db, options.at, options.timeZone, options)) {
    const address = (officialId: string, key: string, kind: PlannedMessage['kind'], step: string, periodId: string, missing: string[], payload: OutboundMessage) => {
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
      const locale: Locale = link?.locale === 'en' || link?.locale === 'vi' ? link.locale : options.defaultLocale;
      outbox.push({ key, officialId, channel: chat.channel, chatId: chat.chatId, payload, locale });
    };
    for (const due of dueReminders(input)) {
      address(due.officialId, due.key, 'reminder', due.step, due.periodId, due.missing.map((m) => m.code), due.message);
    }
    const digest = chairmanDigest(input);
    if (digest) {
      for (const leader of [...officials.values()].filter((o) => LEADER_ROLES.has(o.role))) {
        const key = `${digest.key}:${leader.id}`;
        if (!input.sent.has(key)) address(leader.id, key, 'digest', 'digest', digest.periodId, [], digest.message);
      }
    }
  }
  const result = options.dryRun ? { queued: 0, duplicates: 0 } : await enqueue(db, outbox, options.at);
  return { at: options.at.toISOString(), messages: planned, ...result };
}

/** `/nhacnho`: the official's next reminders across the plans being watched. */
export async function upcomingReminders(db: Tx, officialId: string, at: Date, timeZone: string, officeHours?: { start: string; end: string }): Promise<UpcomingReminder[]> {
  const official = await db.official.findUniqueOrThrow({ where: { id: officialId } });
  const inputs = await reminderInputs(db, at, timeZone, { organizationId: official.organizationId, ...(officeHours ? { officeHours } : {}) });
  return inputs.flatMap(({ input }) => nextReminders(input, officialId)).sort((a, b) => a.at.getTime() - b.at.getTime());
}
