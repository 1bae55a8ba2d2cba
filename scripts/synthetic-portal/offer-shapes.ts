/**
 * What an offer page of the synthetic Choisir le service public holds (`bench:scale --shapes`):
 * memory must stay flat whatever a page holds, not only for the one capture the templates come
 * from. Each shape fills some slots of the real offer-page template (csp-portal.ts) differently;
 * everything else stays the capture's markup. Texts differ from page to page (the offer's own
 * words, its reference, a counter), so no two pages share a string.
 */
import { escapeAsWordPress } from './page-template.ts';

const OFFER_SHAPES = [
  /** The capture as it is (about 210 kB): short texts, the capture's six recommended offers. */
  'capture',
  /** A description of about 200 kB (missions written out at length). */
  'long-description',
  /** Sixty more labelled key facts (`<strong>label</strong>` / value) beside the usual ones. */
  'many-fields',
  /** Six recommended-offer cards of other offers, different on every page, with long titles. */
  'related-cards',
  /** A JSON-LD `Description` of about 100 kB. */
  'long-json-ld',
  /** Descriptions written with character references for every accent and many letters (about 60 kB). */
  'entities',
] as const;

export type OfferShape = (typeof OFFER_SHAPES)[number];

/** A shape of the whole portal: its offer pages (one shape, or each offer its own in turn) and its results pages. */
export const PORTAL_SHAPES = [...OFFER_SHAPES, 'small-listing', 'mixed'] as const;
export type PortalShape = (typeof PORTAL_SHAPES)[number];

export function isPortalShape(name: string): name is PortalShape {
  return (PORTAL_SHAPES as readonly string[]).includes(name);
}

/** The offer-page shape of offer `index` in a portal of that shape. */
export function offerShapeOf(shape: PortalShape, index: number): OfferShape {
  if (shape === 'small-listing') return 'capture';
  if (shape === 'mixed') return OFFER_SHAPES[index % OFFER_SHAPES.length]!;
  return shape;
}

/** Sentences of about `chars` characters in all, each naming the offer and its rank, from its own lines. */
export function longText(lines: readonly string[], reference: string, chars: number): string[] {
  const out: string[] = [];
  let size = 0;
  for (let k = 0; size < chars; k++) {
    const line = `${k + 1}. ${lines[k % lines.length]} (offre ${reference}, point ${k + 1} sur la liste des missions détaillées)`;
    out.push(line);
    size += line.length;
  }
  return out;
}

const NAMED: Readonly<Record<string, string>> = {
  é: '&eacute;',
  è: '&egrave;',
  ê: '&ecirc;',
  à: '&agrave;',
  â: '&acirc;',
  ç: '&ccedil;',
  ô: '&ocirc;',
  î: '&icirc;',
  ù: '&ugrave;',
  û: '&ucirc;',
  '’': '&rsquo;',
  '«': '&laquo;',
  '»': '&raquo;',
  É: '&Eacute;',
};

/** Text as a page heavy with character references writes it: named for accents, numeric for every third letter. */
export function entityHeavy(text: string): string {
  let k = 0;
  return [...escapeAsWordPress(text)]
    .map((c) => {
      if (NAMED[c]) return NAMED[c];
      if (c.charCodeAt(0) > 0x7f) return `&#${c.codePointAt(0)};`;
      if (/[a-z]/i.test(c) && k++ % 3 === 0) return `&#x${c.charCodeAt(0).toString(16)};`;
      return c;
    })
    .join('');
}

const FIELD_LABELS = [
  'Date de prise de poste',
  'Durée du contrat',
  'Temps de travail',
  'Corps',
  'Grade',
  'Groupe RIFSEEP',
  'Niveau de diplôme',
  'Langues',
  'Permis',
  'Déplacements',
  'Astreintes',
  'Horaires',
  'Logement de fonction',
  'Cotation du poste',
];

/** `count` labelled key facts in the markup of the page's own (`<li class="table-cell">`). */
export function moreFields(reference: string, count: number): string {
  const items: string[] = [];
  for (let k = 0; k < count; k++) {
    const label = `${FIELD_LABELS[k % FIELD_LABELS.length]} ${Math.floor(k / FIELD_LABELS.length) + 1}`;
    items.push(`

                        <li class="table-cell">
                            <span>
                                <strong>${escapeAsWordPress(label)}</strong>
                            </span>
                            <span>
                                                                    Valeur ${k + 1} de l’offre ${escapeAsWordPress(reference)}                                                            </span>
                        </li>`);
  }
  return items.join('');
}
