import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRef, DialogRepository, DialogStore, ReportItem } from '../../src/dialog/ports.js';
import type { ChannelName } from '../../src/dialog/types.js';

/**
 * The behaviour every DialogStore must share (src/dialog/ports.ts): the Prisma store on SQLite and on
 * PostgreSQL, and the in-memory fake the engine's unit tests use (tests/support/memory-dialog-store.ts),
 * which must not drift from it. Each store is seeded with the demo plan (examples/plans/demo.yaml): at
 * NOW Quý III/2026 is open, due 14/09/2026 17:00 in Hanoi.
 *
 * One world per store, shared by the tests: each test uses its own officials, chats and update keys.
 */

/** 10 September 2026, 09:00 in Hanoi. */
export const NOW = new Date('2026-09-10T02:00:00Z');

export interface ContractWorld {
  store: DialogStore;
  /** the demo plan's officials, by code */
  officialId(code: string): string;
  /** a fresh invite for the official, valid `days` from NOW; its code as an official would get it */
  invite(officialCode: string, days?: number): Promise<string>;
  deactivate(officialCode: string): Promise<void>;
  /** the plan changed: the indicator is no longer the official's */
  unassign(officialCode: string, indicatorCode: string): Promise<void>;
  close(): Promise<void>;
}

export type ContractFactory = () => Promise<ContractWorld>;

const chat = (userId: string, channel: ChannelName = 'telegram'): ChatRef => ({
  channel,
  chatId: userId,
  userId,
});

class Rollback extends Error {}

export function describeDialogRepositoryContract(name: string, factory: ContractFactory): void {
  describe(`the DialogRepository contract: ${name}`, () => {
    let world: ContractWorld;
    beforeAll(async () => {
      world = await factory();
    });
    afterAll(async () => world?.close());

    const tx = <T>(work: (repository: DialogRepository) => Promise<T>): Promise<T> =>
      world.store.transaction(work);
    /** Runs `work`, then throws: nothing it did may stay. */
    const rolledBack = async (work: (repository: DialogRepository) => Promise<unknown>): Promise<void> => {
      await expect(
        tx(async (repository) => {
          await work(repository);
          throw new Rollback('rolled back on purpose');
        }),
      ).rejects.toBeInstanceOf(Rollback);
    };
    const itemsOf = (code: string) => tx((r) => r.reportItems(world.officialId(code), NOW));
    const itemOf = async (official: string, indicator: string): Promise<ReportItem> => {
      const found = (await itemsOf(official)).find((i) => i.code === indicator);
      if (!found) throw new Error(`${official} has no ${indicator}`);
      return found;
    };

    describeClaims(tx, rolledBack);
    describeConversations(tx, rolledBack);
    describeLinks(() => world, tx, rolledBack);
    describeReports(() => world, tx, rolledBack, itemsOf, itemOf);
    describeReminders(() => world, tx, rolledBack);
    describePlanImport(() => world, tx);
  });
}

type Tx = <T>(work: (repository: DialogRepository) => Promise<T>) => Promise<T>;
type RolledBack = (work: (repository: DialogRepository) => Promise<unknown>) => Promise<void>;

