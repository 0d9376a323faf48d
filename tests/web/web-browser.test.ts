import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, SCREENSHOTS } from './support/browser.js';
import { startPages, type PagesUnderTest } from './support/pages.js';

/**
 * The pages in a real browser (Debian's Chromium through playwright-core): an officer fills the
 * quarter's form with Vietnamese numbers, one of them bad, answers the plausibility question and
 * saves; the chairman reads the dashboard, drills down and downloads the Excel file. Screenshots at
 * 360 px and 1280 px go to tmp/screenshots/.
 */
let pages: PagesUnderTest;

beforeAll(async () => {
  pages = await startPages();
});
afterAll(async () => {
  await pages?.close();
});

const linkFor: PagesUnderTest['linkFor'] = (official, purpose) => pages.linkFor(official, purpose);

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  return pages.newPage({ viewport, acceptDownloads: true });
}

const field = (page: Page, code: string) => page.locator(`#row-${code} input[type="text"]`);

describe('the quarter’s form in a browser', () => {
  it('takes Vietnamese numbers, shows a bad one beside its field, asks, then saves them all', async () => {
    const page = await newPage(PHONE);
    await page.goto(await linkFor('vhxh', 'report'));
    // The token has left the address bar.
    expect(new URL(page.url()).pathname).toBe('/report');
    await expect.poll(() => page.getByRole('heading', { name: 'Nhập số liệu' }).count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-360.png'), fullPage: true });

    await field(page, 'XH01').fill('1.234');
    await field(page, 'XH02').fill('không phẩy ba');
    await field(page, 'XH03').fill('8,1');
    await field(page, 'XH04').fill('95,2 %');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.waitForSelector('.banner.error');
    await expect.poll(() => page.locator('#row-XH02 .problem').count()).toBe(1);
    expect(await field(page, 'XH01').inputValue()).toBe('1.234');
    expect(await pages.test.database.db.report.count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-refused-360.png'), fullPage: true });

    await field(page, 'XH02').fill('0,3');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.waitForSelector('.banner.warn');
    // 1.234 people against a target of 290: the chat's question, beside the field.
    expect(await page.locator('#row-XH01 .question').textContent()).toContain('1.234');
    expect(await pages.test.database.db.report.count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-question-360.png'), fullPage: true });

    await page.getByRole('button', { name: 'Xác nhận và lưu' }).click();
    await page.waitForSelector('.banner.ok');
    expect(await page.locator('.banner.ok').textContent()).toContain('Đã lưu 4 giá trị');
    const stored = await pages.test.database.db.report.findMany({
      include: { indicator: true },
      orderBy: { indicator: { code: 'asc' } },
    });
    expect(stored.map((r) => [r.indicator.code, r.value])).toEqual([
      ['XH01', '1234'],
      ['XH02', '0.3'],
      ['XH03', '8.1'],
      ['XH04', '95.2'],
    ]);
    await page.setViewportSize(DESKTOP);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-saved-1280.png'), fullPage: true });
    await page.context().close();
  });

  it('needs no script: the touch targets are large and the inputs ask for a decimal keypad', async () => {
    const page = await pages.newPage({ viewport: PHONE, javaScriptEnabled: false });
    await page.goto(await linkFor('tckt', 'report'));
    const input = field(page, 'NS01');
    expect(await input.getAttribute('inputmode')).toBe('decimal');
    const box = await input.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);
    await input.fill('9.000,5');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.waitForSelector('.banner.ok');
    const ns01 = await pages.test.database.db.report.findFirstOrThrow({
      where: { indicator: { code: 'NS01' } },
    });
    expect(ns01.value).toBe('9000.5');
    await page.context().close();
  });
});

describe('the dashboard in a browser', () => {
  it('shows the progress, drills down to an indicator and downloads the Excel file', async () => {
    const page = await newPage(DESKTOP);
    await page.goto(await linkFor('ct', 'dashboard'));
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await page.waitForSelector('.summary');
    expect(await page.locator('.summary .big').textContent()).toContain('Đã báo cáo');
    // The chart is the chat's PNG, drawn on request: loaded lazily, so brought into view first.
    const chart = page.locator('.chart img');
    await chart.scrollIntoViewIfNeeded();
    await expect
      .poll(
        () =>
          chart.evaluate((img) => {
            const image = img as unknown as { complete: boolean; naturalWidth: number };
            return image.complete ? image.naturalWidth : 0;
          }),
        { timeout: 60_000 },
      )
      .toBe(1080);
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-1280.png'), fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-360.png'), fullPage: true });

    await page.locator('a[href^="/dashboard/indicator/XH01"]').click();
    await page.waitForSelector('table.history');
    expect(await page.locator('table.history').textContent()).toContain('Hoàng Thị Mai');
    await page.screenshot({ path: join(SCREENSHOTS, 'indicator-360.png'), fullPage: true });
    await page.getByRole('link', { name: /Bảng theo dõi/ }).click();
    await page.waitForSelector('.summary');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Báo cáo tiến độ quang-trung-2026 2026-Q3.xlsx');
    const path = join(SCREENSHOTS, 'dashboard.xlsx');
    await download.saveAs(path);
    expect(readFileSync(path).subarray(0, 2).toString()).toBe('PK');
    await page.context().close();
  });
});
