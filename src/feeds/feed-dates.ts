/** Date formats of the feeds. All are written in Paris time, as the product shows every date. */
import { isoFromInstant } from '../model/dates.ts';
import { instantOf } from './feed-model.ts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 3339 (Atom, JSON Feed): `2026-09-30T15:04:39+02:00`. */
export function rfc3339Date(iso: string): string {
  return isoFromInstant(instantOf(iso, 'date'));
}

/** RFC 822 with a four-digit year, as RSS 2.0 expects: `Wed, 30 Sep 2026 15:04:39 +0200`. */
export function rfc822Date(iso: string): string {
  const paris = rfc3339Date(iso);
  const [, y, m, d, time, sign, oh, om] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})([+-])(\d{2}):(\d{2})$/.exec(
    paris,
  )!;
  const weekday = DAYS[new Date(Date.UTC(+y!, +m! - 1, +d!)).getUTCDay()];
  return `${weekday}, ${d} ${MONTHS[+m! - 1]} ${y} ${time} ${sign}${oh}${om}`;
}
