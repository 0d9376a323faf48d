import type { Message } from '../../domain/message.js';
import type { OutboundMessage } from '../../dialog/types.js';
import { typedChoices, typedWording } from '../typed-choices.js';

const BOLD = '\u001b[1m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

/**
 * A reply as terminal text: bold titles and dim remarks when the output is a terminal, plain when it is
 * piped; choices as numbered lines ("  1) ✅ Đúng, ghi lại"), or as words to type when the message asks
 * for a figure. Texts that say "bấm" (press) say "gõ" (type) instead (`TYPED_WORDING`).
 */
export function renderConsole(
  message: OutboundMessage,
  render: (m: Message) => string,
  color: boolean,
): string {
  const lines = message.lines.map((line) => {
    const text = render(typedWording(line));
    if (!color || !line.style) return text;
    return `${line.style === 'title' ? BOLD : DIM}${text}${RESET}`;
  });
  // A terminal opens an address it shows (most make it clickable): the link is a line.
  if (message.link) lines.push(`${render(message.link.label)}: ${message.link.url}`);
  const offered = typedChoices(message, render);
  if (offered) {
    offered.choices.forEach((choice, i) =>
      lines.push(offered.numbered ? `  ${i + 1}) ${choice.label}` : `  • ${choice.label}`),
    );
    if (!offered.numbered) lines.push(render({ key: 'console:type_words' }));
  }
  return lines.join('\n');
}
