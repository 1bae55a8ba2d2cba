/**
 * `openings employers [WORDS]`: the employers of the newest weekly open-data file (first line of
 * `Employeur`), their `Organisme de rattachement` and active offers, so that an organisation's
 * `match` is a look-up. Every word must appear (case and accents folded) in the employer or organisme.
 */
import { latestOpenDataFile, openDataEmployers } from '../../../db/open-data.ts';
import { OPEN_DATA_ATTRIBUTION } from '../../../scrapers/csp-open-data/facts.ts';
import { foldForMatch } from '../../model/text.ts';
import { type GlobalOptions, openReadContext, UserError } from '../context.ts';
import { table } from '../terminal-table.ts';
import { terminalSafe } from '../terminal-text.ts';

export function employersCommand(words: readonly string[], options: GlobalOptions & { json?: boolean }): number {
  const { db } = openReadContext(options);
  try {
    const file = latestOpenDataFile(db);
    if (!file)
      throw new UserError(
        'employers: no weekly open-data file stored yet: enable the csp-open-data source and run `openings scrape --source csp-open-data`',
      );
    const wanted = words.flatMap((w) => foldForMatch(w).split(' ')).filter((w) => w !== '');
    const employers = openDataEmployers(db).filter((e) => {
      const text = foldForMatch(`${e.employer} ${e.organisme}`);
      return wanted.every((w) => text.includes(w));
    });
    if (options.json) {
      const json = { fileDate: file.fileDate, fileUrl: file.url, attribution: OPEN_DATA_ATTRIBUTION, employers };
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      const rows = [
        ['ACTIVE', 'OFFERS', 'EMPLOYER', 'ORGANISME DE RATTACHEMENT'],
        ...employers.map((e) => [String(e.active), String(e.offers), e.employer || '-', e.organisme || '-']),
      ];
      const head = `${employers.length} employer(s) in the weekly file of ${file.fileDate}`;
      process.stdout.write(terminalSafe(`${head}\n${table(rows)}\n${OPEN_DATA_ATTRIBUTION}\n`));
    }
    return 0;
  } finally {
    db.close();
  }
}
