import type { Update } from 'telegraf/types';
import { toInboundEvent } from '../../../src/channels/telegram/updates.js';
import { stateSchema, type DialogState } from '../../../src/dialog/state.js';
import { COMMANDS } from '../../../src/dialog/commands.js';
import type { DialogEngine, DialogResult, InboundEvent, Input } from '../../../src/dialog/types.js';
import { REPORT_NOW_TOKEN } from '../../../src/domain/reminders/index.js';
import { NOW } from './world.js';
import {
  commandArgs,
  forgedToken,
  hostileDocument,
  hostileText,
  noteText,
  plausibleNumber,
  type HostileDocument,
} from './hostile.js';
import type { Prng } from './prng.js';
import type { ReplyChecker } from './telegram-check.js';

/**
 * Drives the engine with random and hostile events from several chats at once, and checks every result
 * and every stored state after each event. Events reach the engine the way the Telegram adapter makes
 * them (an Update through toInboundEvent), plus raw inputs only another channel produces (a command name
 * with any characters, as Zalo and the console parse it).
 */

export interface FuzzChat {
  chatId: string;
  /** an unlinked chat must never get a stored state */
  linked: boolean;
}

export interface FuzzTarget {
  engine: DialogEngine;
  chats: FuzzChat[];
  /** the stored state of each chat (one query for a round of events: the database is the slow part) */
  readStates(chatIds: string[]): Promise<Map<string, string | null>>;
  /** indicator codes for `/tiendo CODE` */
  codes: readonly string[];
  /** plan files officials may send as documents (the engine then reads them); none: no documents sent */
  plans?: readonly Uint8Array[];
  /** a change behind the conversations' back (a plan edited, an official deactivated); may do nothing */
  mutate?(rng: Prng): void;
}

export interface FuzzStats {
  events: number;
  redeliveries: number;
  /** how often each state (reporting by its step) was seen after an event */
  states: Record<string, number>;
  inputs: Record<string, number>;
  /** every i18n key of every reply */
  keys: Set<string>;
}

interface Track {
  chat: FuzzChat;
  current: string[];
  /** tokens of earlier results, newest last */
  seen: string[];
  raw: string | null;
  state: DialogState;
  sent: InboundEvent[];
}

const KNOWN_COMMANDS = COMMANDS.flatMap((command) => [command.name, ...command.aliases]);
const SEEN_KEPT = 64;

function describeEvent(event: InboundEvent): string {
  return JSON.stringify({
    chat: event.chatId,
    key: event.updateKey,
    lang: event.languageCode,
    input: event.input,
  }).slice(0, 400);
}

/** Telegram's bot_command entity: "/name" or "/name@bot" at the start, as its clients mark it. */
function commandEntity(text: string): { type: 'bot_command'; offset: 0; length: number }[] | undefined {
  const match = /^\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{1,32})?/.exec(text);
  return match ? [{ type: 'bot_command', offset: 0, length: match[0].length }] : undefined;
}

export function newStats(): FuzzStats {
  return { events: 0, redeliveries: 0, states: {}, inputs: {}, keys: new Set() };
}

