import { readlinkSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { deadlinesCalendar } from '../../feeds/calendar.ts';
import { type FeedFormat, renderFeed } from '../../feeds/index.ts';
import { eventsFeed, openingsFeed } from '../../feeds/openings-feed.ts';
import { organisationsOf } from '../../organisations.ts';
import { databasePath, type GlobalOptions, openReadContext, UserError } from '../context.ts';
import { organisationOption } from '../organisation-option.ts';

const FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

/** Writes the first page of a feed (`server.pageSize` items, or `--limit`), or the calendar of deadlines. */
export function exportCommand(
  options: GlobalOptions & { format: string; feed?: string; out?: string; limit?: string; org?: string },
): number {
  if (!FORMATS.includes(options.format as FeedFormat) && options.format !== 'ics')
    throw new UserError(`--format must be one of ${FORMATS.join(', ')}, ics`);
  if (options.out) refuseDatabaseFiles(options.out, databasePath(options));
  const { config, db } = openReadContext(options);
  try {
    const limit = options.limit === undefined ? config.server.pageSize : Number(options.limit);
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new UserError(`--limit must be a whole number above 0 (got "${options.limit}")`);
    const publicUrl = config.server.publicUrl ?? `http://${config.server.host}:${config.server.port}`;
    const organisation = organisationOption(config, options.org);
    const several = organisationsOf(config).length > 1;
    // The same document the server gives at the organisation's URLs.
    const site = {
      publicUrl: publicUrl.replace(/\/+$/, ''),
      organisationName: organisation.name,
      organisation: organisation.id,
      of: organisation.of,
      basePath: several ? `/o/${organisation.id}` : '',
      feedKey: several ? organisation.id : undefined,
    };
    // `ics` is the calendar of deadlines (--feed does not apply).
    const body =
      options.format === 'ics'
        ? deadlinesCalendar(db, site, new Date()).body
        : renderFeed(
            options.feed === 'events' ? eventsFeed(db, site, { limit }) : openingsFeed(db, site, { limit }),
            options.format as FeedFormat,
          ).body;
    if (options.out) writeOut(options.out, body);
    else process.stdout.write(body.endsWith('\n') ? body : `${body}\n`);
    return 0;
  } finally {
    db.close();
  }
}

function writeOut(path: string, body: string): void {
  try {
    writeFileSync(path, body);
  } catch (error) {
    throw new UserError(
      `--out ${path}: cannot write the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

/** The database and what SQLite and openings keep beside it: writing a feed over any of them destroys it. */
const DATABASE_FILES = ['', '-wal', '-shm', '-journal', '-scrape.lock', '-notify.lock'];

/** `--out` naming the database or one of its files (through symlinks, or as a hard link) is refused, exit 2. */
function refuseDatabaseFiles(out: string, dbPath: string): void {
  const target = throughLinks(resolve(out));
  const database = throughLinks(dbPath);
  const outStat = statOrNull(target);
  for (const suffix of DATABASE_FILES) {
    const file = database + suffix;
    const fileStat = outStat && statOrNull(file);
    const same = target === file || (fileStat && fileStat.dev === outStat!.dev && fileStat.ino === outStat!.ino);
    if (same)
      throw new UserError(
        `--out ${out}: that is ${suffix ? `the ${suffix.slice(1)} file of ` : ''}the database ${dbPath}; writing the feed there would destroy it: choose another file`,
      );
  }
}

/** Where a path leads once every symlink is followed, for a file that may not exist yet (or a dangling link). */
function throughLinks(path: string, hops = 0): string {
  try {
    return realpathSync(path);
  } catch {
    // does not exist (yet): below
  }
  if (hops < 40) {
    try {
      return throughLinks(resolve(dirname(path), readlinkSync(path)), hops + 1);
    } catch {
      // not a link
    }
  }
  try {
    return join(realpathSync(dirname(path)), basename(path));
  } catch {
    return path;
  }
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
