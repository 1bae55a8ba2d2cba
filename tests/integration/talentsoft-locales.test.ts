/**
 * `openings parse` on a Talentsoft offer page in German (LCID 1031, constructed from the French
 * page in the tenant's markup): the field ids say what each field is, whatever the headings' language.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Posting } from '../../src/model/posting.ts';
import { FIXTURE_PORTALS, runCli } from '../support/cli.ts';

const URL_5372 =
  'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-156-h-f_5372.aspx';

async function parsed(file: string, url: string): Promise<Posting> {
  const run = await runCli([
    'parse',
    '--source',
    'passerelles',
    '--url',
    url,
    join(FIXTURE_PORTALS, 'passerelles', file),
  ]);
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { postings: Posting[] }).postings[0]!;
}

/** What both pages say of the post (the description keeps each page's headings, `extra` their labels). */
const SAME_POST = [
  'sourceId',
  'reference',
  'url',
  'title',
  'employer',
  'location',
  'department',
  'contractType',
  'category',
  'educationLevel',
  'experience',
  'jobFamily',
  'salary',
  'duration',
  'deadline',
] as const;
const post = (p: Posting) => Object.fromEntries(SAME_POST.map((field) => [field, p[field]]));

describe('a Talentsoft tenant in another language', () => {
  it('gives the same post from the German page as from the French one, employer and town included', async () => {
    const [french, german] = await Promise.all([
      parsed('offre-5372.html', URL_5372),
      parsed('variants/offre-5372-lcid-1031.html', `${URL_5372}?LCID=1031`),
    ]);
    expect(post(german)).toEqual(post(french));
    expect(german).toMatchObject({
      employer: "Pôle d'expertise de la régulation numérique (PEReN)",
      location: '139 rue de Bercy 75012 Paris',
      reference: '2021-5372',
    });
  });
});
