import { setTimeout as delay } from 'node:timers/promises';

/**
 * Waits for something to happen, checking every `everyMs`. The ceiling is generous on purpose: it only
 * turns a hang into a failure, it says nothing about speed (a loaded machine is slow, not wrong).
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  options: { what: string; timeoutMs?: number; everyMs?: number },
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${options.what}`);
    await delay(options.everyMs ?? 20);
  }
}
