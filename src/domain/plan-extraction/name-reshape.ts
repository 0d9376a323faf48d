import { actionName, beneficiaryName, countName, isCounted, rateName } from './name-forms.js';
import { cleanPhrase, saysWhatItMeasures } from './names.js';
import { capitalize } from './text.js';

export interface Reshaped {
  name: string;
  /** the action a following bare count on the line shares ("… và 260 hộ kinh doanh"), else null */
  action: string | null;
}

/**
 * Gives a name cut from the words around a figure the shape a clerk would enter (name-forms.ts):
 * `built` is the name read so far, `lead` the words before the figure as written, `trail` those after
 * its unit, `sharedAction` the action of the figure before on the line.
 */
export function reshapeName(
  built: string,
  lead: string,
  unit: string | null,
  trail: string,
  sharedAction: string | null,
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
    rateName(built, unit, trail) ??
    countName(built, unit, saysWhatItMeasures(built));
  return { name: named ? capitalize(named) : built, action: null };
}
