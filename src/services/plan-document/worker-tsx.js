// The reading worker when tiendo runs from its TypeScript sources (tsx, vitest): a worker does not
// inherit the loader hooks of the thread that started it, and Node 20 does not apply `--import tsx`
// to a worker's .ts entry, so tsx is registered here before the entry is loaded. The build runs
// worker.js directly and never loads this file.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
