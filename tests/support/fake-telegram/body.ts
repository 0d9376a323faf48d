/** A file a request uploaded (a multipart part with a file name). */
export interface Upload {
  filename: string;
  content: Buffer;
}

export function isUpload(value: unknown): value is Upload {
  return typeof value === 'object' && value !== null && 'filename' in value && 'content' in value;
}

/**
 * The fields of a Bot API request, as telegraf and grammY send them: JSON, a form, or multipart (files
 * kept byte for byte), with the query string's fields under them. A body it cannot read is empty.
 */
export function parseBody(raw: Buffer, contentType: string, query: URLSearchParams): Record<string, unknown> {
  const fields = Object.fromEntries(query) as Record<string, unknown>;
  if (raw.length === 0) return fields;
  try {
    if (contentType.includes('multipart/form-data'))
      return { ...fields, ...parseMultipart(raw, contentType) };
    const text = raw.toString('utf8');
    if (contentType.includes('application/x-www-form-urlencoded'))
      return { ...fields, ...Object.fromEntries(new URLSearchParams(text)) };
    return { ...fields, ...(JSON.parse(text) as Record<string, unknown>) };
  } catch {
    return fields;
  }
}

/** Enough of multipart/form-data for telegraf's uploads: fields as text, files as bytes. */
function parseMultipart(raw: Buffer, contentType: string): Record<string, unknown> {
  const found = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = found?.[1] ?? found?.[2];
  if (!boundary) return {};
  const fields: Record<string, unknown> = {};
  // read as latin1, one character a byte, so that a file's bytes come back unchanged
  for (const part of raw.toString('latin1').split(`--${boundary}`)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const headers = part.slice(0, headerEnd);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (!name) continue;
    const content = Buffer.from(part.slice(headerEnd + 4).replace(/\r\n$/, ''), 'latin1');
    const rawName = /filename="([^"]*)"/i.exec(headers)?.[1];
    fields[name] =
      rawName === undefined
        ? content.toString('utf8')
        : { filename: Buffer.from(rawName, 'latin1').toString('utf8'), content };
  }
  return fields;
}
