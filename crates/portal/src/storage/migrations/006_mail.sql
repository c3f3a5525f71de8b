-- Issue 25: a transactional outbox. Every outgoing message is a row written in the transaction
-- of the change that sends it (its file is written first); the delivery worker relays rows after
-- the commit, so a rolled-back change sends nothing (its file stays, never sent).
CREATE TABLE mail_outbox (
    id               INTEGER PRIMARY KEY,
    -- The Message-ID header (without <>), the same on every retry.
    message_id       TEXT NOT NULL UNIQUE,
    -- SHA-256 of the random tag that names this message in its return path
    -- (rebote+TAG@mail-domain, VERP) and its reply address (respuesta+TAG@mail-domain).
    tag_sha256       TEXT NOT NULL UNIQUE,
    purpose          TEXT NOT NULL,
    recipient        TEXT NOT NULL,
    user_id          INTEGER REFERENCES users (id),
    pqr_id           INTEGER REFERENCES pqr (id),
    state            TEXT NOT NULL
                     CHECK (state IN ('queued', 'deferred', 'relayed', 'failed', 'bounced')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    -- When the worker may try next (ms); meaningful while queued or deferred.
    next_attempt_at  INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    -- The relay's last answer (code and text, sanitised) and its queue id once relayed.
    relay_answer     TEXT,
    queue_id         TEXT,
    -- The status of a refusal or bounce: an SMTP code (550) or an enhanced status (5.1.1).
    status_code      TEXT,
    -- The envelope sender (rebote+TAG@mail-domain): cleared once the message reaches a final
    -- state (relayed, failed, bounced); from then on only the tag's hash names it.
    return_path      TEXT,
    -- The message as it leaves (RFC 5322) is the file of this name in the outbox folder (0600 in
    -- a 0700 folder): reset links are secrets, and the database holds no secret in clear.
    eml_file         TEXT NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE state IN ('queued', 'deferred');
CREATE INDEX mail_outbox_user ON mail_outbox (user_id, id);
CREATE INDEX mail_outbox_pqr ON mail_outbox (pqr_id, id);
