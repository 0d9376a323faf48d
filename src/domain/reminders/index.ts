export type {
  ChairmanDigest,
  DueReminder,
  OfficeHours,
  ReminderAssignment,
  ReminderCampaign,
  ReminderInput,
  ReminderKind,
  ReminderOfficial,
  ReminderOptions,
  ReminderPeriod,
  ReportedIndex,
  UpcomingReminder,
} from './types.js';
export { DEFAULT_OFFICE_HOURS, DEFAULT_REMINDER_OPTIONS, reminderKey, reportedKey } from './schedule.js';
export { REPORT_NOW_CHOICE, REPORT_NOW_TOKEN, stepText } from './messages.js';
export { chairmanDigest, dueReminders, nextReminders, stepsInForce } from './policy.js';
