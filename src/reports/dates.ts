import { DateTime } from 'luxon';

/** "14/12/2026 17:00": an instant as an office in that time zone reads it. */
export function formatDateTime(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat('dd/MM/yyyy HH:mm');
}
