-- Organisations first-class: every posting, opening, event and outbox row belongs to one. A posting
-- that names two organisations is stored once for each (its own state, manual decisions and
-- opening), so what an organisation reads is exactly what a deployment of it alone would hold.
-- Rows written before this get the placeholder '' here; the data step (010-organisations.ts) gives
-- them the configured organisation.

CREATE TABLE organisations (
  id        TEXT PRIMARY KEY,
  name      TEXT NOT NULL,
  added_at  TEXT NOT NULL
);

-- postings: (source, source_id) is unique per organisation now, which needs the table rebuilt
-- (migrations run with foreign keys off and checked before commit, as SQLite prescribes).
CREATE TABLE postings_010 (
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
  close_reason     TEXT CHECK (close_reason IN ('gone', 'deadline', 'filled', 'manual')),
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
INSERT INTO postings_010 (id, organisation, source, source_id, url, title, reference, inventory_hash, detail_at, detail_error,
  state, first_seen_at, first_seen_run, last_seen_at, last_seen_run, missing_since, missing_runs, closed_at, close_reason,
  state_run, short_lived, employer, location, department, original_url, contract_type, deadline, published_at, has_detail)
SELECT id, '', source, source_id, url, title, reference, inventory_hash, detail_at, detail_error,
  state, first_seen_at, first_seen_run, last_seen_at, last_seen_run, missing_since, missing_runs, closed_at, close_reason,
  state_run, short_lived, employer, location, department, original_url, contract_type, deadline, published_at, has_detail
FROM postings;
DROP TABLE postings;
ALTER TABLE postings_010 RENAME TO postings;
CREATE INDEX postings_by_state ON postings (organisation, source, state);
CREATE INDEX postings_by_source_id ON postings (source, source_id);
CREATE TRIGGER generation_postings_insert AFTER INSERT ON postings BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_postings_update AFTER UPDATE ON postings BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER generation_postings_delete AFTER DELETE ON postings BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;

ALTER TABLE openings ADD COLUMN organisation TEXT NOT NULL DEFAULT '';
CREATE INDEX openings_of_organisation ON openings (organisation, status, updated_ms DESC, published_ms DESC, uid);
ALTER TABLE events ADD COLUMN organisation TEXT NOT NULL DEFAULT '';
CREATE INDEX events_of_organisation ON events (organisation, published, id);
-- NULL: a notification about a source (failing, stale, recovered), which is no one organisation's.
ALTER TABLE outbox ADD COLUMN organisation TEXT;

-- Which organisations each staged posting names (the stage is shared: one crawl for everyone).
CREATE TABLE run_stage_matches (
  run_id        INTEGER NOT NULL REFERENCES runs (id),
  source_id     TEXT NOT NULL,
  organisation  TEXT NOT NULL,
  PRIMARY KEY (run_id, organisation, source_id)
) WITHOUT ROWID;

-- Counts per organisation: a posting shared by two organisations is counted in each.
DROP TRIGGER opening_counts_insert;
DROP TRIGGER opening_counts_update;
DROP TRIGGER opening_counts_delete;
DROP TABLE posting_counts;
DROP TABLE opening_counts;
CREATE TABLE posting_counts (
  organisation  TEXT NOT NULL,
  source        TEXT NOT NULL,
  state         TEXT NOT NULL,
  n             INTEGER NOT NULL,
  PRIMARY KEY (organisation, source, state)
) WITHOUT ROWID;
CREATE TABLE opening_counts (
  organisation  TEXT NOT NULL,
  status        TEXT NOT NULL,
  n             INTEGER NOT NULL,
  PRIMARY KEY (organisation, status)
) WITHOUT ROWID;
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
CREATE TRIGGER opening_counts_insert AFTER INSERT ON openings BEGIN
  INSERT INTO opening_counts (organisation, status, n) VALUES (NEW.organisation, NEW.status, 1)
    ON CONFLICT (organisation, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER opening_counts_update AFTER UPDATE OF status, organisation ON openings
  WHEN OLD.status != NEW.status OR OLD.organisation != NEW.organisation BEGIN
  UPDATE opening_counts SET n = n - 1 WHERE organisation = OLD.organisation AND status = OLD.status;
  INSERT INTO opening_counts (organisation, status, n) VALUES (NEW.organisation, NEW.status, 1)
    ON CONFLICT (organisation, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER opening_counts_delete AFTER DELETE ON openings BEGIN
  UPDATE opening_counts SET n = n - 1 WHERE organisation = OLD.organisation AND status = OLD.status;
END;
-- Filled by the data step, once every row has its organisation.
