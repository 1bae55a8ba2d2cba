/** `0 offre`, `1 offre`, `2 offres`: French puts 0 and 1 in the singular. */
export function count(n: number, singular: string, plural: string): string {
  return `${n} ${n > 1 ? plural : singular}`;
}
