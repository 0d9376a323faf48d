import { actionName, beneficiaryName, countName, isCounted, rateName } from './name-forms.js';
import { cleanPhrase, saysWhatItMeasures } from './names.js';
import { capitalize, fold } from './text.js';

/** Names that already say what share or goal they are. */
const RATE_OR_GOAL =
  /^(ty le|ty trong|ty suat|ty so|muc|toc do|chi so|tong|so|giu vung|duy tri|hoan thanh|giam|tang|keo giam)\b/;

export interface Reshaped {
  name: string;
  /** the action a following bare count on the line shares ("… và 260 hộ kinh doanh"), else null */
  action: string | null;
}

/**
 * Gives a name cut from the words around a figure the shape a clerk would enter (name-forms.ts):
 * `built` is the name read so far, `lead` the words before the figure as written, `trail` those after
 * its unit, `sharedAction` the action of the figure before on the line, `part` true for a part of a
 * total (named from the total, not as a share of its own).
 */
export function reshapeName(
  built: string,
  lead: string,
  unit: string | null,
  trail: string,
  sharedAction: string | null,
  part: boolean,
): Reshaped {
  if (built.includes('—')) return { name: built, action: null };
  const item = cleanPhrase(lead.split(':').pop() ?? '');
  const action = actionName(item, unit, trail);
  if (action)
    return { name: capitalize(action), action: item.replace(/^có\s+/iu, '').toLocaleLowerCase('vi') };
  // "… và 260 hộ kinh doanh": a count with no words of its own shares the action before it
  if (item === '' && isCounted(unit) && sharedAction)
    return { name: `Số ${unit ?? ''} ${sharedAction}`, action: sharedAction };
  const named =
    beneficiaryName(built, lead, unit) ??
    // "Giao quân đạt 100 % chỉ tiêu": named from its own words, not from the trail read into it
    rateName(/^\s*chỉ tiêu/iu.test(trail) && item !== '' ? item : built, unit, trail) ??
    countName(built, unit, saysWhatItMeasures(built)) ??
    (part ? null : shareName(built, unit));
  return { name: named ? capitalize(named) : built, action: null };
}

/** Words of running text (exhortation, who does what), not of what is measured. */
const PROSE =
  /\b(phan dau|tap trung|van dong|tiep tuc|day nhanh|phoi hop|trong dot|trong linh vuc|neu tren|chi dao|theo huong|ra soat|nham|dong thoi)\b/;
/** A measure with nothing it is of ("Năng suất bình quân"), or words that open a clause, not a name. */
const BARE =
  /^((dien tich|nang suat|san luong|gia tri|so luong)( binh quan)?|so voi .*|trong .*|quyen .*|cac .*)$/;

/**
 * True when a name is likely wrong (measured on the labelled plans, README "Review flag"): a piece of
 * running text, a bare measure, a clause opener, or a name of more than 18 words or 3 commas.
 */
export function unclearName(name: string): boolean {
  const folded = fold(name);
  return (
    PROSE.test(folded) ||
    BARE.test(folded) ||
    folded.split(' ').length > 18 ||
    (folded.match(/,/g) ?? []).length >= 3
  );
}

/** "Trẻ 6 tuổi vào lớp 1 đạt 100 %": a share says it is one. */
function shareName(name: string, unit: string | null): string | null {
  if (unit !== '%' || RATE_OR_GOAL.test(fold(name))) return null;
  return `Tỷ lệ ${name.charAt(0).toLocaleLowerCase('vi')}${name.slice(1)}`;
}
