/** A parse-pool worker (parse-pool.ts): decodes and parses one page at a time with the registry's sources. */
import { loadSource } from '../../scrapers/index.ts';
import { serveParses } from './parse-page.ts';

serveParses(loadSource);
