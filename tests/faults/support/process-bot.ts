import { spawn, type ChildProcess } from 'node:child_process';
import { START_CEILING_MS, TIENDO_BIN, waitForOutput } from '../../support/tiendo-process.js';

/**
 * `node bin/tiendo.js start` as a real process, for the tests that kill it: started, awaited until it
 * says it serves, killed with a signal of the test's choosing, and awaited until it is gone.
 */
export interface BotProcess {
  readonly pid: number;
  /** what it printed on stdout, and on stderr (JSON logs) */
  readonly out: string;
  readonly err: string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export async function startBotProcess(
  env: Record<string, string>,
  options: { readyText: string; timeoutMs?: number },
): Promise<BotProcess> {
  const child: ChildProcess = spawn(process.execPath, [TIENDO_BIN, 'start'], {
    env: { ...process.env, TIENDO_CONSOLE: 'off', TIENDO_DEMO: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  try {
    await waitForOutput(
      child,
      (text) => text.includes(options.readyText),
      options.timeoutMs ?? START_CEILING_MS,
    );
  } catch (error) {
    if (exitCode === undefined) child.kill('SIGKILL');
    throw new Error(`the bot did not serve: ${(error as Error).message}\n${err}`, { cause: error });
  }
  return {
    pid: child.pid ?? -1,
    get out() {
      return out;
    },
    get err() {
      return err;
    },
    async kill(signal) {
      if (exitCode === undefined) child.kill(signal);
      return exited;
    },
  };
}
