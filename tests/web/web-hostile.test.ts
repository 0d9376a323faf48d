import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebLink, type WebPurpose } from '../../src/services/web-links.js';
import type { Database } from '../../src/store/database.js';
import { Prng, fuzzSeed } from '../faults/support/prng.js';
import { createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { importPlanFile } from '../support/plans.js';
import { createTestWebServer } from '../support/web.js';
import { launchBrowser, PHONE } from './support/browser.js';

/**
 * Markup in whatever a page shows — the names of officials, indicators, categories, units, target
 * sources, notes, the plan's title, and what an official typed (echoed back when refused) — is shown
 * as text: no script of it runs. Each payload would set `window.__xss`; the page is asked whether it did.
 * The payloads are seeded (TIENDO_FUZZ_SEED replays a run).
 */
const NOW = new Date('2026-09-10T02:00:00.000Z');
const seed = fuzzSeed(20261202);
const rng = new Prng(seed);

const TEMPLATES = [
  (n: number) => `<script>window.__xss=${n}</script>`,
  (n: number) => `"><script>window.__xss=${n}</script>`,
  (n: number) => `'><img src=x onerror="window.__xss=${n}">`,
  (n: number) => `" onerror="window.__xss=${n}`,
  (n: number) => `<svg onload=window.__xss=${n}>`,
  (n: number) => `</legend></fieldset><script>window.__xss=${n}</script>`,
  (n: number) => `<iframe srcdoc="<script>parent.__xss=${n}</script>">`,
  (n: number) => `javascript:window.__xss=${n}`,
  (n: number) => `<a href="javascript:window.__xss=${n}">x</a>`,
  (n: number) => `</title><script>window.__xss=${n}</script>`,
  (n: number) => `<style>@import 'x'</style><b onmouseover=window.__xss=${n}>`,
  (n: number) => `{{constructor.constructor('window.__xss=${n}')()}}`,
  (n: number) => `<%= window.__xss=${n} %>`,
  (n: number) => `\u003cscript\u003ewindow.__xss=${n}\u003c/script\u003e`,
];

let counter = 0;
function payload(): string {
  counter += 1;
  return rng.pick(TEMPLATES)(counter);
}

let test: TestDatabase & { database: Database };
let app: FastifyInstance;
let browser: Browser;
let base: string;
const shown: string[] = [];

/** Every text a page shows, replaced by payloads (names still unique where the schema wants it). */
async function poison(db: Database['db']): Promise<void> {
  const organization = payload();
  shown.push(organization);
  await db.organization.updateMany({ data: { name: organization } });
  await db.campaign.updateMany({ data: { title: payload() } });
  for (const official of await db.official.findMany()) {
    const name = payload();
    shown.push(name);
    await db.official.update({ where: { id: official.id }, data: { name } });
  }
  for (const unit of await db.unit.findMany())
    await db.unit.update({ where: { id: unit.id }, data: { name: payload() } });
  const category = payload();
  shown.push(category);
  for (const indicator of await db.indicator.findMany()) {
    const name = payload();
    shown.push(name);
    await db.indicator.update({ where: { id: indicator.id }, data: { name, category } });
  }
  for (const target of await db.target.findMany({ where: { source: { not: '' } } }))
    await db.target.update({ where: { id: target.id }, data: { source: payload() } });
  const [xh01, q3, mai] = await Promise.all([
    db.indicator.findFirstOrThrow({ where: { code: 'XH01' } }),
    db.period.findFirstOrThrow({ where: { key: '2026-Q3' } }),
    db.official.findFirstOrThrow({ where: { code: 'vhxh' } }),
  ]);
  const note = payload();
  shown.push(note);
  const report = await db.report.create({
    data: { indicatorId: xh01.id, periodId: q3.id, officialId: mai.id, value: '150', note, revision: 1 },
  });
  await db.reportRevision.create({
    data: { reportId: report.id, revision: 1, value: '150', note, channel: 'web' },
  });
}

beforeAll(async () => {
  test = await createMigratedDatabase('sqlite');
  await importPlanFile(test.database.db);
  await poison(test.database.db);
  app = await createTestWebServer(test.database, { now: () => NOW, served: ['telegram'] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await test?.drop();
});

async function open(official: string, purpose: WebPurpose): Promise<{ page: Page; dialogs: string[] }> {
  const link = await createWebLink(test.database.db, {
    organizationCode: 'quang-trung',
    officialCode: official,
    purpose,
    now: NOW,
  });
  const page = await (await browser.newContext({ viewport: PHONE })).newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${base}${link.path}`);
  return { page, dialogs };
}

async function noScriptRan(page: Page, dialogs: string[]): Promise<void> {
  expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  // Nothing of a payload became markup: only our own scripts, no event handler, no injected element.
  const markup = await page.evaluate(() => {
    const doc = (
      globalThis as unknown as {
        document: {
          querySelectorAll(
            s: string,
          ): ArrayLike<{ getAttribute(n: string): string | null; attributes: ArrayLike<{ name: string }> }>;
        };
      }
    ).document;
    const scripts = Array.from(doc.querySelectorAll('script')).map((s) => s.getAttribute('src'));
    const handlers = Array.from(doc.querySelectorAll('*')).flatMap((e) =>
      Array.from(e.attributes)
        .map((a) => a.name)
        .filter((n) => n.startsWith('on')),
    );
    const injected = doc.querySelectorAll(
      'main svg, main iframe, main style, main b, main a[href^="javascript"]',
    ).length;
    return { scripts, handlers, injected };
  });
  expect(markup.scripts.every((src) => src !== null && src.startsWith('/static/'))).toBe(true);
  expect(markup.handlers).toEqual([]);
  expect(markup.injected).toBe(0);
}

describe(`hostile text in the pages (seed ${seed})`, () => {
  it('is shown as text on the form, and so is what the official typed', async () => {
    const { page, dialogs } = await open('vhxh', 'report');
    await page.waitForSelector('form.report');
    const text = (await page.locator('body').textContent()) ?? '';
    const visible = shown.filter((p) => text.includes(p));
    expect(visible.length).toBeGreaterThan(3);
    await noScriptRan(page, dialogs);
    // Typed markup is refused by the number parser and echoed back in its field, escaped.
    const typed = payload();
    await page.locator('#row-XH02 input[type="text"]').fill(typed);
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.waitForSelector('.banner.error');
    expect(await page.locator('#row-XH02 input[type="text"]').inputValue()).toBe(typed);
    await noScriptRan(page, dialogs);
    await page.context().close();
  });

  it('is shown as text on the dashboard and in the drill-down', async () => {
    const { page, dialogs } = await open('ct', 'dashboard');
    await page.waitForSelector('.summary');
    await noScriptRan(page, dialogs);
    await page.locator('a[href^="/dashboard/indicator/XH01"]').click();
    await page.waitForSelector('table.history');
    const text = (await page.locator('table.history').textContent()) ?? '';
    expect(shown.some((p) => text.includes(p))).toBe(true);
    await noScriptRan(page, dialogs);
    await page.context().close();
  });
});
