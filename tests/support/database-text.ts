import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';

/** Every stored value of a database as text, cached blobs unzipped (an empty blob: no body kept). */
export function databaseText(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map(
      (t) => t.name,
    );
    return tables
      .flatMap((table) => db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[])
      .flatMap((row) =>
        Object.values(row).map((value) =>
          Buffer.isBuffer(value) ? (value.length ? gunzipSync(value).toString('utf8') : '') : String(value),
        ),
      )
      .join('\n');
  } finally {
    db.close();
  }
}
