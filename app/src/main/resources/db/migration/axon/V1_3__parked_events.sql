-- Projections park the events they cannot apply in Axon's dead-letter queue (ParkedEvents): the reason is the
-- failure's whole message, which may be longer than Axon's default column, and a stream's letters keep one order.
ALTER TABLE deadletterentry ALTER COLUMN causemessage TYPE TEXT;
CREATE UNIQUE INDEX deadletterentry_order ON deadletterentry (processinggroup, sequenceidentifier, sequenceindex);
