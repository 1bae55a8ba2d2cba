-- One word per idea in the run's stage: `kept` said both "the listing names the organisation" and
-- "the offer page of an earlier run still stands". The first becomes `matches_organisation`, the
-- second the detail state `reused`. SQLite cannot change a CHECK constraint, so the table is
-- rebuilt; its rows (a killed run's, dropped by the next scrape anyway) are carried over.
CREATE TABLE run_stage_new (
  run_id                INTEGER NOT NULL REFERENCES runs (id),
  source_id             TEXT NOT NULL,
  seq                   INTEGER NOT NULL,          -- listing order
  matches_organisation  INTEGER NOT NULL,          -- the listing names the organisation
  item                  TEXT NOT NULL,             -- what the inventory said (JSON), every listing merged
  inventory_hash        TEXT NOT NULL,
  detail_state          TEXT NOT NULL DEFAULT 'none' CHECK (detail_state IN ('none', 'reused', 'fetched', 'failed', 'not-understood')),
  detail                TEXT,                      -- the offer page's posting (JSON) when fetched in this run
  detail_at             TEXT,
  detail_error          TEXT,
  filled                INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, source_id)
);
INSERT INTO run_stage_new
  SELECT run_id, source_id, seq, kept, item, inventory_hash,
         CASE detail_state WHEN 'kept' THEN 'reused' ELSE detail_state END,
         detail, detail_at, detail_error, filled
  FROM run_stage;
DROP TABLE run_stage;
ALTER TABLE run_stage_new RENAME TO run_stage;
CREATE UNIQUE INDEX run_stage_in_order ON run_stage (run_id, seq);
