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

/**
 * `--org <id>` of the hiring-page commands: the named organisation, else the only one, else the
 * only one with hiring pages; with several such and none named, a usage error naming them.
 */
export function hiringPageOrganisation(config: Config, id: string | undefined): Organisation {
  if (id !== undefined) return organisationOption(config, id);
  const organisations = organisationsOf(config);
  if (organisations.length === 1) return organisations[0]!;
  const withPages = organisations.filter((o) => o.hiringPages.length > 0);
  if (withPages.length === 1) return withPages[0]!;
  const ids = (withPages.length > 0 ? withPages : organisations).map((o) => o.id).join(', ');
  throw new UserError(
    `--org <id> is needed: ${withPages.length > 0 ? 'several organisations have hiring pages' : 'the configuration names several organisations and none has hiring pages'} (${ids})`,
  );
}
