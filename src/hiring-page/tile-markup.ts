/**
 * A new tile, written as the site writes its tiles (fixtures/samples/peren-recrutement-*.md): a
 * column of the grid holding a DSFR tile with its image (`title` and `alt` the job's title) and the
 * title linking the offer. Indentation and line endings follow the page.
 */

export interface TileLayout {
  /** The column's own indentation (the tile is written from there). */
  indent: string;
  /** One level of indentation inside it. */
  unit: string;
  newline: '\n' | '\r\n';
}

/** Text for Hugo's raw HTML: escapes what markup needs, leaves apostrophes as the team writes them. */
function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;');
}

export function tileMarkup(title: string, href: string, image: string, layout: TileLayout): string {
  const at = (depth: number) => layout.indent + layout.unit.repeat(depth);
  return [
    `<div class="fr-col-6 fr-col-lg-3">`,
    `${at(1)}<div class="fr-tile fr-enlarge-link">`,
    `${at(2)}<div class="fr-tile__img">`,
    `${at(3)}<img src="${attribute(image)}" class="fr-responsive-img" title="${attribute(title)}" alt="${attribute(title)}" />`,
    `${at(2)}</div>`,
    `${at(2)}<div class="fr-tile__body">`,
    `${at(3)}<h4 class="fr-tile__title"><a class="fr-tile__link" href="${attribute(href)}">${text(title)}</a></h4>`,
    `${at(2)}</div>`,
    `${at(1)}</div>`,
    `${layout.indent}</div>`,
  ].join(layout.newline);
}

/**
 * The job's name as a tile shows it: portals add the gender marker ("H/F") and the post code
 * ("SEN PEReN 156", an organisation name followed by a number); the page never did.
 */
export function tileTitle(portalTitle: string, organisationNames: readonly string[]): string {
  let title = portalTitle.replace(/\(?\b[HFhf]\s*\/\s*[HFhf]\b\)?/g, ' ');
  // Longest first: "SEN PEReN 156" goes whole before "PEReN 156" could leave "SEN" behind.
  for (const name of [...organisationNames].sort((a, b) => b.length - a.length)) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    title = title.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}[\\s_-]*\\d+\\b`, 'giu'), ' ');
  }
  const cleaned = title
    .replace(/\s+/g, ' ')
    .replace(/^[\s\-–—|:]+|[\s\-–—|:]+$/g, '')
    .replace(/\s+[-–—|]\s+(?=[-–—|])/g, ' ')
    .trim();
  return cleaned || portalTitle.trim();
}
