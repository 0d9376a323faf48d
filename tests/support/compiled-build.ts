import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The tests and benchmarks that start the bot as a process run the compiled code (dist/, as
 * `npm start` does): this brings it up to date with src/ first. Comparing modification times costs
 * milliseconds; even an incremental tsc with nothing to do takes seconds to parse the tree, so it
 * runs only when a source is newer than the last build.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STAMP = join(ROOT, 'dist', '.tsbuildinfo');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(STAMP).mtimeMs;
  } catch {
    return 0;
  }
}

export function ensureBuilt(): void {
  const sources = Math.max(
    newestSource(join(ROOT, 'src')),
    statSync(join(ROOT, 'tsconfig.build.json')).mtimeMs,
  );
  if (sources < builtAt()) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  // tsc leaves its build info untouched when no output changed (a file saved as it was): mark the check.
  const now = new Date();
  utimesSync(STAMP, now, now);
}

/** vitest globalSetup of the projects whose tests spawn the bot. */
export default function setup(): void {
  ensureBuilt();
}
