-- Issue 25, mail coming back: a delivery status notification marks the user's address as
-- bouncing with its status (an enhanced code such as 5.1.1, or the SMTP code) and when.
ALTER TABLE users ADD COLUMN email_bounce_status TEXT;
ALTER TABLE users ADD COLUMN email_bounced_at INTEGER;
-- A requester's reply by email lands in the PQR's thread as a public message they wrote.
ALTER TABLE pqr_messages ADD COLUMN from_requester INTEGER NOT NULL DEFAULT 0;
-- The Message-IDs of the mail taken into a thread or a new PQR: an MTA that did not see our
-- answer sends the same mail again, which must not land twice.
CREATE TABLE mail_inbound (
    message_id   TEXT PRIMARY KEY,
    received_at  INTEGER NOT NULL
) WITHOUT ROWID;
