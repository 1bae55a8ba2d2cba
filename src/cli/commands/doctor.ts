import { resolve } from 'node:path';
import { loadSource } from '../../../scrapers/index.ts';
import { loadConfig } from '../../config.ts';
import { renderText } from '../../doctor/render-text.ts';
import { runDoctor } from '../../doctor/run-doctor.ts';
import { occupiedCaptureFolders, saveCapture } from '../../doctor/save-capture.ts';
import { runningScrape } from '../../doctor/scrape-guard.ts';
import type { Logger } from '../../log.ts';
import type { BaseSourceSettings } from '../../model/source.ts';
import { organisationsOf } from '../../organisations.ts';
import { selectSources } from '../../pipeline/scrape.ts';
import { unionStartRequests } from '../../pipeline/start-requests.ts';
import { databasePath, type GlobalOptions, UserError } from '../context.ts';
import { terminalSafe } from '../terminal-text.ts';

/**
 * First contact with the live portals: one round of each channel of every selected source, a report
 * per page and a verdict per source. Exit 1 when a source is broken. Stores nothing; `--save`
 * writes the bodies as fixture portals.
 */
export async function doctorCommand(
  options: GlobalOptions & { source?: string[]; save?: string; json?: boolean },
  log: Logger,
): Promise<number> {
  const config = loadConfig(options.config);
  const dbPath = databasePath(options);
  let scrape: ReturnType<typeof runningScrape>;
  try {
    scrape = runningScrape(dbPath);
  } catch (error) {
    throw new UserError(`database ${dbPath}: cannot check the scrape lock (${(error as Error).message})`);
  }
  if (scrape) {
    throw new UserError(
      `a scrape is running${scrape.pid === null ? '' : ` (pid ${scrape.pid}, since ${scrape.since})`}; doctor shares its politeness limits and does not run beside it: try again when it has finished`,
      3,
    );
  }
  let ids: string[];
  try {
    ids = selectSources(config, options.source ?? []);
  } catch (error) {
    throw new UserError(`--source: ${(error as Error).message}`);
  }
  const saveRoot = options.save ? resolve(options.save) : null;
  if (saveRoot) {
    const occupied = occupiedCaptureFolders(saveRoot, ids);
    if (occupied.length > 0)
      throw new UserError(`--save would overwrite earlier captures in ${occupied.join(', ')}: choose another folder`);
  }

  const organisations = organisationsOf(config);
  const subjects = await Promise.all(
    ids.map(async (id) => {
      const source = (await loadSource(id))!;
      const settings = (config.sources as Record<string, BaseSourceSettings>)[id]!;
      // What a scrape would start from: every organisation's searches, each URL once.
      const starts = unionStartRequests(
        source,
        settings,
        organisations.map((o) => o.sourceSettings[id] ?? {}),
      );
      return { source, settings, starts };
    }),
  );
  const { report, pages } = await runDoctor(subjects, {
    http: config.http,
    organisation: organisations.flatMap((o) => o.match),
    completeCapture: saveRoot !== null,
    onPage: (source, probe) =>
      log.info(
        { source, url: probe.url, status: probe.status, variant: probe.variant, error: probe.fetchError?.message },
        'doctor: page probed',
      ),
  });
  if (saveRoot) {
    for (const source of report.sources) source.saved = saveCapture(saveRoot, source, pages.get(source.source) ?? []);
  }
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : terminalSafe(renderText(report)));
  return report.sources.some((source) => source.verdict === 'broken') ? 1 : 0;
}
