-- Issue 25: where a PQR's answers go (the receipt, a prórroga notice, public replies, the
-- resolution): 'correo', 'whatsapp' (recorded; sent once the conversations issue lands) or
-- 'ninguno' (the requester gave no way to be reached). Tickets filed before it keep what the
-- portal did for them: mail when there was an address.
ALTER TABLE pqr ADD COLUMN reply_channel TEXT NOT NULL DEFAULT 'ninguno'
    CHECK (reply_channel IN ('correo', 'whatsapp', 'ninguno'));
UPDATE pqr SET reply_channel = 'correo' WHERE requester_email IS NOT NULL AND requester_email <> '';
-- The dashboard's reset funnel counts reset-link emails by state over a period.
CREATE INDEX mail_outbox_purpose ON mail_outbox (purpose, created_at);
