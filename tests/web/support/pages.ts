import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { createWebLink, type WebPurpose } from '../../../src/services/web-links.js';
import type { Database } from '../../../src/store/database.js';
import { createMigratedDatabase, type TestDatabase } from '../../support/databases.js';
import { importPlanFile } from '../../support/plans.js';
import { createTestWebServer } from '../../support/web.js';
import { launchBrowser } from './browser.js';

/** The instant every browser test runs at: inside the demo plan's third quarter. */
export const NOW = new Date('2026-09-10T02:00:00.000Z');

export interface PagesUnderTest {
  test: TestDatabase & { database: Database };
  app: FastifyInstance;
  browser: Browser;
  /** http://127.0.0.1:PORT */
  base: string;
  /** a fresh signed link of the test plan's organization, as a full URL */
  linkFor(official: string, purpose: WebPurpose): Promise<string>;
  /** a page in a context of its own (its own cookies) */
  newPage(options: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

/**
 * The web server on a migrated SQLite database with the test plan, listening on a free port, and
 * Debian's Chromium: what every browser test starts from. `prepare` runs on the database before the
 * server starts (the hostile suite poisons every text there).
 */
export async function startPages(
  options: { prepare?: (db: Database['db']) => Promise<void> } = {},
): Promise<PagesUnderTest> {
  const test = await createMigratedDatabase('sqlite');
  await importPlanFile(test.database.db);
  await options.prepare?.(test.database.db);
  const app = await createTestWebServer(test.database, { now: () => NOW, served: ['telegram'] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await launchBrowser();
  return {
    test,
    app,
    browser,
    base,
    linkFor: async (official, purpose) => {
      const link = await createWebLink(test.database.db, {
        organizationCode: 'quang-trung',
        officialCode: official,
        purpose,
        now: NOW,
      });
      return `${base}${link.path}`;
    },
    newPage: async (contextOptions) => (await browser.newContext(contextOptions)).newPage(),
    close: async () => {
      await browser.close();
      await app.close();
      await test.drop();
    },
  };
}
