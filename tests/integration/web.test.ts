import { sign } from '@telegram-apps/init-data-node';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createChartImageToken,
  createWebLink,
  openWebSession,
  revokeAllWebTokens,
} from '../../src/services/web-links.js';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import type { Database } from '../../src/store/database.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { importPlanFile } from '../support/plans.js';
import { cookiesOf, createTestWebServer, csrfOf, openSession, TEST_BOT_TOKEN } from '../support/web.js';

/** 10 September 2026, 09:00 in Hanoi: Quý III/2026 is being collected, Quý II is late for some. */
const NOW = new Date('2026-09-10T02:00:00.000Z');
const HOUR = 3_600_000;
const backends = await availableBackends();

/** Words of the second organization (tests/fixtures/authorization/an-binh-2026.yaml): a leak if seen by Quang Trung. */
const AN_BINH = ['An Bình', 'an-binh', 'Vũ Đình Khoa', 'Quách Mỹ Duyên', 'DT71', 'granite'];
const QUANG_TRUNG = ['Quang Trung', 'quang-trung', 'Phạm Minh Tuấn', 'Hoàng Thị Mai', 'NS01', 'XH01'];

describe.each(backends)('the web pages on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  let app: FastifyInstance;
  let db: Database['db'];

  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    db = test.database.db;
    await importPlanFile(db);
    await importPlanFile(db, 'tests/fixtures/authorization/an-binh-2026.yaml');
    app = await createTestWebServer(test.database, { now: () => NOW, served: ['telegram'] });
  });
  afterAll(async () => {
    await app?.close();
    await test?.drop();
  });

  const session = (official: string, purpose: 'report' | 'dashboard' | 'draft', organization?: string) =>
    openSession(app, test.database, {
      official,
      purpose,
      now: NOW,
      ...(organization ? { organization } : {}),
    });

  describe('links', () => {
    it('are handed out by the dialog store, inside its transaction, only with a base address and to those who may open the page', async () => {
      const officer = await db.official.findFirstOrThrow({
        where: { code: 'vhxh', organization: { code: 'quang-trung' } },
      });
      const base = 'https://tiendo.example.vn';
      const store = createDialogStore(test.database, 'Asia/Ho_Chi_Minh', undefined, {
        baseUrl: base,
        ttlHours: 24,
      });
      const url = await store.transaction((repo) => repo.webLink(officer.id, 'report', NOW));
      expect(url).toMatch(/^https:\/\/tiendo\.example\.vn\/l\/[A-Za-z0-9_-]{43}$/);
      const opened = await app.inject({ method: 'GET', url: (url ?? '').slice(base.length) });
      expect(opened.statusCode).toBe(303);
      expect(opened.headers.location).toBe('/report');
      expect(await store.transaction((repo) => repo.webLink(officer.id, 'dashboard', NOW))).toBeNull();
      const without = createDialogStore(test.database, 'Asia/Ho_Chi_Minh');
      expect(await without.transaction((repo) => repo.webLink(officer.id, 'report', NOW))).toBeNull();
      // the chart's address for Zalo: a chairman's only, and it serves the picture
      expect(await store.transaction((repo) => repo.chartImageUrl(officer.id, NOW))).toBeNull();
      expect(await without.transaction((repo) => repo.chartImageUrl(officer.id, NOW))).toBeNull();
      const ct = await db.official.findFirstOrThrow({
        where: { code: 'ct', organization: { code: 'quang-trung' } },
      });
      const chart = await store.transaction((repo) => repo.chartImageUrl(ct.id, NOW));
      expect(chart).toMatch(/^https:\/\/tiendo\.example\.vn\/chart\/[A-Za-z0-9_-]{43}\.png$/);
      const png = await app.inject({ method: 'GET', url: (chart ?? '').slice(base.length) });
      expect(png.statusCode).toBe(200);
      expect(png.headers['content-type']).toBe('image/png');
    });

    it('open once: a session cookie (HttpOnly, SameSite=Lax), then the page without the token', async () => {
      const link = await createWebLink(db, {
        officialCode: 'vhxh',
        purpose: 'report',
        now: NOW,
        organizationCode: 'quang-trung',
      });
      expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const stored = await db.webToken.findMany({ where: { kind: 'link', official: { code: 'vhxh' } } });
      expect(stored.map((s) => s.tokenHash)).not.toContain(link.token);
      const opened = await app.inject({ method: 'GET', url: link.path });
      expect(opened.statusCode).toBe(303);
      expect(opened.headers.location).toBe('/report');
      const cookie = String(opened.headers['set-cookie']);
      expect(cookie).toMatch(/^tiendo_report=/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).not.toMatch(/Secure/); // no public https address in this test
      // Again in the same browser: its session opens the page; elsewhere, nothing.
      const again = await app.inject({
        method: 'GET',
        url: link.path,
        headers: { cookie: cookiesOf(opened) },
      });
      expect(again.statusCode).toBe(303);
      const elsewhere = await app.inject({ method: 'GET', url: link.path });
      expect(elsewhere.statusCode).toBe(410);
      expect(elsewhere.body).toContain('Đường dẫn đã hết hạn — xin đường dẫn mới trong chat');
    });

    it.each([
      ['forged', () => `/l/${'A'.repeat(43)}`],
      ['malformed', () => '/l/%3Cscript%3E'],
    ])('refuse a %s token', async (_name, url) => {
      const response = await app.inject({ method: 'GET', url: url() });
      expect(response.statusCode).toBe(410);
      expect(response.body).toContain('xin đường dẫn mới trong chat');
    });

    it('refuse an expired link, and a link replaced by a newer one of the same purpose', async () => {
      const old = await createWebLink(db, {
        organizationCode: 'quang-trung',
        officialCode: 'tckt',
        purpose: 'report',
        now: new Date(NOW.getTime() - 25 * HOUR),
      });
      expect((await app.inject({ method: 'GET', url: old.path })).statusCode).toBe(410);
      const first = await createWebLink(db, {
        organizationCode: 'quang-trung',
        officialCode: 'tckt',
        purpose: 'report',
        now: NOW,
      });
      const second = await createWebLink(db, {
        organizationCode: 'quang-trung',
        officialCode: 'tckt',
        purpose: 'report',
        now: NOW,
      });
      expect((await app.inject({ method: 'GET', url: first.path })).statusCode).toBe(410);
      expect((await app.inject({ method: 'GET', url: second.path })).statusCode).toBe(303);
    });

    it('all end at once with revokeAll (a future /dangxuat): sessions and unopened links', async () => {
      const cookie = await session('ktnn', 'report');
      const pending = await createWebLink(db, {
        organizationCode: 'quang-trung',
        officialCode: 'ktnn',
        purpose: 'report',
        now: NOW,
      });
      expect((await app.inject({ method: 'GET', url: '/report', headers: { cookie } })).statusCode).toBe(200);
      const ktnn = await db.official.findFirstOrThrow({ where: { code: 'ktnn' } });
      expect(await revokeAllWebTokens(db, ktnn.id, NOW)).toBeGreaterThanOrEqual(2);
      expect((await app.inject({ method: 'GET', url: '/report', headers: { cookie } })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: pending.path })).statusCode).toBe(410);
    });

    it('are not made for a page the official may not open', async () => {
      await expect(
        createWebLink(db, {
          organizationCode: 'quang-trung',
          officialCode: 'vhxh',
          purpose: 'dashboard',
          now: NOW,
        }),
      ).rejects.toMatchObject({ key: 'web:error.purpose_role' });
    });
  });

  describe('the authorization matrix', () => {
    type Who = 'none' | 'forged' | 'officer' | 'chairman' | 'other_chairman' | 'expired' | 'admin';
    const cookies = new Map<Who, string>();
    beforeAll(async () => {
      cookies.set('none', '');
      cookies.set('forged', `tiendo_report=${'A'.repeat(43)}.bad; tiendo_dashboard=${'B'.repeat(43)}.bad`);
      cookies.set('officer', await session('vhxh', 'report'));
      cookies.set('chairman', await session('ct', 'dashboard'));
      cookies.set('admin', await session('vp', 'dashboard'));
      cookies.set('other_chairman', await session('ab-ct', 'dashboard', 'an-binh'));
      // A session opened 30 hours ago for a day: over.
      const pct = await db.official.findFirstOrThrow({ where: { code: 'pct' } });
      const old = await openWebSession(db, pct.id, 'dashboard', new Date(NOW.getTime() - 30 * HOUR), 24);
      const expired = `tiendo_dashboard=${app.signCookie(old?.token ?? '')}`;
      cookies.set('expired', expired);
    });

    const routes: { method: 'GET'; url: string; purpose: 'report' | 'dashboard' }[] = [
      { method: 'GET', url: '/report', purpose: 'report' },
      { method: 'GET', url: '/dashboard', purpose: 'dashboard' },
      { method: 'GET', url: '/dashboard/indicator/NS01', purpose: 'dashboard' },
      { method: 'GET', url: '/dashboard/report.xlsx', purpose: 'dashboard' },
    ];
    // Who gets what: 200 the page, 401 "ask for a new link", 404 not in their organization.
    const expected: Record<Who, Record<string, number>> = {
      none: {
        '/report': 401,
        '/dashboard': 401,
        '/dashboard/indicator/NS01': 401,
        '/dashboard/report.xlsx': 401,
      },
      forged: {
        '/report': 401,
        '/dashboard': 401,
        '/dashboard/indicator/NS01': 401,
        '/dashboard/report.xlsx': 401,
      },
      expired: {
        '/report': 401,
        '/dashboard': 401,
        '/dashboard/indicator/NS01': 401,
        '/dashboard/report.xlsx': 401,
      },
      // A report session is of the wrong purpose for the dashboard.
      officer: {
        '/report': 200,
        '/dashboard': 401,
        '/dashboard/indicator/NS01': 401,
        '/dashboard/report.xlsx': 401,
      },
      chairman: {
        '/report': 401,
        '/dashboard': 200,
        '/dashboard/indicator/NS01': 200,
        '/dashboard/report.xlsx': 200,
      },
      admin: {
        '/report': 401,
        '/dashboard': 200,
        '/dashboard/indicator/NS01': 200,
        '/dashboard/report.xlsx': 200,
      },
      other_chairman: {
        '/report': 401,
        '/dashboard': 200,
        '/dashboard/indicator/NS01': 404,
        '/dashboard/report.xlsx': 200,
      },
    };
    const cases = (Object.keys(expected) as Who[]).flatMap((who) =>
      routes.map((route) => ({ who, ...route })),
    );

    it.each(cases)('$who $method $url', async ({ who, method, url }) => {
      const response = await app.inject({ method, url, headers: { cookie: cookies.get(who) ?? '' } });
      expect(response.statusCode).toBe(expected[who][url]);
      if (url.endsWith('.xlsx')) return;
      const leaks = who === 'other_chairman' ? QUANG_TRUNG : AN_BINH;
      for (const word of leaks) expect(response.body, word).not.toContain(word);
    });

    it('shows the other organization only its own plan', async () => {
      const response = await app.inject({
        method: 'GET',
        url: '/dashboard?campaign=quang-trung-2026',
        headers: { cookie: cookies.get('other_chairman') ?? '' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('An Bình');
      for (const word of QUANG_TRUNG) expect(response.body, word).not.toContain(word);
    });

    it('refuses a form without its CSRF token, or with another session’s', async () => {
      const officer = cookies.get('officer') ?? '';
      const other = await session('ktnn', 'report');
      const otherCsrf = csrfOf(
        (await app.inject({ method: 'GET', url: '/report', headers: { cookie: other } })).body,
      );
      const page = await app.inject({ method: 'GET', url: '/report', headers: { cookie: officer } });
      const period = /name="period" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      for (const csrf of ['', 'x', otherCsrf]) {
        const response = await app.inject({
          method: 'POST',
          url: '/report',
          headers: { cookie: officer },
          payload: { _csrf: csrf, period },
        });
        expect(response.statusCode, csrf).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, csrf).toBeLessThan(500);
      }
      const remind = await app.inject({
        method: 'POST',
        url: '/dashboard/remind',
        headers: { cookie: cookies.get('chairman') ?? '' },
        payload: { _csrf: 'forged', official: 'tckt' },
      });
      expect(remind.statusCode).toBe(403);
      expect(await db.outboxMessage.count()).toBe(0);
    });
  });

  describe('the quarter’s form', () => {
    it('stores nothing while a field does not parse, asks the plausibility questions, then stores all', async () => {
      const cookie = await session('vhxh', 'report');
      const page = await app.inject({ method: 'GET', url: '/report', headers: { cookie } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Quý III/2026');
      for (const code of ['XH01', 'XH02', 'XH03', 'XH04', 'XH05']) expect(page.body).toContain(code);
      expect(page.body).toContain('inputmode="decimal"');
      const csrf = csrfOf(page.body);
      const period = /name="period" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const ids = new Map(
        [...page.body.matchAll(/id="row-(XH\d\d)"[\s\S]*?name="v_([^"]+)"/g)].map((m) => [
          m[1] ?? '',
          m[2] ?? '',
        ]),
      );
      const field = (code: string) => `x_${ids.get(code) ?? ''}`;
      const version = (code: string) => `v_${ids.get(code) ?? ''}`;
      const values = {
        [field('XH01')]: '1.234',
        [version('XH01')]: '0',
        [field('XH02')]: 'abc',
        [version('XH02')]: '0',
        [field('XH04')]: '95,2',
        [version('XH04')]: '0',
      };
      const post = (extra: Record<string, string>) =>
        app.inject({
          method: 'POST',
          url: '/report',
          headers: { cookie },
          payload: { _csrf: csrf, period, ...values, ...extra },
        });

      const refused = await post({});
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toContain('Chưa lưu gì');
      expect(refused.body).toContain('value="abc"'); // what was typed stays
      expect(await db.report.count({ where: { official: { code: 'vhxh' } } })).toBe(0);

      values[field('XH02')] = '0,3';
      const asked = await post({});
      expect(asked.statusCode).toBe(200);
      // 1.234 people is more than twice the target of 290: the chat's question, on the page.
      expect(asked.body).toContain('Xác nhận và lưu');
      expect(asked.body).toMatch(/class="question"/);
      expect(await db.report.count({ where: { official: { code: 'vhxh' } } })).toBe(0);

      const saved = await post({ confirm: '1' });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toContain('saved=3');
      const reports = await db.report.findMany({
        where: { official: { code: 'vhxh' } },
        include: { indicator: true, revisions: true },
        orderBy: { indicator: { code: 'asc' } },
      });
      expect(reports.map((r) => [r.indicator.code, r.value, r.revision])).toEqual([
        ['XH01', '1234', 1],
        ['XH02', '0.3', 1],
        ['XH04', '95.2', 1],
      ]);
      expect(reports.flatMap((r) => r.revisions.map((v) => v.channel))).toEqual(['web', 'web', 'web']);

      // The same page posted again (versions 0): stale for the changed one, nothing stored.
      values[field('XH01')] = '250';
      const stale = await post({});
      expect(stale.statusCode).toBe(422);
      expect(stale.body).toContain('vừa được sửa ở nơi khác');
      expect(stale.body).toContain('1.234 người');
      const xh01 = await db.report.findFirstOrThrow({
        where: { indicator: { code: 'XH01' }, official: { code: 'vhxh' } },
      });
      expect(xh01.value).toBe('1234');
    });

    it('offers the late period too, and fills it when chosen', async () => {
      const cookie = await session('tckt', 'report');
      const page = await app.inject({ method: 'GET', url: '/report', headers: { cookie } });
      const q2 = /<option value="([^"]+)"[^>]*>Quý II\/2026/.exec(page.body)?.[1];
      expect(q2).toBeTruthy();
      const late = await app.inject({ method: 'GET', url: `/report?period=${q2}`, headers: { cookie } });
      expect(late.body).toContain('NS01');
      expect(late.body).toContain('đã quá hạn');
    });

    /** The form of an official as the page shows it: its CSRF token, period, and field names by code. */
    async function formOf(cookie: string) {
      const page = await app.inject({ method: 'GET', url: '/report', headers: { cookie } });
      const csrf = csrfOf(page.body);
      const period = /name="period" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const ids = new Map(
        [...page.body.matchAll(/id="row-([A-Z]{2}\d\d[a-z]?)"[\s\S]*?name="v_([^"]+)" value="(\d+)"/g)].map(
          (m) => [m[1] ?? '', { id: m[2] ?? '', version: m[3] ?? '0' }],
        ),
      );
      const post = (fields: Record<string, { value?: string; note?: string }>, confirm = false) => {
        const payload: Record<string, string> = { _csrf: csrf, period, ...(confirm ? { confirm: '1' } : {}) };
        for (const [code, { value, note }] of Object.entries(fields)) {
          const row = ids.get(code);
          if (!row) throw new Error(`no row ${code}`);
          payload[`x_${row.id}`] = value ?? '';
          payload[`v_${row.id}`] = row.version;
          if (note !== undefined) payload[`n_${row.id}`] = note;
        }
        return app.inject({ method: 'POST', url: '/report', headers: { cookie }, payload });
      };
      return { page, post };
    }

    it('stores a note with its figure, as the chat does, and a note alone as a new revision', async () => {
      const cookie = await session('tckt', 'report');
      const first = await formOf(cookie);
      expect(first.page.body).toContain('Ghi chú');
      const tooLong = await first.post({ NS01: { value: '5.000', note: 'x'.repeat(501) } });
      expect(tooLong.statusCode).toBe(422);
      expect(tooLong.body).toContain('Ghi chú dài quá 500 ký tự');
      expect(tooLong.body).toContain('value="5.000"');
      const noFigure = await first.post({ NS01: { value: '', note: 'ước tính' } });
      expect(noFigure.statusCode).toBe(422);
      expect(noFigure.body).toContain('nhập số trước rồi mới ghi chú');
      expect(
        await db.report.count({ where: { official: { code: 'tckt' }, period: { key: '2026-Q3' } } }),
      ).toBe(0);

      const saved = await first.post({ NS01: { value: '5.000', note: '  số của Chi cục Thuế\u202E ' } });
      expect(saved.statusCode).toBe(303);
      const ns01 = () =>
        db.report.findFirstOrThrow({
          where: { indicator: { code: 'NS01' }, official: { code: 'tckt' }, period: { key: '2026-Q3' } },
          include: { revisions: { orderBy: { revision: 'asc' } } },
        });
      expect(await ns01()).toMatchObject({ value: '5000', note: 'số của Chi cục Thuế', revision: 1 });

      const again = await formOf(cookie);
      expect(again.page.body).toContain('>số của Chi cục Thuế</textarea>');
      // the figure left as it was, the note changed: a new revision of the same value
      const noted = await again.post({ NS01: { value: '5.000', note: 'ước tính' } });
      expect(noted.statusCode).toBe(303);
      const after = await ns01();
      expect(after.revisions.map((r) => [r.value, r.note, r.channel])).toEqual([
        ['5000', 'số của Chi cục Thuế', 'web'],
        ['5000', 'ước tính', 'web'],
      ]);
      // the same page sent again changes nothing; a cleared note clears it
      const third = await formOf(cookie);
      expect((await third.post({ NS01: { value: '5.000', note: 'ước tính' } })).headers.location).toContain(
        'saved=0',
      );
      expect((await third.post({ NS01: { value: '5.000', note: '' } })).statusCode).toBe(303);
      expect((await ns01()).note).toBeNull();
    });

    it('asks the chat’s "Trong đó" question: parts adding up to more than their total', async () => {
      const cookie = await session('ktnn', 'report');
      const first = await formOf(cookie);
      const stored = await first.post({ KT02: { value: '1.000' }, KT02a: { value: '900' } }, true);
      expect(stored.statusCode).toBe(303);
      const second = await formOf(cookie);
      const asked = await second.post({ KT02b: { value: '139' } });
      expect(asked.statusCode).toBe(200);
      expect(asked.body).toContain('Các phần «Trong đó» cộng lại (1.039 tấn) lớn hơn tổng (1.000 tấn)');
      expect(await db.report.count({ where: { indicator: { code: 'KT02b' } } })).toBe(0);
    });
  });

  describe('the dashboard', () => {
    it('shows completeness, statuses, who is late, and drills down to an indicator', async () => {
      const cookie = await session('ct', 'dashboard');
      const page = await app.inject({ method: 'GET', url: '/dashboard', headers: { cookie } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Đã báo cáo');
      expect(page.body).toContain('Nhắc ngay');
      expect(page.body).toContain('/dashboard/indicator/XH01');
      const detail = await app.inject({
        method: 'GET',
        url: '/dashboard/indicator/XH01?campaign=quang-trung-2026',
        headers: { cookie },
      });
      expect(detail.statusCode).toBe(200);
      expect(detail.body).toContain('Hoàng Thị Mai');
      expect(detail.body).toContain('1.234 người');
    });

    it('serves the Excel report and the chart', async () => {
      const cookie = await session('pct', 'dashboard');
      const xlsx = await app.inject({ method: 'GET', url: '/dashboard/report.xlsx', headers: { cookie } });
      expect(xlsx.statusCode).toBe(200);
      // A Vietnamese file name, with an ASCII twin for clients that read only `filename`.
      expect(xlsx.headers['content-disposition']).toBe(
        "attachment; filename=tien-do-quang-trung-2026-2026-Q3.xlsx; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20ti%E1%BA%BFn%20%C4%91%E1%BB%99%20quang-trung-2026%202026-Q3.xlsx",
      );
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
      const chart = await app.inject({ method: 'GET', url: '/dashboard/chart.png', headers: { cookie } });
      expect(chart.statusCode).toBe(200);
      expect(chart.headers['content-type']).toBe('image/png');
      expect(chart.rawPayload.subarray(1, 4).toString()).toBe('PNG');
      // the demo's chart is one picture: the page shows it once, and there is no page 2
      const page = await app.inject({ method: 'GET', url: '/dashboard', headers: { cookie } });
      expect(
        page.body.match(/<img src="\/dashboard\/chart\.png\?campaign=quang-trung-2026&amp;page=\d"/g),
      ).toEqual(['<img src="/dashboard/chart.png?campaign=quang-trung-2026&amp;page=1"']);
      const first = await app.inject({
        method: 'GET',
        url: '/dashboard/chart.png?page=1',
        headers: { cookie },
      });
      expect(first.rawPayload.equals(chart.rawPayload)).toBe(true);
      const second = await app.inject({
        method: 'GET',
        url: '/dashboard/chart.png?page=2',
        headers: { cookie },
      });
      expect(second.statusCode).toBe(404);
      const bad = await app.inject({
        method: 'GET',
        url: '/dashboard/chart.png?page=0',
        headers: { cookie },
      });
      expect(bad.statusCode).toBe(400);
    });

    it('queues "Nhắc ngay" once a day for a late official with a chat', async () => {
      const tckt = await db.official.findFirstOrThrow({ where: { code: 'tckt' } });
      await db.chatLink.create({
        data: { officialId: tckt.id, channel: 'telegram', externalUserId: '5001', chatId: '5001' },
      });
      const cookie = await session('ct', 'dashboard');
      const page = await app.inject({ method: 'GET', url: '/dashboard', headers: { cookie } });
      const remind = () =>
        app.inject({
          method: 'POST',
          url: '/dashboard/remind',
          headers: { cookie },
          payload: { _csrf: csrfOf(page.body), official: 'tckt', campaign: 'quang-trung-2026' },
        });
      const first = await remind();
      expect(first.statusCode).toBe(303);
      expect(first.headers.location).toContain('reminded=queued');
      expect((await remind()).headers.location).toContain('reminded=already');
      const queued = await db.outboxMessage.findMany({ where: { officialId: tckt.id } });
      expect(queued).toHaveLength(1);
      expect(queued[0]?.payload).toContain('reminders:title.late');
    });

    it('serves the chart at a short-lived URL with no session, and nothing else there', async () => {
      const ct = await db.official.findFirstOrThrow({
        where: { code: 'ct', organization: { code: 'quang-trung' } },
      });
      const image = await createChartImageToken(db, ct.id, NOW);
      const png = await app.inject({ method: 'GET', url: image.path });
      expect(png.statusCode).toBe(200);
      expect(png.headers['content-type']).toBe('image/png');
      const old = await createChartImageToken(db, ct.id, new Date(NOW.getTime() - HOUR));
      expect((await app.inject({ method: 'GET', url: old.path })).statusCode).toBe(404);
      const link = await createWebLink(db, {
        organizationCode: 'quang-trung',
        officialCode: 'ct',
        purpose: 'dashboard',
        now: NOW,
      });
      expect((await app.inject({ method: 'GET', url: `/chart/${link.token}.png` })).statusCode).toBe(404);
    });
  });

  describe('a Telegram Mini App', () => {
    const signed = (userId: number, at: Date, token = TEST_BOT_TOKEN) =>
      sign({ user: { id: userId, first_name: 'Mai' }, query_id: 'q' }, token, at);

    it('opens a session for the official linked to the Telegram user, and only for them', async () => {
      const botApp = await createTestWebServer(test.database, {
        // initData's auth_date is checked against the clock: these are signed now.
        now: () => NOW,
        env: { TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN },
      });
      try {
        const mai = await db.official.findFirstOrThrow({ where: { code: 'vhxh' } });
        await db.chatLink.create({
          data: { officialId: mai.id, channel: 'telegram', externalUserId: '7001', chatId: '7001' },
        });
        const post = (initData: string, purpose = 'report') =>
          botApp.inject({ method: 'POST', url: '/tg/session', payload: { initData, purpose } });
        const ok = await post(signed(7001, new Date()));
        expect(ok.statusCode).toBe(200);
        expect(ok.json()).toEqual({ redirect: '/report' });
        // No https address here: a plain Lax cookie.
        expect(String(ok.headers['set-cookie'])).toContain('SameSite=Lax');
        const page = await botApp.inject({
          method: 'GET',
          url: '/report',
          headers: { cookie: cookiesOf(ok) },
        });
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain('XH01');
        expect((await post(signed(7001, new Date()), 'dashboard')).statusCode).toBe(403); // an officer
        expect((await post(signed(7002, new Date()))).statusCode).toBe(403); // not linked
        expect((await post(signed(7001, new Date(Date.now() - 25 * HOUR)))).statusCode).toBe(401); // too old
        expect(await post(signed(7001, new Date(), '999:another-bot-token-aaaaaaaaaaaa'))).toMatchObject({
          statusCode: 401,
        });
        expect((await post('user=%7B%22id%22%3A7001%7D&auth_date=1&hash=00')).statusCode).toBe(401);
      } finally {
        await botApp.close();
      }
    });

    it('behind https, gives the Mini App a SameSite=None; Secure cookie that Telegram’s webview sends', async () => {
      const botApp = await createTestWebServer(test.database, {
        now: () => NOW,
        env: { TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN, TIENDO_PUBLIC_URL: 'https://tiendo.example.vn' },
      });
      try {
        const mai = await db.official.findFirstOrThrow({ where: { code: 'vhxh' } });
        await db.chatLink.upsert({
          where: { channel_externalUserId: { channel: 'telegram', externalUserId: '7001' } },
          update: {},
          create: { officialId: mai.id, channel: 'telegram', externalUserId: '7001', chatId: '7001' },
        });
        const launcher = await botApp.inject({ method: 'GET', url: '/tg/report' });
        expect(launcher.statusCode).toBe(200);
        expect(launcher.body).toContain('/static/miniapp.js');
        const ok = await botApp.inject({
          method: 'POST',
          url: '/tg/session',
          payload: { initData: signed(7001, new Date()), purpose: 'report' },
        });
        expect(ok.statusCode).toBe(200);
        const cookie = String(ok.headers['set-cookie']);
        expect(cookie).toContain('SameSite=None');
        expect(cookie).toContain('Secure');
        expect(cookie).toContain('HttpOnly');
        const page = await botApp.inject({
          method: 'GET',
          url: '/report',
          headers: { cookie: cookiesOf(ok) },
        });
        expect(page.statusCode).toBe(200);
        // A link's session keeps SameSite=Lax.
        const link = await createWebLink(db, {
          organizationCode: 'quang-trung',
          officialCode: 'vhxh',
          purpose: 'report',
          now: NOW,
        });
        const opened = await botApp.inject({ method: 'GET', url: link.path });
        expect(String(opened.headers['set-cookie'])).toContain('SameSite=Lax');
      } finally {
        await botApp.close();
      }
    });
  });

  describe('/dangxuat and the Excel download link', () => {
    const base = 'https://tiendo.example.vn';
    const store = () =>
      createDialogStore(test.database, 'Asia/Ho_Chi_Minh', undefined, { baseUrl: base, ttlHours: 24 });

    it('serves the Excel file at a signed, expiring address; nothing there after /dangxuat', async () => {
      const pct = await db.official.findFirstOrThrow({
        where: { code: 'pct', organization: { code: 'quang-trung' } },
      });
      const officer = await db.official.findFirstOrThrow({
        where: { code: 'vhxh', organization: { code: 'quang-trung' } },
      });
      expect(await store().transaction((repo) => repo.spreadsheetUrl(officer.id, NOW))).toBeNull();
      const url = await store().transaction((repo) => repo.spreadsheetUrl(pct.id, NOW));
      expect(url).toMatch(/^https:\/\/tiendo\.example\.vn\/xlsx\/[A-Za-z0-9_-]{43}\.xlsx$/);
      const path = (url ?? '').slice(base.length);
      for (let i = 0; i < 2; i += 1) {
        // fetched twice: a chat's link preview may fetch it before the official taps it
        const xlsx = await app.inject({ method: 'GET', url: path });
        expect(xlsx.statusCode).toBe(200);
        expect(xlsx.headers['content-type']).toBe(
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        );
        expect(xlsx.headers['content-disposition']).toContain(
          "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20ti%E1%BA%BFn%20%C4%91%E1%BB%99",
        );
        expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
      }
      // not a picture's address, nor a forged or another kind's token
      expect(
        (await app.inject({ method: 'GET', url: path.replace('/xlsx/', '/chart/').replace('.xlsx', '.png') }))
          .statusCode,
      ).toBe(404);
      const forged = await app.inject({ method: 'GET', url: `/xlsx/${'A'.repeat(43)}.xlsx` });
      expect(forged.statusCode).toBe(410);
      expect(forged.body).toContain('xin đường dẫn mới trong chat');
      const chart = await store().transaction((repo) => repo.chartImageUrl(pct.id, NOW));
      const asXlsx = (chart ?? '').slice(base.length).replace('/chart/', '/xlsx/').replace('.png', '.xlsx');
      expect((await app.inject({ method: 'GET', url: asXlsx })).statusCode).toBe(410);
      // expired: a day later
      const later = await createTestWebServer(test.database, {
        now: () => new Date(NOW.getTime() + 25 * HOUR),
      });
      try {
        expect((await later.inject({ method: 'GET', url: path })).statusCode).toBe(410);
      } finally {
        await later.close();
      }

      const cookie = await session('pct', 'dashboard');
      const link = await createWebLink(db, {
        organizationCode: 'quang-trung',
        officialCode: 'pct',
        purpose: 'report',
        now: NOW,
      });
      const revoked = await store().transaction((repo) => repo.revokeWebAccess(pct.id, NOW));
      expect(revoked).toBeGreaterThanOrEqual(4); // the file, the chart, the session, the link
      const oldLink = await app.inject({ method: 'GET', url: link.path });
      expect(oldLink.statusCode).toBe(410);
      expect(oldLink.body).toContain('xin đường dẫn mới trong chat');
      const oldSession = await app.inject({ method: 'GET', url: '/dashboard', headers: { cookie } });
      expect(oldSession.statusCode).toBe(401);
      expect(oldSession.body).toContain('xin đường dẫn mới trong chat');
      expect(oldSession.body).not.toContain('Nguyễn Thị Lan');
      expect((await app.inject({ method: 'GET', url: path })).statusCode).toBe(410);
      // a new link works again
      expect(await session('pct', 'dashboard')).toMatch(/^tiendo_dashboard=/);
    });
  });

  describe('operations', () => {
    it('answers /healthz and /readyz', async () => {
      expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready', database: true, channels: true });
    });

    it('serves /metrics, behind a bearer token when one is set', async () => {
      const open = await app.inject({ method: 'GET', url: '/metrics' });
      expect(open.statusCode).toBe(200);
      expect(open.body).toContain('tiendo_outbox_depth');
      expect(open.body).toContain('tiendo_web_requests_total');
      const guarded = await createTestWebServer(test.database, {
        now: () => NOW,
        env: { TIENDO_METRICS_TOKEN: 'metrics-token-0123456789' },
      });
      try {
        expect((await guarded.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
        expect(
          (
            await guarded.inject({
              method: 'GET',
              url: '/metrics',
              headers: { authorization: 'Bearer wrong-token-0123456789' },
            })
          ).statusCode,
        ).toBe(401);
        const allowed = await guarded.inject({
          method: 'GET',
          url: '/metrics',
          headers: { authorization: 'Bearer metrics-token-0123456789' },
        });
        expect(allowed.statusCode).toBe(200);
      } finally {
        await guarded.close();
      }
    });

    it('sets a strict Content-Security-Policy on pages', async () => {
      const home = await app.inject({ method: 'GET', url: '/' });
      const csp = String(home.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
    });
  });
  describe('the period’s approval on the dashboard', () => {
    const CAMPAIGN = 'quang-trung-2026';
    const page = (cookie: string) => app.inject({ method: 'GET', url: '/dashboard', headers: { cookie } });
    const step = async (cookie: string, action: string, extra: Record<string, string> = {}) => {
      const shown = await page(cookie);
      const csrf = shown.statusCode === 200 ? csrfOf(shown.body) : 'none';
      return app.inject({
        method: 'POST',
        url: '/dashboard/approval',
        headers: { cookie },
        payload: { _csrf: csrf, campaign: CAMPAIGN, period: '2026-Q2', action, ...extra },
      });
    };
    const state = async () =>
      (
        await db.periodApproval.findFirst({
          where: { period: { key: '2026-Q2', campaign: { code: CAMPAIGN } } },
        })
      )?.state ?? 'open';

    it('shows the state and only the steps each may take; refuses the others and stores nothing', async () => {
      const [ct, vp, pct, other] = await Promise.all([
        session('ct', 'dashboard'),
        session('vp', 'dashboard'),
        session('pct', 'dashboard'),
        session('ab-ct', 'dashboard', 'an-binh'),
      ]);
      const shown = await page(ct);
      expect(shown.body).toContain('Số liệu Quý II/2026: chưa duyệt.');
      expect(shown.body).toContain('Trả lại để sửa');
      expect(shown.body).not.toContain('value="approve"');
      expect((await page(vp)).body).toContain('Đánh dấu đã kiểm tra');
      // A vice-chairman without the right sees the state, and no step.
      const forPct = (await page(pct)).body;
      expect(forPct).toContain('chưa duyệt');
      expect(forPct).not.toContain('action="/dashboard/approval"');
      // Refused: not yet checked, not theirs, a return without its reason, another organization's plan.
      const early = await step(ct, 'approve');
      expect(early.statusCode).toBe(422);
      expect(early.body).toContain('chưa được văn phòng kiểm tra');
      expect((await step(pct, 'check')).statusCode).toBe(422);
      const noReason = await step(ct, 'return', { note: '  ' });
      expect(noReason.statusCode).toBe(422);
      expect(noReason.body).toContain('cần ghi rõ lý do');
      // Another organization's chairman: their own page, our plan not found (and not named back).
      const foreign = await step(other, 'check');
      expect(foreign.statusCode).toBe(404);
      for (const word of QUANG_TRUNG) expect(foreign.body, word).not.toContain(word);
      expect(await db.approvalEvent.count()).toBe(0);
    });

    it('refuses a step with no session, another purpose’s session, or without its CSRF token', async () => {
      const post = (cookie: string, csrf: string) =>
        app.inject({
          method: 'POST',
          url: '/dashboard/approval',
          headers: { cookie },
          payload: { _csrf: csrf, campaign: CAMPAIGN, period: '2026-Q2', action: 'check' },
        });
      expect((await post('', 'x')).statusCode).toBe(401);
      expect((await post(await session('vhxh', 'report'), 'x')).statusCode).toBe(401);
      expect((await post(await session('vp', 'dashboard'), 'forged')).statusCode).toBe(403);
      expect(await db.approvalEvent.count()).toBe(0);
    });

    it('checks, returns with a reason, checks again, approves (locked), reopens — each in the history', async () => {
      const [ct, vp] = await Promise.all([session('ct', 'dashboard'), session('vp', 'dashboard')]);
      const checked = await step(vp, 'check');
      expect(checked.statusCode).toBe(303);
      expect(checked.headers.location).toContain('approval=check');
      expect(await state()).toBe('checked');
      const returned = await step(ct, 'return', { note: 'XH01 thấp bất thường' });
      expect(returned.statusCode).toBe(303);
      expect(await state()).toBe('returned');
      const after = await app.inject({
        method: 'GET',
        url: String(returned.headers.location),
        headers: { cookie: ct },
      });
      expect(after.body).toContain('Đã trả lại số liệu Quý II/2026');
      expect(after.body).toContain('XH01 thấp bất thường');
      await step(vp, 'check');
      const approved = await step(ct, 'approve');
      expect(approved.statusCode).toBe(303);
      expect(await state()).toBe('approved');
      const locked = (await page(ct)).body;
      expect(locked).toMatch(/Số liệu Quý II\/2026: đã duyệt ngày \d\d\/\d\d\/\d{4} \(Phạm Minh Tuấn\)\./);
      expect(locked).toContain('Mở lại để sửa');
      // The history, oldest first: who, what.
      const history = locked.slice(locked.indexOf('approval-history'));
      const order = ['kiểm tra', 'trả lại', 'kiểm tra', 'duyệt'].map((a) => `— ${a}`);
      let at = 0;
      for (const entry of order) {
        const found = history.indexOf(entry, at);
        expect(found, entry).toBeGreaterThan(at - 1);
        at = found + 1;
      }
      expect((await step(vp, 'reopen')).statusCode).toBe(422);
      expect((await step(ct, 'reopen')).statusCode).toBe(303);
      expect(await state()).toBe('open');
      expect(await db.approvalEvent.count()).toBe(5);
    });
  });
});
