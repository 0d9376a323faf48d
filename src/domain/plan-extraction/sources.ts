/**
 * Several targets for one indicator, each with who set it: "Thị xã giao: 95,52 %; HĐND xã giao: 90 %".
 * The source is the short phrase ending in "giao" right before the figure.
 */
const SOURCE =
  /(?:^|[,;:(\-–—]\s*|\s)((?:[a-z0-9.]+\s){0,3}?(?:giao|phan dau))\s*:?\s*(?:(?:dat|la|chi tieu|muc tieu|toi thieu|toi da|it nhat|khong qua|khong duoi|tren|duoi)\s*)*$/;

export interface SourceReading {
  /** as written */
  source: string;
  /** index in the lead where the source starts */
  at: number;
}

/** `lead` and `foldedLead` are the same text, as written and folded. */
/**
 * `striving` allows "xã phấn đấu" as a source: only beside a target someone set ("Huyện giao 3.200;
 * xã phấn đấu 3.500"), since alone "phấn đấu" is just how plans say "at least".
 */
export function readSource(lead: string, foldedLead: string, striving: boolean): SourceReading | null {
  const match = SOURCE.exec(foldedLead);
  if (!match?.[1]) return null;
  if (match[1].endsWith('phan dau') && (!striving || match[1].trim() === 'phan dau')) return null;
  const at = match.index + match[0].indexOf(match[1]);
  const source = lead.slice(at, at + match[1].length).trim();
  // folded "giao" is also "giáo" (mẫu giáo)
  if (!/(giao|phấn đấu)$/iu.test(source)) return null;
  // "chỉ tiêu giao", "được giao" say nothing about who set it.
  if (/^(duoc |chi tieu |muc tieu )?giao$/.test(match[1].trim())) return null;
  return { source: source.charAt(0).toLocaleUpperCase('vi') + source.slice(1), at };
}
