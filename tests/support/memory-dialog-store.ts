import { approvalStep, type ApprovalState } from '../../src/domain/approval/index.js';
import { matchesPeriodKey } from '../../src/domain/indicators/period-request.js';
import type { UpcomingReminder } from '../../src/domain/reminders/index.js';
import type { ProgressReportData } from '../../src/services/progress.js';
import type { CommuneRankingData } from '../../src/domain/ranking/index.js';
import type { Message } from '../../src/domain/message.js';
import type { PlanTarget, Role } from '../../src/domain/plan/plan.js';
import type {
  ChatRef,
  DialogRepository,
  DialogStore,
  DuePeriod,
  HistoryEntry,
  OfficialView,
  PlanImportOutcome,
  RedeemOutcome,
  ReportItem,
} from '../../src/dialog/ports.js';
import type { ChannelName, Locale } from '../../src/dialog/types.js';
import { INVITE_CODE_LENGTH, normalizeInviteCode } from '../../src/services/invites.js';
import { checkPlanFor } from '../../src/services/plan-review.js';
import { mayOpen } from '../../src/services/web-links.js';

/**
 * An in-memory DialogStore for unit tests of the dialog engine: no database, no I/O. It mirrors the
 * semantics of the Prisma store (src/services/dialog-store/):
 * - a chat link is keyed by (channel, userId) and only counts while its official is active;
 * - invites are single use, looked up by their normalised code ("abcde-fghjk" = "ABCDEFGHJK");
 * - a processed update key can be claimed once;
 * - reports keep every revision; the same value and note again writes nothing; an undefined note
 *   keeps the current one, null or blank clears it (services/reports.ts recordRevision);
 * - each transaction works on a copy of the data, kept only when `work` resolves, and transactions run
 *   one after the other (as the database's lock on the conversation row would make them).
 *
 * The indicators an official reports are a configured list of ReportItems (`setItems`): `current` is
 * derived from the stored reports, so what the dialog saves shows up the next time it reads them.
 */

export interface MemoryOfficial {
  id: string;
  code: string;
  name: string;
  role: Role;
  organizationName: string;
  /** when known, a plan sent through the chat is checked against it as the real store does */
  organizationCode?: string;
  active: boolean;
}

export interface MemoryChatLink {
  officialId: string;
  channel: ChannelName;
  userId: string;
  chatId: string;
  locale: Locale | null;
  linkedAt: Date;
}

