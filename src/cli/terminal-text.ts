/**
 * Text for a terminal. Scraped strings reach `status`, `reconcile`, `doctor` and error lines; a
 * portal could put escape sequences in a title (`ESC[31m`, a BEL, backspaces, a bidi override) that
 * would recolour, erase or reorder what the operator reads. Every control character but the line
 * feed is shown as an escape instead.
 */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
