import type { PlanLine } from './lines.js';
import { fold } from './text.js';

/**
 * Who issues the plan. Plans cite their superiors ("Quyết định … của UBND thành phố Quảng Ngãi"), so
 * the issuer is the authority that acts in the text ("Ủy ban nhân dân quận phát động", "UBND phường X
 * xây dựng kế hoạch"), named with the proper name the document gives its level anywhere.
 */
const LEVELS = ['thi tran', 'thi xa', 'thanh pho', 'phuong', 'xa', 'quan', 'huyen', 'tinh'];
const AUTHORITY = new RegExp(`(?<![a-z])(ubnd|uy ban nhan dan) (${LEVELS.join('|')})(?![a-z])`, 'g');
const ACTS = /^ ?(phat dong|xay dung ke hoach|yeu cau|ban hanh|de nghi)/;
const PROPER_NAME = / (\p{Lu}[\p{L}]*(?: \p{Lu}[\p{L}]*)*)/uy;

/** The proper name right after `at` (sticky: no copy of the rest of the line). */
function properNameAt(raw: string, at: number): string | null {
  PROPER_NAME.lastIndex = at;
  return PROPER_NAME.exec(raw)?.[1] ?? null;
}

interface Mention {
  level: string;
  levelText: string;
  name: string | null;
  score: number;
}

/** "TÂN LẬP" → "Tân Lập": a place name in a capitals-only heading. */
function titleCase(name: string): string {
  if (name !== name.toLocaleUpperCase('vi')) return name;
  return name
    .toLocaleLowerCase('vi')
    .split(' ')
    .map((word) => word.charAt(0).toLocaleUpperCase('vi') + word.slice(1))
    .join(' ');
}

const HEAD_LINES = 8;
const HEAD_AUTHORITY = new RegExp(`^(?:(?:ubnd|uy ban nhan dan)\\s+)?(${LEVELS.join('|')})\\s+(\\S.*)$`);

/**
 * The issuer in the document's head, where Vietnamese documents name it over one or two lines
 * ("ỦY BAN NHÂN DÂN" / "XÃ HÒA AN", or "UBND XÃ TÂN LẬP"); with a superior above it ("ỦY BAN NHÂN DÂN
 * HUYỆN X" / "ỦY BAN NHÂN DÂN XÃ Y"), the lowest line is the issuer.
 */
function headIssuer(lines: readonly PlanLine[]): string | null {
  let found: string | null = null;
  let seen = 0;
  let afterAuthority = false;
  for (const line of lines) {
    if (line.kind === 'blank') continue;
    if ((seen += 1) > HEAD_LINES || /^(ke hoach|so:|can cu)/.test(line.folded)) break;
    // the left cell of a two-column head ("UBND XÃ AN BÌNH | CỘNG HÒA …")
    const raw = (line.raw.split('|')[0] ?? '').trim();
    const folded = fold(raw);
    if (/^(ubnd|uy ban nhan dan)$/.test(folded)) {
      afterAuthority = true;
      continue;
    }
    const match = HEAD_AUTHORITY.exec(folded);
    const named = match && (afterAuthority || /^(ubnd|uy ban nhan dan)/.test(folded));
    afterAuthority = false;
    if (!match || !named) continue;
    const levelAt = folded.indexOf(
      match[1] ?? '',
      folded.length - (match[1]?.length ?? 0) - (match[2]?.length ?? 0) - 1,
    );
    const level = raw.slice(levelAt, levelAt + (match[1]?.length ?? 0)).toLocaleLowerCase('vi');
    const name = titleCase(raw.slice(levelAt + (match[1]?.length ?? 0)).trim());
    found = `UBND ${level} ${name}`;
  }
  return found;
}

export function readOrganization(lines: readonly PlanLine[]): string | null {
  const fromHead = headIssuer(lines);
  if (fromHead) return fromHead;
  const mentions: Mention[] = [];
  const namesByLevel = new Map<string, string>();
  for (const line of lines) {
    if (line.folded.startsWith('noi nhan')) break;
    const folded = fold(line.raw);
    for (const m of folded.matchAll(AUTHORITY)) {
      const level = m[2] ?? '';
      const after = m.index + m[0].length;
      const name = properNameAt(line.raw, after);
      const afterName = after + (name ? name.length + 1 : 0);
      const cited =
        /(cua|tai) $/.test(folded.slice(Math.max(0, m.index - 4), m.index)) ||
        /^(can cu|thuc hien)/.test(folded);
      const score = (ACTS.test(folded.slice(afterName, afterName + 40)) ? 3 : 0) - (cited ? 2 : 0) + 1;
      mentions.push({ level, levelText: line.raw.slice(m.index + m[1]!.length + 1, after), name, score });
      if (name && !namesByLevel.has(level)) namesByLevel.set(level, name);
    }
    for (const m of folded.matchAll(new RegExp(`(?<![a-z])(${LEVELS.join('|')})(?![a-z])`, 'g'))) {
      const name = properNameAt(line.raw, m.index + (m[1]?.length ?? 0));
      if (name && !namesByLevel.has(m[1] ?? '')) namesByLevel.set(m[1] ?? '', name);
    }
  }
  const best = mentions.sort((a, b) => b.score - a.score)[0];
  if (!best || best.score <= 0) return null;
  const name = best.name ?? namesByLevel.get(best.level) ?? null;
  const levelText = best.levelText.toLocaleLowerCase('vi');
  return name ? `UBND ${levelText} ${titleCase(name)}` : `UBND ${levelText}`;
}
