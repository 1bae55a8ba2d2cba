import { writeFileSync } from 'node:fs';
import { renderFeed, type FeedFormat } from '../../feeds/index.ts';
import { eventsFeed, openingsFeed } from '../../feeds/openings-feed.ts';
import { openContext, UserError, type GlobalOptions } from '../context.ts';

const FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

export function exportCommand(options: GlobalOptions & { format: string; feed?: string; out?: string }): number {
  if (!FORMATS.includes(options.format as FeedFormat)) throw new UserError(`--format must be one of ${FORMATS.join(', ')}`);
  const { config, db } = openContext(options);
  try {
    const publicUrl = config.server.publicUrl ?? `http://${config.server.host}:${config.server.port}`;
    const site = { publicUrl: publicUrl.replace(/\/+$/, ''), organisationName: config.organisation.name };
    const doc = options.feed === 'events' ? eventsFeed(db, site) : openingsFeed(db, site);
    const { body } = renderFeed(doc, options.format as FeedFormat);
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
    throw new UserError(`--out ${path}: cannot write the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
