-- Two decisions of one customer at the same instant are ordered by eventId, in byte order on
-- every database: the column's own collation, not the database's default (an English collation
-- would sort "a-1" before "B-1", byte order after it). Rebuilds the eventId's unique index.
ALTER TABLE "consent_events" ALTER COLUMN "event_id" SET DATA TYPE text COLLATE "C";
