/** Ages and delays in French words, as the team reads them at a glance: "il y a 3 h", "dans 5 j". */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "3 h", "5 j", "2 mois", "1 an": the largest unit that fits, rounded down. */
function amount(ms: number): string {
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h`;
  const days = Math.floor(ms / DAY);
  if (days < 60) return `${days} j`;
  if (days < 365) return `${Math.floor(days / 30.4375)} mois`;
  const years = Math.floor(days / 365.25);
  return `${years} an${years > 1 ? 's' : ''}`;
}

/** How long ago (or, for a future instant, how soon) `iso` is seen from `now`. */
export function relativeTime(iso: string, now: Date): string {
  const delta = now.getTime() - Date.parse(iso);
  if (Number.isNaN(delta)) return iso;
  if (Math.abs(delta) < MINUTE) return 'à l’instant';
  return delta > 0 ? `il y a ${amount(delta)}` : `dans ${amount(-delta)}`;
}

const parisDateTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** `28/11/2026 15:48` in Paris time: the exact instant behind a relative one. */
export function frenchDateTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : parisDateTime.format(new Date(ms));
}
