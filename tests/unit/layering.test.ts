import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseConfig from 'dependency-cruiser/config-utl/extract-depcruise-config';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

/**
 * The layering of src/ (README "Code layout", rules in .dependency-cruiser.mjs): every import that
 * breaks a rule is listed, with the rule's name, so a failure says what to move. `npm run check:layers`
 * runs the same check from the command line.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Cruising src/ parses ~200 modules; on a loaded machine that takes a while. */
const CRUISE_TIMEOUT_MS = 180_000;

async function cruiseSrc(baseDir: string): Promise<ICruiseResult['summary']> {
  const config = await extractDepcruiseConfig(join(ROOT, '.dependency-cruiser.mjs'));
  const tsConfig = join(ROOT, 'tsconfig.json');
  const reported = await cruise(
    ['src'],
    {
      ...config.options,
      baseDir,
      tsConfig: { fileName: tsConfig },
      validate: true,
      ruleSet: { forbidden: config.forbidden ?? [] },
    },
    {},
    { tsConfig: extractTSConfig(tsConfig) },
  );
  return (reported.output as ICruiseResult).summary;
}

function readable(found: IViolation[]): string {
  return found
    .map((violation) =>
      violation.cycle
        ? `${violation.rule.name}: ${violation.from} → ${violation.cycle.map((step) => step.name).join(' → ')}`
        : `${violation.rule.name}: ${violation.from} → ${violation.to}`,
    )
    .join('\n');
}

/** A throwaway tree with the same layout as src/, for the rules to judge. */
function tree(files: Record<string, string>): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-layering-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('the layering of src/', () => {
  it(
    'breaks no rule',
    async () => {
      const summary = await cruiseSrc(ROOT);
      // Every module of src/ was read (a wrong resolution would leave the rules nothing to judge).
      expect(summary.totalCruised).toBeGreaterThan(150);
      expect(summary.totalDependenciesCruised).toBeGreaterThan(500);
      expect(readable(summary.violations), 'imports that break the layering (.dependency-cruiser.mjs)').toBe(
        '',
      );
    },
    CRUISE_TIMEOUT_MS,
  );

  it(
    'is a check that can fail: a domain importing the dialog, a store importing a service, a cycle',
    async () => {
      const fixture = tree({
        'src/domain/leak.ts': "import type { Thing } from '../dialog/thing.js';\nexport type Leak = Thing;\n",
        'src/dialog/thing.ts': 'export interface Thing {\n  a: number;\n}\n',
        'src/store/repo.ts': "import { use } from '../services/use.js';\nexport const repo = use;\n",
        'src/services/use.ts':
          "import { again } from './again.js';\nexport const use = (): number => again();\n",
        'src/services/again.ts':
          "import { use } from './use.js';\nexport const again = (): number => use.length;\n",
      });
      try {
        const names = readable((await cruiseSrc(fixture.dir)).violations);
        expect(names).toContain('domain-is-pure: src/domain/leak.ts → src/dialog/thing.ts');
        expect(names).toContain('store-below-services: src/store/repo.ts → src/services/use.ts');
        expect(names).toMatch(/no-circular: src\/services\/(use|again)\.ts/);
      } finally {
        fixture.remove();
      }
    },
    CRUISE_TIMEOUT_MS,
  );
});
