/**
 * Choisir le service public's results pages weigh about 4.5 MB, mostly search facets (docs/portals.md
 * §2). Captures are trimmed to a few hundred kB; these helpers give a page its real weight back
 * with one checkbox per commune in the facets panel, so parse and memory costs are the portal's.
 */

const FACETS_PANEL = '<div class="filters-panel" id="filters-panel">';

/** A "Localisation" fieldset of commune checkboxes, about `chars` characters long (empty below 1). */
export function cspFacetPadding(chars: number): string {
  if (chars < 1) return '';
  const facets: string[] = [];
  let size = 400;
  for (let i = 1; size < chars; i++) {
    const department = String((i % 95) + 1).padStart(2, '0');
    const option = `
                                        <div class="fr-checkbox-group fr-checkbox-group--sm">
                                            <input type="checkbox" id="filter-localisation-${i}" name="localisation[]" value="${10000 + i}" data-label="Commune ${i} (${department})">
                                            <label class="fr-label" for="filter-localisation-${i}">Commune ${i} <span class="fr-hint-text">${department}</span></label>
                                        </div>`;
    facets.push(option);
    size += option.length;
  }
  return `
                                <fieldset class="fr-fieldset filter-group" data-filter="localisation">
                                    <legend class="fr-fieldset__legend fr-text--regular">Localisation</legend>
                                    <div class="fr-fieldset__content">${facets.join('')}
                                    </div>
                                </fieldset>`;
}

/** A results page grown to about `bytes` characters by its facets panel. */
export function inflatedListing(body: string, bytes = 4_500_000): string {
  const at = body.indexOf(FACETS_PANEL);
  if (at < 0) throw new Error('inflatedListing: the page has no facets panel to grow');
  const insertAt = at + FACETS_PANEL.length;
  return body.slice(0, insertAt) + cspFacetPadding(bytes - body.length) + body.slice(insertAt);
}
