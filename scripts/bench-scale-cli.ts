/**
 * `npm run bench:scale`: with `--organisations 1,10,50`, many organisations sharing one crawl
 * (scripts/bench-organisations.ts, issue 19); otherwise the page shapes at N offers
 * (scripts/bench-scale.ts, issues 11 and 18). Each reads its own flags from the command line.
 */
const organisations = process.argv.slice(2).some((a) => a === '--organisations' || a.startsWith('--organisations='));
await import(organisations ? './bench-organisations.ts' : './bench-scale.ts');