function describeClaims(tx: Tx, rolledBack: RolledBack): void {
  it('claims an update key once per channel, and a rolled-back claim is no claim', async () => {
    expect(await tx((r) => r.isProcessed('telegram', 'u-1'))).toBe(false);
    expect(await tx((r) => r.claimUpdate('telegram', 'u-1'))).toBe(true);
    expect(await tx((r) => r.claimUpdate('telegram', 'u-1'))).toBe(false);
    expect(await tx((r) => r.isProcessed('telegram', 'u-1'))).toBe(true);
    // The same key on another channel is another update.
    expect(await tx((r) => r.isProcessed('zalo', 'u-1'))).toBe(false);
    expect(await tx((r) => r.claimUpdate('zalo', 'u-1'))).toBe(true);
    // Claimed twice within one transaction: the second sees the first.
    expect(
      await tx(async (r) => [await r.claimUpdate('console', 'u-2'), await r.claimUpdate('console', 'u-2')]),
    ).toEqual([true, false]);

    await rolledBack((r) => r.claimUpdate('telegram', 'u-3'));
    expect(await tx((r) => r.isProcessed('telegram', 'u-3'))).toBe(false);
    expect(await tx((r) => r.claimUpdate('telegram', 'u-3'))).toBe(true);
  });

  it('lets one of many concurrent claims of a key win', async () => {
    const claims = await Promise.all(
      Array.from({ length: 6 }, () => tx((r) => r.claimUpdate('telegram', 'u-race')).catch(() => false)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });
}

function describeConversations(tx: Tx, rolledBack: RolledBack): void {
  it('keeps one state per channel and chat, overwritten by each save, and none until the first', async () => {
    const telegram = chat('c-1');
    const zalo = chat('c-1', 'zalo');
    expect(await tx((r) => r.loadState(telegram))).toBeNull();
    await tx((r) => r.saveState(telegram, '{"kind":"idle"}'));
    expect(await tx((r) => r.loadState(telegram))).toBe('{"kind":"idle"}');
    expect(await tx((r) => r.loadState(zalo))).toBeNull();
    await tx((r) => r.saveState(telegram, '{"kind":"picking"}'));
    expect(await tx((r) => r.loadState(telegram))).toBe('{"kind":"picking"}');
    // Within a transaction a save is read back at once.
    expect(
      await tx(async (r) => {
        await r.saveState(zalo, '{"kind":"language"}');
        return r.loadState(zalo);
      }),
    ).toBe('{"kind":"language"}');
  });

  it('drops the state saved by a transaction that fails', async () => {
    const c = chat('c-2');
    await tx((r) => r.saveState(c, '{"v":1}'));
    await rolledBack((r) => r.saveState(c, '{"v":2}'));
    expect(await tx((r) => r.loadState(c))).toBe('{"v":1}');
    await rolledBack((r) => r.saveState(chat('c-3'), '{"v":1}'));
    expect(await tx((r) => r.loadState(chat('c-3')))).toBeNull();
  });

  it('serialises concurrent steps of one chat: no read-modify-write is lost', async () => {
    const c = chat('c-4');
    await tx((r) => r.saveState(c, '{"v":0}'));
    const step = () =>
      tx(async (r) => {
        const state = JSON.parse((await r.loadState(c)) ?? '{"v":0}') as { v: number };
        // Another step may run meanwhile, unless the store holds this chat until the commit.
        await new Promise((resolve) => setImmediate(resolve));
        await r.saveState(c, JSON.stringify({ v: state.v + 1 }));
      });
    await Promise.all(Array.from({ length: 6 }, step));
    expect(await tx((r) => r.loadState(c))).toBe('{"v":6}');
  });
}

function describeLinks(world: () => ContractWorld, tx: Tx, rolledBack: RolledBack): void {
  it('links a chat with an invite, once, and knows its official from then on', async () => {
    const w = world();
    const mine = chat('l-1');
    expect(await tx((r) => r.officialFor(mine))).toBeNull();
    const code = await w.invite('tckt');
    // As typed: lower case, with a dash.
    const typed = `${code.slice(0, 5)}-${code.slice(5)}`.toLowerCase();
    const linked = await tx((r) => r.redeemInvite(typed, mine, 'en', NOW));
    const huy = {
      id: w.officialId('tckt'),
      code: 'tckt',
      name: 'Đỗ Quang Huy',
      role: 'officer',
      organizationName: 'UBND xã Quang Trung',
      locale: 'en',
    };
    expect(linked).toEqual({ status: 'linked', official: huy });
    expect(await tx((r) => r.officialFor(mine))).toEqual(huy);
    // The chat of another user of the same channel is not linked; nor the same user on another channel.
    expect(await tx((r) => r.officialFor(chat('l-2')))).toBeNull();
    expect(await tx((r) => r.officialFor(chat('l-1', 'zalo')))).toBeNull();
    // The invite is spent: for anyone else, and for the same chat too.
    expect(await tx((r) => r.redeemInvite(code, chat('l-2'), 'vi', NOW))).toEqual({ status: 'used' });
    // A second invite of the same official, in the linked chat.
    const again = await w.invite('tckt').then((code) => tx((r) => r.redeemInvite(code, mine, 'vi', NOW)));
    expect(again).toEqual({ status: 'already_linked', official: huy });
  });

  it('refuses unknown, malformed and expired invites, and one that would take a linked chat', async () => {
    const w = world();
    const c = chat('l-3');
    expect(await tx((r) => r.redeemInvite('ABCDEFGHJK', c, 'vi', NOW))).toEqual({ status: 'invalid' });
    expect(await tx((r) => r.redeemInvite('ABC', c, 'vi', NOW))).toEqual({ status: 'invalid' });
    const short = await w.invite('ktnn', 1);
    const later = new Date(NOW.getTime() + 2 * 86_400_000);
    expect(await tx((r) => r.redeemInvite(short, c, 'vi', later))).toEqual({ status: 'expired' });
    expect(await tx((r) => r.officialFor(c))).toBeNull();
    // Linked to Hoa, the chat cannot be taken by Bình's invite.
    expect(
      await w.invite('ktnn').then((code) => tx((r) => r.redeemInvite(code, c, 'vi', NOW))),
    ).toMatchObject({
      status: 'linked',
    });
    const binh = await w.invite('vp');
    expect(await tx((r) => r.redeemInvite(binh, c, 'vi', NOW))).toEqual({ status: 'chat_taken' });
    expect((await tx((r) => r.officialFor(c)))?.code).toBe('ktnn');
    // …and Bình's invite is still good elsewhere.
    expect(await tx((r) => r.redeemInvite(binh, chat('l-4'), 'vi', NOW))).toMatchObject({ status: 'linked' });
  });

  it('forgets an official who left: their chat is free, their invites invalid', async () => {
    const w = world();
    const c = chat('l-5');
    await w.invite('pct').then((code) => tx((r) => r.redeemInvite(code, c, 'vi', NOW)));
    const pending = await w.invite('pct');
    await w.deactivate('pct');
    expect(await tx((r) => r.officialFor(c))).toBeNull();
    expect(await tx((r) => r.redeemInvite(pending, chat('l-6'), 'vi', NOW))).toEqual({ status: 'invalid' });
    // The chat goes to whoever comes with an invite; it keeps its language.
    const taken = await w.invite('ct').then((code) => tx((r) => r.redeemInvite(code, c, 'en', NOW)));
    expect(taken).toMatchObject({
      status: 'linked',
      official: { code: 'ct', role: 'chairman', locale: 'vi' },
    });
    expect((await tx((r) => r.officialFor(c)))?.code).toBe('ct');
  });

  it('sets the language of a linked chat; a rolled-back link or language is not kept', async () => {
    const w = world();
    const c = chat('l-7');
    const unused = await w.invite('vhxh');
    await rolledBack((r) => r.redeemInvite(unused, c, 'vi', NOW));
    expect(await tx((r) => r.officialFor(c))).toBeNull();
    await w.invite('vhxh').then((code) => tx((r) => r.redeemInvite(code, c, 'vi', NOW)));
    await tx((r) => r.setLocale(c, 'en'));
    expect((await tx((r) => r.officialFor(c)))?.locale).toBe('en');
    await rolledBack((r) => r.setLocale(c, 'vi'));
    expect((await tx((r) => r.officialFor(c)))?.locale).toBe('en');
    // An unlinked chat has no language to set: nothing happens.
    await tx((r) => r.setLocale(chat('l-8'), 'en'));
    expect(await tx((r) => r.officialFor(chat('l-8')))).toBeNull();
  });
}

type ItemsOf = (code: string) => Promise<ReportItem[]>;
type ItemOf = (official: string, indicator: string) => Promise<ReportItem>;

function describeReports(
  world: () => ContractWorld,
  tx: Tx,
  rolledBack: RolledBack,
  itemsOf: ItemsOf,
  itemOf: ItemOf,
): void {
  it('asks each official about their own indicators, for the period due now', async () => {
    const items = await itemsOf('vhxh');
    expect(items.map((i) => i.code)).toEqual(['XH01', 'XH02', 'XH03', 'XH04', 'XH05']);
    for (const item of items) {
      expect(item).toMatchObject({
        cutoff: '2026-09-14',
        deadlineAt: new Date('2026-09-14T10:00:00Z'),
        periodName: { key: 'calendar:period.quarter', params: { roman: 'III', quarter: 3, year: 2026 } },
        current: null,
      });
      expect(item.periodId).toBe(items[0]?.periodId);
      expect(item.targets.length).toBeGreaterThan(0);
    }
    expect((await itemsOf('tckt')).map((i) => i.code)).toEqual(['NS01']);
    const one = await itemOf('tckt', 'NS01');
    expect(await tx((r) => r.reportItem(world().officialId('tckt'), one))).toEqual(one);
    // Not hers: nothing.
    expect(await tx((r) => r.reportItem(world().officialId('vhxh'), one))).toBeNull();
  });

  it('keeps every revision of a report, and says whether a save changed anything', async () => {
    const w = world();
    const official = w.officialId('vhxh');
    const item = await itemOf('vhxh', 'XH01');
    const save = (value: string, note: string | null | undefined) =>
      tx((r) =>
        r.saveReport({
          officialId: official,
          indicatorId: item.indicatorId,
          periodId: item.periodId,
          value,
          note,
          channel: 'telegram',
        }),
      );
    expect(await save('180', 'ước tính')).toEqual({ status: 'created', revision: 1 });
    expect(await save('180', 'ước tính')).toEqual({ status: 'unchanged', revision: 1 });
    // No note given: the current one stays.
    expect(await save('180', undefined)).toEqual({ status: 'unchanged', revision: 1 });
    expect(await save('185', undefined)).toEqual({ status: 'revised', revision: 2 });
    expect((await itemOf('vhxh', 'XH01')).current).toEqual({ value: '185', note: 'ước tính' });
    // A blank note clears it, trimmed notes are kept trimmed.
    expect(await save('185', '   ')).toEqual({ status: 'revised', revision: 3 });
    expect(await save('186', '  đã rà soát  ')).toEqual({ status: 'revised', revision: 4 });
    expect(await tx((r) => r.reportItem(official, item))).toMatchObject({
      current: { value: '186', note: 'đã rà soát' },
    });

    const history = await tx((r) => r.recentReports(official, 3));
    expect(history.map((h) => [h.code, h.value, h.note, h.revision])).toEqual([
      ['XH01', '186', 'đã rà soát', 4],
      ['XH01', '185', null, 3],
      ['XH01', '185', 'ước tính', 2],
    ]);
    expect(history[0]).toMatchObject({
      name: item.name,
      unit: item.unit,
      measure: item.measure,
      periodName: item.periodName,
    });
    expect(history[0]?.at).toBeInstanceOf(Date);
    expect(await tx((r) => r.recentReports(w.officialId('ktnn'), 10))).toEqual([]);
  });

  it('lists the latest revisions first, across indicators', async () => {
    const official = world().officialId('ct');
    const [item] = await itemsOf('ct');
    if (!item) throw new Error('the chairman has no indicator in the demo plan');
    const save = (value: string) =>
      tx((r) =>
        r.saveReport({
          officialId: official,
          indicatorId: item.indicatorId,
          periodId: item.periodId,
          value,
          note: null,
          channel: 'zalo',
        }),
      );
    await save('1');
    await save('2');
    await save('3');
    expect((await tx((r) => r.recentReports(official, 10))).map((h) => h.revision)).toEqual([3, 2, 1]);
  });

  it('stores no report from a failed transaction, and none for an indicator not assigned', async () => {
    const w = world();
    const official = w.officialId('ktnn');
    const [item] = await itemsOf('ktnn');
    if (!item) throw new Error('ktnn has no indicator in the demo plan');
    const input = {
      officialId: official,
      indicatorId: item.indicatorId,
      periodId: item.periodId,
      value: '7',
      note: null,
      channel: 'console' as const,
    };
    await rolledBack((r) => r.saveReport(input));
    expect((await itemOf('ktnn', item.code)).current).toBeNull();
    expect(await tx((r) => r.recentReports(official, 10))).toEqual([]);
    const others = await itemOf('tckt', 'NS01');
    await expect(
      tx((r) => r.saveReport({ ...input, indicatorId: others.indicatorId, periodId: others.periodId })),
    ).rejects.toThrow();
    expect((await itemOf('tckt', 'NS01')).current).toBeNull();
  });

  it('stops asking about an indicator that left the official', async () => {
    const w = world();
    const item = await itemOf('vhxh', 'XH05');
    await w.unassign('vhxh', 'XH05');
    expect((await itemsOf('vhxh')).map((i) => i.code)).not.toContain('XH05');
    expect(await tx((r) => r.reportItem(w.officialId('vhxh'), item))).toBeNull();
  });
}

function describeReminders(world: () => ContractWorld, tx: Tx, rolledBack: RolledBack): void {
  it('pauses and resumes reminders, in the transaction', async () => {
    const official = world().officialId('vp');
    expect(await tx((r) => r.remindersPausedUntil(official))).toBeNull();
    await tx((r) => r.pauseReminders(official, '2026-09-20'));
    expect(await tx((r) => r.remindersPausedUntil(official))).toBe('2026-09-20');
    await rolledBack((r) => r.pauseReminders(official, '2026-12-31'));
    expect(await tx((r) => r.remindersPausedUntil(official))).toBe('2026-09-20');
    await tx((r) => r.pauseReminders(official, null));
    expect(await tx((r) => r.remindersPausedUntil(official))).toBeNull();
  });

  it("reads the official's next reminders, for the period due, and their organization's progress", async () => {
    const official = world().officialId('tckt');
    const [item] = await tx((r) => r.reportItems(official, NOW));
    const upcoming = await tx((r) => r.upcomingReminders(official, NOW));
    expect(upcoming.length).toBeGreaterThan(0);
    expect(upcoming.map((u) => u.at.getTime())).toEqual(
      upcoming.map((u) => u.at.getTime()).sort((a, b) => a - b),
    );
    expect(upcoming[0]).toMatchObject({ periodId: item?.periodId, periodName: item?.periodName });
    const progress = await tx((r) => r.progress(official, NOW));
    expect(progress.map((p) => [p.organization.code, p.campaign.code])).toEqual([
      ['quang-trung', 'quang-trung-2026'],
    ]);
  });
}

function describePlanImport(world: () => ContractWorld, tx: Tx): void {
  it('refuses a plan of another organization, or one that leaves its sender out, and changes nothing', async () => {
    const official = world().officialId('vp');
    const before = await tx((r) => r.reportItems(official, NOW));
    const other = await tx((r) => r.importPlan(official, OTHER_ORGANIZATION_PLAN, NOW));
    expect(other).toEqual({
      ok: false,
      problems: [{ key: 'dialog:plan.other_organization', params: { code: 'an-khe', mine: 'quang-trung' } }],
    });
    const withoutSender = await tx((r) =>
      r.importPlan(official, OTHER_ORGANIZATION_PLAN.replace('an-khe', 'quang-trung'), NOW),
    );
    expect(withoutSender).toEqual({
      ok: false,
      problems: [{ key: 'dialog:plan.sender_missing', params: { code: 'vp' } }],
    });
    const broken = await tx((r) => r.importPlan(official, 'organization: [', NOW));
    expect(broken.ok).toBe(false);
    expect(await tx((r) => r.reportItems(official, NOW))).toEqual(before);
  });
}

const OTHER_ORGANIZATION_PLAN = [
  'organization: { code: an-khe, name: "UBND xã An Khê" }',
  'campaign:',
  '  code: an-khe-2026',
  '  title: "Kế hoạch 2026"',
  '  kind: annual',
  '  start: 2026-01-01',
  '  end: 2026-12-31',
  '  periods: quarterly',
  'officials:',
  '  - { code: ak, name: "Trần Thị Mai", role: chairman }',
  'indicators:',
  '  - { code: AK01, name: "Thu ngân sách", category: "Kinh tế", unit: "triệu đồng", measure: cumulative, target: ">= 100", assignees: [ak] }',
  '',
].join('\n');
