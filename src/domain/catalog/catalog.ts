import { z } from 'zod';
import { MEASURES, CATALOG_CODE_PATTERN } from '../plan/raw-schema.js';
import type { Measure } from '../plan/plan.js';

/**
 * The national catalogue (catalog/indicators.yaml): the codes a plan file may give as `catalog:` so
 * that a province matches one indicator across its communes, each of which numbers it its own way.
 */
export interface CatalogEntry {
  code: string;
  name: string;
  /** the unit the province compares in; "" for a yes/no goal */
  unit: string;
  measure: Measure;
}

export type Catalog = ReadonlyMap<string, CatalogEntry>;

const entrySchema = z.strictObject({
  code: z.string().regex(CATALOG_CODE_PATTERN),
  name: z.string().trim().min(1).max(300),
  unit: z.string().trim().max(40),
  measure: z.enum(MEASURES),
});

/** The catalogue file's data, checked: a malformed or duplicated entry is a fault of the release. */
export function parseCatalog(data: unknown): Catalog {
  const entries = z.array(entrySchema).min(1).parse(data);
  const catalog = new Map<string, CatalogEntry>();
  for (const entry of entries) {
    if (catalog.has(entry.code)) throw new Error(`catalogue code ${entry.code} is listed twice`);
    catalog.set(entry.code, entry);
  }
  return catalog;
}
