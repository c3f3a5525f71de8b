-- Issue 26: a PQR's notices by WhatsApp go in the conversation it was radicated from, else in
-- one of the requester's by their number (any status); both looked up on every notice and every
-- read of a WhatsApp PQR.
CREATE INDEX conversations_pqr ON conversations (pqr_id) WHERE pqr_id IS NOT NULL;
CREATE INDEX conversations_address ON conversations (channel, address);
