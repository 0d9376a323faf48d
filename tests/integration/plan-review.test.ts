import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRef } from '../../src/dialog/ports.js';
import { parsePlanText } from '../../src/services/plan-file.js';
import { importPlan } from '../../src/services/plan-import.js';
import { addReport } from '../../src/services/reports.js';
import type { Database } from '../../src/store/database.js';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';

/**
 * A plan confirmed in the chat is imported inside the conversation step's transaction
 * (services/plan-review.ts): all of it, or — when the importer refuses it halfway — none of it, while
 * the step itself still commits. On SQLite and PostgreSQL.
 */

const TZ = 'Asia/Ho_Chi_Minh';
const NOW = new Date('2026-09-10T02:00:00Z');
const DEMO = readFileSync('examples/plans/demo.yaml', 'utf8');
const CHAT: ChatRef = { channel: 'telegram', chatId: '9100', userId: '9100' };

const backends = await availableBackends();

describe.each(backends)('a plan imported from the chat on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  let adminId: string;

  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    const plan = parsePlanText(DEMO);
    if (!plan.ok) throw new Error('demo plan invalid');
    await importPlan(test.database.db, plan.plan, { timeZone: TZ });
    adminId = (await test.database.db.official.findFirstOrThrow({ where: { code: 'vp' } })).id;
  });
  afterAll(async () => test?.drop());

  const store = () => createDialogStore(test.database, TZ);

  it('imports a second plan of the organization, keeping every official of the first active', async () => {
    const sprint = DEMO.replace('code: quang-trung-2026', 'code: quang-trung-90-ngay')
      .replace('kind: annual', 'kind: sprint')
      .replace('start: 2026-01-01', 'start: 2026-10-01')
      .replace('periods: quarterly', 'checkpoints: [2026-10-31, 2026-11-30, 2026-12-31]');
    const outcome = await store().transaction((repo) => repo.importPlan(adminId, sprint, NOW));
    expect(outcome).toMatchObject({
      ok: true,
      indicators: { created: 12, updated: 0, removed: 0 },
      unassigned: 0,
    });
    expect(await test.database.db.campaign.count()).toBe(2);
    expect(await test.database.db.official.count({ where: { active: false } })).toBe(0);
    // the same file again changes nothing
    const again = await store().transaction((repo) => repo.importPlan(adminId, sprint, NOW));
    expect(again).toMatchObject({ ok: true, indicators: { created: 0, updated: 0, removed: 0 } });
  });

  it("refuses a plan naming another organization, and one that does not pass the plan check, with the file's line", async () => {
    const other = DEMO.replace('code: quang-trung,', 'code: xa-khac,');
    const refused = await store().transaction((repo) => repo.importPlan(adminId, other, NOW));
    expect(refused).toEqual({
      ok: false,
      problems: [{ key: 'dialog:plan.other_organization', params: { code: 'xa-khac', mine: 'quang-trung' } }],
    });
    expect(await test.database.db.organization.count()).toBe(1);
    const broken = DEMO.replace('target: ">= 290"', 'target: ">= hai trăm"');
    const checked = await store().transaction((repo) => repo.importPlan(adminId, broken, NOW));
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problems[0]).toMatchObject({
      key: 'dialog:plan.problem_at_line',
      params: { line: expect.any(Number) },
    });
  });

  it('refuses a file that leaves out its sender, who would be locked out', async () => {
    const without = DEMO.replace(/^ {2}- \{ code: vp,.*\n/m, '').replace(
      /assignees: \[vp\]/g,
      'assignees: [tckt]',
    );
    expect(without).not.toContain('code: vp,');
    const outcome = await store().transaction((repo) => repo.importPlan(adminId, without, NOW));
    expect(outcome).toEqual({
      ok: false,
      problems: [{ key: 'dialog:plan.sender_missing', params: { code: 'vp' } }],
    });
    expect(await test.database.db.official.count({ where: { active: false } })).toBe(0);
  });

  it('rolls back everything of a plan the importer refuses halfway, while the step still commits', async () => {
    await addReport(test.database.db, {
      officialCode: 'tckt',
      indicatorCode: 'NS01',
      periodKey: '2026-Q1',
      valueText: '2.000',
      channel: 'cli',
      today: '2026-04-02',
    });
    // Renamed organization and campaign (written first), then the quarters replaced by one annual
    // period: Q1 holds a report, so the importer refuses — after it has renamed both.
    const edited = DEMO.replace('name: "UBND xã Quang Trung"', 'name: "UBND xã Quang Trung (mới)"')
      .replace('title: "Phát động', 'title: "SỬA Phát động')
      .replace('periods: quarterly', 'periods: annual');
    const outcome = await store().transaction(async (repo) => {
      const result = await repo.importPlan(adminId, edited, NOW);
      await repo.saveState(CHAT, JSON.stringify({ name: 'idle' }));
      return result;
    });
    expect(outcome).toMatchObject({ ok: false, problems: [{ key: 'plan:import.period_has_reports' }] });
    const organization = await test.database.db.organization.findFirstOrThrow();
    expect(organization.name).toBe('UBND xã Quang Trung');
    const campaign = await test.database.db.campaign.findFirstOrThrow({
      where: { code: 'quang-trung-2026' },
    });
    expect(campaign.title.startsWith('SỬA')).toBe(false);
    expect(await test.database.db.period.count({ where: { campaignId: campaign.id } })).toBe(4);
    // the conversation step around it committed
    expect(await test.database.db.conversation.count()).toBe(1);
  });
});
