import { writeFileSync } from 'node:fs';
import { renderFeed, type FeedFormat } from '../../feeds/index.ts';
import { mainFeedFromDatabase } from '../../feeds/postings-feed.ts';
import { openContext, UserError, type GlobalOptions } from '../context.ts';

const FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

export function exportCommand(options: GlobalOptions & { format: string; out?: string }): number {
  if (!FORMATS.includes(options.format as FeedFormat)) throw new UserError(`--format must be one of ${FORMATS.join(', ')}`);
  const { config, db } = openContext(options);
  try {
    const publicUrl = config.server.publicUrl ?? `http://${config.server.host}:${config.server.port}`;
    const doc = mainFeedFromDatabase(db, { publicUrl: publicUrl.replace(/\/+$/, ''), organisationName: config.organisation.name });
    const { body } = renderFeed(doc, options.format as FeedFormat);
    if (options.out) writeFileSync(options.out, body);
    else process.stdout.write(body.endsWith('\n') ? body : `${body}\n`);
    return 0;
  } finally {
    db.close();
  }
}