export async function runFuzz(
  target: FuzzTarget,
  options: {
    rng: Prng;
    events: number;
    label: string;
    checker: ReplyChecker;
    stats: FuzzStats;
    checkStaleUnchanged: boolean;
  },
): Promise<void> {
  const { rng, checker, stats } = options;
  let update = 0;
  let message = 0;
  const tracks: Track[] = target.chats.map((chat) => ({
    chat,
    current: [],
    seen: [],
    raw: null,
    state: { name: 'idle' },
    sent: [],
  }));
  const language = () => rng.pick([undefined, 'vi', 'en', 'en-US', 'fr', '', 'VI']);

  const files = new Map<string, Uint8Array>();
  const readFile = async (fileId: string): Promise<Uint8Array> => {
    const bytes = files.get(fileId);
    if (!bytes) throw new Error(`no file ${fileId}`);
    return bytes;
  };

  const telegram = (
    track: Track,
    content: { text: string } | { data: string } | { sticker: true } | { document: HostileDocument },
  ): InboundEvent => {
    const id = Number(track.chat.chatId);
    const from = {
      id,
      is_bot: false,
      first_name: rng.pick(['Hoa', '<b>Huy</b>', '\u202eMai', '🙂']),
      language_code: language(),
    };
    const chat = { id, type: 'private' as const, first_name: from.first_name };
    const date = Math.floor(NOW.getTime() / 1000);
    let updateObject: Update;
    if ('data' in content) {
      updateObject = {
        update_id: ++update,
        callback_query: {
          id: `q${update}`,
          from,
          chat_instance: 'ci',
          data: content.data,
          message: { message_id: ++message, date, chat, text: '…' },
        },
      };
    } else if ('text' in content) {
      const entities = commandEntity(content.text);
      updateObject = {
        update_id: ++update,
        message: {
          message_id: ++message,
          date,
          chat,
          from,
          text: content.text,
          ...(entities ? { entities } : {}),
        },
      };
    } else if ('document' in content) {
      const fileId = `file${update + 1}`;
      files.set(fileId, content.document.bytes);
      const { name, size, mimeType } = content.document;
      const document = {
        file_id: fileId,
        file_unique_id: fileId,
        file_name: name,
        ...(size === null ? {} : { file_size: size }),
        ...(mimeType === null ? {} : { mime_type: mimeType }),
      };
      updateObject = { update_id: ++update, message: { message_id: ++message, date, chat, from, document } };
    } else {
      updateObject = {
        update_id: ++update,
        message: {
          message_id: ++message,
          date,
          chat,
          from,
          sticker: {
            file_id: 'f',
            file_unique_id: 'u',
            type: 'regular',
            width: 1,
            height: 1,
            is_animated: false,
            is_video: false,
          },
        },
      };
    }
    const event = toInboundEvent(updateObject, NOW, `fuzz${options.label}`, readFile);
    if (!event) throw new Error('a private-chat update was not turned into an event');
    return event;
  };

  const stateText = (track: Track): string => {
    const { state } = track;
    if (state.name !== 'reporting') return rng.chance(0.5) ? plausibleNumber(rng) : hostileText(rng);
    if (state.step === 'note') return noteText(rng);
    if (state.step === 'confirm')
      return rng.pick(['đúng', 'ok', 'Đồng ý', 'y', plausibleNumber(rng), hostileText(rng)]);
    return rng.pick([
      plausibleNumber(rng),
      plausibleNumber(rng),
      plausibleNumber(rng),
      'đạt',
      'chưa đạt',
      'bỏ qua',
    ]);
  };

  const nextEvent = (track: Track): { event: InboundEvent; kind: string; redelivery: boolean } => {
    const others = tracks.filter((t) => t !== track && t.current.length > 0);
    const nonces = [...track.current, ...track.seen].map((token) => token.split(':')[0] ?? '');
    // Steered towards the deeper states: answers while reporting, commands while idle.
    const reporting = track.state.name === 'reporting';
    const idle = track.state.name === 'idle';
    const kind = rng.weighted<string>([
      [track.current.length > 0 ? 35 : 0, 'press'],
      [reporting ? (track.state.name === 'reporting' && track.state.step === 'note' ? 60 : 30) : 8, 'answer'],
      [idle ? 28 : 6, 'command'],
      [2, 'report-now'],
      [track.seen.length > 0 ? 7 : 0, 'stale'],
      [others.length > 0 ? 4 : 0, 'other-chat'],
      [5, 'forged'],
      [17, 'hostile'],
      [2, 'unsupported'],
      [target.plans && target.plans.length > 0 ? 1 : 0, 'document'],
      [2, 'raw-command'],
      [1, 'raw-choice'],
      [track.sent.length > 0 ? 1 : 0, 'redelivery'],
    ]);
    stats.inputs[kind] = (stats.inputs[kind] ?? 0) + 1;
    switch (kind) {
      case 'press': {
        // A note is one button among four under a confirmation: pressed more often, or the note step is rarely seen.
        const note = track.current.find((token) => token.endsWith(':note'));
        return {
          event: telegram(track, { data: note && rng.chance(0.6) ? note : rng.pick(track.current) }),
          kind,
          redelivery: false,
        };
      }
      case 'answer':
        return { event: telegram(track, { text: stateText(track) }), kind, redelivery: false };
      case 'command': {
        const name = rng.weighted<string>([
          [8, 'baocao'],
          [3, 'tiendo'],
          [3, 'nhacnho'],
          [2, 'ngonngu'],
          ...KNOWN_COMMANDS.map((c) => [1, c] as const),
        ]);
        const written = rng.pick([name, name, name.toUpperCase(), `${name}@tiendo_bot`, `${name}@otherbot`]);
        const args = commandArgs(rng, target.codes);
        return {
          event: telegram(track, { text: `/${written}${args ? ` ${args}` : ''}` }),
          kind,
          redelivery: false,
        };
      }
      case 'report-now':
        return { event: telegram(track, { data: REPORT_NOW_TOKEN }), kind, redelivery: false };
      case 'stale':
        return { event: telegram(track, { data: rng.pick(track.seen) }), kind, redelivery: false };
      case 'other-chat':
        return {
          event: telegram(track, { data: rng.pick(rng.pick(others).current) }),
          kind,
          redelivery: false,
        };
      case 'forged':
        return { event: telegram(track, { data: forgedToken(rng, nonces) }), kind, redelivery: false };
      case 'hostile':
        return { event: telegram(track, { text: hostileText(rng) }), kind, redelivery: false };
      case 'unsupported':
        return { event: telegram(track, { sticker: true }), kind, redelivery: false };
      case 'document':
        return {
          event: telegram(track, { document: hostileDocument(rng, target.plans ?? []) }),
          kind,
          redelivery: false,
        };
      case 'redelivery':
        return { event: rng.pick(track.sent), kind, redelivery: true };
      default: {
        const input: Input =
          kind === 'raw-command'
            ? {
                kind: 'command',
                command: rng.chance(0.5) ? hostileText(rng).toLowerCase() : rng.pick(KNOWN_COMMANDS),
                args: commandArgs(rng, target.codes),
              }
            : { kind: 'choice', token: hostileText(rng) };
        const base = telegram(track, { text: 'x' });
        return { event: { ...base, input }, kind, redelivery: false };
      }
    }
  };

  const check = (
    track: Track,
    event: InboundEvent,
    redelivery: boolean,
    result: DialogResult,
    raw: string | null,
  ): string[] => {
    const problems: string[] = [];
    if (redelivery) {
      if (!result.duplicate || result.replies.length > 0)
        problems.push('a redelivered update was processed again');
    } else {
      if (result.duplicate) problems.push('a new update was taken for a duplicate');
      if (result.replies.length === 0) problems.push('no reply at all');
    }
    problems.push(...checker.problems(result));
    for (const reply of result.replies)
      for (const line of [...reply.lines, ...reply.choices.flat().map((c) => c.label)])
        stats.keys.add(line.key);
    if (!track.chat.linked && raw !== null) problems.push(`an unlinked chat got a stored state: ${raw}`);
    let state: DialogState = { name: 'idle' };
    if (raw !== null) {
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        problems.push(`stored state is not JSON: ${raw.slice(0, 200)}`);
      }
      const parsed = stateSchema.safeParse(json);
      if (parsed.success) state = parsed.data;
      else problems.push(`stored state does not parse: ${raw.slice(0, 300)}`);
    }
    if (options.checkStaleUnchanged && (result.staleChoice || redelivery) && raw !== track.raw) {
      problems.push(`a stale or duplicate press changed the state: ${track.raw} → ${raw}`);
    }
    const name =
      state.name === 'reporting'
        ? `reporting:${state.step}${state.correcting ? ':correcting' : ''}`
        : state.name;
    stats.states[name] = (stats.states[name] ?? 0) + 1;
    if (!redelivery) {
      track.seen.push(...track.current);
      if (track.seen.length > SEEN_KEPT) track.seen.splice(0, track.seen.length - SEEN_KEPT);
      track.current = result.replies.flatMap((reply) => reply.choices.flat().map((c) => c.token));
      track.sent.push(event);
      if (track.sent.length > 8) track.sent.shift();
    }
    track.raw = raw;
    track.state = state;
    return problems;
  };

  let done = 0;
  while (done < options.events) {
    target.mutate?.(rng);
    // A round: some chats each send one event, all at once (one chat's events stay in order, as the adapters keep them).
    const round = tracks.filter(() => rng.chance(0.6)).slice(0, options.events - done);
    const planned = round.map((track) => ({ track, ...nextEvent(track) }));
    const outcomes = await Promise.all(
      planned.map(async ({ track, event, redelivery, kind }) => {
        try {
          const result = await target.engine.handle(event);
          return { track, event, redelivery, kind, result, error: null };
        } catch (error) {
          return { track, event, redelivery, kind, result: null, error };
        }
      }),
    );
    const states = await target.readStates(round.map((track) => track.chat.chatId));
    for (const { track, event, redelivery, kind, result, error } of outcomes) {
      done += 1;
      stats.events += 1;
      if (redelivery) stats.redeliveries += 1;
      const problems = result
        ? check(track, event, redelivery, result, states.get(track.chat.chatId) ?? null)
        : [`the engine threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
      if (problems.length > 0) {
        throw new Error(
          `fuzz ${options.label}, seed ${options.rng.seed}, event ${done} (${kind}) from state ${track.raw ?? 'none'}:\n${describeEvent(event)}\n- ${problems.slice(0, 8).join('\n- ')}`,
        );
      }
    }
  }
}
