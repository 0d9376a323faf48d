import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCHEDULE_PROBLEM_CODES } from '../../src/domain/calendar/index.js';
import { NUMBER_ERROR_CODES } from '../../src/domain/numbers/index.js';
import { PERIOD_SCHEMES, ROLES } from '../../src/domain/plan/raw-schema.js';
import { createI18n, LOCALES, loadResources } from '../../src/i18n.js';

/**
 * locales/vi and locales/en must say the same things: the same namespaces and keys, no empty text, the
 * same {{params}}; and every key the code names must exist in both, or an official reads "plan:error.x".
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOCALES_DIR = join(ROOT, 'locales');
const SRC = join(ROOT, 'src');

type Tree = { [key: string]: unknown };

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/**
 * i18next's plural forms (`x_one`, `x_other`) count as the key `x`: Vietnamese has no plural. Only when
 * there is an `x_other`, which i18next always needs: `plan:error.too_few` is not a form of `too`.
 */
function baseKey(key: string, all: Map<string, unknown>): string {
  const base = key.replace(PLURAL_SUFFIX, '');
  return base !== key && all.has(`${base}_other`) ? base : key;
}

function namespaces(lng: string): string[] {
  return readdirSync(join(LOCALES_DIR, lng))
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}

function readTree(lng: string, ns: string): Tree {
  return JSON.parse(readFileSync(join(LOCALES_DIR, lng, `${ns}.json`), 'utf8')) as Tree;
}

/** Every text, as `ns:a.b.c` → the string (plural forms kept apart). */
function leaves(tree: Tree, prefix: string, out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix.endsWith(':') ? `${prefix}${key}` : `${prefix}.${key}`;
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      leaves(value as Tree, path, out);
    else out.set(path, value);
  }
  return out;
}

function allLeaves(lng: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const ns of namespaces(lng)) leaves(readTree(lng, ns), `${ns}:`, out);
  return out;
}

const texts = { vi: allLeaves('vi'), en: allLeaves('en') };

/** Base key → every form of it (`x` or `x_one` + `x_other`). */
function byBase(map: Map<string, unknown>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const key of map.keys()) out.set(baseKey(key, map), [...(out.get(baseKey(key, map)) ?? []), key]);
  return out;
}

const bases = { vi: byBase(texts.vi), en: byBase(texts.en) };

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{-?\s*([A-Za-z_$][\w.$]*)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1] as string);
}

/** The params every form of a base key uses, together. */
function paramsOf(lng: 'vi' | 'en', base: string): string[] {
  const forms = bases[lng].get(base) ?? [];
  return [...new Set(forms.flatMap((key) => placeholders(String(texts[lng].get(key)))))].sort();
}

/**
 * Where the two languages rightly differ: Vietnamese writes the quarter in Roman numerals ("Quý II"),
 * English in digits ("Q2"); `quarterName` sends both.
 */
const PARAM_EXCEPTIONS: Record<string, { vi: string[]; en: string[] }> = {
  'calendar:period.quarter': { vi: ['roman', 'year'], en: ['quarter', 'year'] },
};

/** The object at `ns:a.b` in a language, or a string, or undefined. */
function lookup(lng: string, key: string): unknown {
  const [ns, path] = key.split(':') as [string, string];
  if (!namespaces(lng).includes(ns)) return undefined;
  let node: unknown = readTree(lng, ns);
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Tree)[part];
  }
  return node;
}

/** A key the code names exists when it is a text, or when its plural forms are. */
function exists(lng: 'vi' | 'en', key: string): boolean {
  return typeof lookup(lng, key) === 'string' || typeof lookup(lng, `${key}_other`) === 'string';
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const NS = '(?:common|cli|plan|report|numbers|calendar|web)';
const STATIC_KEY = new RegExp(`(['"\`])(${NS}:[a-zA-Z_.]+)\\1`, 'g');
const DYNAMIC_KEY = new RegExp(`\`(${NS}:[a-zA-Z_.]*)\\$\\{`, 'g');

interface Reference {
  key: string;
  where: string;
}

function references(): { static: Reference[]; prefixes: Reference[] } {
  const found = { static: [] as Reference[], prefixes: [] as Reference[] };
  for (const file of sourceFiles(SRC)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const where = `${relative(ROOT, file)}:${i + 1}`;
      for (const m of line.matchAll(STATIC_KEY)) found.static.push({ key: m[2] as string, where });
      for (const m of line.matchAll(DYNAMIC_KEY)) found.prefixes.push({ key: m[1] as string, where });
    });
  }
  return found;
}

