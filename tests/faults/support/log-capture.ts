import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/**
 * Every log line a component writes, kept in memory: to check what it logged (an error handled, a loop
 * that went on) and what it must never log (secrets).
 */
export interface CapturedLogs {
  logger: Logger;
  /** the raw JSON lines, as they would reach stderr */
  lines(): string[];
  /** the parsed lines */
  records(): Record<string, unknown>[];
  /** the lines whose `msg` contains `text` */
  withMessage(text: string): Record<string, unknown>[];
}

export function captureLogs(level = 'trace'): CapturedLogs {
  const lines: string[] = [];
  let partial = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter((line) => line !== ''));
      done();
    },
  });
  const records = (): Record<string, unknown>[] =>
    lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    logger: pino({ level, base: { app: 'tiendo' } }, sink),
    lines: () => [...lines],
    records,
    withMessage: (text) =>
      records().filter((record) => typeof record.msg === 'string' && record.msg.includes(text)),
  };
}

/**
 * The forms a secret can take in a text: as given, URL-encoded, and for an invite code
 * ("ABCDEFGHJK") also as displayed ("ABCDE-FGHJK") or typed back ("abcde fghjk").
 */
export function secretForms(secret: string, options: { inviteCode?: boolean } = {}): string[] {
  const forms = new Set([secret, encodeURIComponent(secret)]);
  if (options.inviteCode) {
    const code = secret.toUpperCase().replace(/[^A-Z0-9]/g, '');
    for (const form of [
      code,
      `${code.slice(0, 5)}-${code.slice(5)}`,
      `${code.slice(0, 5)} ${code.slice(5)}`,
    ]) {
      forms.add(form);
    }
  }
  return [...forms];
}

/** The named secrets found in `text` (ignoring case), with the form found: [] when none leaks. */
export function leakedSecrets(text: string, secrets: Record<string, string[]>): string[] {
  const haystack = text.toLowerCase();
  const found: string[] = [];
  for (const [name, forms] of Object.entries(secrets)) {
    for (const form of forms)
      if (form !== '' && haystack.includes(form.toLowerCase())) found.push(`${name} as «${form}»`);
  }
  return found;
}
