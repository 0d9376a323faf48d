import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanDrafts } from '../../src/dialog/ports.js';
import type { DialogResult, InboundDocument, Input } from '../../src/dialog/types.js';
import { REPORT_NOW_TOKEN } from '../../src/domain/reminders/index.js';
import { formatViNumber } from '../../src/domain/numbers/index.js';
import type { Plan } from '../../src/domain/plan/plan.js';
import { loadResources } from '../../src/i18n.js';
import { createInvite } from '../../src/services/invites.js';
import { addReport } from '../../src/services/reports.js';
import { createReplyChecker } from './support/telegram-check.js';
import { loadPlan } from '../support/plans.js';
import { createWorld, DEMO_PLAN, NOW, OTHER_PLAN, type World } from './support/world.js';

/**
 * Issue 8: the authorization matrix. Every command and every kind of button, sent by each kind of user
 * (an unlinked chat, an officer, the office administrator, the vice-chairman and the chairman of the demo
 * commune "Quang Trung", and the chairman of another organization, "An Bình"), gets the answer written
 * in the tables below. Every reply of every cell is also searched for the other organization's names,
 * codes and figures: none may appear.
 */

type Role = 'unlinked' | 'officer' | 'admin' | 'vice_chairman' | 'chairman' | 'other_org';
const ROLES: Role[] = ['unlinked', 'officer', 'admin', 'vice_chairman', 'chairman', 'other_org'];

/** Who plays each role, and the indicator they report (every one of them reported for Quý III already). */
const PLAYERS = {
  officer: { organization: 'quang-trung', officialCode: 'tckt', indicator: 'NS01' },
  admin: { organization: 'quang-trung', officialCode: 'vp', indicator: 'KT01' },
  vice_chairman: { organization: 'quang-trung', officialCode: 'pct', indicator: 'QP01' },
  chairman: { organization: 'quang-trung', officialCode: 'ct', indicator: 'QP02' },
  other_org: { organization: 'an-binh', officialCode: 'ab-ct', indicator: 'QP74' },
} as const;

/** Reports already stored (as `tiendo report add` would): every player's, and An Bình's figures to look for. */
const SEEDS = [
  {
    organization: 'quang-trung',
    official: 'tckt',
    indicator: 'NS01',
    value: '8.540,5',
    note: 'Số liệu Kho bạc Quang Trung',
  },
  { organization: 'quang-trung', official: 'vp', indicator: 'KT01', value: '19,7' },
  { organization: 'quang-trung', official: 'pct', indicator: 'QP01', value: '96' },
  { organization: 'quang-trung', official: 'ct', indicator: 'QP02', value: 'đạt' },
  { organization: 'an-binh', official: 'ab-ct', indicator: 'QP74', value: 'đạt' },
  {
    organization: 'an-binh',
    official: 'ab-dt',
    indicator: 'DT71',
    value: '3.217,86',
    note: 'Đo đạc của đội công trình An Bình',
  },
  { organization: 'an-binh', official: 'ab-dt', indicator: 'DT72', value: '86,47' },
  { organization: 'an-binh', official: 'ab-vp', indicator: 'TP73', value: '537' },
  { organization: 'an-binh', official: 'ab-pct', indicator: 'DT75', value: '12' },
] as const;

const U = 'dialog:onboarding.unregistered';
/** The button this row is about is not offered to this role (a press of it from elsewhere is then stale). */
const NOT_OFFERED = 'not offered';
type Expected = string;

