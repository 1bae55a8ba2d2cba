/**
 * Does decoded text read as if its bytes were decoded with the wrong charset? A page that still
 * shows replacement characters or mojibake after `decodeBody` would turn `développeur` into
 * `d�veloppeur` or `dÃ©veloppeur`: a changed title, an employer the organisation filter no longer
 * recognises. Such a page must not be taken for what the portal says.
 */

/** What windows-1252 makes of the bytes 0x80–0xBF, the continuation bytes of UTF-8 sequences. */
const CONTINUATION_AS_1252 =
  '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ\u00a0¡¢£¤¥¦§¨©ª«¬\u00ad®¯°±²³´µ¶·¸¹º»¼½¾¿';

/**
 * UTF-8 read as windows-1252 or Latin-1: `Ã` + continuation (é è à ç ô…), `Â` + continuation
 * (non-breaking space, « » °), `Å` + `“`/`’` (œ Œ), and `â€` / `â‚` + continuation (’ “ ” – — … €).
 * C1 controls stand in for the continuation bytes strict Latin-1 gives.
 */
const MOJIBAKE = new RegExp(
  `[ÂÃ][${CONTINUATION_AS_1252}\\u0080-\\u009f]|Å[“’\\u0092\\u0093]|â[€‚\\u0080\\u0082][${CONTINUATION_AS_1252}\\u0080-\\u009f]`,
  'g',
);

const MAX_SAMPLES = 3;

/** Why the text looks mis-decoded, or null when it reads fine. */
export function misdecodingIn(text: string): string | null {
  const signs: string[] = [];
  const replacements = text.split('\ufffd').length - 1;
  if (replacements > 0) signs.push(`${replacements} replacement character(s) U+FFFD`);
  const mojibake = text.match(MOJIBAKE) ?? [];
  if (mojibake.length > 0) {
    const samples = [...new Set(mojibake)].slice(0, MAX_SAMPLES).map((s) => JSON.stringify(s));
    signs.push(`${mojibake.length} UTF-8 sequence(s) read as single bytes (${samples.join(', ')})`);
  }
  return signs.length > 0 ? `the text looks decoded with the wrong charset: ${signs.join(', ')}` : null;
}
