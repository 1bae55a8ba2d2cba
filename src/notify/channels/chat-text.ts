/**
 * Scraped text (a title, an employer) as chats may show it: the same words to read, but nothing a
 * chat would act on. A portal's title such as `@room [cliquez ici](https://evil.example)` must not
 * ping the room, nor show a link we did not write. An invisible word joiner (U+2060) breaks what
 * chats look for (an at sign before a name, a URL scheme, a domain's dots, `](` of a Markdown
 * link, `~` before a Mattermost channel); Slack's and Mattermost's `<…>` syntax is escaped as the
 * entities both decode. Only scraped text goes through here: our own links stay links.
 */
const WJ = '\u2060';

/** For any chat, plain text or HTML: no mention, no autolink. */
export function chatPlain(text: string): string {
  return (
    text
      // `@room`, `@channel`, `@here`, `@all`, `@someone`
      .replace(/([@~])(?=[\p{L}\p{N}_])/gu, `$1${WJ}`)
      // `https://…`, `mailto://`
      .replace(/:(?=\/\/)/g, `:${WJ}`)
      // `evil.example`, `www.evil.example`
      .replace(/(?<=[\p{L}\p{N}])\.(?=[\p{L}\p{N}])/gu, `.${WJ}`)
  );
}

/** For Markdown chats (Mattermost, Slack's `text`): also no `<!channel>`, `<url|text>` nor `[text](url)`. */
export function chatMarkdown(text: string): string {
  return chatPlain(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\](?=[([])/g, `]${WJ}`);
}
