import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  createWorkingCalendar,
  localDateOf,
  type Holiday,
} from '../../src/domain/calendar/index.js';
import {
  chairmanDigest,
  dueReminders,
  reportedKey,
  type ReminderInput,
} from '../../src/domain/reminders/index.js';
import { evaluateCampaign } from '../../src/services/progress.js';
import { reminderTick, type TickOptions } from '../../src/services/reminders.js';
import type { Database, Db } from '../../src/store/database.js';
import { periodName } from '../../src/store/period-name.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { importPlanFile } from '../support/plans.js';

/**
 * The tick reads only what can be due (raw SQL, answers indexed by period and indicator, only the
 * periods in force, only the candidate keys of the outbox, nothing of a plan whose every candidate is
 * queued). The oracle here is the policy fed everything, read the plain way: the two must agree on
 * every message, at every kind of instant, before and after the messages are queued.
 */

const TZ = 'Asia/Ho_Chi_Minh';
const backends = await availableBackends();

interface Expected {
  key: string;
  officialId: string;
  missing: string[];
  payload: unknown;
}

/** Everything of every watched plan through Prisma's model queries, then the policy. */
async function oracle(db: Db, at: Date): Promise<Expected[]> {
  const today = localDateOf(at, TZ);
  const calendar = createWorkingCalendar((await db.holiday.findMany()) as Holiday[]);
  const campaigns = await db.campaign.findMany({
    where: { startDate: { lte: today }, endDate: { gte: addDays(today, -21) } },
    include: { organization: true, periods: true },
  });
  const expected: Expected[] = [];
  for (const campaign of campaigns) {
    const officials = await db.official.findMany({
      where: { organizationId: campaign.organizationId, active: true },
      include: { unit: true },
    });
    const sent = new Set((await db.outboxMessage.findMany({ select: { key: true } })).map((m) => m.key));
    const assignments = await db.assignment.findMany({
      where: { indicator: { campaignId: campaign.id, archivedAt: null } },
      include: { indicator: true },
    });
    const reports = await db.report.findMany({ where: { period: { campaignId: campaign.id } } });
    const progress =
      campaign.kind === 'sprint' ? await evaluateCampaign(db, campaign.organization, campaign, at, TZ) : null;
    // The statuses a sprint nudges about, each named with the word /tiendo shows.
    const nudged = new Set(['behind', 'at_risk', 'over_limit']);
    const atRisk = new Map(
      progress?.progress.indicators.filter((i) => nudged.has(i.status)).map((i) => [i.code, i.status]) ?? [],
    );
    const input: ReminderInput = {
      at,
      timeZone: TZ,
      calendar,
      officeHours: { start: '07:30', end: '17:00' },
      campaign: {
        kind: campaign.kind as 'annual' | 'sprint',
        start: campaign.startDate,
        end: campaign.endDate,
      },
      periods: campaign.periods.map((p) => ({
        id: p.id,
        key: p.key,
        name: periodName(p),
        cutoff: p.cutoffDate,
        deadlineAt: p.deadlineAt,
        position: p.position,
      })),
      officials: officials.map((o) => ({
        id: o.id,
        code: o.code,
        name: o.name,
        unit: o.unit ? { code: o.unit.code, name: o.unit.name } : null,
        pausedUntil: o.remindersPausedUntil,
        unreachable: o.unreachableSince !== null,
        assigned: assignments
          .filter((a) => a.officialId === o.id)
          .sort((a, b) => a.indicator.position - b.indicator.position)
          .map((a) => ({
            indicatorId: a.indicatorId,
            code: a.indicator.code,
            name: a.indicator.name,
            atRisk: atRisk.has(a.indicator.code),
            ...(atRisk.has(a.indicator.code) ? { status: atRisk.get(a.indicator.code) } : {}),
          })),
      })),
      reported: reports.map((r) => reportedKey(r.periodId, r.indicatorId, r.officialId)),
      sent,
    };
    for (const due of dueReminders(input))
      expected.push({
        key: due.key,
        officialId: due.officialId,
        missing: due.missing.map((m) => m.code),
        payload: due.message,
      });
    const digest = chairmanDigest(input);
    if (!digest) continue;
    for (const leader of officials.filter((o) => o.role === 'chairman' || o.role === 'admin')) {
      const key = `${digest.key}:${leader.id}`;
      if (!sent.has(key)) expected.push({ key, officialId: leader.id, missing: [], payload: digest.message });
    }
  }
  return expected.sort((a, b) => (a.key < b.key ? -1 : 1));
}

