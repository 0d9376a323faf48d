import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parseCatalog, type Catalog } from '../domain/catalog/catalog.js';

/** catalog/indicators.yaml at the repository's root: two levels above src/services and dist/services. */
export const CATALOG_FILE = fileURLToPath(new URL('../../catalog/indicators.yaml', import.meta.url));

let loaded: Catalog | undefined;

/** The national catalogue, read once on first use (never at import time). */
export function loadCatalog(): Catalog {
  loaded ??= parseCatalog(parse(readFileSync(CATALOG_FILE, 'utf8')));
  return loaded;
}