describe('locales/vi and locales/en', () => {
  it('have the same namespaces, the ones createI18n loads', () => {
    expect(namespaces('en')).toEqual(namespaces('vi'));
    expect(namespaces('vi')).toEqual(
      expect.arrayContaining(['calendar', 'cli', 'common', 'numbers', 'plan', 'report']),
    );
    const resources = loadResources();
    for (const lng of LOCALES) expect(Object.keys(resources[lng] ?? {}).sort()).toEqual(namespaces(lng));
  });

  it('have the same keys, plural forms counted as their base key', () => {
    const vi = [...bases.vi.keys()].sort();
    const en = [...bases.en.keys()].sort();
    expect(
      vi.filter((k) => !bases.en.has(k)),
      'in vi, missing in en',
    ).toEqual([]);
    expect(
      en.filter((k) => !bases.vi.has(k)),
      'in en, missing in vi',
    ).toEqual([]);
    expect(vi.length).toBeGreaterThan(100);
  });

  it('give every English plural a _one form, and no plural a plain key of the same name', () => {
    for (const lng of LOCALES) {
      for (const [base, forms] of bases[lng]) {
        if (!forms.includes(`${base}_other`)) continue;
        if (lng === 'en') expect(forms, `en ${base}`).toContain(`${base}_one`);
        // i18next would pick one or the other depending on count being passed
        expect(texts[lng].has(base), `${lng} ${base}`).toBe(false);
      }
    }
    expect(bases.en.get('cli:plan.entity.indicators')).toEqual([
      'cli:plan.entity.indicators_one',
      'cli:plan.entity.indicators_other',
    ]);
    expect(bases.vi.get('plan:error.too_few')).toEqual(['plan:error.too_few']);
  });

  it('have only non-empty strings as texts', () => {
    for (const lng of LOCALES) {
      for (const [key, value] of texts[lng]) {
        expect(typeof value, `${lng} ${key}`).toBe('string');
        expect(String(value).trim(), `${lng} ${key}`).not.toBe('');
      }
    }
  });

  it('use the same {{params}} in both languages', () => {
    const differences: string[] = [];
    for (const base of bases.vi.keys()) {
      if (!bases.en.has(base)) continue;
      const vi = paramsOf('vi', base);
      const en = paramsOf('en', base);
      const exception = PARAM_EXCEPTIONS[base];
      if (exception) {
        expect({ vi, en }, `${base} still differs as documented`).toEqual(exception);
        continue;
      }
      if (vi.join() !== en.join()) differences.push(`${base}: vi {${vi.join(', ')}} ≠ en {${en.join(', ')}}`);
    }
    expect(differences).toEqual([]);
  });

  it('write params in the one way i18next reads them', () => {
    for (const lng of LOCALES) {
      for (const [key, value] of texts[lng]) {
        const text = String(value);
        // "{{ x }" or "{x}}" would be shown as is to an official
        const stray = text.replace(/\{\{[^{}]*\}\}/g, '');
        expect(stray, `${lng} ${key}`).not.toMatch(/\{\{|\}\}/);
      }
    }
  });
});