export interface MemoryInvite {
  /** normalised: upper case, no dash */
  code: string;
  officialId: string;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface MemoryRevision {
  revision: number;
  value: string;
  note: string | null;
  channel: ChannelName;
  createdAt: Date;
  /** insertion order, to order revisions written at the same instant */
  sequence: number;
}

export interface MemoryReport {
  officialId: string;
  indicatorId: string;
  periodId: string;
  value: string;
  note: string | null;
  revision: number;
  revisions: MemoryRevision[];
}

/** What an official is asked about: a ReportItem without `current`, which comes from the reports. */
export type ItemSeed = Omit<ReportItem, 'current'> & { current?: ReportItem['current'] };

interface Data {
  officials: MemoryOfficial[];
  links: MemoryChatLink[];
  invites: MemoryInvite[];
  processed: string[];
  conversations: Record<string, string>;
  items: Record<string, Omit<ReportItem, 'current'>[]>;
  /** every indicator × period ever assigned, by "indicatorId/periodId": what history shows after a plan change */
  catalogue: Record<string, Omit<ReportItem, 'current'>>;
  reports: MemoryReport[];
  /** officialId → the last day of their pause; absent or null when reminders run */
  paused: Record<string, string | null>;
  sequence: number;
}

export type RepositoryMethod = keyof DialogRepository;

interface Failure {
  method: RepositoryMethod;
  /** 'after': the method's changes are made (to the transaction's copy), then it throws */
  when: 'before' | 'after';
  /** calls of `method` to let through first */
  skip: number;
  error: Error;
}

export interface MemoryDialogStoreOptions {
  /** the time stamped on revisions and links (the database's now()); a fixed instant by default */
  clock?: () => Date;
}

const DEFAULT_INSTANT = new Date('2026-09-10T02:00:00Z');

function conversationKey(channel: ChannelName, chatId: string): string {
  return `${channel}\u0000${chatId}`;
}

function updateKeyOf(channel: ChannelName, updateKey: string): string {
  return `${channel}\u0000${updateKey}`;
}

function view(official: MemoryOfficial, link: MemoryChatLink): OfficialView {
  return {
    id: official.id,
    code: official.code,
    name: official.name,
    role: official.role,
    organizationName: official.organizationName,
    locale: link.locale,
  };
}

/**
 * Why the real store would refuse a plan file from this official (services/plan-review.ts), when the
 * fake knows their organization; otherwise the test's `planImportOutcome` decides.
 */
function refusal(official: MemoryOfficial | undefined, yaml: string): PlanImportOutcome | null {
  if (!official) return { ok: false, problems: [{ key: 'dialog:plan.not_allowed' }] };
  if (official.organizationCode === undefined) return null;
  const checked = checkPlanFor(official.organizationCode, yaml);
  if (!checked.ok) return checked;
  if (!checked.plan.officials.some((o) => o.code === official.code))
    return { ok: false, problems: [{ key: 'dialog:plan.sender_missing', params: { code: official.code } }] };
  return null;
}

export class MemoryDialogStore implements DialogStore {
  /** plan files imported through the chat, in order */
  readonly importedPlans: { officialId: string; yaml: string }[] = [];
  /** what importPlan answers (a test may make it refuse) */
  planImportOutcome: PlanImportOutcome = {
    ok: true,
    campaignTitle: 'Kế hoạch thử',
    indicators: { created: 3, updated: 0, removed: 0 },
    unassigned: 3,
  };
  /**
   * the public address links are made under (as TIENDO_PUBLIC_URL); null: no web pages in the chat.
   * Each link handed out is recorded in `webLinks`.
   */
  webBase: string | null = null;
  readonly webLinks: { officialId: string; purpose: string; url: string; draftId?: string }[] = [];
  /** the plan a period belongs to, for duePeriods (absent: one plan for all); two plans never ask which period */
  readonly planOfPeriod = new Map<string, string>();
  /** each period's approval state, by "campaign:period" (open when absent) */
  readonly approvals = new Map<string, ApprovalState>();
  /** each /dangxuat: who, and how many links had been handed out then */
  readonly webSignOuts: { officialId: string; at: number }[] = [];
  private data: Data = {
    officials: [],
    links: [],
    invites: [],
    processed: [],
    conversations: {},
    items: {},
    catalogue: {},
    reports: [],
    paused: {},
    sequence: 0,
  };
  private queue: Promise<unknown> = Promise.resolve();
  private failures: Failure[] = [];
  private readonly clock: () => Date;
  /** transactions begun / committed / rolled back, for tests that check atomicity */
  readonly stats = { begun: 0, committed: 0, rolledBack: 0 };

  constructor(options: MemoryDialogStoreOptions = {}) {
    this.clock = options.clock ?? (() => DEFAULT_INSTANT);
  }

