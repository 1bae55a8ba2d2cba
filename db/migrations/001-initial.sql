-- One row per source run; a run is written 'running' first so a crash leaves a trace, never a half-applied run.
CREATE TABLE runs (
  id              INTEGER PRIMARY KEY,
  source          TEXT NOT NULL,
  started_at      TEXT NOT NULL,
  finished_at     TEXT,
  status          TEXT NOT NULL CHECK (status IN ('running', 'healthy', 'unhealthy', 'aborted')),
  reason          TEXT,
  pages           INTEGER NOT NULL DEFAULT 0,
  postings_found  INTEGER NOT NULL DEFAULT 0,
  declared_total  INTEGER,
  requests        INTEGER NOT NULL DEFAULT 0,
  bytes           INTEGER NOT NULL DEFAULT 0,
  problems        TEXT NOT NULL DEFAULT '[]',
  pid             INTEGER
);
CREATE INDEX runs_by_source ON runs (source, id);

CREATE TABLE requests (
  id           INTEGER PRIMARY KEY,
  run_id       INTEGER NOT NULL REFERENCES runs (id),
  url          TEXT NOT NULL,
  fetched_url  TEXT NOT NULL,
  status       INTEGER,
  bytes        INTEGER NOT NULL,
  ms           INTEGER NOT NULL,
  conditional  INTEGER NOT NULL,
  revalidated  INTEGER NOT NULL,
  attempt      INTEGER NOT NULL,
  error        TEXT,
  at           TEXT NOT NULL
);
CREATE INDEX requests_by_run ON requests (run_id);

-- Validators and the body they describe, so a 304 can be replayed through the parser.
CREATE TABLE http_cache (
  url            TEXT PRIMARY KEY,
  etag           TEXT,
  last_modified  TEXT,
  content_type   TEXT,
  body           BLOB NOT NULL,
  stored_at      TEXT NOT NULL
);

CREATE TABLE postings (
  id               INTEGER PRIMARY KEY,
  source           TEXT NOT NULL,
  source_id        TEXT NOT NULL,
  url              TEXT NOT NULL,
  title            TEXT NOT NULL,
  reference        TEXT,
  data             TEXT NOT NULL,          -- the normalised Posting (JSON), listing and offer page merged
  inventory_hash   TEXT NOT NULL,          -- what the feed/listing said: a change triggers an offer-page fetch
  detail_data      TEXT,                   -- the offer page's own posting (JSON), reused while the listing is unchanged
  detail_at        TEXT,
  detail_error     TEXT,
  state            TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'missing', 'closed')),
  first_seen_at    TEXT NOT NULL,
  first_seen_run   INTEGER NOT NULL REFERENCES runs (id),
  last_seen_at     TEXT NOT NULL,
  last_seen_run    INTEGER NOT NULL REFERENCES runs (id),
  UNIQUE (source, source_id)
);

-- At most one scrape per database at a time; the holder's pid tells a live holder from a crashed one.
CREATE TABLE locks (
  name         TEXT PRIMARY KEY,
  pid          INTEGER NOT NULL,
  acquired_at  TEXT NOT NULL
);
