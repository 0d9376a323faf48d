// `npm run dev [-- ARGS]`: the `tiendo` command from the sources, through tsx (no build step), restarted
// by `tsx watch` when a source changes. bin/tiendo.js runs the same entry compiled.
import { runAsProcess } from '../src/cli/process-entry.js';

await runAsProcess();
