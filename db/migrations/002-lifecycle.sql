-- Lifecycle: open → missing → closed → open again, with the run that decided each change.
ALTER TABLE postings ADD COLUMN missing_since TEXT;
ALTER TABLE postings ADD COLUMN missing_runs INTEGER NOT NULL DEFAULT 0;
ALTER TABLE postings ADD COLUMN closed_at TEXT;
ALTER TABLE postings ADD COLUMN close_reason TEXT CHECK (close_reason IN ('gone', 'deadline', 'filled', 'manual'));
ALTER TABLE postings ADD COLUMN state_run INTEGER REFERENCES runs (id);
-- Closed less than a month after publication (the legal minimum): shown as doubtful, not trusted blindly.
ALTER TABLE postings ADD COLUMN short_lived INTEGER NOT NULL DEFAULT 0;

-- How many postings the inventory listed (all employers): the plausibility check compares it run to run.
ALTER TABLE runs ADD COLUMN listed INTEGER;

-- Field-level history; descriptions are kept as hashes, not copies.
CREATE TABLE posting_changes (
  id          INTEGER PRIMARY KEY,
  posting_id  INTEGER NOT NULL REFERENCES postings (id),
  run_id      INTEGER NOT NULL REFERENCES runs (id),
  at          TEXT NOT NULL,
  field       TEXT NOT NULL,
  old_value   TEXT,
  new_value   TEXT
);
CREATE INDEX posting_changes_by_posting ON posting_changes (posting_id, id);

-- One row per real post; its uid (the feed guid) never changes once given.
CREATE TABLE openings (
  id          INTEGER PRIMARY KEY,
  uid         TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL
);

-- Which opening each posting belongs to, and why.
CREATE TABLE opening_links (
  posting_id  INTEGER PRIMARY KEY REFERENCES postings (id),
  opening_id  INTEGER NOT NULL REFERENCES openings (id),
  reason      TEXT NOT NULL,
  score       REAL,
  manual      INTEGER NOT NULL DEFAULT 0,
  linked_at   TEXT NOT NULL
);
CREATE INDEX opening_links_by_opening ON opening_links (opening_id);

-- Events: what feed readers of /feed/events.* and the team are told.
CREATE TABLE events (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  run_id      INTEGER REFERENCES runs (id),
  opening_id  INTEGER REFERENCES openings (id),
  posting_id  INTEGER REFERENCES postings (id),
  type        TEXT NOT NULL CHECK (type IN ('new', 'changed', 'missing', 'seen-again', 'closed', 'reopened', 'linked', 'unlinked')),
  detail      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_by_opening ON events (opening_id, id);
CREATE INDEX events_by_time ON events (at, id);