const same = (key: Expected): Record<Role, Expected> => ({
  unlinked: key,
  officer: key,
  admin: key,
  vice_chairman: key,
  chairman: key,
  other_org: key,
});
const linked = (key: Expected, unlinked: Expected = U): Record<Role, Expected> => ({
  ...same(key),
  unlinked,
});
const leaders = (key: Expected, officer: Expected): Record<Role, Expected> => ({
  ...same(key),
  unlinked: U,
  officer,
});
const leaderButtons = (key: Expected): Record<Role, Expected> => ({
  ...same(key),
  unlinked: NOT_OFFERED,
  officer: NOT_OFFERED,
});
const planEditors = (key: Expected, others: Expected, unlinked: Expected): Record<Role, Expected> => ({
  unlinked,
  officer: others,
  admin: key,
  vice_chairman: others,
  chairman: key,
  other_org: key,
});
const byMeasure = (numbers: Expected, booleans: Expected): Record<Role, Expected> => ({
  unlinked: NOT_OFFERED,
  officer: numbers,
  admin: numbers,
  vice_chairman: numbers,
  chairman: booleans,
  other_org: booleans,
});

// ---------------------------------------------------------------------------------------------
// The cells' conversations.

interface Cell {
  role: Role;
  chatId: string;
  send(input: Input): Promise<DialogResult>;
  command(text: string): Promise<DialogResult>;
  /** presses the button with this action among those `result` offers; null when there is none */
  press(result: DialogResult, action: string): Promise<DialogResult | null>;
  /** the plan file of the cell's own organization, sent as a document */
  sendPlan(path?: string): Promise<DialogResult>;
}

type Step = (cell: Cell) => Promise<DialogResult | null>;

/** What the role can open with a command, then the button `action` in it (null: not offered). */
const via =
  (command: string, ...actions: string[]): Step =>
  async (cell) => {
    let result: DialogResult | null = await cell.command(command);
    for (const action of actions) {
      if (result === null) return null;
      result = await cell.press(result, action);
    }
    return result;
  };

/** The correction of the role's own indicator: `/baocao`, its first pick, then `then`. */
const correcting =
  (then: (cell: Cell, question: DialogResult) => Promise<DialogResult | null>): Step =>
  async (cell) => {
    const picking = await cell.command('/baocao');
    const question = await cell.press(picking, 'p0');
    return question ? then(cell, question) : null;
  };

const typed =
  (value: string, ...actions: string[]) =>
  async (cell: Cell, question: DialogResult): Promise<DialogResult | null> => {
    if (!question.replies.some((r) => r.answer === 'number')) return null;
    let result: DialogResult | null = await cell.send({ kind: 'text', text: value });
    for (const action of actions) result = result && (await cell.press(result, action));
    return result;
  };

interface Row {
  name: string;
  run: Step;
  expect: Record<Role, Expected>;
  /** the reply must name the role's own indicator */
  mentionsOwn?: boolean;
  /** what the role typed, which the reply may quote back */
  typed?: (role: Role) => string;
}

