import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { DialogEngine, Input, Locale } from '../../dialog/types.js';
import { filePages } from '../../domain/message.js';
import type { I18n } from '../../i18n.js';
import type { Logger } from '../../logger.js';
import type { ConsolePersona } from '../../services/console-identity.js';
import { typedChoices, typedCommand, typedInput, type TypedChoices } from '../typed-choices.js';
import { renderConsole } from './render.js';

export interface ConsoleOptions {
  engine: DialogEngine;
  i18n: I18n;
  logger: Logger;
  personas: {
    list(): Promise<ConsolePersona[]>;
    become(code: string): Promise<ConsolePersona | null>;
  };
  input: Readable;
  output: Writable;
  /** a terminal: colours and a prompt; otherwise (piped input) each input line is echoed instead */
  interactive: boolean;
  locale: Locale;
  now?: () => Date;
}

const QUIT = new Set(['thoat', 'exit', 'quit']);

/**
 * A chat in the terminal, on the same engine as Telegram: try tiendo with no bot, act as any
 * official (`/as CODE`), script it through a pipe. Lines are handled one at a time, in order; the
 * promise resolves at the end of the input or on /thoat.
 */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { engine, i18n, output } = options;
  const now = options.now ?? (() => new Date());
  let locale = options.locale;
  let persona: ConsolePersona | null = null;
  let offered: TypedChoices | null = null;
  const say = (text: string) => output.write(`${text}\n`);
  const t = (key: string, params: Record<string, string | number> = {}) =>
    i18n.render({ key, params }, locale);

  async function listPersonas(): Promise<void> {
    const personas = await options.personas.list();
    say(t('console:personas'));
    for (const p of personas)
      say(`  ${p.code.padEnd(12)} ${p.name} — ${i18n.render({ key: `common:role.${p.role}` }, locale)}`);
  }

  say(t('console:banner'));
  await listPersonas();
  const lines = createInterface({ input: options.input, terminal: false });
  const prompt = () => {
    if (options.interactive) output.write(persona ? `${persona.code}> ` : '> ');
  };
  prompt();
  for await (const raw of lines) {
    const text = raw.trim();
    if (!options.interactive && text) say(`${persona?.code ?? ''}> ${text}`);
    if (!text) {
      prompt();
      continue;
    }
    const command = typedCommand(text);
    if (command?.kind === 'command' && QUIT.has(command.command)) break;
    if (command?.kind === 'command' && command.command === 'as') {
      if (!command.args) await listPersonas();
      else {
        const chosen = await options.personas.become(command.args);
        if (chosen) {
          persona = chosen;
          offered = null;
          say(t('console:became', { name: chosen.name, organization: chosen.organization }));
        } else say(t('console:unknown_persona', { code: command.args }));
      }
      prompt();
      continue;
    }
    if (!persona) {
      say(t('console:choose_first'));
      prompt();
      continue;
    }
    // `/tep PATH` stands for sending a file (a plan document) from this machine, as on Telegram.
    const file = command?.kind === 'command' && command.command === 'tep' ? command.args : null;
    if (file === '') {
      say(t('console:file_usage'));
      prompt();
      continue;
    }
    const input: Input =
      file !== null
        ? {
            kind: 'document',
            document: {
              name: basename(file),
              size: null,
              mimeType: null,
              read: async () => new Uint8Array(await readFile(resolve(file))),
            },
          }
        : typedInput(text, offered);
    try {
      const result = await engine.handle({
        channel: 'console',
        updateKey: randomUUID(),
        chatId: persona.userId,
        userId: persona.userId,
        displayName: persona.name,
        input,
        receivedAt: now(),
      });
      locale = result.locale;
      const render = (message: Parameters<I18n['render']>[0]) => i18n.render(message, locale);
      for (const reply of result.replies) {
        say(renderConsole(reply, render, options.interactive));
        // A terminal shows no picture: the file (each page of a long chart) is saved where the operator can open it.
        for (const page of reply.file ? filePages(reply.file) : []) {
          const path = join(tmpdir(), page.name);
          await writeFile(path, page.bytes);
          say(t('console:file_saved', { path }));
        }
      }
      const last = result.replies.at(-1);
      offered = last ? typedChoices(last, render) : offered;
    } catch (error) {
      options.logger.error({ err: error }, 'console: the engine failed');
      say(t('channel:try_again'));
    }
    prompt();
  }
  lines.close();
  say(t('console:bye'));
}
