import { writeFileSync } from 'node:fs';
import { deadlinesCalendar } from '../../feeds/calendar.ts';
import { type FeedFormat, renderFeed } from '../../feeds/index.ts';
import { eventsFeed, openingsFeed } from '../../feeds/openings-feed.ts';
import { organisationsOf } from '../../organisations.ts';
import { type GlobalOptions, openContext, UserError } from '../context.ts';
import { organisationOption } from '../organisation-option.ts';

const FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

/** Writes the first page of a feed (`server.pageSize` items, or `--limit`), or the calendar of deadlines. */
export function exportCommand(
  options: GlobalOptions & { format: string; feed?: string; out?: string; limit?: string; org?: string },
): number {
  if (!FORMATS.includes(options.format as FeedFormat) && options.format !== 'ics')
    throw new UserError(`--format must be one of ${FORMATS.join(', ')}, ics`);
  const { config, db } = openContext(options);
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
