-- Postings per source and state, openings per status: kept by triggers, so /healthz, /metrics and
-- the page count in constant time whatever the number of postings.
CREATE TABLE posting_counts (
  source  TEXT NOT NULL,
  state   TEXT NOT NULL,
  n       INTEGER NOT NULL,
  PRIMARY KEY (source, state)
) WITHOUT ROWID;
INSERT INTO posting_counts (source, state, n) SELECT source, state, COUNT(*) FROM postings GROUP BY source, state;

CREATE TRIGGER posting_counts_insert AFTER INSERT ON postings BEGIN
  INSERT INTO posting_counts (source, state, n) VALUES (NEW.source, NEW.state, 1)
    ON CONFLICT (source, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER posting_counts_update AFTER UPDATE OF state ON postings WHEN OLD.state != NEW.state BEGIN
  UPDATE posting_counts SET n = n - 1 WHERE source = OLD.source AND state = OLD.state;
  INSERT INTO posting_counts (source, state, n) VALUES (NEW.source, NEW.state, 1)
    ON CONFLICT (source, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER posting_counts_delete AFTER DELETE ON postings BEGIN
  UPDATE posting_counts SET n = n - 1 WHERE source = OLD.source AND state = OLD.state;
END;

CREATE TABLE opening_counts (
  status  TEXT PRIMARY KEY,
  n       INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO opening_counts (status, n) SELECT status, COUNT(*) FROM openings GROUP BY status;

CREATE TRIGGER opening_counts_insert AFTER INSERT ON openings BEGIN
  INSERT INTO opening_counts (status, n) VALUES (NEW.status, 1) ON CONFLICT (status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER opening_counts_update AFTER UPDATE OF status ON openings WHEN OLD.status != NEW.status BEGIN
  UPDATE opening_counts SET n = n - 1 WHERE status = OLD.status;
  INSERT INTO opening_counts (status, n) VALUES (NEW.status, 1) ON CONFLICT (status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER opening_counts_delete AFTER DELETE ON openings BEGIN
  UPDATE opening_counts SET n = n - 1 WHERE status = OLD.status;
END;

-- Finished runs per source and status, for the metrics' counters.
CREATE TABLE run_counts (
  source  TEXT NOT NULL,
  status  TEXT NOT NULL,
  n       INTEGER NOT NULL,
  PRIMARY KEY (source, status)
) WITHOUT ROWID;
INSERT INTO run_counts (source, status, n) SELECT source, status, COUNT(*) FROM runs WHERE status != 'running' GROUP BY source, status;
CREATE TRIGGER run_counts_finish AFTER UPDATE OF status ON runs WHEN OLD.status = 'running' AND NEW.status != 'running' BEGIN
  INSERT INTO run_counts (source, status, n) VALUES (NEW.source, NEW.status, 1) ON CONFLICT (source, status) DO UPDATE SET n = n + 1;
END;
