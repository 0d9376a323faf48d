import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialogEngine } from '../../src/dialog/engine.js';
import type { DialogStore } from '../../src/dialog/ports.js';
import type { DialogEngine, DialogResult, Input } from '../../src/dialog/types.js';
import { createInvite } from '../../src/services/invites.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { availableBackends, createMigratedDatabase, type TestDatabase } from '../support/databases.js';
import { importPlanFile } from '../support/plans.js';
import { waitFor } from '../support/wait.js';

/**
 * Two instances answering the first messages of a chat that has no conversation state yet (no
 * `Conversation` row, so `SELECT … FOR UPDATE` would lock nothing): the second step must wait for the
 * first to commit and read what it stored. PostgreSQL only: several instances need it (SQLite is one
 * process, whose steps run one at a time).
 */
const TZ = 'Asia/Ho_Chi_Minh';
/** 10 September 2026 09:00 in Hanoi: Quý III/2026 of the demo plan is open. */
const NOW = new Date('2026-09-10T02:00:00Z');
const CHAT = 'z8001';
/** The first key of the conversations' advisory locks (src/services/dialog-store/conversations.ts). */
const CONVERSATION_LOCKS = 0x74640001;
const postgres = (await availableBackends()).filter((kind) => kind === 'postgres');

/** A store whose steps run `during(state)` right after reading the chat's state (inside the transaction). */
function observed(store: DialogStore, during: (state: string | null) => Promise<void>): DialogStore {
  return {
    ...store,
    transaction: (work) =>
      store.transaction((repo) =>
        work({
          ...repo,
          loadState: async (chat) => {
            const state = await repo.loadState(chat);
            await during(state);
            return state;
          },
        }),
      ),
  };
}

describe.each(postgres)('the conversation lock of a chat with no state yet, on %s', (kind) => {
  let test: TestDatabase & { database: Database };
  let other: Database;
  let update = 0;

  beforeAll(async () => {
    test = await createMigratedDatabase(kind);
    other = await openDatabase(test.url);
    await importPlanFile(test.database.db, undefined, undefined, NOW);
  });
  afterAll(async () => {
    await other?.close();
    await test?.drop();
  });

  const engineOn = (store: DialogStore): DialogEngine =>
    createDialogEngine({
      store,
      timeZone: TZ,
      defaultLocale: 'vi',
      now: () => NOW,
      nonce: () => randomBytes(3).toString('base64url'),
    });
  const event = (input: Input) => ({
    channel: 'zalo' as const,
    updateKey: `lock:${++update}`,
    chatId: CHAT,
    userId: CHAT,
    input,
    receivedAt: NOW,
  });
  const keys = (result: DialogResult) => result.replies.flatMap((r) => r.lines.map((l) => l.key));

  it('makes the second of two simultaneous first messages wait for the first, and read what it did', async () => {
    const { code } = await createInvite(test.database.db, { officialCode: 'vhxh', days: 7, now: new Date() });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstRead!: () => void;
    const firstHasRead = new Promise<void>((resolve) => (firstRead = resolve));
    const first = engineOn(
      observed(createDialogStore(test.database, TZ), async () => {
        firstRead();
        await held;
      }),
    );
    const secondReads: (string | null)[] = [];
    const second = engineOn(
      observed(createDialogStore(other, TZ), (state) => {
        secondReads.push(state);
        return Promise.resolve();
      }),
    );

    // A new chat: no state, no link. Its first message redeems the invite; its second asks to report.
    const linking = first.handle(event({ kind: 'command', command: 'dangky', args: code }));
    await firstHasRead;
    const reporting = second.handle(event({ kind: 'command', command: 'baocao', args: '' }));
    // The second step waits on the chat's lock (as the server sees it), having read nothing.
    await waitFor(
      async () =>
        (
          await test.database.db.$queryRaw<{ waiting: number }[]>`
            SELECT count(*)::int AS "waiting" FROM pg_locks
            WHERE "locktype" = 'advisory' AND NOT "granted" AND "classid"::bigint = ${CONVERSATION_LOCKS}
              AND "database" = (SELECT "oid" FROM pg_database WHERE "datname" = current_database())`
        )[0]?.waiting === 1,
      { what: 'the second step waiting on the chat lock', timeoutMs: 30_000 },
    );
    expect(secondReads).toEqual([]);
    release();

    const [linked, asked] = await Promise.all([linking, reporting]);
    expect(keys(linked)).not.toContain('dialog:unregistered');
    // It ran after the invite was redeemed: the official is known, and asked the first figure.
    expect(secondReads).toHaveLength(1);
    expect(keys(asked)).not.toContain('dialog:unregistered');
    expect(keys(asked)).toContain('dialog:report.question.title');
  });
});
