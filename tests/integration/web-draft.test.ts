import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficialView } from '../../src/dialog/ports.js';
import { createI18n } from '../../src/i18n.js';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { createPlanDrafts } from '../../src/services/plan-drafts.js';
import { createWebLink, hashWebToken, openWebSession } from '../../src/services/web-links.js';
import type { Database } from '../../src/store/database.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { DEMO_PLAN_FILE, importPlanFile } from '../support/plans.js';
import { cookiesOf, createTestWebServer } from '../support/web.js';

/**
 * The plan review page (issue 15, point 5): the draft the chat stored, opened by a `draft` link,
 * edited as a table, saved with a version, and imported through the chat's importer.
 */

const NOW = new Date('2026-09-10T02:00:00.000Z');
const HOUR = 3_600_000;
const TZ = 'Asia/Ho_Chi_Minh';
const SEED = 'tests/fixtures/plan-extraction/seeds/ke-hoach-thi-xa-nga-nam-2023.txt';
const backends = await availableBackends();

const AN_BINH = ['An Bình', 'an-binh', 'Vũ Đình Khoa', 'Quách Mỹ Duyên', 'DT71', 'granite'];
const QUANG_TRUNG = ['Quang Trung', 'quang-trung', 'Phạm Minh Tuấn', 'Hoàng Thị Mai', 'NS01', 'KT02'];

/** The demo plan as next year's plan: a draft that passes the check as it is. */
const NEXT_YEAR = readFileSync(DEMO_PLAN_FILE, 'utf8')
  .replaceAll('quang-trung-2026', 'quang-trung-2027')
  .replaceAll('năm 2026', 'năm 2027')
  .replace('year: 2026', 'year: 2027')
  .replaceAll('2026-', '2027-');

const unescape = (text: string) =>
  text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** The fields a browser would post from the page's form, as they are shown (no button pressed). */
function formOf(html: string): [string, string][] {
  const form = html.slice(html.indexOf('<form method="post" action="/draft"'));
  const fields: [string, string][] = [];
  const tags =
    /<input\b([^>]*)>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<select\b([^>]*)>([\s\S]*?)<\/select>/g;
  const attr = (attrs: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];
  for (const match of form.matchAll(tags)) {
    const [, input, textarea, text, select, options] = match;
    if (input !== undefined) {
      const name = attr(input, 'name');
      if (!name || (/type="checkbox"/.test(input) && !/\bchecked\b/.test(input))) continue;
      fields.push([name, unescape(attr(input, 'value') ?? '')]);
    } else if (textarea !== undefined) {
      const name = attr(textarea, 'name');
      if (name) fields.push([name, unescape(text ?? '')]);
    } else if (select !== undefined) {
      const name = attr(select, 'name');
      const chosen =
        /<option value="([^"]*)"[^>]*\bselected\b/.exec(options ?? '') ??
        /<option value="([^"]*)"/.exec(options ?? '');
      if (name) fields.push([name, unescape(chosen?.[1] ?? '')]);
    }
  }
  return fields;
}

const asAdmin = (official: { id: string; code: string; name: string }): OfficialView => ({
  ...official,
  role: 'admin',
  organizationName: 'UBND xã Quang Trung',
  locale: 'vi',
});

const encode = (fields: [string, string][]) => new URLSearchParams(fields).toString();
const set = (fields: [string, string][], name: string, value: string): [string, string][] => {
  if (!fields.some(([n]) => n === name)) throw new Error(`no field ${name}`);
  return fields.map(([n, v]) => [n, n === name ? value : v]);
};
const valueOf = (fields: [string, string][], name: string) => fields.find(([n]) => n === name)?.[1];

