-- The weekly open-data file's history: an organisation's offers the file says ended become closed
-- postings of the source csp-open-data, with their own close reason ('open-data': the official
-- file ended them). SQLite cannot widen a CHECK in place, so postings is rebuilt as 010 did
-- (migrations run with foreign keys off and checked before commit), its indexes and triggers again.
CREATE TABLE postings_012 (
  id               INTEGER PRIMARY KEY,
  organisation     TEXT NOT NULL,
  source           TEXT NOT NULL,
  source_id        TEXT NOT NULL,
  url              TEXT NOT NULL,
  title            TEXT NOT NULL,
  reference        TEXT,
  inventory_hash   TEXT NOT NULL,
  detail_at        TEXT,
  detail_error     TEXT,
  state            TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'missing', 'closed')),
  first_seen_at    TEXT NOT NULL,
  first_seen_run   INTEGER NOT NULL REFERENCES runs (id),
  last_seen_at     TEXT NOT NULL,
  last_seen_run    INTEGER NOT NULL REFERENCES runs (id),
  missing_since    TEXT,
  missing_runs     INTEGER NOT NULL DEFAULT 0,
  closed_at        TEXT,
  close_reason     TEXT CHECK (close_reason IN ('gone', 'deadline', 'filled', 'manual', 'open-data')),
  state_run        INTEGER REFERENCES runs (id),
  short_lived      INTEGER NOT NULL DEFAULT 0,
  employer         TEXT,
  location         TEXT,
  department       TEXT,
  original_url     TEXT,
  contract_type    TEXT,
  deadline         TEXT,
  published_at     TEXT,
  has_detail       INTEGER NOT NULL DEFAULT 0,
  UNIQUE (organisation, source, source_id)
);
INSERT INTO postings_012 SELECT id, organisation, source, source_id, url, title, reference, inventory_hash, detail_at, detail_error,
  state, first_seen_at, first_seen_run, last_seen_at, last_seen_run, missing_since, missing_runs, closed_at, close_reason,
  state_run, short_lived, employer, location, department, original_url, contract_type, deadline, published_at, has_detail
FROM postings;
DROP TABLE postings;
ALTER TABLE postings_012 RENAME TO postings;
CREATE INDEX postings_by_state ON postings (organisation, source, state);
CREATE INDEX postings_by_source_id ON postings (source, source_id);
CREATE TRIGGER generation_postings_insert AFTER INSERT ON postings BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_postings_update AFTER UPDATE ON postings BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_postings_delete AFTER DELETE ON postings BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER posting_counts_insert AFTER INSERT ON postings BEGIN
  INSERT INTO posting_counts (organisation, source, state, n) VALUES (NEW.organisation, NEW.source, NEW.state, 1)
    ON CONFLICT (organisation, source, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER posting_counts_update AFTER UPDATE OF state, organisation ON postings
  WHEN OLD.state != NEW.state OR OLD.organisation != NEW.organisation BEGIN
  UPDATE posting_counts SET n = n - 1 WHERE organisation = OLD.organisation AND source = OLD.source AND state = OLD.state;
  INSERT INTO posting_counts (organisation, source, state, n) VALUES (NEW.organisation, NEW.source, NEW.state, 1)
    ON CONFLICT (organisation, source, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER posting_counts_delete AFTER DELETE ON postings BEGIN
  UPDATE posting_counts SET n = n - 1 WHERE organisation = OLD.organisation AND source = OLD.source AND state = OLD.state;
END;