function options(at: Date, dryRun: boolean): TickOptions {
  return {
    at,
    timeZone: TZ,
    officeHours: { start: '07:30', end: '17:00' },
    served: ['telegram'],
    preference: 'last_used',
    defaultLocale: 'vi',
    dryRun,
  };
}

async function ticked(db: Db, at: Date, dryRun: boolean) {
  const result = await reminderTick(db, options(at, dryRun));
  const ids = new Map(
    (
      await db.official.findMany({
        select: { id: true, code: true, organization: { select: { code: true } } },
      })
    ).map((o) => [`${o.organization.code}/${o.code}`, o.id]),
  );
  const messages = result.messages
    .map((m) => ({
      key: m.key,
      officialId: ids.get(`${m.organization}/${m.official.code}`) ?? '?',
      missing: m.missing,
      payload: m.payload,
    }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  return { result, messages };
}

describe.each(backends)('the reminder tick reads what the policy needs, on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  let db: Db;
  const officialId = async (organization: string, code: string) =>
    (await db.official.findFirstOrThrow({ where: { code, organization: { code: organization } } })).id;

  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    db = test.database.db;
    for (const file of ['examples/plans/demo.yaml', 'examples/plans/quan-90-ngay-nuoc-rut-2024.yaml']) {
      await importPlanFile(db, file, TZ);
    }
    // Some answers in both plans, a paused official, an unreachable one, and chats for half of them.
    const periods = await db.period.findMany({ include: { campaign: true } });
    const assignments = await db.assignment.findMany({ include: { indicator: true } });
    const reports = assignments.flatMap((a, i) =>
      periods
        .filter((p) => p.campaignId === a.indicator.campaignId && (i + p.position) % 3 === 0)
        .map((p) => ({
          indicatorId: a.indicatorId,
          periodId: p.id,
          officialId: a.officialId,
          value: '1',
          revision: 1,
        })),
    );
    await db.report.createMany({ data: reports });
    await db.official.update({
      where: { id: await officialId('quang-trung', 'ktnn') },
      data: { remindersPausedUntil: '2026-09-20' },
    });
    await db.official.update({
      where: { id: await officialId('quan-2024', 'gd') },
      data: { unreachableSince: new Date('2024-10-01T00:00:00Z') },
    });
    const officials = await db.official.findMany({ orderBy: { code: 'asc' } });
    await db.chatLink.createMany({
      data: officials
        .filter((_, i) => i % 2 === 0)
        .map((o, i) => ({
          officialId: o.id,
          channel: 'telegram',
          externalUserId: `u${i}`,
          chatId: `c${i}`,
          lastSeenAt: new Date('2024-01-01T00:00:00Z'),
        })),
    });
  });
  afterAll(async () => test?.drop());

  const instants = [
    ['the annual plan, d7 of Q3', '2026-09-07T09:00:00+07:00'],
    ['the annual plan, d1 moved to Friday', '2026-09-11T09:00:00+07:00'],
    ['the annual plan, the deadline day', '2026-09-14T10:00:00+07:00'],
    ['the annual plan, late and the digest morning', '2026-09-15T09:00:00+07:00'],
    ['the annual plan, at night', '2026-09-15T20:00:00+07:00'],
    ['the sprint, kickoff', '2024-10-03T09:00:00+07:00'],
    ['the sprint, a checkpoint deadline', '2024-11-01T09:00:00+07:00'],
    ['the sprint, a countdown', '2024-11-04T09:00:00+07:00'],
    ['the sprint, its last days (nudges)', '2024-12-24T09:00:00+07:00'],
  ] as const;

  it.each(instants)(
    '%s: the same messages as the policy fed everything, then nothing once queued',
    async (_, when) => {
      const at = new Date(when);
      const before = await oracle(db, at);
      const dry = await ticked(db, at, true);
      expect(dry.messages).toEqual(before);
      const wave = await ticked(db, at, false);
      expect(wave.messages).toEqual(before);
      expect(wave.result.queued).toBe(wave.result.messages.filter((m) => m.channel !== null).length);
      // Queued now: what is left (officials with no chat, an official's next reminder) is what the policy says.
      const after = await oracle(db, at);
      const again = await ticked(db, at, false);
      expect(again.messages).toEqual(after);
    },
  );

  it('has something to check at every instant but the night', async () => {
    // Guards the table above: an instant where nothing is due on a fresh outbox would check nothing.
    await db.outboxMessage.deleteMany();
    const counts = await Promise.all(
      instants.map(async ([, when]) => (await oracle(db, new Date(when))).length),
    );
    expect(counts.map((n, i) => (instants[i]?.[0].includes('night') ? n === 0 : n > 0))).toEqual(
      instants.map(() => true),
    );
  });
});
