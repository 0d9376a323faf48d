import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The package bin, which runs the compiled code (dist/, kept current by the globalSetup
 * tests/support/compiled-build.ts), as `npm start` and `npx tiendo` do.
 */
export const TIENDO_BIN = fileURLToPath(new URL('../../bin/tiendo.js', import.meta.url));

/**
 * How long a spawned process may take to say it is ready. A ceiling, not a window: the wait ends on
 * the text itself; a loaded machine has taken more than 10 s to start the bot.
 */
export const START_CEILING_MS = 60_000;

/**
 * Resolves when the process has printed `ready` on stdout (tested on what it printed so far, so the
 * text may span chunks), rejects if it exits first or after `ceilingMs`.
 */
export function waitForOutput(
  child: ChildProcess,
  ready: (stdout: string) => boolean,
  ceilingMs: number = START_CEILING_MS,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const done = (error?: Error) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (ready(out)) done();
    };
    const onExit = (code: number | null) =>
      done(new Error(`the process exited (${code}) before it was ready:\n${out}`));
    const timer = setTimeout(() => done(new Error(`not ready after ${ceilingMs} ms:\n${out}`)), ceilingMs);
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** tests/support/delivery-worker-process.js: a delivery worker alone in a process, on the compiled code. */
export const DELIVERY_WORKER_SCRIPT = fileURLToPath(new URL('./delivery-worker-process.js', import.meta.url));
