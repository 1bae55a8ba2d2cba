/**
 * Templates cut out of captured pages: the variable parts of a real page are replaced by named
 * slots, everything else (chrome, scripts, modals, recommended offers) stays byte for byte. A cut
 * that no longer finds its text throws, so a changed capture cannot silently give wrong pages.
 */

export interface Cuts {
  /** Every occurrence of the text becomes the slot (longest texts first where they overlap). */
  everywhere?: Array<[find: string, slot: string]>;
  /**
   * One occurrence each, searched in this order from where the previous one was found. A RegExp
   * match is the slot (use lookarounds for context; an empty match inserts).
   */
  inOrder?: Array<[find: string | RegExp, slot: string]>;
}

const MARK = '\u0000';

export class PageTemplate {
  private constructor(
    /** Literal parts; `slots[i]` goes between `parts[i]` and `parts[i + 1]`. */
    private readonly parts: string[],
    readonly slots: string[],
  ) {}

  static cut(source: string, cuts: Cuts, label: string): PageTemplate {
    if (source.includes(MARK)) throw new Error(`${label}: the page contains NUL characters`);
    let text = source;
    for (const [find, slot] of cuts.everywhere ?? []) {
      if (!text.includes(find)) throw new Error(`${label}: "${find.slice(0, 80)}" not found (slot ${slot})`);
      text = text.split(find).join(`${MARK}${slot}${MARK}`);
    }
    let cursor = 0;
    for (const [find, slot] of cuts.inOrder ?? []) {
      let at: number;
      let length: number;
      if (typeof find === 'string') {
        at = text.indexOf(find, cursor);
        length = find.length;
      } else {
        const pattern = new RegExp(find.source, find.flags.includes('g') ? find.flags : `${find.flags}g`);
        pattern.lastIndex = cursor;
        const match = pattern.exec(text);
        at = match ? match.index : -1;
        length = match ? match[0].length : 0;
      }
      if (at < 0)
        throw new Error(`${label}: ${String(find).slice(0, 80)} not found after offset ${cursor} (slot ${slot})`);
      const token = `${MARK}${slot}${MARK}`;
      text = text.slice(0, at) + token + text.slice(at + length);
      cursor = at + token.length;
    }
    const pieces = text.split(MARK);
    return new PageTemplate(
      pieces.filter((_, i) => i % 2 === 0),
      pieces.filter((_, i) => i % 2 === 1),
    );
  }

  /** The page with each slot filled; every slot must have a value. */
  render(values: Readonly<Record<string, string>>): string {
    let out = this.parts[0]!;
    for (let i = 0; i < this.slots.length; i++) {
      const value = values[this.slots[i]!];
      if (value === undefined) throw new Error(`template slot ${this.slots[i]} has no value`);
      out += value + this.parts[i + 1]!;
    }
    return out;
  }

  /** The template's fixed text, for checks that nothing of the captured offer is left. */
  get literalText(): string {
    return this.parts.join('');
  }
}

/** Text or attribute value, escaped as WordPress's esc_html/esc_attr do. */
export function escapeAsWordPress(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#039;');
}

/** JSON as PHP's json_encode writes it in the portal's JSON-LD: `\/` and `\uXXXX` escapes. */
export function phpJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
