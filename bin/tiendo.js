#!/usr/bin/env node
// Entry point of the `tiendo` command (package bin) and of `npm start`. The sources are TypeScript,
// run through tsx so that a fresh clone works with no build step.
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

// `npx tiendo report list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// A .env file in the working directory fills in what the environment does not set (see .env.example).
if (existsSync('.env')) process.loadEnvFile('.env');

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv, process.env);
