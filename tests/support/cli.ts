import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the `tiendo` command line in-process, as `npx tiendo …args` would, capturing what it prints. */
export async function tiendo(env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    ['node', 'tiendo', ...args],
    { TIENDO_DEMO: 'off', TIENDO_CONSOLE: 'off', ...env },
    {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
    },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}
