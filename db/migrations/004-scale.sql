-- Runs that stage their postings, a lifecycle that reads columns, openings summarised for paging,
-- typed events, a change counter for the read cache, and what pruning needs.

-- Light columns: the lifecycle and the linking read these without parsing each posting's JSON.
ALTER TABLE postings ADD COLUMN employer TEXT;
ALTER TABLE postings ADD COLUMN location TEXT;
ALTER TABLE postings ADD COLUMN department TEXT;
ALTER TABLE postings ADD COLUMN original_url TEXT;
ALTER TABLE postings ADD COLUMN contract_type TEXT;
ALTER TABLE postings ADD COLUMN deadline TEXT;
ALTER TABLE postings ADD COLUMN published_at TEXT;
UPDATE postings SET
  employer = json_extract(data, '$.employer'),
  location = json_extract(data, '$.location'),
  department = json_extract(data, '$.department'),
  original_url = json_extract(data, '$.originalUrl'),
  contract_type = json_extract(data, '$.contractType'),
  deadline = json_extract(data, '$.deadline'),
  published_at = json_extract(data, '$.publishedAt');
CREATE INDEX postings_by_state ON postings (source, state);

-- The postings' content apart from their bookkeeping: a run that sees 20,000 unchanged postings
-- rewrites 20,000 narrow rows, not 20,000 descriptions.
CREATE TABLE posting_content (
  posting_id   INTEGER PRIMARY KEY REFERENCES postings (id),
  data         TEXT NOT NULL,     -- the normalised Posting (JSON), listing and offer page merged
  detail_data  TEXT               -- the offer page's own posting (JSON), reused while the listing is unchanged
);
INSERT INTO posting_content (posting_id, data, detail_data) SELECT id, data, detail_data FROM postings;
ALTER TABLE postings DROP COLUMN data;
ALTER TABLE postings DROP COLUMN detail_data;
ALTER TABLE postings ADD COLUMN has_detail INTEGER NOT NULL DEFAULT 0;
UPDATE postings SET has_detail = (SELECT detail_data IS NOT NULL FROM posting_content WHERE posting_id = postings.id);

-- What a run's inventory listed, written page by page so a run holds no posting in memory; applied
-- to `postings` in the run's final transaction and deleted with it (or when a killed run is found).
CREATE TABLE run_stage (
  run_id          INTEGER NOT NULL REFERENCES runs (id),
  source_id       TEXT NOT NULL,
  seq             INTEGER NOT NULL,          -- listing order
  kept            INTEGER NOT NULL,          -- the listing names the organisation
  item            TEXT NOT NULL,             -- what the inventory said (JSON), every listing merged
  inventory_hash  TEXT NOT NULL,
  detail_state    TEXT NOT NULL DEFAULT 'none' CHECK (detail_state IN ('none', 'kept', 'fetched', 'failed', 'not-understood')),
  detail          TEXT,                      -- the offer page's posting (JSON) when fetched in this run
  detail_at       TEXT,
  detail_error    TEXT,
  filled          INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, source_id)
);
CREATE UNIQUE INDEX run_stage_in_order ON run_stage (run_id, seq);

-- Openings summarised from their postings (written with every change), so readers page in SQL.
ALTER TABLE openings ADD COLUMN status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'missing', 'closed'));
ALTER TABLE openings ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE openings ADD COLUMN updated_at TEXT;
ALTER TABLE openings ADD COLUMN updated_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE openings ADD COLUMN published_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE openings ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
-- updated_at stays NULL until an opening is summarised: existing ones are summarised when the
-- database is next opened by the application (src/lifecycle/opening-summaries.ts).
CREATE INDEX openings_newest ON openings (updated_ms DESC, published_ms DESC, uid);
CREATE INDEX openings_by_status ON openings (status, updated_ms DESC, published_ms DESC, uid);

-- Events: scope and "published" are columns, so the events feed pages in SQL.
ALTER TABLE events ADD COLUMN scope TEXT NOT NULL DEFAULT 'posting' CHECK (scope IN ('posting', 'opening'));
ALTER TABLE events ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
UPDATE events SET scope = 'opening' WHERE json_extract(detail, '$.scope') = 'opening';
UPDATE events SET published = CASE WHEN scope = 'opening' THEN type IN ('new', 'closed', 'reopened') ELSE type = 'changed' END;
CREATE INDEX events_published ON events (published, id);
CREATE INDEX events_by_run ON events (run_id);
CREATE INDEX events_by_posting ON events (posting_id, id);

-- Run reasons become codes: an older free-text reason is kept as a `legacy` code.
UPDATE runs SET reason = json_object('reason', json_object('code', 'legacy', 'text', reason), 'more', 0) WHERE reason IS NOT NULL;

-- Pruning of cached bodies nobody asked for in a long time.
ALTER TABLE http_cache ADD COLUMN used_at TEXT;
UPDATE http_cache SET used_at = stored_at;
CREATE INDEX requests_by_time ON requests (at);
CREATE INDEX runs_by_status ON runs (source, status, id);

-- The read cache's key: moves with every change a reader could see, whichever process made it.
CREATE TABLE meta (
  key    TEXT PRIMARY KEY,
  value  INTEGER NOT NULL
);
INSERT INTO meta (key, value) VALUES ('generation', 0);
CREATE TRIGGER generation_postings_insert AFTER INSERT ON postings BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_postings_update AFTER UPDATE ON postings BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_postings_delete AFTER DELETE ON postings BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_openings_insert AFTER INSERT ON openings BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_openings_update AFTER UPDATE ON openings BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_openings_delete AFTER DELETE ON openings BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_links_insert AFTER INSERT ON opening_links BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_links_update AFTER UPDATE ON opening_links BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_links_delete AFTER DELETE ON opening_links BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_events_insert AFTER INSERT ON events BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_events_update AFTER UPDATE ON events BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_runs_insert AFTER INSERT ON runs BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_runs_update AFTER UPDATE ON runs BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_content_insert AFTER INSERT ON posting_content BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_content_update AFTER UPDATE ON posting_content BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_changes_insert AFTER INSERT ON posting_changes BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
