-- Notifications: an outbox written in the same transaction as the events that cause it, and the
-- per-source and per-finding state that makes "failing", "stale", "recovered" and hiring-page
-- errors be said once.

-- A random id of this database, so delivery ids (webhook-id, Matrix txnId) never repeat across a
-- database that was recreated and counts its outbox rows from 1 again.
CREATE TABLE notify_install (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  install_id  TEXT NOT NULL
);
INSERT INTO notify_install (id, install_id) VALUES (1, lower(hex(randomblob(6))));

-- One row per message to one channel; its id is the delivery id.
CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY,
  channel          TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  run_id           INTEGER REFERENCES runs (id),
  -- 'each': one notification; 'digest': every notification of one run for this channel.
  mode             TEXT NOT NULL CHECK (mode IN ('each', 'digest')),
  kinds            TEXT NOT NULL,           -- comma-separated notification kinds, for status and the page
  payload          TEXT NOT NULL,           -- the notifications (JSON), frozen when enqueued
  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT NOT NULL,
  last_attempt_at  TEXT,
  last_error       TEXT,
  -- What the server answered to the last attempt (status line, SMTP reply, Matrix event id).
  response         TEXT,
  sent_at          TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- Said once: a source is announced failing/stale on entering that state and recovered on leaving it.
CREATE TABLE notify_source_state (
  source      TEXT PRIMARY KEY,
  failing     INTEGER NOT NULL DEFAULT 0,
  stale       INTEGER NOT NULL DEFAULT 0,
  updated_at  TEXT NOT NULL
);

-- Hiring-page errors already announced; a finding that goes away is deleted, so its return is told again.
CREATE TABLE notify_findings (
  key           TEXT PRIMARY KEY,
  announced_at  TEXT NOT NULL
);
