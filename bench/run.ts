// Entry of `npm run bench`; everything is in ./cli.ts.
import { runBench } from './cli.js';

const results = await runBench(process.argv.slice(2));
process.exitCode = results.benchmarks.some((b) => b.error) ? 1 : 0;
