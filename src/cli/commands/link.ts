import { getOpening } from '../../../db/openings.ts';
import { LinkError, linkPosting, unlinkPosting } from '../../lifecycle/manual-links.ts';
import { openContext, UserError, type GlobalOptions } from '../context.ts';

function withLinks(options: GlobalOptions, run: (db: ReturnType<typeof openContext>['db']) => { openingId: number }): number {
  const { db } = openContext(options);
  try {
    const { openingId } = run(db);
    process.stdout.write(`posting now in opening ${getOpening(db, openingId)?.uid ?? openingId}\n`);
    return 0;
  } catch (error) {
    if (error instanceof LinkError) throw new UserError(error.message);
    throw error;
  } finally {
    db.close();
  }
}

export const linkCommand = (posting: string, target: string, options: GlobalOptions) =>
  withLinks(options, (db) => linkPosting(db, posting, target, new Date().toISOString()));

export const unlinkCommand = (posting: string, options: GlobalOptions) => withLinks(options, (db) => unlinkPosting(db, posting, new Date().toISOString()));
