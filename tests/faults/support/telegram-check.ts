import {
  CALLBACK_DATA_LIMIT,
  renderOutbound,
  TELEGRAM_TEXT_LIMIT,
} from '../../../src/channels/telegram/render.js';
import type { DialogResult, OutboundMessage } from '../../../src/dialog/types.js';
import type { Message } from '../../../src/domain/message.js';
import { createI18n, loadResources, type I18n, type Locale } from '../../../src/i18n.js';
import { hasText } from '../../support/locale-keys.js';

/**
 * A strict check of what the Telegram adapter would send: Telegram's HTML subset well formed, the text
 * length after entity parsing, callback_data sizes, nothing empty, only valid UTF-16 and no control or
 * bidi-override characters (an echo of them garbles the bot's own sentence), every i18n key present.
 */

const ALLOWED_TAGS = new Set(['b', 'i', 'u', 's', 'code', 'pre', 'a']);
const ENTITY = /^&(?:amp|lt|gt|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/;
const encoder = new TextEncoder();
// C0 controls other than tab and line feed, DEL, C1 controls, bidi embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

/** The text Telegram shows for an HTML message, or a description of why it would refuse it. */
export function parseTelegramHtml(html: string): { ok: true; text: string } | { ok: false; problem: string } {
  const open: string[] = [];
  let text = '';
  let i = 0;
  while (i < html.length) {
    const c = html[i] as string;
    if (c === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) return { ok: false, problem: `unclosed "<" at ${i}` };
      const tag = html.slice(i + 1, end);
      const closing = /^\/([a-z-]+)$/.exec(tag);
      const opening = /^([a-z-]+)((?: [a-z-]+="[^"<>]*")*)$/.exec(tag);
      if (closing) {
        const name = closing[1] as string;
        if (open.pop() !== name) return { ok: false, problem: `</${name}> at ${i} closes nothing open` };
      } else if (opening) {
        const name = opening[1] as string;
        const attributes = opening[2] ?? '';
        if (!ALLOWED_TAGS.has(name)) return { ok: false, problem: `<${name}> is not allowed` };
        if (attributes !== '' && !(name === 'a' && /^ href="[^"]*"$/.test(attributes)))
          return { ok: false, problem: `attributes on <${name}>` };
        open.push(name);
      } else {
        return { ok: false, problem: `malformed tag <${tag.slice(0, 40)}> at ${i}` };
      }
      i = end + 1;
    } else if (c === '&') {
      const entity = ENTITY.exec(html.slice(i, i + 12));
      if (!entity) return { ok: false, problem: `bare "&" at ${i}` };
      const name = entity[0];
      text +=
        name === '&amp;'
          ? '&'
          : name === '&lt;'
            ? '<'
            : name === '&gt;'
              ? '>'
              : name === '&quot;'
                ? '"'
                : '?';
      i += name.length;
    } else if (c === '>') {
      return { ok: false, problem: `bare ">" at ${i}` };
    } else {
      text += c;
      i += 1;
    }
  }
  if (open.length > 0) return { ok: false, problem: `unclosed <${open.join('>, <')}>` };
  return { ok: true, text };
}

// A surrogate half not in a pair: invalid UTF-16, which Telegram cannot take as UTF-8.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

function* messagesOf(message: Message): Generator<Message> {
  yield message;
  for (const param of Object.values(message.params ?? {}))
    if (typeof param === 'object') yield* messagesOf(param);
}

export interface ReplyChecker {
  i18n: I18n;
  /** every problem with the replies of one result, empty when Telegram would take them all */
  problems(result: DialogResult): string[];
  /** the plain text of every reply (lines and button labels), as the official reads it */
  plain(result: DialogResult): string;
}

export function createReplyChecker(): ReplyChecker {
  const resources = loadResources();
  const i18n = createI18n('vi', resources);
  const keyExists = (locale: Locale, key: string): boolean => hasText(resources, locale, key);

  function replyProblems(reply: OutboundMessage, locale: Locale): string[] {
    const problems: string[] = [];
    for (const message of [...reply.lines, ...reply.choices.flat().map((c) => c.label)]) {
      for (const inner of messagesOf(message)) {
        for (const lng of ['vi', 'en'] as const)
          if (!keyExists(lng, inner.key)) problems.push(`key ${inner.key} missing in ${lng}`);
      }
    }
    let texts;
    try {
      texts = renderOutbound(reply, (message) => i18n.render(message, locale));
    } catch (error) {
      return [...problems, `render threw: ${String(error)}`];
    }
    if (texts.length === 0) problems.push('a reply renders to no message at all');
    for (const [index, sent] of texts.entries()) {
      if (sent.text.length > TELEGRAM_TEXT_LIMIT)
        problems.push(`message ${index}: ${sent.text.length} code units of HTML`);
      const parsed = parseTelegramHtml(sent.text);
      if (!parsed.ok) {
        problems.push(`message ${index}: ${parsed.problem} in ${JSON.stringify(sent.text.slice(0, 200))}`);
        continue;
      }
      if (parsed.text.length > TELEGRAM_TEXT_LIMIT)
        problems.push(`message ${index}: ${parsed.text.length} characters after parsing`);
      if (parsed.text.trim() === '') problems.push(`message ${index} is empty`);
      if (hasLoneSurrogate(sent.text))
        problems.push(`message ${index} holds a lone surrogate: ${JSON.stringify(sent.text.slice(0, 200))}`);
      const bad = FORBIDDEN_CHARACTERS.exec(sent.text);
      if (bad)
        problems.push(
          `message ${index} holds U+${bad[0].codePointAt(0)?.toString(16).padStart(4, '0')}: ${JSON.stringify(sent.text.slice(0, 200))}`,
        );
      for (const row of sent.reply_markup?.inline_keyboard ?? []) {
        for (const button of row) {
          const data = 'callback_data' in button ? button.callback_data : '';
          const bytes = encoder.encode(data).length;
          if (bytes < 1 || bytes > CALLBACK_DATA_LIMIT) problems.push(`callback_data of ${bytes} bytes`);
          if (button.text.trim() === '') problems.push('a button without a label');
          if (hasLoneSurrogate(button.text) || FORBIDDEN_CHARACTERS.test(button.text))
            problems.push(`button label ${JSON.stringify(button.text)}`);
        }
      }
    }
    return problems;
  }

  return {
    i18n,
    problems: (result) =>
      result.replies.flatMap((reply, i) =>
        replyProblems(reply, result.locale).map((p) => `reply ${i}: ${p}`),
      ),
    plain: (result) =>
      result.replies
        .flatMap((reply) => [
          ...reply.lines,
          ...reply.choices.flat().map((c) => c.label),
          ...(reply.file?.fallback ?? []),
        ])
        .map((message) => i18n.render(message, result.locale))
        .join('\n'),
  };
}
