import { randomBytes } from 'node:crypto';
import { createDialogEngine, type EngineOptions } from '../../src/dialog/engine.js';
import type { ChannelName, DialogEngine, DialogResult, Input } from '../../src/dialog/types.js';
import { createDialogStore } from '../../src/services/dialog-store/index.js';
import { createInvite } from '../../src/services/invites.js';
import type { Database } from '../../src/store/database.js';
import type { DatabaseKind } from '../../src/store/database-url.js';
import { createMigratedDatabase, type TestDatabase } from './databases.js';
import { importPlanFile } from './plans.js';

/** The commune's time zone in every test of the demo plan. */
export const TEST_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * The dialog engine as the bot builds it, on the real store of `database`, its clock stopped at `now`
 * (random nonces, Vietnamese by default); `extra` adds renderers, plan drafts…
 */
export function engineOn(database: Database, now: Date, extra: Partial<EngineOptions> = {}): DialogEngine {
  return createDialogEngine({
    store: createDialogStore(database, TEST_TIME_ZONE),
    timeZone: TEST_TIME_ZONE,
    defaultLocale: 'vi',
    now: () => now,
    nonce: () => randomBytes(3).toString('base64url'),
    ...extra,
  });
}

export interface LinkedEngine {
  test: TestDatabase & { database: Database };
  engine: DialogEngine;
  /** one update from `chat` (its user the same id) on the engine's channel */
  send(chat: string, input: Input): Promise<DialogResult>;
  /** links `chat` to the official `officialCode` with a fresh invite (`/dangky CODE`) */
  link(chat: string, officialCode: string): Promise<DialogResult>;
}

/**
 * A migrated database of `kind` with the demo plan, the engine on it, and chats to talk to it as
 * officials do: the setup of the engine tests on the real store. Drop `test` after.
 */
export async function linkedEngine(
  kind: DatabaseKind,
  options: {
    now: Date;
    channel?: ChannelName;
    extra?: Partial<EngineOptions>;
    /** when the plan was imported (its assignments owe periods from then on); default the plan's first day */
    importedAt?: Date;
  },
): Promise<LinkedEngine> {
  const test = await createMigratedDatabase(kind);
  await importPlanFile(test.database.db, undefined, undefined, options.importedAt);
  const engine = engineOn(test.database, options.now, options.extra);
  const channel = options.channel ?? 'telegram';
  let update = 0;
  const send = (chat: string, input: Input): Promise<DialogResult> =>
    engine.handle({
      channel,
      updateKey: `${channel}:${++update}`,
      chatId: chat,
      userId: chat,
      input,
      receivedAt: options.now,
    });
  return {
    test,
    engine,
    send,
    async link(chat, officialCode) {
      const { code } = await createInvite(test.database.db, { officialCode, days: 7, now: new Date() });
      return send(chat, { kind: 'command', command: 'dangky', args: code });
    },
  };
}
