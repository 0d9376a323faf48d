import { existsSync } from 'node:fs';
import { runCli } from './main.js';

/**
 * The `tiendo` command as a process: what bin/tiendo.js (compiled code) and `npm run dev` (the sources
 * through tsx) both run, so the two paths cannot drift.
 */
export async function runAsProcess(): Promise<void> {
  // `npx tiendo report list | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  // A .env file in the working directory fills in what the environment does not set (see .env.example).
  if (existsSync('.env')) process.loadEnvFile('.env');
  process.exitCode = await runCli(process.argv, process.env);
}
