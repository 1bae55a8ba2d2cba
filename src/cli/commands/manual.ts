/** A person's corrections: link, unlink, close, reopen. Each is one transaction and one event. */

import type { Db } from '../../../db/database.ts';
import { getOpening } from '../../../db/openings.ts';
import type { Config } from '../../config.ts';
import { closePosting, reopenPosting } from '../../lifecycle/manual-close.ts';
import { linkPosting, ManualActionError, unlinkPosting } from '../../lifecycle/manual-links.ts';
import { notifyContext, withManualNotifications } from '../../notify/enqueue.ts';
import { type GlobalOptions, openContext, UserError } from '../context.ts';

/** Runs one correction and prints what it did; a refused correction is a usage error. */
function correct(options: GlobalOptions, run: (db: Db, at: string, config: Config) => string): number {
  const { config, db } = openContext(options);
  try {
    process.stdout.write(`${run(db, new Date().toISOString(), config)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ManualActionError) throw new UserError(error.message);
    throw error;
  } finally {
    db.close();
  }
}

const openingName = (db: Db, openingId: number) => getOpening(db, openingId)?.uid ?? String(openingId);

export const linkCommand = (posting: string, target: string, options: GlobalOptions) =>
  correct(
    options,
    (db, at) => `${posting} now in opening ${openingName(db, linkPosting(db, posting, target, at).openingId)}`,
  );

export const unlinkCommand = (posting: string, options: GlobalOptions) =>
  correct(
    options,
    (db, at) => `${posting} now in opening ${openingName(db, unlinkPosting(db, posting, at).openingId)}`,
  );

export const closeCommand = (posting: string, options: GlobalOptions & { note?: string }) =>
  correct(options, (db, at, config) => {
    // The team hears of a person's close too; the next scrape or daemon tick delivers it.
    withManualNotifications(db, notifyContext(config), at, () => closePosting(db, posting, at, options.note ?? null));
    return `${posting} closed by hand; later runs keep it closed until \`openings reopen\``;
  });

export const reopenCommand = (posting: string, options: GlobalOptions) =>
  correct(options, (db, at, config) => {
    withManualNotifications(db, notifyContext(config), at, () => reopenPosting(db, posting, at));
    return `${posting} open again; runs decide its state from now on`;
  });
