import type { Role } from '../domain/plan/plan.js';
import { askLanguage, myHistory, myIndicators } from './info.js';
import { redeem, unregistered } from './onboarding.js';
import { mayEditPlans } from './plan-upload.js';
import { showProgress } from './progress.js';
import { showRanking } from './ranking.js';
import { showReminders } from './reminders.js';
import { echo, line, reply } from './replies.js';
import { startReporting } from './reporting.js';
import { handlersOf } from './state-handlers.js';
import type { Outcome, Turn } from './turn.js';
import { signOutOfWeb } from './web-link.js';
import type { Line } from './types.js';

type Result<T> = T | Promise<T>;
export type CommandHandler = (turn: Turn, args: string) => Result<Outcome>;

/** A command for some roles only: the others are refused, then given `instead` if there is one. */
export interface RoleLimit {
  allowed: ReadonlySet<Role>;
  /** the i18n key of the refusal */
  refusal: string;
  instead?: CommandHandler;
}

/**
 * A command, declared once: the platform menus, the words typed without a slash, /trogiup and the
 * engine's routing are all read from `COMMANDS`.
 */
export interface CommandSpec {
  /** as typed after the slash: lower case, no accents (channels fold "/BáoCáo" to "baocao") */
  name: string;
  /** other names routed to it, typed with the slash only */
  aliases: readonly string[];
  /**
   * The i18n key of its line in the platform menus and /trogiup, listed in the table's order; null for a
   * command in neither (`start` and `dangky`, which the invite message explains).
   */
  menu: string | null;
  /**
   * Typed without the slash on channels without buttons (Zalo, the console): 'alone' when the words are
   * the whole message ("báo cáo"), 'with-code' when they may be followed by one invite code
   * ("đăng ký ABCDE-FGHJK"); a sentence that merely begins with them stays text.
   */
  bare: 'no' | 'alone' | 'with-code';
  /** reached only from a chat linked to an official; anyone else is told how to link */
  needsOfficial: boolean;
  roles?: RoleLimit;
  run: CommandHandler;
}

/** The committee's leaders, and the province's users: who sees the whole plan's progress. */
const LEADERS: ReadonlySet<Role> = new Set<Role>(['chairman', 'vice_chairman', 'admin', 'province_admin']);

/** In the platform menu's order. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'baocao',
    aliases: [],
    menu: 'dialog:menu.baocao',
    bare: 'alone',
    needsOfficial: true,
    run: startReporting,
  },
  {
    name: 'chitieu',
    aliases: [],
    menu: 'dialog:menu.chitieu',
    bare: 'alone',
    needsOfficial: true,
    run: myIndicators,
  },
  {
    name: 'lichsu',
    aliases: [],
    menu: 'dialog:menu.lichsu',
    bare: 'alone',
    needsOfficial: true,
    run: myHistory,
  },
  {
    name: 'tiendo',
    aliases: [],
    menu: 'dialog:menu.tiendo',
    bare: 'alone',
    needsOfficial: true,
    // An officer asking is shown their own indicators rather than nothing.
    roles: { allowed: LEADERS, refusal: 'progress:leaders_only', instead: myIndicators },
    run: showProgress,
  },
  {
    name: 'xephang',
    aliases: [],
    menu: 'dialog:menu.xephang',
    bare: 'alone',
    needsOfficial: true,
    roles: { allowed: LEADERS, refusal: 'ranking:chat.leaders_only' },
    run: showRanking,
  },
  {
    name: 'nhacnho',
    aliases: [],
    menu: 'dialog:menu.nhacnho',
    bare: 'alone',
    needsOfficial: true,
    run: showReminders,
  },
  {
    name: 'huy',
    aliases: [],
    menu: 'dialog:menu.huy',
    bare: 'alone',
    needsOfficial: true,
    run: (turn) => handlersOf(turn.state.name).cancel(turn, turn.state),
  },
  {
    name: 'ngonngu',
    aliases: ['language'],
    menu: 'dialog:menu.ngonngu',
    bare: 'alone',
    needsOfficial: true,
    run: askLanguage,
  },
  {
    name: 'dangxuat',
    aliases: ['logout'],
    menu: 'dialog:menu.dangxuat',
    bare: 'alone',
    needsOfficial: true,
    run: signOutOfWeb,
  },
  {
    name: 'trogiup',
    aliases: ['help'],
    menu: 'dialog:menu.trogiup',
    bare: 'alone',
    needsOfficial: true,
    run: help,
  },
  {
    name: 'start',
    aliases: [],
    menu: null,
    bare: 'with-code',
    needsOfficial: false,
    // Telegram's Start button sends /start alone: welcome a linked official, tell anyone else how to link.
    run: (turn, args) =>
      args.trim()
        ? redeem(turn, args)
        : turn.official
          ? welcome(turn, turn.official.name)
          : unregistered(turn),
  },
  {
    name: 'dangky',
    aliases: [],
    menu: null,
    bare: 'with-code',
    needsOfficial: false,
    // Without a code, an unlinked chat is asked for one; a linked one is welcomed.
    run: (turn, args) =>
      args.trim() || !turn.official ? redeem(turn, args) : welcome(turn, turn.official.name),
  },
];

export interface MenuEntry {
  name: string;
  /** the i18n key of its description */
  description: string;
}

/** The commands of the platform menus and /trogiup, in order. */
export const MENU_COMMANDS: readonly MenuEntry[] = COMMANDS.flatMap(({ name, menu }) =>
  menu === null ? [] : [{ name, description: menu }],
);

/** The command a name or alias (lower case, no accents) stands for. */
export function commandNamed(name: string): CommandSpec | undefined {
  return COMMANDS.find((command) => command.name === name || command.aliases.includes(name));
}

/** The command words typed as `words` (folded, without spaces) stand for, without a slash. */
export function bareCommand(words: string): CommandSpec | undefined {
  return COMMANDS.find((command) => command.bare !== 'no' && command.name === words);
}

/** `/trogiup`: the menu's commands with their descriptions, then hints. */
export function help(turn: Turn): Outcome {
  const lines: Line[] = [line('dialog:help.title', {}, 'title')];
  for (const { name, description } of MENU_COMMANDS)
    lines.push(line('dialog:help.command', { command: name, description: { key: description } }));
  lines.push(line('dialog:help.numbers', {}, 'muted'));
  if (mayEditPlans(turn)) lines.push(line('dialog:help.plans', {}, 'muted'));
  return { state: turn.state, replies: [reply(lines)] };
}

function welcome(turn: Turn, name: string): Outcome {
  return {
    state: turn.state,
    replies: [reply([line('dialog:welcome', { name }, 'title')]), ...help(turn).replies],
  };
}

/** A command sent to the engine: run as the table says, or explained when unknown. */
export async function runCommand(turn: Turn, name: string, args: string): Promise<Outcome> {
  const command = commandNamed(name);
  if (command && !command.needsOfficial) return command.run(turn, args);
  if (!turn.official) return unregistered(turn);
  if (!command)
    return { state: turn.state, replies: [reply([line('dialog:unknown_command', { command: echo(name) })])] };
  const limit = command.roles;
  if (limit && !limit.allowed.has(turn.official.role)) {
    const refusal = reply([line(limit.refusal)]);
    if (!limit.instead) return { state: turn.state, replies: [refusal] };
    const instead = await limit.instead(turn, args);
    return { ...instead, replies: [refusal, ...instead.replies] };
  }
  return command.run(turn, args);
}
