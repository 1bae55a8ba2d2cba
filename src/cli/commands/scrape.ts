import { LockHeldError } from '../../../db/lock.ts';
import { loadConfig } from '../../config.ts';
import type { Logger } from '../../log.ts';
import { allChannelSecrets } from '../../notify/secrets.ts';
import type { PageReport } from '../../pipeline/crawl.ts';
import type { RunOutcome } from '../../pipeline/run-source.ts';
import { scrape, selectSources } from '../../pipeline/scrape.ts';
import { runReasonText } from '../../wording/reasons.ts';
import { databasePath, type GlobalOptions, openStore, UserError } from '../context.ts';
import { terminalSafe } from '../terminal-text.ts';

/** Exit 0 only when every source run was healthy. Silent under cron unless something failed. */
export async function scrapeCommand(options: GlobalOptions & { source?: string[] }, log: Logger): Promise<number> {
  const config = loadConfig(options.config);
  try {
    selectSources(config, options.source ?? []);
  } catch (error) {
    throw new UserError(`--source: ${(error as Error).message}`);
  }
  const db = openStore(databasePath(options), config);
  const tty = Boolean(process.stderr.isTTY);
  // Sources run side by side: one progress line says where each stands.
  const progress = new Map<string, { pages: number; postings: number; errors: number }>();
  const showProgress = () => {
    const parts = [...progress].map(
      ([source, p]) => `${source}: ${p.pages} page(s), ${p.postings} posting(s) listed, ${p.errors} error(s)`,
    );
    process.stderr.write(`\r\x1b[K${parts.join(' | ')}`);
  };
  const onPage = (source: string, report: PageReport) => {
    const p = progress.get(source) ?? { pages: 0, postings: 0, errors: 0 };
    p.pages += 1;
    p.postings += report.postings;
    if (report.error || report.variant === null) p.errors += 1;
    progress.set(source, p);
    if (tty) showProgress();
  };
  const onRunEnd = (o: RunOutcome) => {
    progress.delete(o.source);
    if (tty) process.stderr.write('\r\x1b[K');
    const line = `${o.source}: ${o.summary.status} — ${o.summary.pages} page(s), ${o.summary.postingsFound} posting(s) matched, ${o.detailsFetched} offer page(s) fetched${o.summary.reason ? ` — ${runReasonText(o.summary.reason)}` : ''}`;
    if (tty || o.summary.status !== 'healthy') process.stderr.write(`${terminalSafe(line)}\n`);
    if (tty && progress.size > 0) showProgress();
  };
  try {
    allChannelSecrets(config.notify); // a channel whose secret is missing stops here (exit 2), not at delivery
    const outcomes = await scrape(db, config, { only: options.source ?? [], onPage, onRunEnd, log });
    return outcomes.every((o) => o.summary.status === 'healthy') ? 0 : 1;
  } catch (error) {
    if (error instanceof LockHeldError) throw new UserError(error.message, 3);
    throw error;
  } finally {
    db.close();
  }
}
