/**
 * Packs lines into texts of at most `limit` characters (each line already shorter than that), without
 * blank lines at their start or end: how every channel splits a long reply into several messages.
 */
export function pack(units: string[], limit: number): string[] {
  const texts: string[] = [];
  let current: string[] = [];
  let length = 0;
  const flush = (): void => {
    while (current.length > 0 && (current[current.length - 1] as string).trim() === '') current.pop();
    if (current.length > 0) texts.push(current.join('\n'));
    current = [];
    length = 0;
  };
  for (const unit of units) {
    if (current.length === 0) {
      if (unit.trim() === '') continue;
      current.push(unit);
      length = unit.length;
    } else if (length + 1 + unit.length <= limit) {
      current.push(unit);
      length += 1 + unit.length;
    } else {
      flush();
      if (unit.trim() !== '') {
        current.push(unit);
        length = unit.length;
      }
    }
  }
  flush();
  return texts;
}
