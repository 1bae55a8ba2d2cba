/**
 * A parse-pool worker for tests whose one source returns slices of its page, and is not wrapped by
 * the registry (which copies a parser's output): what the main thread gets back from this worker
 * is only as detached as the worker boundary makes it.
 */
import { serveParses } from '../../src/pipeline/parse-page.ts';
import { slicingSource } from './slicing-source.ts';

serveParses(async () => slicingSource);
