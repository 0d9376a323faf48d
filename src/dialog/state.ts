import { z } from 'zod';

/**
 * A conversation's state, stored as JSON with the chat (Conversation.state). It holds ids only: the
 * indicators themselves are read again at each step, so a plan edited mid-conversation is seen.
 * `nonce` changes each time a question with choices is asked; a button carries it, so a button of an
 * older question is recognised as stale.
 */
const itemRef = z.object({ indicatorId: z.string(), periodId: z.string() });
export type ItemRef = z.infer<typeof itemRef>;

const pending = z.object({ value: z.string() });

/** A line of a batch answer that could not be read, with its reason (an i18n key and parameters). */
const batchProblem = z.object({
  position: z.number().int().nullable(),
  text: z.string(),
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type BatchProblem = z.infer<typeof batchProblem>;

/** A plan file kept in a conversation; a commune's plan is a few kB, a province's sprint a few dozen. */
export const MAX_PLAN_FILE_CHARS = 500_000;

export const stateSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('idle') }),
  z.object({
    name: z.literal('reporting'),
    items: z.array(itemRef).min(1),
    index: z.number().int().min(0),
    step: z.enum(['value', 'confirm', 'note']),
    pending: pending.nullable(),
    stored: z.array(z.string()),
    skipped: z.array(z.string()),
    /** correcting answers already given (picked after /baocao found nothing due) */
    correcting: z.boolean().default(false),
    nonce: z.string(),
  }),
  /**
   * Several figures sent in one message (or a few), waiting for the official's confirmation: the list
   * they answer (its order is its numbering), what was read so far by position, and the lines that
   * could not be read. Nothing is stored before the confirmation.
   */
  z.object({
    name: z.literal('batch'),
    items: z.array(itemRef).min(1),
    values: z.array(z.object({ position: z.number().int().min(1), value: z.string() })),
    problems: z.array(batchProblem),
    /** where the next figure written without its number goes */
    next: z.number().int().min(1),
    nonce: z.string(),
  }),
  z.object({ name: z.literal('picking'), options: z.array(itemRef).min(1), nonce: z.string() }),
  /** `/baocao` asked which of several owed periods to report: their ids, in the order offered */
  z.object({ name: z.literal('choosing_period'), periods: z.array(z.string()).min(1), nonce: z.string() }),
  z.object({ name: z.literal('language'), nonce: z.string() }),
  /** browsing /tiendo: the category open, if any (by name: the plan's own headings) */
  z.object({ name: z.literal('progress'), nonce: z.string(), category: z.string().nullable() }),
  /** the chairman returning a period's figures: the reason is asked (domain/approval) */
  z.object({ name: z.literal('approval_note'), campaignCode: z.string(), periodKey: z.string() }),
  /** looking at /nhacnho: its pause buttons */
  z.object({ name: z.literal('reminders'), nonce: z.string() }),
  /**
   * An administrator reviewing a proposed plan: the file itself is kept, so that what is imported on
   * "Nhập" is exactly what was shown, even if the bot restarted in between.
   */
  z.object({
    name: z.literal('plan_review'),
    nonce: z.string(),
    yaml: z.string().max(MAX_PLAN_FILE_CHARS),
    title: z.string().nullable(),
    importable: z.boolean(),
  }),
]);

export type DialogState = z.infer<typeof stateSchema>;
export type ReportingState = Extract<DialogState, { name: 'reporting' }>;
export type BatchState = Extract<DialogState, { name: 'batch' }>;

export const IDLE: DialogState = { name: 'idle' };

/** A state written by an older version, or damaged, starts over rather than failing the chat. */
export function parseState(json: string | null): DialogState {
  if (json === null) return IDLE;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : IDLE;
  } catch {
    return IDLE;
  }
}
