/** Option values checked while the command line is read, before anything starts. */
import { InvalidArgumentError } from 'commander';

export function portNumber(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535)
    throw new InvalidArgumentError('A port is an integer from 0 to 65535.');
  return Number(value);
}
