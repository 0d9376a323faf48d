#!/usr/bin/env node
// Entry point of the `tiendo` command (package bin) and of `npm start`: the compiled code in dist/,
// built by `npm run build` (which `npm install` runs). `npm run dev` runs the sources through tsx instead.
let entry;
try {
  entry = await import('../dist/cli/process-entry.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('process-entry')) throw error;
  process.stderr.write('tiendo is not built: run `npm run build` (or `npm install`), or `npm run dev`.\n');
  process.exit(1);
}
await entry.runAsProcess();
