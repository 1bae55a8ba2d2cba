import type { RunOutcome } from '../../pipeline/run-source.ts';
import { scrape, selectSources } from '../../pipeline/scrape.ts';
import type { PageReport } from '../../pipeline/crawl.ts';
import { openDatabase } from '../../../db/database.ts';
import { LockHeldError } from '../../../db/lock.ts';
import { loadConfig } from '../../config.ts';
import { databasePath, UserError, type GlobalOptions } from '../context.ts';
import { terminalSafe } from '../terminal-text.ts';

/** Exit 0 only when every source run was healthy. Silent under cron unless something failed. */
export async function scrapeCommand(options: GlobalOptions & { source?: string[] }): Promise<number> {
  const config = loadConfig(options.config);
  try {
    selectSources(config, options.source ?? []);
  } catch (error) {
    throw new UserError(`--source: ${(error as Error).message}`);
  }
  const db = openDatabase(databasePath(options));
  const tty = Boolean(process.stderr.isTTY);
  const progress = new Map<string, { pages: number; postings: number; errors: number }>();
  const onPage = (source: string, report: PageReport) => {
    const p = progress.get(source) ?? { pages: 0, postings: 0, errors: 0 };
    p.pages += 1;
    p.postings += report.postings;
    if (report.error || report.variant === null) p.errors += 1;
    progress.set(source, p);
    if (tty) process.stderr.write(`\r\x1b[K${source}: ${p.pages} page(s), ${p.postings} posting(s) listed, ${p.errors} error(s)`);
  };
  const onRunEnd = (o: RunOutcome) => {
    if (tty) process.stderr.write('\r\x1b[K');
    const line = `${o.source}: ${o.summary.status} — ${o.summary.pages} page(s), ${o.summary.postingsFound} posting(s) kept, ${o.detailsFetched} offer page(s) fetched${o.summary.reason ? ` — ${o.summary.reason}` : ''}`;
    if (tty || o.summary.status !== 'healthy') process.stderr.write(`${terminalSafe(line)}\n`);
  };
  try {
    const outcomes = await scrape(db, config, { only: options.source ?? [], onPage, onRunEnd });
    return outcomes.every((o) => o.summary.status === 'healthy') ? 0 : 1;
  } catch (error) {
    if (error instanceof LockHeldError) throw new UserError(error.message, 3);
    throw error;
  } finally {
    db.close();
  }
}
