import { z } from 'zod';
import { MAX_DAYS_AFTER_CUTOFF } from '../calendar/index.js';
import { rawRankingSchema } from './ranking.js';

/**
 * The plan file as written (YAML), before any meaning is given to it. Objects are strict so that a
 * mistyped key ("taget:") is reported instead of silently ignored. See docs/plan-format.md.
 */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

const code = z.string().trim().regex(CODE_PATTERN, { message: 'bad_code' });
const text = (max: number) => z.string().trim().min(1).max(max);
const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'bad_date', abort: true })
  .refine(
    (value) =>
      !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
      new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    {
      message: 'bad_date',
    },
  );

export const ROLES = ['chairman', 'vice_chairman', 'admin', 'officer'] as const;
export const MEASURES = ['cumulative', 'level', 'boolean'] as const;
export const PERIOD_SCHEMES = ['quarterly', 'monthly', 'semiannual', 'annual'] as const;
export const DEADLINE_SHIFTS = ['none', 'previous_working_day', 'next_working_day'] as const;

/** `663`, `">= 663"`, `"<= 0,32 %"`, `"95,52"`; `true` / `"đạt"` for a boolean indicator. */
const targetValue = z.union([z.number(), z.string().trim().min(1).max(80), z.boolean()]);

export interface RawIndicator {
  code: string;
  name: string;
  category?: string | undefined;
  unit?: string | undefined;
  measure?: (typeof MEASURES)[number] | undefined;
  target?: number | string | boolean | undefined;
  targets?: { source: string; target: number | string | boolean }[] | undefined;
  assignees?: string[] | undefined;
  note?: string | undefined;
  children?: RawIndicator[] | undefined;
}

const indicator: z.ZodType<RawIndicator> = z.lazy(() =>
  z.strictObject({
    code,
    name: text(300),
    category: text(120).optional(),
    // "" is no unit: what a yes/no goal has, and what `plan show --json` writes for one
    unit: z.string().trim().max(40).optional(),
    measure: z.enum(MEASURES).optional(),
    target: targetValue.optional(),
    targets: z
      .array(z.strictObject({ source: text(120), target: targetValue }))
      .min(1)
      .optional(),
    assignees: z.array(code).optional(),
    note: z.string().trim().max(1000).optional(),
    children: z.array(indicator).optional(),
  }),
);

export const rawPlanSchema = z.strictObject({
  organization: z.strictObject({ code, name: text(200) }),
  campaign: z.strictObject({
    code,
    title: text(500),
    kind: z.enum(['annual', 'sprint']),
    year: z.number().int().min(2000).max(2100).optional(),
    start: localDate,
    end: localDate,
    periods: z.enum(PERIOD_SCHEMES).optional(),
    checkpoints: z.array(localDate).min(1).optional(),
    deadline: z
      .strictObject({
        time: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'bad_time' })
          .optional(),
        days_after_cutoff: z.number().int().min(0).max(MAX_DAYS_AFTER_CUTOFF).optional(),
        shift: z.enum(DEADLINE_SHIFTS).optional(),
      })
      .optional(),
    /** the emulation ranking's weights and classification thresholds (docs/ranking.md) */
    ranking: rawRankingSchema.optional(),
  }),
  units: z.array(z.strictObject({ code, name: text(200) })).default([]),
  officials: z
    .array(
      z.strictObject({
        code,
        name: text(200),
        title: text(200).optional(),
        role: z.enum(ROLES),
        unit: code.optional(),
        /** a vice-chairman who may approve a period's figures in the chairman's stead */
        may_approve: z.boolean().optional(),
      }),
    )
    .default([]),
  indicators: z.array(indicator).min(1),
});

export type RawPlan = z.infer<typeof rawPlanSchema>;
