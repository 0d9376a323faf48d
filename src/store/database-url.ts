import { isAbsolute, resolve } from 'node:path';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface DatabaseTarget {
  kind: DatabaseKind;
  /** SQLite: absolute file path. PostgreSQL: the connection string as given. */
  location: string;
}

/** `file:./data/tiendo.db` (relative to the working directory) or `postgresql://…`. */
export function parseDatabaseUrl(url: string, cwd: string = process.cwd()): DatabaseTarget {
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length).replace(/\?.*$/, '');
    return { kind: 'sqlite', location: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', location: url };
  throw new Error(`Unsupported DATABASE_URL scheme: ${url.split(':')[0] ?? ''}`);
}

/** The URL with any password masked, for logs and messages. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
