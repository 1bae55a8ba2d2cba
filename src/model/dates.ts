/**
 * Date parsing for the forms the portals use. Every result is ISO 8601 with an explicit offset;
 * a date without a zone is taken as Europe/Paris wall-clock time (docs/portals.md §4).
 */

const FRENCH_MONTHS: Record<string, number> = {
  janvier: 1,
  fevrier: 2,
  mars: 3,
  avril: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  aout: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  decembre: 12,
  janv: 1,
  fevr: 2,
  fev: 2,
  avr: 4,
  juil: 7,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const ENGLISH_MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function formatOffset(minutes: number): string {
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const parisParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Minutes east of UTC that Paris observes at the given instant. */
function parisOffsetAt(utcMs: number): number {
  const parts = Object.fromEntries(parisParts.formatToParts(new Date(utcMs)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200) return false;
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/** Paris wall-clock time → ISO 8601 with the offset Paris had then. */
export function parisIso(y: number, m: number, d: number, hh = 0, mi = 0, ss = 0): string | null {
  if (!validDate(y, m, d)) return null;
  const naiveUtc = Date.UTC(y, m - 1, d, hh, mi, ss);
  // Two passes settle the offset around DST changes.
  let offset = parisOffsetAt(naiveUtc);
  offset = parisOffsetAt(naiveUtc - offset * 60000);
  return `${y}-${pad(m)}-${pad(d)}T${pad(hh)}:${pad(mi)}:${pad(ss)}${formatOffset(offset)}`;
}

/** A UTC instant as ISO 8601 in Paris time (how the product shows and stores portal dates). */
export function isoFromInstant(ms: number): string {
  const offset = parisOffsetAt(ms);
  const local = new Date(ms + offset * 60000);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${formatOffset(offset)}`
  );
}

function stripAccents(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** `2025-02-26T16:40:27+0100`, `2025-09-15T00:00:00+02:00`, `2026-10-08`, `2026-10-08 12:00:00`. */
function parseIsoLike(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(s);
  if (!m) return null;
  const [, y, mo, d, hh = '0', mi = '0', ss = '0', zone] = m;
  if (!validDate(+y!, +mo!, +d!)) return null;
  if (!zone) return parisIso(+y!, +mo!, +d!, +hh, +mi, +ss);
  const offsetMin =
    zone.toUpperCase() === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (+zone.slice(1, 3) * 60 + +zone.slice(-2));
  const ms = Date.UTC(+y!, +mo! - 1, +d!, +hh, +mi, +ss) - offsetMin * 60000;
  return isoFromInstant(ms);
}

/** RFC 822 as portals write it, including the non-standard `Z` zone: `Wed, 30 Sep 2026 15:04:39 Z`. */
function parseRfc822(s: string): string | null {
  const m =
    /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|GMT|UT|UTC|[+-]\d{4}|[A-Z]{3})?$/.exec(
      s,
    );
  if (!m) return null;
  const [, d, monName, y, hh, mi, ss = '0', zone = 'GMT'] = m;
  const mo = ENGLISH_MONTHS[monName!.toLowerCase()];
  if (!mo || !validDate(+y!, mo, +d!)) return null;
  let offsetMin = 0;
  if (/^[+-]\d{4}$/.test(zone)) offsetMin = (zone[0] === '-' ? -1 : 1) * (+zone.slice(1, 3) * 60 + +zone.slice(3));
  else if (zone === 'CET') offsetMin = 60;
  else if (zone === 'CEST') offsetMin = 120;
  const ms = Date.UTC(+y!, mo - 1, +d!, +hh!, +mi!, +ss) - offsetMin * 60000;
  return isoFromInstant(ms);
}

/** `06/08/2026`, `6/8/2026`, `06-08-2026`, optionally followed by `14:30`. */
function parseDayFirst(s: string): string | null {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(?:à\s+)?(\d{1,2})[:h](\d{2}))?$/.exec(s);
  if (!m) return null;
  return parisIso(+m[3]!, +m[2]!, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0));
}

/** `06 août 2026`, `1er septembre 2026`, `6 aout 2026`. */
function parseFrenchLong(s: string): string | null {
  const m = /^(\d{1,2})(?:er)?\s+([a-z]+)\.?\s+(\d{4})$/.exec(stripAccents(s).toLowerCase());
  if (!m) return null;
  const mo = FRENCH_MONTHS[m[2]!];
  return mo ? parisIso(+m[3]!, mo, +m[1]!) : null;
}

/**
 * Parses any date form the portals are known to use; returns null (never throws) when the text is
 * not a date. Leading words such as "En ligne depuis le" or "Date limite de candidature :" are
 * tolerated so callers can pass a label's whole text.
 */
export function parsePortalDate(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.replace(/\s+/g, ' ').trim();
  if (!s) return null;
  for (const parse of [parseIsoLike, parseRfc822, parseDayFirst, parseFrenchLong]) {
    const out = parse(s);
    if (out) return out;
  }
  // A date inside a sentence: try the last date-looking run of the text.
  const embedded =
    /(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)/.exec(s)?.[1] ??
    /(\d{1,2}[/.-]\d{1,2}[/.-]\d{4})/.exec(s)?.[1] ??
    /(\d{1,2}(?:er)?\s+[A-Za-zÀ-ÿ]+\.?\s+\d{4})\s*$/.exec(s)?.[1];
  if (embedded && embedded !== s) return parsePortalDate(embedded);
  return null;
}