const COMMANDS: Row[] = [
  { name: '/baocao', run: via('/baocao'), expect: linked('dialog:report.all_done'), mentionsOwn: true },
  { name: '/chitieu', run: via('/chitieu'), expect: linked('dialog:indicators.title'), mentionsOwn: true },
  { name: '/lichsu', run: via('/lichsu'), expect: linked('dialog:history.title'), mentionsOwn: true },
  {
    name: '/tiendo',
    run: via('/tiendo'),
    expect: leaders('progress:title', 'progress:leaders_only'),
    mentionsOwn: true,
  },
  {
    name: '/tiendo <own indicator>',
    run: (cell) => cell.command(`/tiendo ${ownCode(cell.role)}`),
    expect: leaders('progress:detail.title', 'progress:leaders_only'),
    mentionsOwn: true,
  },
  // The code typed is quoted back ("no indicator DT71"), the same as for a code that exists nowhere.
  {
    name: '/tiendo <other organization’s indicator>',
    run: (cell) => cell.command(`/tiendo ${foreignCode(cell.role)}`),
    expect: leaders('progress:unknown_indicator', 'progress:leaders_only'),
    typed: foreignCode,
  },
  { name: '/nhacnho', run: via('/nhacnho'), expect: linked('reminders:me.title') },
  { name: '/nhacnho 20/09 (pause)', run: via('/nhacnho 20/09'), expect: linked('reminders:me.paused_done') },
  { name: '/huy', run: via('/huy'), expect: linked('dialog:cancel.nothing') },
  { name: '/ngonngu', run: via('/ngonngu'), expect: linked('dialog:language.prompt') },
  { name: '/trogiup', run: via('/trogiup'), expect: linked('dialog:help.title') },
  { name: '/start', run: via('/start'), expect: linked('dialog:welcome') },
  {
    name: '/start <unknown code>',
    run: via('/start ABCDE-FGHJK'),
    expect: same('dialog:onboarding.invalid'),
  },
  {
    name: '/start <valid invite of another official>',
    run: (cell) => inviteFor('ktnn').then((code) => cell.command(`/start ${code}`)),
    expect: linked('dialog:onboarding.chat_taken', 'dialog:onboarding.linked'),
  },
  {
    name: '/dangky',
    run: via('/dangky'),
    expect: linked('dialog:welcome', 'dialog:onboarding.code_missing'),
  },
  {
    name: '/dangky <unknown code>',
    run: via('/dangky ZZZZZ-ZZZZZ'),
    expect: same('dialog:onboarding.invalid'),
  },
  { name: 'an unknown command', run: via('/xoa'), expect: linked('dialog:unknown_command') },
  {
    name: 'a free text',
    run: (cell) => cell.send({ kind: 'text', text: 'xin chào' }),
    expect: linked('dialog:idle_text'),
  },
  {
    name: 'a sticker',
    run: (cell) => cell.send({ kind: 'unsupported' }),
    expect: linked('dialog:unsupported'),
  },
  {
    name: 'a plan document',
    run: (cell) => cell.sendPlan(),
    expect: planEditors('dialog:plan.draft_title', 'dialog:plan.not_allowed', U),
  },
];

const BUTTONS: Row[] = [
  {
    name: 'report: pick an answer to correct',
    run: via('/baocao', 'p0'),
    expect: byMeasure('dialog:report.question.title', 'dialog:report.question.title'),
    mentionsOwn: true,
  },
  {
    name: 'report: nothing to correct',
    run: via('/baocao', 'done'),
    expect: byMeasure('dialog:report.no_change', 'dialog:report.no_change'),
  },
  {
    name: 'report: skip',
    run: correcting((cell, q) => cell.press(q, 'skip')),
    expect: byMeasure('dialog:report.skipped', 'dialog:report.skipped'),
  },
  {
    name: 'report: stop',
    run: correcting((cell, q) => cell.press(q, 'stop')),
    expect: byMeasure('dialog:report.stopped', 'dialog:report.stopped'),
  },
  {
    name: 'report: đạt / chưa đạt',
    run: correcting((cell, q) => cell.press(q, 'no')),
    expect: byMeasure(NOT_OFFERED, 'dialog:report.saved'),
  },
  {
    name: 'report: confirm',
    run: correcting(typed('50', 'ok')),
    expect: byMeasure('dialog:report.saved', NOT_OFFERED),
  },
  {
    name: 'report: retype',
    run: correcting(typed('50', 'edit')),
    expect: byMeasure('dialog:report.question.title', NOT_OFFERED),
  },
  {
    name: 'report: add a note',
    run: correcting(typed('50', 'note')),
    expect: byMeasure('dialog:report.note.prompt', NOT_OFFERED),
  },
  {
    name: 'report: no note after all',
    run: correcting(typed('50', 'note', 'nonote')),
    expect: byMeasure('dialog:report.saved', NOT_OFFERED),
  },
  {
    name: 'progress: open a category',
    run: via('/tiendo', 'c0'),
    expect: leaderButtons('progress:category'),
  },
  {
    name: 'progress: open an indicator',
    run: via('/tiendo', 'c0', 'i0'),
    expect: leaderButtons('progress:detail.title'),
  },
  {
    name: 'progress: back to the summary',
    run: via('/tiendo', 'c0', 's'),
    expect: leaderButtons('progress:title'),
  },
  { name: 'progress: chart', run: via('/tiendo', 'chart'), expect: leaderButtons('progress:file.chart') },
  { name: 'progress: Excel', run: via('/tiendo', 'xlsx'), expect: leaderButtons('progress:file.xlsx') },
  {
    name: 'reminders: pause 7 days',
    run: via('/nhacnho', 'p7'),
    expect: linked('reminders:me.paused_done', NOT_OFFERED),
  },
  {
    name: 'reminders: resume',
    run: via('/nhacnho 20/09', 'on'),
    expect: linked('reminders:me.resumed', NOT_OFFERED),
  },
  {
    name: 'language: English',
    run: via('/ngonngu', 'en'),
    expect: linked('dialog:language.done', NOT_OFFERED),
  },
  {
    name: 'reminder: "Báo cáo ngay" (remind:baocao)',
    run: (cell) => cell.send({ kind: 'choice', token: REPORT_NOW_TOKEN }),
    expect: linked('dialog:report.all_done'),
    mentionsOwn: true,
  },
  {
    name: 'plan: import the draft',
    run: async (cell) => cell.press(await cell.sendPlan(), 'import'),
    expect: planEditors('dialog:plan.imported', NOT_OFFERED, NOT_OFFERED),
  },
  {
    name: 'plan: cancel the draft',
    run: async (cell) => cell.press(await cell.sendPlan(), 'cancel'),
    expect: planEditors('dialog:plan.cancelled', NOT_OFFERED, NOT_OFFERED),
  },
];

