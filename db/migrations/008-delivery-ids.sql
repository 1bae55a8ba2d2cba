-- Each delivery's id (webhook-id, Matrix txnId, Message-ID) is drawn at random when it is enqueued
-- and kept with it, so that a database restored from a backup, which counts its outbox rows from
-- the backup's on, never sends a new message under an id a receiver has already seen. Deliveries
-- written before keep the id they had (install id and row id), which their retries must repeat.
ALTER TABLE outbox ADD COLUMN delivery_id TEXT;
UPDATE outbox SET delivery_id = (SELECT install_id FROM notify_install WHERE id = 1) || '-' || id;
CREATE UNIQUE INDEX outbox_delivery_id ON outbox (delivery_id);
