-- A page's parse result is kept beside its validators (gzipped JSON, with the key it was made
-- under: the parsers' code, the source, its settings, the request), so a 304 re-uses it without
-- parsing, and the body itself is no longer kept (an empty blob): nobody reads it again. Bodies
-- kept by earlier releases are dropped the next time their page is answered.
ALTER TABLE http_cache ADD COLUMN derived BLOB;
ALTER TABLE http_cache ADD COLUMN derived_key TEXT;