/** The buttons of one chat pressed in another: all stale. By which role, and how the source chat got them. */
const FOREIGN: { name: string; source: Exclude<Role, 'unlinked'>; setup: Step }[] = [
  { name: 'the chairman’s progress button', source: 'chairman', setup: via('/tiendo') },
  { name: 'the officer’s report pick', source: 'officer', setup: via('/baocao') },
  { name: 'the officer’s confirm button', source: 'officer', setup: correcting(typed('51')) },
  { name: 'the administrator’s plan import button', source: 'admin', setup: (cell) => cell.sendPlan() },
  { name: 'An Bình’s chairman’s progress button', source: 'other_org', setup: via('/tiendo') },
  { name: 'An Bình’s chairman’s report pick', source: 'other_org', setup: via('/baocao') },
];

// ---------------------------------------------------------------------------------------------
// The world: both organizations in one database, the players linked, the reports seeded.

let world: World;
const checker = createReplyChecker();
let nonce = 0;
let unlinkedChat = 90_000;
const chats = new Map<Role, string>();
const forbidden: Record<'quang-trung' | 'an-binh', string[]> = { 'quang-trung': [], 'an-binh': [] };
const reads: Role[] = [];
let drafts = 0;

function foreignCode(role: Role): string {
  return role === 'other_org' ? 'NS01' : 'DT71';
}

function ownCode(role: Role): string {
  return role === 'unlinked' ? '—' : PLAYERS[role].indicator;
}

function organizationOf(role: Role): 'quang-trung' | 'an-binh' | null {
  return role === 'unlinked' ? null : PLAYERS[role].organization;
}

async function inviteFor(officialCode: string): Promise<string> {
  return (
    await createInvite(world.test.database.db, {
      organizationCode: 'quang-trung',
      officialCode,
      days: 7,
      now: NOW,
    })
  ).code;
}

/** Every text of the locales: a secret that is also in them ("ví dụ: 11.807") tells nothing. */
const LOCALE_TEXT = JSON.stringify(loadResources());

/** Names, codes and figures of a plan that must never reach another organization's chats. */
function secretsOf(plan: Plan, figures: string[]): string[] {
  const targets = plan.indicators.flatMap((i) => i.targets.map((t) => formatViNumber(t.value)));
  return [
    plan.organization.name,
    plan.organization.code,
    plan.campaign.title,
    plan.campaign.code,
    ...plan.units.map((u) => u.name),
    ...plan.officials.map((o) => o.name),
    ...plan.indicators.flatMap((i) => [i.name, i.code, i.category]),
    ...targets,
    ...figures,
  ].filter((secret) => secret.length >= 4 && !LOCALE_TEXT.includes(secret));
}

