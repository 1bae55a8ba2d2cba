/** A person's corrections: link, unlink, close, reopen. Each is one transaction and one event. */

import type { Db } from '../../../db/database.ts';
import { getOpening } from '../../../db/openings.ts';
import type { Config } from '../../config.ts';
import { closePosting, reopenPosting } from '../../lifecycle/manual-close.ts';
import { linkPosting, ManualActionError, unlinkPosting } from '../../lifecycle/manual-links.ts';
import { notifyContext, withManualNotifications } from '../../notify/enqueue.ts';
import { type GlobalOptions, openContext, UserError } from '../context.ts';
import { organisationOption } from '../organisation-option.ts';

type Options = GlobalOptions & { org?: string };

/**
 * Runs one correction and prints what it did; a refused correction is a usage error. `--org` names
 * whose posting (a posting two organisations share is corrected for one of them).
 */
function correct(options: Options, run: (db: Db, at: string, config: Config, org: string | null) => string): number {
  const { config, db } = openContext(options);
  try {
    const org = options.org === undefined ? null : organisationOption(config, options.org).id;
    process.stdout.write(`${run(db, new Date().toISOString(), config, org)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ManualActionError) throw new UserError(error.message);
    throw error;
  } finally {
    db.close();
  }
}

const openingName = (db: Db, openingId: number) => getOpening(db, openingId)?.uid ?? String(openingId);

export const linkCommand = (posting: string, target: string, options: Options) =>
  correct(
    options,
    (db, at, _config, org) =>
      `${posting} now in opening ${openingName(db, linkPosting(db, posting, target, at, org).openingId)}`,
  );

export const unlinkCommand = (posting: string, options: Options) =>
  correct(
    options,
    (db, at, _config, org) =>
      `${posting} now in opening ${openingName(db, unlinkPosting(db, posting, at, org).openingId)}`,
  );

export const closeCommand = (posting: string, options: Options & { note?: string }) =>
  correct(options, (db, at, config, org) => {
    // The team hears of a person's close too; the next scrape or daemon tick delivers it.
    withManualNotifications(db, notifyContext(config), at, () =>
      closePosting(db, posting, at, options.note ?? null, org),
    );
    return `${posting} closed by hand; later runs keep it closed until \`openings reopen\``;
  });

export const reopenCommand = (posting: string, options: Options) =>
  correct(options, (db, at, config, org) => {
    withManualNotifications(db, notifyContext(config), at, () => reopenPosting(db, posting, at, org));
    return `${posting} open again; runs decide its state from now on`;
  });
