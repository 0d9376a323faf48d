import type { OutboundMessage } from './types.js';

/**
 * What the outbox keeps of a step's replies, for the delivery worker to send should the process die
 * before it sent them itself. The text and the choices are kept; two things are left out, and a reply
 * that had one says so in a line of its own when it is sent late (`dialog:attachment_not_resent`):
 *
 * - **Files** (the chart, the Excel report, a plan draft): they are rendered after the commit, because
 *   drawing a chart takes a second or more and must hold no lock; they weigh up to megabytes, and the
 *   outbox is a table of short texts; and a chart or a report of some minutes ago is not what was asked
 *   for. Asking again (`/tiendo`, sending the document again) stores nothing twice.
 * - **Links** to the web pages: their address carries a signed token, of which the database keeps only
 *   the hash; the outbox must not keep it in clear.
 */
export function durablePayloads(
  replies: readonly OutboundMessage[],
  withFile: ReadonlySet<number>,
): OutboundMessage[] {
  return replies.map((reply, index) => {
    const { file, link, ...kept } = reply;
    if (!file && !link && !withFile.has(index)) return kept;
    return {
      ...kept,
      lines: [...kept.lines, { key: 'dialog:attachment_not_resent', style: 'muted' as const }],
    };
  });
}