/** A stand-in for the plan reader: the draft is the file itself, as an edited YAML plan would be. */
const STUB_DRAFTS: PlanDrafts = {
  prepare: async (_official, file) => {
    drafts += 1;
    return {
      ok: true,
      draft: {
        yaml: new TextDecoder().decode(file.bytes),
        fileName: 'ke-hoach.yaml',
        origin: 'document',
        title: null,
        year: 2026,
        kind: 'annual',
        start: '2026-01-01',
        end: '2026-12-31',
        indicators: 1,
        booleans: 0,
        review: [],
        unassigned: 0,
        replaces: true,
        problems: [],
      },
    };
  },
};

function cellFor(role: Role): Cell {
  const chatId = role === 'unlinked' ? String(++unlinkedChat) : (chats.get(role) as string);
  const send = (input: Input) => world.engine.handle(world.event(chatId, input));
  return {
    role,
    chatId,
    send,
    command(text) {
      const [name = '', ...rest] = text.slice(1).split(' ');
      return send({ kind: 'command', command: name, args: rest.join(' ') });
    },
    async press(result, action) {
      const token = result.replies
        .flatMap((r) => r.choices.flat())
        .find((c) => c.token.endsWith(`:${action}`))?.token;
      return token === undefined ? null : send({ kind: 'choice', token });
    },
    sendPlan(path) {
      const organization = organizationOf(role);
      const file = path ?? (organization === 'an-binh' ? OTHER_PLAN : DEMO_PLAN);
      const bytes = new Uint8Array(readFileSync(file));
      const document: InboundDocument = {
        name: 'ke-hoach.yaml',
        size: bytes.byteLength,
        mimeType: 'application/yaml',
        read: async () => {
          reads.push(role);
          return bytes;
        },
      };
      return send({ kind: 'document', document });
    },
  };
}

/** Every cell starts from the seeded world: idle chats in Vietnamese, no pause, only the seeded reports. */
async function reset(): Promise<void> {
  const { db } = world.test.database;
  await db.conversation.deleteMany({});
  await db.chatLink.updateMany({ data: { locale: 'vi' } });
  await db.official.updateMany({ data: { remindersPausedUntil: null } });
  await db.reportRevision.deleteMany({ where: { channel: { not: 'cli' } } });
  await db.report.deleteMany({ where: { revisions: { none: {} } } });
  for (const report of await db.report.findMany({
    where: { revision: { gt: 1 } },
    include: { revisions: true },
  })) {
    const first = report.revisions.find((r) => r.revision === 1);
    if (first)
      await db.report.update({
        where: { id: report.id },
        data: { value: first.value, note: first.note, revision: 1 },
      });
  }
  reads.length = 0;
}

/** The plain text of every reply the role got, and the names of the files sent: what it could learn. */
function leaks(role: Role, results: DialogResult[], allowOwnInvite = false, typed: string[] = []): string[] {
  const organization = organizationOf(role);
  const others =
    organization === 'quang-trung'
      ? forbidden['an-binh']
      : organization === 'an-binh'
        ? forbidden['quang-trung']
        : allowOwnInvite
          ? forbidden['an-binh']
          : [...forbidden['an-binh'], ...forbidden['quang-trung']];
  const seen = results
    .map((r) => `${checker.plain(r)}\n${r.replies.map((m) => m.file?.name ?? '').join('\n')}`)
    .join('\n');
  return others.filter((secret) => seen.includes(secret) && !typed.includes(secret));
}

