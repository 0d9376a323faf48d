// The build step of `npm install` / `npm ci` (postinstall, after the Prisma clients are generated), so
// that a fresh clone runs `npm start` from compiled code. TypeScript is a development dependency: an
// install without them (`npm ci --omit=dev`, for an image whose dist/ was built beforehand) skips the
// build instead of failing.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  process.stderr.write('tiendo: TypeScript is not installed, dist/ is not rebuilt (npm run build).\n');
  process.exit(0);
}
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
