const FACETS_PANEL = '<div class="filters-panel" id="filters-panel">';
function cspFacetPadding(chars) {
  if (chars < 1) return "";
  const facets = [];
  let size = 400;
  for (let i = 1; size < chars; i++) {
    const department = String(i % 95 + 1).padStart(2, "0");
    const option = `
                                        <div class="fr-checkbox-group fr-checkbox-group--sm">
                                            <input type="checkbox" id="filter-localisation-${i}" name="localisation[]" value="${1e4 + i}" data-label="Commune ${i} (${department})">
                                            <label class="fr-label" for="filter-localisation-${i}">Commune ${i} <span class="fr-hint-text">${department}</span></label>
                                        </div>`;
    facets.push(option);
    size += option.length;
  }
  return `
                                <fieldset class="fr-fieldset filter-group" data-filter="localisation">
                                    <legend class="fr-fieldset__legend fr-text--regular">Localisation</legend>
                                    <div class="fr-fieldset__content">${facets.join("")}
                                    </div>
                                </fieldset>`;
}
function inflatedListing(body, bytes = 45e5) {
  const at = body.indexOf(FACETS_PANEL);
  if (at < 0) throw new Error("inflatedListing: the page has no facets panel to grow");
  const insertAt = at + FACETS_PANEL.length;
  return body.slice(0, insertAt) + cspFacetPadding(bytes - body.length) + body.slice(insertAt);
}
export {
  cspFacetPadding,
  inflatedListing
};
