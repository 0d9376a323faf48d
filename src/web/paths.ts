import { fileURLToPath } from 'node:url';

/**
 * The pages' templates and static files live at the package root (web/), like locales/: found from
 * here the same way from src/web/ and from a compiled dist/web/.
 */
export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
export const VIEWS_DIR = fileURLToPath(new URL('../../web/views/', import.meta.url));
export const STATIC_DIR = fileURLToPath(new URL('../../web/static/', import.meta.url));
