/**
 * A note beside a figure ("ước tính", "số liệu của Chi cục Thuế"): the chat and the web form store it
 * the same way, as the revision's note.
 */

/** Notes are short remarks, not documents. */
export const NOTE_MAX = 500;

// Control characters (but line breaks and tabs), bidi overrides and lone surrogates: they would
// garble a reply or make a platform refuse the message.
const UNSAFE_KEEPING_LINES = /[^\P{Cc}\n\t]|[\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/gu;

/** A text to store and show again later (a note): unsafe characters dropped, line breaks and tabs kept. */
export function safeText(text: string): string {
  return text.replace(UNSAFE_KEEPING_LINES, '');
}
