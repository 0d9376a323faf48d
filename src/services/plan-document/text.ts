/**
 * A .txt or .md file as lines. Line numbers are the file's own (blank lines kept), so that the
 * reviewer finds a source line where the editor says it is. Returns null when the bytes are not text
 * in an encoding we can know: UTF-8, or UTF-16 with its byte-order mark.
 */
export function decodeText(bytes: Uint8Array): string | null {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe)
      return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff)
      return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    // TextDecoder drops a UTF-8 byte-order mark itself
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function textLines(text: string): string[] {
  return text.split(/\r\n|\r|\n|\u2028|\u2029/);
}

/**
 * Markdown's marks are not the plan's words: "## a) Về kinh tế" is the heading "a) Về kinh tế" and
 * "**đạt 95%**" is "đạt 95%". List dashes stay (plans write "- " themselves); a table row keeps its
 * cells between " | ".
 */
export function markdownLine(line: string): string {
  let out = line.replace(/^\s{0,3}#{1,6}\s+/, '').replace(/\s+#+\s*$/, '');
  if (/^\s*\|.*\|\s*$/.test(out)) {
    if (/^\s*\|[\s:|-]+\|\s*$/.test(out)) return '';
    out = out
      .trim()
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim())
      .join(' | ');
  }
  return out
    .replace(/^\s*[*+]\s+/, '- ')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?!\s)(.+?)\*(?!\w)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
}
