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

/**
 * The commune's roles, then the province's: `province_admin` sits on a province organization and sees
 * its communes read-only (docs/province.md). A commune's plan file may not give it.
 */
export const ROLES = ['chairman', 'vice_chairman', 'admin', 'officer', 'province_admin'] as const;
export const COMMUNE_ROLES = ['chairman', 'vice_chairman', 'admin', 'officer'] as const;

/** A national catalogue code (catalog/indicators.yaml): upper-case ASCII, digits and `_`. */
export const CATALOG_CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,39}$/;
const catalogCode = z.string().trim().regex(CATALOG_CODE_PATTERN, { message: 'bad_catalog_code' });
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
  catalog?: string | undefined;
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
    catalog: catalogCode.optional(),
    children: z.array(indicator).optional(),
  }),
);

export const rawPlanSchema = z.strictObject({
  organization: z.strictObject({
    code,
    name: text(200),
    /** the report header's first line, the body above the committee ("UBND TỈNH QUẢNG NGÃI") */
    superior: text(200).optional(),
    /** the place of the report's date line ("Quang Trung, ngày … tháng … năm …") */
    place: text(100).optional(),
    /** the report number's symbol ("Số: …/BC-UBND") */
    report_symbol: text(40).optional(),
    /** the province this commune reports to (docs/province.md) */
    parent: code.optional(),
  }),
  campaign: z.strictObject({
    code,
    title: text(500),
    kind: z.enum(['annual', 'sprint']),
    year: z.number().int().min(2000).max(2100).optional(),
    start: localDate,
    end: localDate,
    periods: z.enum(PERIOD_SCHEMES).optional(),
    /** officials owe figures for periods due from this day on (default: the plan's first import) */
    reporting_start: localDate.optional(),
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
        role: z.enum(COMMUNE_ROLES),
        unit: code.optional(),
        /** a vice-chairman who may approve a period's figures in the chairman's stead */
        may_approve: z.boolean().optional(),
      }),
    )
    .default([]),
  indicators: z.array(indicator).min(1),
});

export type RawPlan = z.infer<typeof rawPlanSchema>;

/**
 * A province's file: the organization (`level: province`) and its people, no plan of its own. The
 * communes name it as their `parent`.
 */
export const rawProvinceSchema = z.strictObject({
  organization: z.strictObject({ code, name: text(200), level: z.literal('province') }),
  officials: z
    .array(
      z.strictObject({
        code,
        name: text(200),
        title: text(200).optional(),
        role: z.enum(['province_admin']),
      }),
    )
    .default([]),
});

export type RawProvince = z.infer<typeof rawProvinceSchema>;

/** A document that says it is a province's (`organization.level: province`), before any check. */
export function isProvinceDocument(input: unknown): boolean {
  if (typeof input !== 'object' || input === null) return false;
  const organization = (input as Record<string, unknown>)['organization'];
  return (
    typeof organization === 'object' &&
    organization !== null &&
    (organization as Record<string, unknown>)['level'] === 'province'
  );
}
