-- Issue 25, mail coming back: a delivery status notification marks the user's address as
-- bouncing with its status (an enhanced code such as 5.1.1, or the SMTP code) and when.
ALTER TABLE users ADD COLUMN email_bounce_status TEXT;
ALTER TABLE users ADD COLUMN email_bounced_at INTEGER;
-- A requester's reply by email lands in the PQR's thread as a public message they wrote.
ALTER TABLE pqr_messages ADD COLUMN from_requester INTEGER NOT NULL DEFAULT 0;
