import { inflateRawSync } from 'node:zlib';

/**
 * A zip's table of contents (its central directory), read without unzipping anything, so that a
 * .docx is measured before mammoth opens it. Zip64 is not read: a Word document never needs it, and
 * a file that does is refused as too large.
 */

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** as the archive declares it; checked against the real inflated size by `inflatedSize` */
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const ZIP64_MARK = 0xffffffff;

function endOfCentralDirectory(view: DataView): number | null {
  const last = view.byteLength - EOCD_SIZE;
  for (let at = last; at >= 0 && at >= last - MAX_COMMENT; at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE) return at;
  }
  return null;
}

export type ZipListing = { ok: true; entries: ZipEntry[] } | { ok: false; reason: 'corrupt' | 'zip64' };

export function listZip(bytes: Uint8Array): ZipListing {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = endOfCentralDirectory(view);
  if (eocd === null) return { ok: false, reason: 'corrupt' };
  const count = view.getUint16(eocd + 10, true);
  const offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === ZIP64_MARK) return { ok: false, reason: 'zip64' };
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > view.byteLength || view.getUint32(at, true) !== CENTRAL_SIGNATURE)
      return { ok: false, reason: 'corrupt' };
    const nameLength = view.getUint16(at + 28, true);
    const entry: ZipEntry = {
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    };
    if (entry.compressedSize === ZIP64_MARK || entry.uncompressedSize === ZIP64_MARK)
      return { ok: false, reason: 'zip64' };
    entries.push(entry);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return { ok: true, entries };
}

/**
 * The real unzipped size of the entries, inflating each with a ceiling so that a part that lies about
 * its size in the directory is caught after `budget` bytes, not after gigabytes. Null when the total
 * is over the budget or an entry cannot be inflated.
 */
export function inflatedSize(bytes: Uint8Array, entries: readonly ZipEntry[], budget: number): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (const entry of entries) {
    const at = entry.localHeaderOffset;
    if (at + 30 > view.byteLength || view.getUint32(at, true) !== LOCAL_SIGNATURE) return null;
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const data = bytes.subarray(start, start + entry.compressedSize);
    const left = budget - total;
    if (entry.method === 0) total += data.byteLength;
    else if (entry.method === 8) {
      try {
        total += inflateRawSync(data, { maxOutputLength: Math.max(1, left + 1) }).byteLength;
      } catch {
        return null;
      }
    } else return null;
    if (total > budget) return null;
  }
  return total;
}