describe('the i18n keys named in src/', () => {
  const found = references();

  it('are found by the scan (so that the checks below check something)', () => {
    expect(found.static.length).toBeGreaterThan(100);
    expect(found.prefixes.length).toBeGreaterThan(5);
    expect(found.static.map((r) => r.key)).toContain('plan:error.ambiguous_number');
    expect(found.prefixes.map((r) => r.key)).toContain('cli:plan.import.change.');
  });

  it('exist in both languages', () => {
    const missing = found.static.flatMap(({ key, where }) =>
      LOCALES.filter((lng) => !exists(lng, key)).map((lng) => `${where} ${key} (${lng})`),
    );
    expect(missing).toEqual([]);
  });

  it('have a template prefix that is an object of texts in both languages', () => {
    const missing: string[] = [];
    for (const { key, where } of found.prefixes) {
      // `numbers:error.${code}`: the prefix names the object `numbers:error`
      const object = key.replace(/\.$/, '');
      for (const lng of LOCALES) {
        const node = lookup(lng, object);
        if (typeof node !== 'object' || node === null || Object.keys(node).length === 0)
          missing.push(`${where} ${key} (${lng})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('exist for every value a template key is filled with, when the values are known', () => {
    const keys = [
      ...ROLES.map((role) => `common:role.${role}`),
      ...['annual', 'sprint'].map((kind) => `cli:plan.kind.${kind}`),
      ...[...PERIOD_SCHEMES, 'checkpoints'].map((scheme) => `cli:plan.scheme.${scheme}`),
      ...NUMBER_ERROR_CODES.map((code) => `numbers:error.${code}`),
      ...SCHEDULE_PROBLEM_CODES.map((code) => `calendar:error.${code}`),
      // the zod messages normalize.ts turns into `plan:error.${message}`
      ...['bad_code', 'bad_date', 'bad_time'].map((code) => `plan:error.${code}`),
      // the codes parseConfig gives (context.ts falls back to common:config.invalid for others)
      ...['database_url', 'time_zone', 'invalid_value', 'invalid'].map((code) => `common:config.${code}`),
      ...['created', 'updated', 'removed', 'archived'].map((kind) => `cli:plan.import.change.${kind}`),
      ...[
        'organization',
        'campaign',
        'units',
        'officials',
        'periods',
        'indicators',
        'targets',
        'assignments',
      ].map((entity) => `cli:plan.entity.${entity}`),
    ];
    const missing = keys.flatMap((key) =>
      LOCALES.filter((lng) => !exists(lng, key)).map((lng) => `${key} (${lng})`),
    );
    expect(missing).toEqual([]);
  });

  it('are translated by the app’s own translator, in both languages', () => {
    const i18n = createI18n('vi');
    for (const lng of LOCALES) {
      const t = i18n.forLocale(lng);
      for (const { key } of found.static) {
        const text = t(key, { count: 2 }) as unknown;
        expect(typeof text, `${lng} ${key}`).toBe('string');
        expect(text, `${lng} ${key}`).not.toBe(key);
        // the English one is not the Vietnamese one picked up by the fallback
        if (lng === 'en' && key.startsWith('numbers:'))
          expect(text).not.toBe(i18n.forLocale('vi')(key, { count: 2 }));
      }
    }
  });
});

describe('the i18n keys named in the web pages’ templates (web/views)', () => {
  const VIEWS = join(ROOT, 'web', 'views');
  const found = readdirSync(VIEWS)
    .filter((f) => f.endsWith('.eta'))
    .flatMap((file) => {
      const text = readFileSync(join(VIEWS, file), 'utf8');
      const keys = [...text.matchAll(/\bt\('([a-z-]+:[a-zA-Z_.]+)'(?! \+)/g)].map((m) => ({
        key: m[1] as string,
        where: file,
      }));
      const prefixes = [...text.matchAll(/\bt\('([a-z-]+:[a-zA-Z_.]+\.)' \+/g)].map((m) => ({
        key: m[1] as string,
        where: file,
      }));
      return [
        ...keys.map((k) => ({ ...k, prefix: false })),
        ...prefixes.map((k) => ({ ...k, prefix: true })),
      ];
    });

  it('are found (so that the check below checks something)', () => {
    expect(found.filter((k) => !k.prefix).length).toBeGreaterThan(40);
    expect(found.map((k) => k.key)).toContain('web:report.save');
    expect(found.map((k) => k.key)).toContain('progress:status.');
  });

  it('exist in both languages, a prefix as an object of texts', () => {
    const missing = found.flatMap(({ key, where, prefix }) =>
      LOCALES.filter((lng) => {
        if (!prefix) return !exists(lng, key);
        const node = lookup(lng, key.replace(/\.$/, ''));
        return typeof node !== 'object' || node === null || Object.keys(node).length === 0;
      }).map((lng) => `${where} ${key} (${lng})`),
    );
    expect(missing).toEqual([]);
  });
});
