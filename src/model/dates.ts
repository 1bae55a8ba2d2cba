/**
 * Date parsing for the forms the portals use. Every result is ISO 8601 with an explicit offset;
 * a date without a zone is taken as Europe/Paris wall-clock time (docs/portals.md §4).
 *
 * An impossible date (`2026-11-20T25:99:99+0100`, an offset of `+9900`, a 31st of November) is
 * refused, never rolled over into another day: the parse gives null and, inside
 * `collectDateRefusals`, the refusal is kept so the run can say why the field is empty.
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

// Built on first use: creating it loads the time-zone data (20 ms), which most commands never need.
let parisFormat: Intl.DateTimeFormat | undefined;
function parisParts(date: Date): Intl.DateTimeFormatPart[] {
  parisFormat ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return parisFormat.formatToParts(date);
}

/** Minutes east of UTC that Paris observes at the given instant. */
function parisOffsetAt(utcMs: number): number {
  const parts = Object.fromEntries(parisParts(new Date(utcMs)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

/** Refusals of the parse in progress (parsers are synchronous, so one collector at a time). */
let refusals: string[] | null = null;

/** A text read as a date that cannot be: no other reading of it (a date inside it) is tried. */
const REFUSED = Symbol('refused');
type Parsed = string | null | typeof REFUSED;

function refuse(text: string, why: string): typeof REFUSED {
  refusals?.push(`impossible date "${text}" (${why})`);
  return REFUSED;
}

/** Runs `parse` and returns what it gave with the dates it refused as impossible, each with its reason. */
export function collectDateRefusals<T>(parse: () => T): { value: T; refused: string[] } {
  const outer = refusals;
  refusals = [];
  try {
    const value = parse();
    return { value, refused: [...new Set(refusals)] };
  } finally {
    refusals = outer;
  }
}

/** Why a time of day is impossible, or null. */
function impossibleTime(hh: number, mi: number, ss: number): string | null {
  if (hh > 23) return `hour ${hh}`;
  if (mi > 59) return `minute ${mi}`;
  if (ss > 59) return `second ${ss}`;
  return null;
}

/** Real offsets run from -12:00 to +14:00, in minutes below 60. */
function impossibleOffset(hours: number, minutes: number, sign: number): string | null {
  if (minutes > 59 || sign * hours < -12 || sign * hours > 14 || (hours === 14 && minutes > 0))
    return `offset ${sign < 0 ? '-' : '+'}${pad(hours)}${pad(minutes)}`;
  return null;
}

/** Refuses an impossible day, time or offset; the valid ones pass through `build`. */
function checked(
  text: string,
  parts: { y: number; m: number; d: number; hh: number; mi: number; ss: number },
  build: () => Parsed,
): Parsed {
  if (!validDate(parts.y, parts.m, parts.d)) {
    // Years far from ours are not dates of offers at all (a reference number): not worth a warning.
    if (parts.y < 1900 || parts.y > 2200) return null;
    return refuse(text, parts.m < 1 || parts.m > 12 ? `month ${parts.m}` : `no day ${parts.d} in month ${parts.m}`);
  }
  const why = impossibleTime(parts.hh, parts.mi, parts.ss);
  return why ? refuse(text, why) : build();
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200) return false;
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/** Paris wall-clock time → ISO 8601 with the offset Paris had then. */
export function parisIso(y: number, m: number, d: number, hh = 0, mi = 0, ss = 0): string | null {
  if (!validDate(y, m, d) || impossibleTime(hh, mi, ss)) return null;
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
function parseIsoLike(s: string): Parsed {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(s);
  if (!m) return null;
  const [, y, mo, d, hh = '0', mi = '0', ss = '0', zone] = m;
  return checked(s, { y: +y!, m: +mo!, d: +d!, hh: +hh, mi: +mi, ss: +ss }, () => {
    if (!zone) return parisIso(+y!, +mo!, +d!, +hh, +mi, +ss);
    const z = zone.toUpperCase() === 'Z' ? null : zone;
    return zonedInstant(s, +y!, +mo!, +d!, +hh, +mi, +ss, z);
  });
}

/** The instant of a wall-clock time at an offset written `+0100`, `+01:00` or `-0930` (null: UTC). */
function zonedInstant(
  text: string,
  y: number,
  mo: number,
  d: number,
  hh: number,
  mi: number,
  ss: number,
  zone: string | null,
): Parsed {
  let offsetMin = 0;
  if (zone) {
    const sign = zone[0] === '-' ? -1 : 1;
    const hours = +zone.slice(1, 3);
    const minutes = +zone.slice(-2);
    const why = impossibleOffset(hours, minutes, sign);
    if (why) return refuse(text, why);
    offsetMin = sign * (hours * 60 + minutes);
  }
  return isoFromInstant(Date.UTC(y, mo - 1, d, hh, mi, ss) - offsetMin * 60000);
}

/** RFC 822 as portals write it, including the non-standard `Z` zone: `Wed, 30 Sep 2026 15:04:39 Z`. */
function parseRfc822(s: string): Parsed {
  const m =
    /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|GMT|UT|UTC|[+-]\d{4}|[A-Z]{3})?$/.exec(
      s,
    );
  if (!m) return null;
  const [, d, monName, y, hh, mi, ss = '0', zone = 'GMT'] = m;
  const mo = ENGLISH_MONTHS[monName!.toLowerCase()];
  if (!mo) return null;
  return checked(s, { y: +y!, m: mo, d: +d!, hh: +hh!, mi: +mi!, ss: +ss }, () => {
    if (/^[+-]\d{4}$/.test(zone)) return zonedInstant(s, +y!, mo, +d!, +hh!, +mi!, +ss, zone);
    const named = zone === 'CET' ? '+0100' : zone === 'CEST' ? '+0200' : null;
    return zonedInstant(s, +y!, mo, +d!, +hh!, +mi!, +ss, named);
  });
}

/** `06/08/2026`, `6/8/2026`, `06-08-2026`, optionally followed by `14:30`. */
function parseDayFirst(s: string): Parsed {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(?:à\s+)?(\d{1,2})[:h](\d{2}))?$/.exec(s);
  if (!m) return null;
  const parts = { y: +m[3]!, m: +m[2]!, d: +m[1]!, hh: +(m[4] ?? 0), mi: +(m[5] ?? 0), ss: 0 };
  return checked(s, parts, () => parisIso(parts.y, parts.m, parts.d, parts.hh, parts.mi));
}

/** `06 août 2026`, `1er septembre 2026`, `6 aout 2026`. */
function parseFrenchLong(s: string): Parsed {
  const m = /^(\d{1,2})(?:er)?\s+([a-z]+)\.?\s+(\d{4})$/.exec(stripAccents(s).toLowerCase());
  if (!m) return null;
  const mo = FRENCH_MONTHS[m[2]!];
  return mo
    ? checked(s, { y: +m[3]!, m: mo, d: +m[1]!, hh: 0, mi: 0, ss: 0 }, () => parisIso(+m[3]!, mo, +m[1]!))
    : null;
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
    if (out === REFUSED) return null;
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