/** Records every result a step produced (setups included), for the leak and Telegram checks. */
function recording(cell: Cell): { cell: Cell; results: DialogResult[] } {
  const results: DialogResult[] = [];
  const keep = async (result: Promise<DialogResult>) => {
    const r = await result;
    results.push(r);
    return r;
  };
  return {
    results,
    cell: {
      ...cell,
      send: (input) => keep(cell.send(input)),
      command: (text) => keep(cell.command(text)),
      press: async (result, action) => {
        const pressed = await cell.press(result, action);
        if (pressed) results.push(pressed);
        return pressed;
      },
      sendPlan: (path) => keep(cell.sendPlan(path)),
    },
  };
}

function firstKey(result: DialogResult): string | undefined {
  return result.replies[0]?.lines[0]?.key;
}

async function stateOf(chatId: string): Promise<string | null> {
  const row = await world.test.database.db.conversation.findUnique({
    where: { channel_chatId: { channel: 'telegram', chatId } },
  });
  return row?.state ?? null;
}

beforeAll(async () => {
  world = await createWorld({
    kind: 'sqlite',
    plans: [DEMO_PLAN, OTHER_PLAN],
    link: Object.values(PLAYERS).map(({ organization, officialCode }) => ({ organization, officialCode })),
    nonce: () => `a${(++nonce).toString(36)}`,
    drafts: () => STUB_DRAFTS,
  });
  for (const [i, role] of (Object.keys(PLAYERS) as (keyof typeof PLAYERS)[]).entries())
    chats.set(role, world.chats[i]?.chatId as string);
  for (const seed of SEEDS) {
    await addReport(world.test.database.db, {
      organizationCode: seed.organization,
      officialCode: seed.official,
      indicatorCode: seed.indicator,
      periodKey: '2026-Q3',
      valueText: seed.value,
      ...('note' in seed ? { note: seed.note } : {}),
      channel: 'cli',
      today: '2026-09-10',
    });
  }
  const figures = (organization: string) =>
    SEEDS.filter((s) => s.organization === organization).flatMap((s) => [
      s.value,
      ...('note' in s ? [s.note] : []),
    ]);
  forbidden['quang-trung'] = secretsOf(loadPlan(DEMO_PLAN), figures('quang-trung'));
  forbidden['an-binh'] = secretsOf(loadPlan(OTHER_PLAN), figures('an-binh'));
});
afterAll(async () => world?.drop());

// ---------------------------------------------------------------------------------------------

const cells = (rows: Row[]) =>
  rows.flatMap((row) => ROLES.map((role) => [row.name, role, row.expect[role], row] as const));

describe.each([
  ['commands', COMMANDS],
  ['buttons', BUTTONS],
])('the authorization matrix: %s', (_kind, rows) => {
  it.each(cells(rows))('%s × %s → %s', async (name, role, expected, row) => {
    await reset();
    const { cell, results } = recording(cellFor(role));
    const before = await stateOf(cell.chatId);
    const final = await row.run(cell);
    if (expected === NOT_OFFERED) {
      expect(final, `${name} was offered to ${role}`).toBeNull();
      // Someone else's button of that kind, pressed here, does nothing.
      const token = `${(await forgedNonce(role)) ?? 'x'}:${name.startsWith('plan') ? 'import' : 'ok'}`;
      const stateBefore = await stateOf(cell.chatId);
      const pressed = await cell.send({ kind: 'choice', token });
      expect(firstKey(pressed)).toBe(role === 'unlinked' ? U : 'dialog:stale');
      expect(await stateOf(cell.chatId)).toBe(stateBefore);
    } else {
      expect(final, `${name} was not offered to ${role}`).not.toBeNull();
      expect(firstKey(final as DialogResult)).toBe(expected);
      if (row.mentionsOwn && role !== 'unlinked')
        expect(checker.plain(final as DialogResult)).toContain(ownCode(role));
    }
    if (role === 'unlinked')
      expect(await stateOf(cell.chatId), 'an unlinked chat got a conversation').toBe(before);
    for (const result of results) expect(checker.problems(result)).toEqual([]);
    expect(
      leaks(role, results, name.startsWith('/start <valid'), row.typed ? [row.typed(role)] : []),
    ).toEqual([]);
    // Only those who may send plans get their document read at all.
    if (name.includes('plan'))
      expect(reads.every((r) => r === 'admin' || r === 'chairman' || r === 'other_org')).toBe(true);
  });
});

