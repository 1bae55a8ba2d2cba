/**
 * Serves the synthetic Choisir le service public on 127.0.0.1 until Ctrl-C, for trying the product
 * at scale by hand: `npx tsx scripts/synthetic-csp.ts --offers 1000 [--changed] [--shape long-description]`. Prints the URL
 * and a configuration that points `openings scrape --source csp` at it with pacing off.
 */
import { parseArgs } from 'node:util';
import { SyntheticCspPortal, syntheticCspConfig } from './synthetic-portal/csp-portal.ts';
import { isPortalShape, PORTAL_SHAPES } from './synthetic-portal/offer-shapes.ts';

const { values } = parseArgs({
  options: {
    offers: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    organisation: { type: 'string', default: 'DGFiP' },
    'listing-bytes': { type: 'string', default: '4500000' },
    port: { type: 'string', default: '0' },
    changed: { type: 'boolean', default: false },
    shape: { type: 'string', default: 'capture' },
  },
});

const integer = (name: string, raw: string, min: number): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be an integer ≥ ${min}, got "${raw}"`);
    process.exit(2);
  }
  return n;
};

if (!isPortalShape(values.shape)) {
  console.error(`--shape must be one of ${PORTAL_SHAPES.join(', ')}, got "${values.shape}"`);
  process.exit(2);
}

const portal = await SyntheticCspPortal.start({
  shape: values.shape,
  offers: integer('offers', values.offers, 1),
  seed: integer('seed', values.seed, 0),
  organisation: values.organisation,
  listingBytes: integer('listing-bytes', values['listing-bytes'], 0),
  port: integer('port', values.port, 0),
});
portal.changed = values.changed;
console.log(
  `Synthetic CSP: ${portal.offers} offers on ${portal.pages} results pages at ${portal.url}/ (${portal.changed ? `changed state: ${portal.changedOffers} offers differ` : 'first state'})`,
);
console.log('Configuration for `openings scrape --source csp --config FILE`:');
console.log(JSON.stringify(syntheticCspConfig(portal), null, 2));
await new Promise<void>((resolve) => process.once('SIGINT', resolve));
await portal.close();
