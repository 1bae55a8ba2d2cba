-- The weekly open-data file of Choisir le service public (source csp-open-data): one row per file
-- stored, each organisation's own rows of the newest file (not the whole file), and one count per
-- employer of the newest file (for `openings employers`).
CREATE TABLE open_data_files (
  id                   INTEGER PRIMARY KEY,
  run_id               INTEGER NOT NULL REFERENCES runs(id),
  url                  TEXT NOT NULL,
  file_date            TEXT NOT NULL,           -- YYYY-MM-DD: the date in its name, else Last-Modified
  rows                 INTEGER NOT NULL,
  active_rows          INTEGER NOT NULL,
  bad_dates            INTEGER NOT NULL,
  duplicates           INTEGER NOT NULL,
  imported_at          TEXT NOT NULL
);

CREATE TABLE open_data_offers (
  organisation       TEXT NOT NULL REFERENCES organisations(id),
  reference          TEXT NOT NULL,
  file_id            INTEGER NOT NULL REFERENCES open_data_files(id),
  title              TEXT,
  employer           TEXT,
  organisme          TEXT,
  versant            TEXT,
  category           TEXT,
  nature             TEXT,
  trade              TEXT,
  location           TEXT,
  education_level    TEXT,
  contract_type      TEXT,
  contract_duration  TEXT,
  first_published    TEXT,                       -- YYYY-MM-DD or NULL
  publication_start  TEXT,
  publication_end    TEXT,                       -- NULL: no end (2090+) or unreadable
  PRIMARY KEY (organisation, reference)
) WITHOUT ROWID;

CREATE TABLE open_data_employers (
  file_id    INTEGER NOT NULL REFERENCES open_data_files(id),
  employer   TEXT NOT NULL,
  organisme  TEXT NOT NULL,
  offers     INTEGER NOT NULL,
  active     INTEGER NOT NULL,
  PRIMARY KEY (file_id, employer, organisme)
) WITHOUT ROWID;

-- Readers' caches follow the data: a new file changes the page's missed offers.
CREATE TRIGGER generation_open_data_files_insert AFTER INSERT ON open_data_files BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
