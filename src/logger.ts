import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured logs (JSON, one line each) on stderr, so stdout stays for what a command prints. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'tiendo' } }, pino.destination(2));
}
