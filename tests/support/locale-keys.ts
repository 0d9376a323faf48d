import type { loadResources, Locale } from '../../src/i18n.js';

type Resources = ReturnType<typeof loadResources>;

/**
 * Whether `ns:a.b` names a text in `locale`, as i18next would find it: a key without a namespace is in
 * `common`, and a plural key `x` is found as its `x_other` form (the one i18next always needs).
 */
export function hasText(resources: Resources, locale: Locale, key: string): boolean {
  const [ns, path] = key.includes(':') ? (key.split(':', 2) as [string, string]) : ['common', key];
  let node: unknown = resources[locale]?.[ns];
  const parts = path.split('.');
  for (const [index, part] of parts.entries()) {
    if (typeof node !== 'object' || node === null) return false;
    const tree = node as Record<string, unknown>;
    node = index === parts.length - 1 && !(part in tree) ? tree[`${part}_other`] : tree[part];
  }
  return typeof node === 'string';
}
