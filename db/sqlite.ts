/**
 * better-sqlite3, with SQLite's URI filenames turned on: a reader on a full disk opens the database
 * as `file:…?readonly_shm=1` (database.ts). better-sqlite3 reads SQLITE_USE_URI once, when it loads
 * its addon at the first connection, so every connection of the application is made through here.
 */
import Database from 'better-sqlite3';

process.env.SQLITE_USE_URI = '1';

export default Database;
