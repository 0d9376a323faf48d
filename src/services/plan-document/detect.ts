import type { DocumentKind } from './types.js';

/** What the bytes are, whatever the name says; `word_binary` is the old .doc (and .xls), an OLE2 container. */
export type Detected = DocumentKind | 'word_binary' | 'zip' | 'image' | 'rtf' | 'binary' | 'unknown';

const startsWith = (bytes: Uint8Array, magic: number[], at = 0): boolean =>
  magic.every((b, i) => bytes[at + i] === b);

function containsAscii(bytes: Uint8Array, text: string, limit: number): boolean {
  const needle = [...text].map((c) => c.charCodeAt(0));
  const end = Math.min(bytes.length, limit) - needle.length;
  for (let i = 0; i <= end; i++) if (startsWith(bytes, needle, i)) return true;
  return false;
}

function extensionOf(fileName: string): string {
  const match = /\.([A-Za-z0-9]{1,5})$/.exec(fileName.trim());
  return match?.[1]?.toLowerCase() ?? '';
}

/**
 * The type from the content first (a .docx is a zip holding word/document.xml, a PDF starts with %PDF,
 * possibly after a little junk), then from the name for what has no signature (text).
 */
export function detectKind(bytes: Uint8Array, fileName: string): Detected {
  const extension = extensionOf(fileName);
  if (containsAscii(bytes, '%PDF-', 1024)) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // the part names sit in the zip's local headers, uncompressed
    return containsAscii(bytes, 'word/', bytes.length) ? 'docx' : 'zip';
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'word_binary';
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return 'rtf';
  if (
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) ||
    startsWith(bytes, [0xff, 0xd8, 0xff]) ||
    startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) ||
    startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) ||
    startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])
  ) {
    return 'image';
  }
  if (extension === 'pdf' || extension === 'docx') return extension;
  if (extension === 'doc') return 'word_binary';
  if (['png', 'jpg', 'jpeg', 'gif', 'tif', 'tiff', 'heic', 'webp'].includes(extension)) return 'image';
  if (extension === 'md' || extension === 'markdown') return 'md';
  if (extension === 'txt' || extension === '') return looksBinary(bytes) ? 'binary' : 'txt';
  return looksBinary(bytes) ? 'binary' : 'unknown';
}

/** NUL bytes do not occur in text files (UTF-16 aside, which has a byte-order mark). */
function looksBinary(bytes: Uint8Array): boolean {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return false;
  return bytes.subarray(0, 8192).includes(0);
}
