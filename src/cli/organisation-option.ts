/** `--org <id>`: which organisation a command reads or corrects. */
import type { Config } from '../config.ts';
import { type Organisation, organisationsOf } from '../organisations.ts';
import { UserError } from './user-error.ts';

/** The named organisation, else the only one; with several and none named, a usage error. */
export function organisationOption(config: Config, id: string | undefined): Organisation {
  const organisations = organisationsOf(config);
  const known = organisations.map((o) => o.id).join(', ');
  if (id === undefined) {
    if (organisations.length === 1) return organisations[0]!;
    throw new UserError(`--org <id> is needed: the configuration names several organisations (${known})`);
  }
  const found = organisations.find((o) => o.id === id);
  if (!found) throw new UserError(`--org: unknown organisation "${id}" (known: ${known})`);
  return found;
}
