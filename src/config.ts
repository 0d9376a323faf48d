import { z } from 'zod';

/**
 * The whole configuration of tiendo, read from the environment once (by the composition root or the
 * command line) and passed down. Nothing else reads process.env.
 */
const configSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .default('file:./data/tiendo.db')
    .refine((url) => url.startsWith('file:') || /^postgres(ql)?:\/\//.test(url), {
      message: 'database_url',
    }),
  TIENDO_TIME_ZONE: z
    .string()
    .default('Asia/Ho_Chi_Minh')
    .refine(isTimeZone, { message: 'time_zone' }),
  TIENDO_LOCALE: z.enum(['vi', 'en']).default('vi'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** auto: load the demo plan on `tiendo start` into an empty database; on: load or refresh it always; off: never. */
  TIENDO_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
});

export type Config = {
  databaseUrl: string;
  timeZone: string;
  locale: 'vi' | 'en';
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  demo: 'auto' | 'on' | 'off';
};

export interface ConfigProblem {
  variable: string;
  code: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Empty strings count as unset, as they do in most .env files. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') out[key] = value;
  return out;
}

export function parseConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const parsed = configSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? ''),
        code: issue.code === 'custom' ? issue.message : issue.code,
      })),
    };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: {
      databaseUrl: e.DATABASE_URL,
      timeZone: e.TIENDO_TIME_ZONE,
      locale: e.TIENDO_LOCALE,
      logLevel: e.LOG_LEVEL,
      demo: e.TIENDO_DEMO,
    },
  };
}
