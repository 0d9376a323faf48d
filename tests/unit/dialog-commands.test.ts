import { describe, expect, it } from 'vitest';
import { COMMANDS, MENU_COMMANDS } from '../../src/dialog/commands.js';
import { createDialogEngine } from '../../src/dialog/engine.js';
import type { DialogResult } from '../../src/dialog/types.js';
import { ROLES } from '../../src/domain/plan/raw-schema.js';
import { loadResources } from '../../src/i18n.js';
import { hasText } from '../support/locale-keys.js';
import { createMemoryDialogStore, sampleItems } from '../support/memory-dialog-store.js';

/**
 * Derived from the command table: whatever a command is declared with — its menu line, its aliases, the
 * roles it is for — holds for every command in it, including one added later.
 */

const NOW = new Date('2026-09-10T02:00:00Z');
const resources = loadResources();

const UNKNOWN = 'dialog:unknown_command';
const UNREGISTERED = 'dialog:onboarding.unregistered';

/** An engine over a store with one linked official of each role, chat id = the role's name. */
function engineWithEveryRole() {
  const store = createMemoryDialogStore({ clock: () => NOW });
  for (const role of ROLES) {
    store.addOfficial({ id: `off-${role}`, code: role, name: `Cán bộ ${role}`, role });
    store.link({ officialId: `off-${role}`, userId: role });
    store.setItems(`off-${role}`, sampleItems());
  }
  let nonce = 0;
  let update = 0;
  const engine = createDialogEngine({
    store,
    timeZone: 'Asia/Ho_Chi_Minh',
    defaultLocale: 'vi',
    now: () => NOW,
    nonce: () => `n${++nonce}`,
  });
  return (userId: string, command: string): Promise<DialogResult> =>
    engine.handle({
      channel: 'telegram',
      updateKey: `u${++update}`,
      chatId: userId,
      userId,
      input: { kind: 'command', command, args: '' },
      receivedAt: NOW,
    });
}

function firstKey(result: DialogResult): string | undefined {
  return result.replies[0]?.lines[0]?.key;
}

/** Every name a command is reached by. */
const NAMES = COMMANDS.flatMap((command) =>
  [command.name, ...command.aliases].map((name) => ({ name, command })),
);

describe('the command table', () => {
  it('names each command once, as a channel folds what is typed (lower case, no accents)', () => {
    const names = NAMES.map(({ name }) => name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z]+$/);
  });

  it('gives every menu command a description in Vietnamese and English', () => {
    expect(MENU_COMMANDS.length).toBeGreaterThan(0);
    for (const command of COMMANDS) {
      if (command.menu === null) continue;
      for (const lng of ['vi', 'en'] as const)
        expect(hasText(resources, lng, command.menu), `${command.menu} in ${lng}`).toBe(true);
    }
  });

  it('lists in /trogiup exactly the commands flagged for the menu, in the table order', async () => {
    const send = engineWithEveryRole();
    const help = await send('officer', 'trogiup');
    const listed = help.replies
      .flatMap((reply) => reply.lines)
      .filter((line) => line.key === 'dialog:help.command')
      .map((line) => ({ name: line.params?.command, description: line.params?.description }));
    expect(listed).toEqual(
      COMMANDS.filter((command) => command.menu !== null).map((command) => ({
        name: command.name,
        description: { key: command.menu },
      })),
    );
  });

  it('routes every name of every command for each role, or refuses the roles it is not for', async () => {
    const send = engineWithEveryRole();
    for (const role of ROLES) {
      for (const { name, command } of NAMES) {
        const result = await send(role, name);
        const key = firstKey(result);
        const where = `/${name} as ${role}`;
        expect(key, where).toBeDefined();
        expect(key, where).not.toBe(UNKNOWN);
        expect(key, where).not.toBe(UNREGISTERED);
        const limit = command.roles;
        if (limit && !limit.allowed.has(role)) expect(key, where).toBe(limit.refusal);
        else if (limit) expect(key, where).not.toBe(limit.refusal);
        // Whatever a command leaves open is closed, so that the next one starts from idle.
        await send(role, 'huy');
      }
    }
  });

  it('lets a chat with no official reach only the commands that do not need one', async () => {
    const send = engineWithEveryRole();
    for (const { name, command } of NAMES) {
      const key = firstKey(await send('stranger', name));
      if (command.needsOfficial) expect(key, `/${name}`).toBe(UNREGISTERED);
      else expect(key, `/${name}`).not.toBe(UNKNOWN);
    }
    expect(firstKey(await send('stranger', 'khongco'))).toBe(UNREGISTERED);
    expect(firstKey(await send('officer', 'khongco'))).toBe(UNKNOWN);
  });
});
