import { readFileSync } from 'node:fs';
import { loadSource, SOURCE_IDS } from '../../../scrapers/index.ts';
import { loadConfig } from '../../config.ts';
import { type BaseSourceSettings, pageInHand } from '../../model/source.ts';
import { UserError } from '../context.ts';

/**
 * Prints, as JSON, the normalised postings a saved page or feed holds, unfiltered. The page's kind
 * is recognised from its content; `--url` tells the parser where the page came from.
 */
export async function parseCommand(
  file: string,
  options: { source: string; url?: string; config?: string },
): Promise<number> {
  const source = await loadSource(options.source);
  if (!source) throw new UserError(`--source: unknown source "${options.source}" (known: ${SOURCE_IDS.join(', ')})`);
  const config = loadConfig(options.config);
  const settings = (config.sources as Record<string, BaseSourceSettings>)[source.id]!;
  let body: string;
  try {
    body = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const label = source.classify(body);
  if (!label) throw new UserError(`${file} does not look like any page the ${source.id} parser knows`, 1);
  const url = options.url ?? source.start(settings)[0]?.url ?? `https://${source.policy.hosts[0]}/`;
  const result = source.parse(
    pageInHand({ url, role: label === 'offer' ? 'detail' : 'inventory', label }, body),
    settings,
  );
  const output = {
    source: source.id,
    file,
    kind: label,
    variant: result.variant,
    declaredTotal: result.declaredTotal ?? null,
    problems: result.problems,
    postings: result.postings.map((p) => p.posting),
  };
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return result.problems.some((p) => p.severity === 'error') ? 1 : 0;
}
