/** Chat forms of a message: scraped text that reads the same and acts on nothing; long digests that stay short. */
import { describe, expect, it } from 'vitest';
import type { Notification, OpeningSnapshot } from '../../src/notify/notification.ts';
import { renderMessage } from '../../src/notify/render.ts';

const at = '2026-12-01T10:00:00Z';
const opening = (i: number, title: string): OpeningSnapshot => ({
  uid: `u-${i}`,
  title,
  employer: '@here Service <!here>',
  location: 'www.evil.example',
  contractType: null,
  deadline: null,
  status: 'open',
  pageUrl: `https://offres.example.org/offres/u-${i}`,
  links: [{ source: 'pass', label: 'PASS', url: `https://www.pass.fonction-publique.gouv.fr/offre/${i}` }],
});
const HOSTILE =
  '@room ~town-square <@U123> <https://evil.example|ici> [ici](https://evil.example) ![x](https://evil.example/x.png)';

/** What a reader sees: word joiners are invisible, entities decoded by the chat. */
const asRead = (text: string) =>
  text.replaceAll('\u2060', '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('chat forms', () => {
  it('read as the e-mail text does, with no mention, no link but ours and no Markdown link', () => {
    const m = renderMessage([{ kind: 'new', at, opening: opening(1, HOSTILE) }], 'PEReN');
    expect(asRead(m.chat.markdown)).toBe(m.text);
    expect(m.chat.plain.replaceAll('\u2060', '')).toBe(m.text);
    for (const text of [m.chat.markdown, m.chat.plain, m.chat.htmlFragment]) {
      expect(text).not.toMatch(/[@~][a-zA-Z]|evil\.example|https?:\/\/evil|www\.evil/);
      expect(text).toContain('https://offres.example.org/offres/u-1');
      expect(text).toContain('https://www.pass.fonction-publique.gouv.fr/offre/1');
    }
    expect(m.chat.markdown).not.toMatch(/<[!@h]|\]\(/);
    expect(m.chat.htmlFragment).not.toMatch(/<a href="https:\/\/evil/);
    // E-mail keeps the words as they are (its HTML escapes them).
    expect(m.text).toContain(HOSTILE);
  });

  it('a digest of many names each on one line, at most 100, then says how many more', () => {
    const many: Notification[] = Array.from({ length: 130 }, (_, i) => ({
      kind: 'new',
      at,
      opening: opening(i, `Offre @channel ${i}`),
    }));
    const m = renderMessage(many, 'PEReN');
    expect(m.subject).toBe('Offres du PEReN : 130 nouvelles offres');
    const lines = m.chat.markdown.split('\n').filter((l) => l.startsWith('- Nouvelle offre : '));
    expect(lines).toHaveLength(100);
    expect(lines[7]).toBe('- Nouvelle offre : Offre @\u2060channel 7 — https://offres.example.org/offres/u-7');
    expect(m.chat.markdown).toContain('… et 30 de plus.');
    expect(m.text.length).toBeLessThan(16_000);
    expect(Buffer.byteLength(m.chat.htmlFragment)).toBeLessThan(60_000);
  });
});
