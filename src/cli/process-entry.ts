import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runCli } from './main.js';

/**
 * The `tiendo` command as a process: what bin/tiendo.js (compiled code) and `npm run dev` (the sources
 * through tsx) both run, so the two paths cannot drift.
 */
export async function runAsProcess(): Promise<void> {
  // Prisma's query compiler is a 1.9 MB WebAssembly module compiled at every start: compiled function by
  // function on first use and kept at V8's baseline tier, a command starts ~20 % sooner with ~25 MiB less
  // memory (bench/README.md). The same flags as `npm start` passes; set here so that `npx tiendo …` and a
  // service running the bin directly get them too. Set before the first database is opened.
  setFlagsFromString('--liftoff-only');
  setFlagsFromString('--wasm-lazy-compilation');
  // `npx tiendo report list | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  // A .env file in the working directory fills in what the environment does not set (see .env.example).
  if (existsSync('.env')) process.loadEnvFile('.env');
  process.exitCode = await runCli(process.argv, process.env);
}
