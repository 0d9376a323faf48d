import { MAX_DOCX_ENTRIES, MAX_DOCX_RATIO, MAX_DOCX_UNZIPPED_BYTES, RATIO_EXEMPT_BYTES } from './limits.js';
import { documentProblem, type DocumentProblem } from './types.js';
import { inflatedSize, listZip } from './zip.js';

const LIMIT_MB = MAX_DOCX_UNZIPPED_BYTES / 1024 / 1024;

/**
 * A .docx measured before any parser sees it: its parts counted and their unzipped sizes added up,
 * first as the archive declares them, then for real with a ceiling (an archive can lie). Null when it
 * may be opened.
 */
export function checkDocxArchive(bytes: Uint8Array): DocumentProblem | null {
  const listing = listZip(bytes);
  if (!listing.ok)
    return listing.reason === 'zip64'
      ? documentProblem('unzipped_too_large', { limit: LIMIT_MB })
      : documentProblem('corrupt');
  const { entries } = listing;
  if (entries.length > MAX_DOCX_ENTRIES) return documentProblem('unzipped_too_large', { limit: LIMIT_MB });
  const declared = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  const bomb = entries.some(
    (entry) =>
      entry.uncompressedSize > RATIO_EXEMPT_BYTES &&
      entry.uncompressedSize > MAX_DOCX_RATIO * Math.max(1, entry.compressedSize),
  );
  if (declared > MAX_DOCX_UNZIPPED_BYTES || bomb)
    return documentProblem('unzipped_too_large', { limit: LIMIT_MB });
  if (inflatedSize(bytes, entries, MAX_DOCX_UNZIPPED_BYTES) === null)
    return documentProblem('unzipped_too_large', { limit: LIMIT_MB });
  return null;
}
