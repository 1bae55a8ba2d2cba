/** Text clean-up shared by the scrapers. */

/** Collapses white space (including non-breaking spaces) and trims; null for empty text. */
export function cleanText(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const s = raw.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
  return s === '' ? null : s;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values: the one HTML escaper. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Removes control characters that make strict XML parsers fail (keeps tab, LF, CR). */
export function stripControlChars(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/**
 * Decodes one level of XML/HTML character references. Portals sometimes escape twice
 * (`l&amp;#039;image`): callers decode exactly as many levels as the portal added.
 */
export function decodeEntities(raw: string): string {
  return raw.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** Lower case, accents removed, apostrophes and dashes unified: for matching, never for display. */
export function foldForMatch(raw: string): string {
  return raw
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[‐-―]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A French department number found in text such as `Hauts-de-Seine (92)` or `75015 Paris`. */
export function departmentFrom(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const inParens = /\((\d{2,3}|2[AB])\)/i.exec(raw);
  if (inParens) return inParens[1]!.toUpperCase();
  const postcode = /\b(\d{5})\b/.exec(raw);
  if (postcode) {
    const code = postcode[1]!;
    if (code.startsWith('97') || code.startsWith('98')) return code.slice(0, 3);
    if (code.startsWith('20')) return +code < 20200 ? '2A' : '2B';
    return code.slice(0, 2);
  }
  return null;
}