describe.each(backends)('the plan review page on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  let app: FastifyInstance;
  let db: Database['db'];
  let seedDraft: string;
  const i18n = createI18n('vi');

  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    db = test.database.db;
    await importPlanFile(db);
    await importPlanFile(db, 'tests/fixtures/authorization/an-binh-2026.yaml');
    app = await createTestWebServer(test.database, { now: () => NOW, served: ['telegram'] });
    const vp = await db.official.findFirstOrThrow({
      where: { code: 'vp', organization: { code: 'quang-trung' } },
    });
    const plans = createPlanDrafts(test.database, { i18n, timeZone: TZ, defaultLocale: 'vi' });
    const seed = await plans.prepare(
      asAdmin(vp),
      { name: 'ke-hoach-nga-nam.txt', bytes: readFileSync(SEED) },
      NOW,
    );
    if (!seed.ok || !seed.draft.id) throw new Error('the seed plan gave no stored draft');
    seedDraft = seed.draft.id;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await test?.drop();
  });

  async function newDraft(yaml: string = NEXT_YEAR): Promise<string> {
    const vp = await db.official.findFirstOrThrow({
      where: { code: 'vp', organization: { code: 'quang-trung' } },
    });
    const plans = createPlanDrafts(test.database, { i18n, timeZone: TZ, defaultLocale: 'vi' });
    const outcome = await plans.prepare(
      asAdmin(vp),
      { name: 'ke-hoach-2027.yaml', bytes: new TextEncoder().encode(yaml) },
      NOW,
    );
    if (!outcome.ok || !outcome.draft.id) throw new Error('no stored draft');
    return outcome.draft.id;
  }

  async function open(official: string, draftId: string, organization = 'quang-trung'): Promise<string> {
    const link = await createWebLink(db, {
      organizationCode: organization,
      officialCode: official,
      purpose: 'draft',
      now: NOW,
      draftId,
    });
    const opened = await app.inject({ method: 'GET', url: link.path });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe('/draft');
    return cookiesOf(opened);
  }

  const page = (cookie: string) => app.inject({ method: 'GET', url: '/draft', headers: { cookie } });
  const post = (cookie: string, fields: [string, string][]) =>
    app.inject({
      method: 'POST',
      url: '/draft',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: encode(fields),
    });

  describe('the chat', () => {
    it('stores the draft it read, each indicator with its line of the document and its proposed assignee', async () => {
      const stored = await db.planDraft.findUniqueOrThrow({ where: { id: seedDraft } });
      const content = JSON.parse(stored.content) as {
        indicators: { origin?: { line: number; text: string; proposed?: string } }[];
      };
      expect(content.indicators.length).toBeGreaterThan(10);
      expect(
        content.indicators.every((row) => row.origin && row.origin.line > 0 && row.origin.text.length > 5),
      ).toBe(true);
      expect(content.indicators.some((row) => row.origin?.proposed)).toBe(true);
    });

    it('offers a draft link bound to that draft, only with a base address', async () => {
      const vp = await db.official.findFirstOrThrow({
        where: { code: 'vp', organization: { code: 'quang-trung' } },
      });
      const base = 'https://tiendo.example.vn';
      const store = createDialogStore(test.database, TZ, undefined, { baseUrl: base, ttlHours: 24 });
      const url = await store.transaction((repo) => repo.webLink(vp.id, 'draft', NOW, seedDraft));
      expect(url).toMatch(/^https:\/\/tiendo\.example\.vn\/l\/[A-Za-z0-9_-]{43}$/);
      const token = (url ?? '').slice(`${base}/l/`.length);
      const row = await db.webToken.findUniqueOrThrow({ where: { tokenHash: hashWebToken(token) } });
      expect(row.draftId).toBe(seedDraft);
      const opened = await app.inject({ method: 'GET', url: (url ?? '').slice(base.length) });
      const shown = await page(cookiesOf(opened));
      expect(shown.statusCode).toBe(200);
      expect(shown.body).toContain('ke-hoach-nga-nam.yaml');
      expect(shown.body).toMatch(/Dòng \d+:/);
      expect(shown.body).toContain('đề xuất');
      const without = createDialogStore(test.database, TZ);
      expect(await without.transaction((repo) => repo.webLink(vp.id, 'draft', NOW, seedDraft))).toBeNull();
    });
  });

  describe('the authorization matrix', () => {
    type Who =
      'none' | 'forged' | 'expired' | 'officer' | 'chairman' | 'admin' | 'other_chairman' | 'other_bound';
    const cookies = new Map<Who, string>();
    let draftId: string;
    beforeAll(async () => {
      draftId = await newDraft();
      cookies.set('none', '');
      cookies.set('forged', `tiendo_draft=${'A'.repeat(43)}.bad`);
      cookies.set('chairman', await open('ct', draftId));
      cookies.set('admin', await open('vp', draftId));
      // an officer's report session is of another purpose; an officer gets no draft link at all
      const officer = await createWebLink(db, {
        organizationCode: 'quang-trung',
        officialCode: 'vhxh',
        purpose: 'report',
        now: NOW,
      });
      cookies.set(
        'officer',
        cookiesOf(await app.inject({ method: 'GET', url: officer.path })).replace(
          'tiendo_report',
          'tiendo_draft',
        ),
      );
      // An Bình's chairman: a session of their own (no draft of theirs), and one tampered to name Quang Trung's draft
      const abCt = await db.official.findFirstOrThrow({ where: { code: 'ab-ct' } });
      const own = await openWebSession(db, abCt.id, 'draft', NOW);
      cookies.set('other_chairman', `tiendo_draft=${app.signCookie(own?.token ?? '')}`);
      const bound = await openWebSession(db, abCt.id, 'draft', NOW);
      await db.webToken.update({ where: { tokenHash: hashWebToken(bound?.token ?? '') }, data: { draftId } });
      cookies.set('other_bound', `tiendo_draft=${app.signCookie(bound?.token ?? '')}`);
      const ct = await db.official.findFirstOrThrow({
        where: { code: 'ct', organization: { code: 'quang-trung' } },
      });
      const old = await openWebSession(db, ct.id, 'draft', new Date(NOW.getTime() - 30 * HOUR), 24);
      cookies.set('expired', `tiendo_draft=${app.signCookie(old?.token ?? '')}`);
    });

    const expected: Record<Who, { get: number; post: number }> = {
      none: { get: 401, post: 401 },
      forged: { get: 401, post: 401 },
      expired: { get: 401, post: 401 },
      officer: { get: 401, post: 401 },
      chairman: { get: 200, post: 403 },
      admin: { get: 200, post: 403 },
      other_chairman: { get: 200, post: 403 },
      other_bound: { get: 200, post: 403 },
    };

    it.each(Object.keys(expected) as Who[])('%s', async (who) => {
      const cookie = cookies.get(who) ?? '';
      const shown = await page(cookie);
      expect(shown.statusCode).toBe(expected[who].get);
      // a POST without the page's CSRF token: refused before anything is read
      const posted = await post(cookie, [
        ['_csrf', 'x'.repeat(43)],
        ['version', '1'],
        ['action', 'save'],
      ]);
      expect(posted.statusCode).toBe(expected[who].post);
      const leaks = who.startsWith('other') ? QUANG_TRUNG : AN_BINH;
      for (const word of leaks) expect(shown.body, word).not.toContain(word);
      if (who.startsWith('other')) expect(shown.body).toContain('Chưa có bản nháp kế hoạch nào');
      if (expected[who].get === 401) expect(shown.body).toContain('xin đường dẫn mới trong chat');
    });

    it('gives no draft link to an officer or a vice-chairman, nor for another organization’s draft', async () => {
      for (const official of ['vhxh', 'pct'])
        await expect(
          createWebLink(db, {
            organizationCode: 'quang-trung',
            officialCode: official,
            purpose: 'draft',
            now: NOW,
            draftId,
          }),
        ).rejects.toThrow();
      await expect(
        createWebLink(db, {
          organizationCode: 'an-binh',
          officialCode: 'ab-ct',
          purpose: 'draft',
          now: NOW,
          draftId,
        }),
      ).rejects.toThrow();
    });

    it('opens a link once: reused elsewhere, expired or forged it shows only "xin đường dẫn mới"', async () => {
      const link = await createWebLink(db, {
        organizationCode: 'quang-trung',
        officialCode: 'ct',
        purpose: 'draft',
        now: NOW,
        draftId,
      });
      expect((await app.inject({ method: 'GET', url: link.path })).statusCode).toBe(303);
      const reused = await app.inject({ method: 'GET', url: link.path });
      expect(reused.statusCode).toBe(410);
      const expiring = await createWebLink(db, {
        organizationCode: 'quang-trung',
        officialCode: 'ct',
        purpose: 'draft',
        now: new Date(NOW.getTime() - 30 * HOUR),
        draftId,
      });
      const expired = await app.inject({ method: 'GET', url: expiring.path });
      expect(expired.statusCode).toBe(410);
      const forged = await app.inject({ method: 'GET', url: `/l/${'B'.repeat(43)}` });
      expect(forged.statusCode).toBe(410);
      for (const response of [reused, expired, forged]) {
        expect(response.body).toContain('xin đường dẫn mới trong chat');
        for (const word of QUANG_TRUNG) expect(response.body, word).not.toContain(word);
      }
    });
  });

  describe('editing', () => {
    it('saves the page whole, and refuses a stale save showing what changed', async () => {
      const draftId = await newDraft();
      const cookie = await open('vp', draftId);
      const shown = await page(cookie);
      const fields = formOf(shown.body);
      expect(valueOf(fields, 'version')).toBe('1');
      const first = set(fields, 'r0_name', 'Tổng thu ngân sách (sửa lần một)');
      const saved = await post(cookie, [...first, ['action', 'save']]);
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe('/draft?saved=1');
      const after = await app.inject({ method: 'GET', url: '/draft?saved=1', headers: { cookie } });
      expect(after.body).toContain('Đã lưu bản nháp.');
      expect(after.body).toContain('Tổng thu ngân sách (sửa lần một)');
      // the same page posted again (another tab): refused, nothing stored, the rows that differ named
      const stale = await post(cookie, [
        ...set(fields, 'r1_name', 'Giá trị sản xuất (tab cũ)'),
        ['action', 'save'],
      ]);
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('bản nháp vừa được sửa ở nơi khác');
      expect(stale.body).toContain('NS01 Tổng thu ngân sách (sửa lần một)');
      const stored = await db.planDraft.findUniqueOrThrow({ where: { id: draftId } });
      expect(stored.version).toBe(2);
      expect(stored.content).toContain('(sửa lần một)');
      expect(stored.content).not.toContain('(tab cũ)');
    });

    it('shows bad values beside their fields and imports nothing; fixed, imports exactly what is shown', async () => {
      const draftId = await newDraft();
      const cookie = await open('vp', draftId);
      const campaigns = await db.campaign.count();
      let fields = formOf((await page(cookie)).body);
      fields = set(fields, 'r0_t0_val', 'mười một nghìn');
      fields = set(fields, 'r1_unit', '');
      fields = set(fields, 'r1_name', 'Giá trị sản xuất nông nghiệp (đã sửa)');
      const refused = await post(cookie, [...fields, ['action', 'import']]);
      expect(refused.statusCode).toBe(422);
      expect(await db.campaign.count()).toBe(campaigns);
      // each problem in the row of its field, and what was typed kept
      const row0 = refused.body.slice(refused.body.indexOf('id="row-0"'), refused.body.indexOf('id="row-1"'));
      expect(row0).toMatch(/aria-invalid="true"[^>]*>\s*<p class="problem">/);
      expect(row0).toContain('value="mười một nghìn"');
      const row1 = refused.body.slice(refused.body.indexOf('id="row-1"'), refused.body.indexOf('id="row-2"'));
      expect(row1).toContain(i18n.t('plan:error.required'));
      expect(refused.body).toContain('Giá trị sản xuất nông nghiệp (đã sửa)');
      // fixed: a name, a comparator, an assignee picked from the list
      fields = formOf(refused.body);
      fields = set(fields, 'r0_t0_val', '12.500');
      fields = set(fields, 'r0_t0_cmp', '<=');
      fields = set(fields, 'r1_unit', 'tỷ đồng');
      fields = set(fields, 'r1_as', 'ktnn');
      const done = await post(cookie, [...fields, ['action', 'import']]);
      expect(done.statusCode).toBe(200);
      expect(done.body).toContain('Đã nhập kế hoạch');
      const campaign = await db.campaign.findFirstOrThrow({
        where: { code: 'quang-trung-2027' },
        include: { indicators: { include: { targets: true, assignments: { include: { official: true } } } } },
      });
      const ns01 = campaign.indicators.find((i) => i.code === 'NS01');
      expect(ns01?.targets.map((t) => [t.comparator, t.value])).toEqual([['<=', '12500']]);
      const kt01 = campaign.indicators.find((i) => i.code === 'KT01');
      expect(kt01?.name).toBe('Giá trị sản xuất nông nghiệp (đã sửa)');
      expect(kt01?.assignments.map((a) => a.official.code)).toEqual(['ktnn']);
      const source = (await db.indicator.findMany({ where: { campaign: { code: 'quang-trung-2026' } } }))
        .length;
      expect(campaign.indicators.length).toBe(source);
      const stored = await db.planDraft.findUniqueOrThrow({ where: { id: draftId } });
      expect(stored.importedAt).not.toBeNull();
      // imported: the page says so, and a second import is refused
      expect((await page(cookie)).body).toContain('đã được nhập');
      expect((await post(cookie, [...fields, ['action', 'import']])).statusCode).toBe(409);
    });

    it('escapes what the document said: markup in a name or a sentence is text, never a tag', async () => {
      const hostile = NEXT_YEAR.replace(
        'Tổng thu ngân sách nhà nước trên địa bàn',
        "<script>alert(1)</script><img src=x onerror=alert(2)>' &amp Thu",
      );
      const cookie = await open('vp', await newDraft(hostile));
      const shown = await page(cookie);
      expect(shown.statusCode).toBe(200);
      expect(shown.body).not.toContain('<script>alert');
      expect(shown.body).not.toContain('<img src=x');
      expect(shown.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(shown.headers['content-security-policy']).toContain("script-src 'self'");
      // and it goes back as it was typed
      const fields = formOf(shown.body);
      expect(valueOf(fields, 'r0_name')).toBe(
        "<script>alert(1)</script><img src=x onerror=alert(2)>' &amp Thu",
      );
    });

    it('adds an official, a unit and an indicator row, and deletes one', async () => {
      const draftId = await newDraft();
      const cookie = await open('vp', draftId);
      let fields = formOf((await page(cookie)).body);
      const rows = fields.filter(([n]) => /^r\d+_name$/.test(n)).length;
      const units = fields.filter(([n]) => /^u\d+_code$/.test(n)).length;
      const people = fields.filter(([n]) => /^o\d+_code$/.test(n)).length;
      fields = set(fields, `u${units - 1}_code`, 'quan-su');
      fields = set(fields, `u${units - 1}_name`, 'Ban Chỉ huy Quân sự');
      fields = set(fields, `o${people - 1}_code`, 'qs');
      fields = set(fields, `o${people - 1}_name`, 'Lý Văn Hùng');
      fields = set(fields, `o${people - 1}_unit`, 'quan-su');
      const added = rows - 1;
      fields = set(fields, `r${added}_code`, 'QS01');
      fields = set(fields, `r${added}_name`, 'Giao quân đạt chỉ tiêu');
      fields = set(fields, `r${added}_cat`, 'Quốc phòng');
      fields = set(fields, `r${added}_measure`, 'boolean');
      fields = set(fields, `r${added}_as`, 'qs');
      fields.push([`r${rows - 2}_del`, '1']);
      expect((await post(cookie, [...fields, ['action', 'save']])).statusCode).toBe(303);
      const shown = await page(cookie);
      expect(shown.body).toContain('Lý Văn Hùng (qs)');
      expect(shown.body).toContain('value="QS01"');
      const stored = JSON.parse(
        (await db.planDraft.findUniqueOrThrow({ where: { id: draftId } })).content,
      ) as {
        indicators: { code: string; assignees: string[] }[];
        officials: { code: string; unit: string }[];
      };
      expect(stored.indicators.length).toBe(rows - 1);
      expect(stored.indicators.find((i) => i.code === 'QS01')?.assignees).toEqual(['qs']);
      expect(stored.officials.find((o) => o.code === 'qs')?.unit).toBe('quan-su');
    });
  });
});