  transaction<T>(work: (repository: DialogRepository) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.stats.begun++;
      const copy = structuredClone(this.data);
      try {
        const result = await work(this.repository(copy));
        this.data = copy;
        this.stats.committed++;
        return result;
      } catch (error) {
        this.stats.rolledBack++;
        throw error;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * The next call of `method` (in any transaction; after `skip` calls let through) throws, before or
   * after making its changes (to the transaction's copy, so they are dropped all the same).
   */
  /** what `progress` answers for an official (the /tiendo views); set by the test */
  readonly progressData = new Map<string, ProgressReportData[]>();
  /** what `ranking` answers for an official (/xephang); set by the test */
  readonly rankingData = new Map<string, CommuneRankingData>();
  /** what `upcomingReminders` answers (test data, outside transactions) */
  readonly upcoming = new Map<string, UpcomingReminder[]>();

  failNext(
    method: RepositoryMethod,
    options: { when?: 'before' | 'after'; skip?: number; error?: Error } = {},
  ): void {
    this.failures.push({
      method,
      when: options.when ?? 'before',
      skip: options.skip ?? 0,
      error: options.error ?? new Error(`injected failure in ${method}`),
    });
  }

  // ---- seeding (outside any transaction) ----

  addOfficial(
    official: Omit<MemoryOfficial, 'active' | 'role' | 'organizationName'> & Partial<MemoryOfficial>,
  ): MemoryOfficial {
    const full: MemoryOfficial = {
      role: 'officer',
      organizationName: 'UBND xã Quang Trung',
      active: true,
      ...official,
    };
    this.data.officials.push(full);
    return full;
  }

  setActive(officialId: string, active: boolean): void {
    const official = this.data.officials.find((o) => o.id === officialId);
    if (!official) throw new Error(`no official ${officialId}`);
    official.active = active;
  }

  link(input: {
    officialId: string;
    channel?: ChannelName;
    userId: string;
    chatId?: string;
    locale?: Locale | null;
  }): void {
    this.data.links.push({
      officialId: input.officialId,
      channel: input.channel ?? 'telegram',
      userId: input.userId,
      chatId: input.chatId ?? input.userId,
      locale: input.locale === undefined ? 'vi' : input.locale,
      linkedAt: this.clock(),
    });
  }

  addInvite(input: { code: string; officialId: string; expiresAt: Date; usedAt?: Date | null }): void {
    this.data.invites.push({
      code: normalizeInviteCode(input.code),
      officialId: input.officialId,
      expiresAt: input.expiresAt,
      usedAt: input.usedAt ?? null,
    });
  }

  /** The indicators `officialId` is asked about, in order; a seed's `current` becomes a stored report (revision 1). */
  setItems(officialId: string, seeds: ItemSeed[]): void {
    this.data.items[officialId] = seeds.map(({ current: _current, ...item }) => structuredClone(item));
    for (const item of this.data.items[officialId])
      this.data.catalogue[`${item.indicatorId}/${item.periodId}`] = item;
    for (const seed of seeds) {
      if (!seed.current) continue;
      this.data.reports = this.data.reports.filter(
        (r) =>
          !(
            r.officialId === officialId &&
            r.indicatorId === seed.indicatorId &&
            r.periodId === seed.periodId
          ),
      );
      this.data.reports.push({
        officialId,
        indicatorId: seed.indicatorId,
        periodId: seed.periodId,
        value: seed.current.value,
        note: seed.current.note,
        revision: 1,
        revisions: [
          {
            revision: 1,
            value: seed.current.value,
            note: seed.current.note,
            channel: 'console',
            createdAt: this.clock(),
            sequence: ++this.data.sequence,
          },
        ],
      });
    }
  }

  /** The plan changed: the indicator is no longer assigned to the official (reportItem returns null). */
  removeItem(officialId: string, indicatorId: string): void {
    this.data.items[officialId] = (this.data.items[officialId] ?? []).filter(
      (i) => i.indicatorId !== indicatorId,
    );
  }

  // ---- inspection (committed data only) ----

  get officials(): readonly MemoryOfficial[] {
    return this.data.officials;
  }

  get links(): readonly MemoryChatLink[] {
    return this.data.links;
  }

  get invites(): readonly MemoryInvite[] {
    return this.data.invites;
  }

  get reports(): readonly MemoryReport[] {
    return this.data.reports;
  }

  /** Every stored conversation, "channel/chatId" → state JSON. */
  get conversations(): Record<string, string> {
    return Object.fromEntries(
      Object.entries(this.data.conversations).map(([key, state]) => [key.replace('\u0000', '/'), state]),
    );
  }

  state(chatId: string, channel: ChannelName = 'telegram'): string | null {
    return this.data.conversations[conversationKey(channel, chatId)] ?? null;
  }

  isProcessed(updateKey: string, channel: ChannelName = 'telegram'): boolean {
    return this.data.processed.includes(updateKeyOf(channel, updateKey));
  }

  get processedCount(): number {
    return this.data.processed.length;
  }

  /** The indicators the official is asked about now (without `current`). */
  itemsOf(officialId: string): readonly Omit<ReportItem, 'current'>[] {
    return this.data.items[officialId] ?? [];
  }

  report(officialId: string, indicatorId: string): MemoryReport | undefined {
    return this.data.reports.find((r) => r.officialId === officialId && r.indicatorId === indicatorId);
  }

  // ---- the repository ----

  private repository(data: Data): DialogRepository {
    const fail = (method: RepositoryMethod, when: 'before' | 'after'): void => {
      const index = this.failures.findIndex((f) => f.method === method && f.when === when);
      const failure = this.failures[index];
      if (!failure) return;
      if (failure.skip > 0) {
        failure.skip--;
        return;
      }
      this.failures.splice(index, 1);
      throw failure.error;
    };
    const guarded = async <T>(method: RepositoryMethod, body: () => T): Promise<T> => {
      fail(method, 'before');
      const result = body();
      fail(method, 'after');
      return result;
    };
    const saveOne = (input: Parameters<DialogRepository['saveReport']>[0]) => {
      const assigned = (data.items[input.officialId] ?? []).some((i) => i.indicatorId === input.indicatorId);
      if (!assigned) throw new Error('saving a report for an indicator that is not assigned');
      const current = data.reports.find(
        (r) =>
          r.officialId === input.officialId &&
          r.indicatorId === input.indicatorId &&
          r.periodId === input.periodId,
      );
      const note = input.note === undefined ? (current?.note ?? null) : input.note?.trim() || null;
      const revision = (number: number): MemoryRevision => ({
        revision: number,
        value: input.value,
        note,
        channel: input.channel,
        createdAt: clock(),
        sequence: ++data.sequence,
      });
      if (!current) {
        data.reports.push({
          officialId: input.officialId,
          indicatorId: input.indicatorId,
          periodId: input.periodId,
          value: input.value,
          note,
          revision: 1,
          revisions: [revision(1)],
        });
        return { status: 'created' as const, revision: 1 };
      }
      if (current.value === input.value && current.note === note)
        return { status: 'unchanged' as const, revision: current.revision };
      current.revision += 1;
      current.value = input.value;
      current.note = note;
      current.revisions.push(revision(current.revision));
      return { status: 'revised' as const, revision: current.revision };
    };
    const activeOfficial = (id: string) => data.officials.find((o) => o.id === id && o.active) ?? null;
    const linkOf = (chat: ChatRef) =>
      data.links.find((l) => l.channel === chat.channel && l.userId === chat.userId) ?? null;
    const withCurrent = (officialId: string, item: Omit<ReportItem, 'current'>): ReportItem => {
      const report = data.reports.find(
        (r) =>
          r.officialId === officialId && r.indicatorId === item.indicatorId && r.periodId === item.periodId,
      );
      return structuredClone({
        ...item,
        current: report ? { value: report.value, note: report.note } : null,
      });
    };
    const clock = this.clock;

    return {
      claimUpdate: (channel, updateKey) =>
        guarded('claimUpdate', () => {
          const key = updateKeyOf(channel, updateKey);
          if (data.processed.includes(key)) return false;
          data.processed.push(key);
          return true;
        }),

      isProcessed: (channel, updateKey) =>
        guarded('isProcessed', () => data.processed.includes(updateKeyOf(channel, updateKey))),

      loadState: (chat) =>
        guarded('loadState', () => data.conversations[conversationKey(chat.channel, chat.chatId)] ?? null),

      saveState: (chat, state) =>
        guarded('saveState', () => {
          data.conversations[conversationKey(chat.channel, chat.chatId)] = state;
        }),

      // No outbox here: the channel sends the replies from memory (the outbox is tested on the databases).
      queueReplies: () => Promise.resolve(null),

      officialFor: (chat) =>
        guarded('officialFor', () => {
          const link = linkOf(chat);
          const official = link ? activeOfficial(link.officialId) : null;
          return link && official ? view(official, link) : null;
        }),

      redeemInvite: (code, chat, locale, now) =>
        guarded('redeemInvite', (): RedeemOutcome => {
          const normalized = normalizeInviteCode(code);
          if (normalized.length !== INVITE_CODE_LENGTH) return { status: 'invalid' };
          const invite = data.invites.find((i) => i.code === normalized);
          const official = invite ? activeOfficial(invite.officialId) : null;
          if (!invite || !official) return { status: 'invalid' };
          if (invite.usedAt) return { status: 'used' };
          if (invite.expiresAt <= now) return { status: 'expired' };
          const existing = linkOf(chat);
          if (existing && existing.officialId !== invite.officialId && activeOfficial(existing.officialId))
            return { status: 'chat_taken' };
          if (existing && existing.officialId === invite.officialId)
            return { status: 'already_linked', official: view(official, existing) };
          invite.usedAt = now;
          if (existing) {
            // The chat was linked to an official who left: it now belongs to the invite's official.
            existing.officialId = invite.officialId;
            existing.chatId = chat.chatId;
            existing.linkedAt = now;
            return { status: 'linked', official: view(official, existing) };
          }
          const link: MemoryChatLink = {
            officialId: invite.officialId,
            channel: chat.channel,
            userId: chat.userId,
            chatId: chat.chatId,
            locale,
            linkedAt: now,
          };
          data.links.push(link);
          return { status: 'linked', official: view(official, link) };
        }),

      setLocale: (chat, locale) =>
        guarded('setLocale', () => {
          for (const link of data.links)
            if (link.channel === chat.channel && link.userId === chat.userId) link.locale = locale;
        }),

      // A period asked by name matches items whose periodId is `period-<key>` ("period-2026-q3").
      reportItems: (officialId, _now, request) =>
        guarded('reportItems', () =>
          (data.items[officialId] ?? [])
            .filter(
              (item) =>
                !request ||
                ('periodId' in request
                  ? item.periodId === request.periodId
                  : matchesPeriodKey(request, item.periodId.replace(/^period-/u, '').toUpperCase())),
            )
            .map((item) => withCurrent(officialId, item)),
        ),

      // The periods of the items not answered yet, one plan: no dates of assignment here.
      duePeriods: (officialId) =>
        guarded('duePeriods', () => {
          const due = new Map<string, DuePeriod>();
          for (const item of (data.items[officialId] ?? []).map((i) => withCurrent(officialId, i))) {
            if (item.current !== null) continue;
            const period = due.get(item.periodId);
            if (period) period.missing += 1;
            else
              due.set(item.periodId, {
                periodId: item.periodId,
                campaignId: this.planOfPeriod.get(item.periodId) ?? 'memory-plan',
                campaignTitle: 'Kế hoạch thử',
                periodName: item.periodName,
                deadlineAt: item.deadlineAt,
                missing: 1,
              });
          }
          return [...due.values()].sort((a, b) => a.deadlineAt.getTime() - b.deadlineAt.getTime());
        }),

      reportItem: (officialId, ref) =>
        guarded('reportItem', () => {
          const item = (data.items[officialId] ?? []).find(
            (i) => i.indicatorId === ref.indicatorId && i.periodId === ref.periodId,
          );
          return item ? withCurrent(officialId, item) : null;
        }),

      saveReport: (input) => guarded('saveReport', () => saveOne(input)),

      // One answer after the other, as the Prisma store's batch does in a few statements.
      saveReports: (officialId, answers, channel) =>
        guarded('saveReports', () => answers.map((a) => saveOne({ ...a, officialId, channel }))),

      recentReports: (officialId, limit) =>
        guarded('recentReports', (): HistoryEntry[] => {
          const rows = data.reports
            .filter((r) => r.officialId === officialId)
            .flatMap((report) => report.revisions.map((revision) => ({ report, revision })));
          rows.sort(
            (a, b) =>
              b.revision.createdAt.getTime() - a.revision.createdAt.getTime() ||
              b.revision.revision - a.revision.revision ||
              b.revision.sequence - a.revision.sequence,
          );
          return rows.slice(0, limit).map(({ report, revision }) => {
            const item = data.catalogue[`${report.indicatorId}/${report.periodId}`];
            if (!item) throw new Error(`no indicator ${report.indicatorId} for period ${report.periodId}`);
            return structuredClone({
              code: item.code,
              name: item.name,
              unit: item.unit,
              measure: item.measure,
              periodName: item.periodName,
              value: revision.value,
              note: revision.note,
              revision: revision.revision,
              at: revision.createdAt,
            });
          });
        }),

      progress: (officialId) =>
        guarded('progress', () => structuredClone(this.progressData.get(officialId) ?? [])),
      provinceView: () =>
        guarded('provinceView', () => [
          { key: 'progress:province.title', params: { province: '', count: 0 } },
        ]),
      ranking: (officialId) =>
        guarded('ranking', () => structuredClone(this.rankingData.get(officialId) ?? null)),
      upcomingReminders: (officialId) =>
        guarded('upcomingReminders', () => structuredClone(this.upcoming.get(officialId) ?? [])),
      pauseReminders: (officialId, until) =>
        guarded('pauseReminders', () => {
          data.paused[officialId] = until;
        }),
      remindersPausedUntil: (officialId) =>
        guarded('remindersPausedUntil', () => data.paused[officialId] ?? null),
      importPlan: (officialId, planYaml) =>
        guarded('importPlan', () => {
          const refused = refusal(
            data.officials.find((o) => o.id === officialId),
            planYaml,
          );
          if (refused) return refused;
          const outcome = structuredClone(this.planImportOutcome);
          if (outcome.ok) this.importedPlans.push({ officialId, yaml: planYaml });
          return outcome;
        }),
      webLink: (officialId, purpose, _now, draftId) =>
        guarded('webLink', () => {
          const official = activeOfficial(officialId);
          if (this.webBase === null || !official || !mayOpen(official.role, purpose)) return null;
          const url = `${this.webBase}/l/${purpose}-${this.webLinks.length + 1}`;
          this.webLinks.push({ officialId, purpose, url, ...(draftId ? { draftId } : {}) });
          return url;
        }),
      revokeWebAccess: (officialId) =>
        guarded('revokeWebAccess', () => {
          // The links handed out since the official's last sign-out are those it ends.
          const since = this.webSignOuts.filter((s) => s.officialId === officialId).at(-1)?.at ?? 0;
          const open = this.webLinks.slice(since).filter((l) => l.officialId === officialId).length;
          this.webSignOuts.push({ officialId, at: this.webLinks.length });
          return open;
        }),
      miniAppUrl: (officialId, purpose) =>
        guarded('miniAppUrl', () => {
          const official = activeOfficial(officialId);
          if (this.webBase === null || !this.webBase.startsWith('https://')) return null;
          if (!official || !mayOpen(official.role, purpose)) return null;
          const url = `${this.webBase}/tg/${purpose}`;
          this.webLinks.push({ officialId, purpose, url });
          return url;
        }),
      spreadsheetUrl: (officialId) =>
        guarded('spreadsheetUrl', () => {
          const official = activeOfficial(officialId);
          if (this.webBase === null || !official || !mayOpen(official.role, 'dashboard')) return null;
          const url = `${this.webBase}/xlsx/${this.webLinks.length + 1}.xlsx`;
          this.webLinks.push({ officialId, purpose: 'xlsx', url });
          return url;
        }),
      chartImageUrl: (officialId) =>
        guarded('chartImageUrl', () => {
          const official = activeOfficial(officialId);
          if (this.webBase === null || !official || !mayOpen(official.role, 'dashboard')) return null;
          const url = `${this.webBase}/chart/${this.webLinks.length + 1}.png`;
          this.webLinks.push({ officialId, purpose: 'chart', url });
          return url;
        }),
      // Returns are the Prisma store's (tests/integration/approval-chat.test.ts).
      returnedItems: () => guarded('returnedItems', () => []),
      // The rules only (domain/approval); who must hear of a return is the Prisma store's (tested there).
      approvePeriod: (officialId, input) =>
        guarded('approvePeriod', () => {
          const official = activeOfficial(officialId);
          if (!official) throw new Error('approvePeriod for an unknown official');
          const key = `${input.campaignCode}:${input.periodKey}`;
          const step = approvalStep(
            this.approvals.get(key) ?? 'open',
            input.action,
            { role: official.role, mayApprove: false },
            input.note,
          );
          if (!step.ok)
            return { ok: false as const, problem: { key: `approval:error.${step.reason}`, params: {} } };
          this.approvals.set(key, step.state);
          return {
            ok: true as const,
            // The fake keeps no period names: the period's code, in words.
            period: { key: 'approval:period_code', params: { key: input.periodKey } },
            state: step.state,
            returnedTo: 0,
            unreachable: [],
          };
        }),
    };
  }
}

export function createMemoryDialogStore(options: MemoryDialogStoreOptions = {}): MemoryDialogStore {
  return new MemoryDialogStore(options);
}

// ---- builders ----

/** Quý III/2026 in a Vietnamese commune's annual plan: data as of 14/09, due 14/09/2026 17:00 in Hanoi. */
export const Q3_2026 = {
  periodId: 'period-2026-q3',
  periodName: {
    key: 'calendar:period.quarter',
    params: { roman: 'III', quarter: 3, year: 2026 },
  } satisfies Message,
  cutoff: '2026-09-14',
  deadlineAt: new Date('2026-09-14T10:00:00Z'),
};

export const Q2_2026_NAME: Message = {
  key: 'calendar:period.quarter',
  params: { roman: 'II', quarter: 2, year: 2026 },
};

export const ITEM_IDS = {
  revenue: 'ind-ns01',
  insurance: 'ind-xh03',
  poverty: 'ind-xh05',
  rural: 'ind-mt02',
} as const;

function target(value: string, comparator: PlanTarget['comparator'] = '>=', source = ''): PlanTarget {
  return { source, comparator, value };
}

/**
 * The four kinds of indicator an official meets:
 * - NS01, cumulative in "triệu đồng", target ≥ 11.807, 5.120 reported for Quý II;
 * - XH03, a level in "%" with two targets from two sources (Tỉnh giao ≥ 95,15; HĐND xã giao ≥ 95);
 * - XH05, a rate to keep low (≤ 0,32 %);
 * - NTM, achieved or not (boolean).
 */
export function sampleItems(
  overrides: Partial<Record<keyof typeof ITEM_IDS, Partial<ItemSeed>>> = {},
): ItemSeed[] {
  const revenue: ItemSeed = {
    indicatorId: ITEM_IDS.revenue,
    code: 'NS01',
    name: 'Thu ngân sách nhà nước trên địa bàn',
    category: 'Kinh tế',
    unit: 'triệu đồng',
    measure: 'cumulative',
    targets: [target('11807')],
    ...Q3_2026,
    previous: { value: '5120', periodName: Q2_2026_NAME },
  };
  const insurance: ItemSeed = {
    indicatorId: ITEM_IDS.insurance,
    code: 'XH03',
    name: 'Tỷ lệ dân số tham gia bảo hiểm y tế',
    category: 'Văn hóa – Xã hội',
    unit: '%',
    measure: 'level',
    targets: [target('95.15', '>=', 'Tỉnh giao'), target('95', '>=', 'HĐND xã giao')],
    ...Q3_2026,
    previous: { value: '94.2', periodName: Q2_2026_NAME },
  };
  const poverty: ItemSeed = {
    indicatorId: ITEM_IDS.poverty,
    code: 'XH05',
    name: 'Tỷ lệ hộ nghèo',
    category: 'Văn hóa – Xã hội',
    unit: '%',
    measure: 'level',
    targets: [target('0.32', '<=')],
    ...Q3_2026,
    previous: null,
  };
  const rural: ItemSeed = {
    indicatorId: ITEM_IDS.rural,
    code: 'NTM',
    name: 'Xã đạt chuẩn nông thôn mới nâng cao',
    category: 'Nông thôn mới',
    unit: '',
    measure: 'boolean',
    targets: [target('1', '=')],
    ...Q3_2026,
    previous: null,
  };
  return [
    { ...revenue, ...overrides.revenue },
    { ...insurance, ...overrides.insurance },
    { ...poverty, ...overrides.poverty },
    { ...rural, ...overrides.rural },
  ];
}

export interface SeededOfficial {
  official: MemoryOfficial;
  userId: string;
  chatId: string;
}

/**
 * An official linked to a Telegram chat (userId = chatId, as in a private chat), assigned `items`
 * (the four sample indicators by default).
 */
export function seedOfficial(
  store: MemoryDialogStore,
  options: {
    id?: string;
    code?: string;
    name?: string;
    userId?: string;
    locale?: Locale | null;
    items?: ItemSeed[];
    linked?: boolean;
  } = {},
): SeededOfficial {
  const id = options.id ?? 'off-tckt';
  const official = store.addOfficial({
    id,
    code: options.code ?? 'tckt',
    name: options.name ?? 'Đỗ Quang Huy',
  });
  const userId = options.userId ?? '501';
  if (options.linked !== false)
    store.link({ officialId: id, userId, locale: options.locale === undefined ? 'vi' : options.locale });
  store.setItems(id, options.items ?? sampleItems());
  return { official, userId, chatId: userId };
}