/** A nonce another chat was offered (a chairman's, after /tiendo): a real token, of the wrong chat. */
async function forgedNonce(role: Role): Promise<string | null> {
  const other = cellFor(role === 'other_org' ? 'chairman' : 'other_org');
  const shown = await other.command('/tiendo');
  const token = shown.replies.flatMap((r) => r.choices.flat())[0]?.token ?? null;
  return token === null ? null : (token.split(':')[0] ?? null);
}

describe('buttons of another chat', () => {
  const rows = FOREIGN.flatMap((source) =>
    ROLES.filter((role) => role !== source.source).map((role) => [source.name, role, source] as const),
  );
  it.each(rows)('%s, pressed by %s → stale, and nothing changes', async (_name, role, source) => {
    await reset();
    const owner = recording(cellFor(source.source));
    const offered = await source.setup(owner.cell);
    const tokens = (offered?.replies ?? []).flatMap((r) => r.choices.flat().map((c) => c.token));
    expect(tokens.length).toBeGreaterThan(0);
    const ownerState = await stateOf(owner.cell.chatId);
    const reportsBefore = await world.test.database.db.reportRevision.count();
    const { cell, results } = recording(cellFor(role));
    if (role !== 'unlinked') await cell.command('/baocao'); // a question of its own is pending
    const mine = await stateOf(cell.chatId);
    for (const token of tokens) {
      const pressed = await cell.send({ kind: 'choice', token });
      expect(firstKey(pressed)).toBe(role === 'unlinked' ? U : 'dialog:stale');
      if (role !== 'unlinked') expect(pressed.staleChoice).toBe(true);
    }
    expect(await stateOf(cell.chatId)).toBe(mine);
    expect(await stateOf(owner.cell.chatId)).toBe(ownerState);
    expect(await world.test.database.db.reportRevision.count()).toBe(reportsBefore);
    expect(leaks(role, results)).toEqual([]);
  });
});

describe('a plan of another organization', () => {
  it('is refused when the administrator of Quang Trung imports An Bình’s plan file', async () => {
    await reset();
    const { db } = world.test.database;
    const before = await db.indicator.findMany({
      where: { campaign: { organization: { code: 'an-binh' } } },
      orderBy: { code: 'asc' },
    });
    const admin = cellFor('admin');
    const draft = await admin.sendPlan(OTHER_PLAN);
    expect(firstKey(draft)).toBe('dialog:plan.draft_title');
    const imported = await admin.press(draft, 'import');
    expect(imported && firstKey(imported)).toBe('dialog:plan.import_failed');
    expect(
      await db.indicator.findMany({
        where: { campaign: { organization: { code: 'an-binh' } } },
        orderBy: { code: 'asc' },
      }),
    ).toEqual(before);
    expect(await db.organization.count()).toBe(2);
  });

  it('would see a leak: what An Bình’s chairman is shown is exactly what Quang Trung must never see', async () => {
    await reset();
    const shown = [
      await cellFor('other_org').command('/tiendo'),
      await cellFor('other_org').command('/tiendo DT71'),
    ];
    const caught = leaks('chairman', shown);
    expect(caught).toEqual(
      expect.arrayContaining([
        'UBND phường An Bình',
        '3.217,86',
        'Đo đạc của đội công trình An Bình',
        'Quách Mỹ Duyên',
      ]),
    );
    expect(leaks('other_org', shown)).toEqual([]);
  });

  it('ran every cell of the matrix against a plan reader that was asked only by those allowed', () => {
    expect(drafts).toBeGreaterThan(0);
    expect(cells(COMMANDS).length + cells(BUTTONS).length).toBe(
      (COMMANDS.length + BUTTONS.length) * ROLES.length,
    );
  });
});
