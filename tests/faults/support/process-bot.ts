import { spawn, type ChildProcess } from 'node:child_process';

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
  const child: ChildProcess = spawn(process.execPath, ['bin/tiendo.js', 'start'], {
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
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!out.includes(options.readyText)) {
    if (exitCode !== undefined)
      throw new Error(`the bot exited (${exitCode}) before serving:\n${out}\n${err}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the bot did not start in time:\n${out}\n${err}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
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
