-- Core schema of the reference portal. Times are Unix milliseconds (UTC), which sort and compare
-- as plain integers.

CREATE TABLE operators (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('agent', 'supervisor')),
    token_sha256  TEXT NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE users (
    id                        INTEGER PRIMARY KEY,
    document_type             TEXT NOT NULL CHECK (document_type IN ('CC', 'CE', 'TI', 'PPT', 'PA')),
    document_number           TEXT NOT NULL,
    full_name                 TEXT NOT NULL,
    email                     TEXT NOT NULL,
    email_lower               TEXT NOT NULL,
    phone_digits              TEXT NOT NULL,
    birth_date                TEXT NOT NULL,
    kind                      TEXT NOT NULL CHECK (kind IN ('candidate', 'employee')),
    status                    TEXT NOT NULL
                              CHECK (status IN ('active', 'locked', 'disabled', 'pending_activation')),
    password_hash             TEXT,
    password_changed_at       INTEGER,
    created_at                INTEGER NOT NULL,
    last_login_at             INTEGER,
    failed_logins             INTEGER NOT NULL DEFAULT 0,
    locked_until              INTEGER,
    email_bounced             INTEGER NOT NULL DEFAULT 0,
    verification_misses       INTEGER NOT NULL DEFAULT 0,
    verification_locked_until INTEGER,
    verified_until            INTEGER,
    -- Bumped on a password change: every session issued before it is void.
    session_epoch             INTEGER NOT NULL DEFAULT 0,
    UNIQUE (document_type, document_number)
);
CREATE UNIQUE INDEX users_email_lower ON users (email_lower);
CREATE INDEX users_document_number ON users (document_number);
CREATE INDEX users_phone_digits ON users (phone_digits);

-- Name search: accents and case ignored by the tokenizer itself.
CREATE VIRTUAL TABLE users_fts USING fts5 (
    full_name,
    content = 'users',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER users_fts_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_fts (rowid, full_name) VALUES (new.id, new.full_name);
END;
CREATE TRIGGER users_fts_delete AFTER DELETE ON users BEGIN
    INSERT INTO users_fts (users_fts, rowid, full_name) VALUES ('delete', old.id, old.full_name);
END;
CREATE TRIGGER users_fts_update AFTER UPDATE OF full_name ON users BEGIN
    INSERT INTO users_fts (users_fts, rowid, full_name) VALUES ('delete', old.id, old.full_name);
    INSERT INTO users_fts (rowid, full_name) VALUES (new.id, new.full_name);
END;

-- Reset tokens: only the SHA-256 of the token is stored.
CREATE TABLE reset_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    token_sha256  TEXT NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    used_at       INTEGER,
    voided_at     INTEGER,
    opened_at     INTEGER,
    -- 'operator' or 'public': who asked for it.
    origin        TEXT NOT NULL,
    operator_id   INTEGER REFERENCES operators (id)
);
CREATE INDEX reset_tokens_user ON reset_tokens (user_id, created_at);

-- Timeline and live events (same shape); `data` is the JSON of api::EventData.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    user_id     INTEGER,
    pqr_id      INTEGER,
    actor_kind  TEXT NOT NULL,
    actor_name  TEXT,
    data        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_user ON events (user_id, id);
CREATE INDEX events_pqr ON events (pqr_id, id);

-- Idempotency keys: the first answer to a key is replayed for 24 h.
CREATE TABLE idempotency (
    operator_id   INTEGER NOT NULL,
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status        INTEGER NOT NULL,
    body          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (operator_id, key)
);

-- The audit is append-only: the database itself refuses to change or remove a record.
CREATE TABLE audit (
    id             INTEGER PRIMARY KEY,
    at             INTEGER NOT NULL,
    operator_id    INTEGER NOT NULL,
    operator_name  TEXT NOT NULL,
    action         TEXT NOT NULL,
    target         TEXT,
    outcome        TEXT NOT NULL,
    request_id     TEXT NOT NULL,
    detail         TEXT
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
    SELECT RAISE (ABORT, 'audit is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
    SELECT RAISE (ABORT, 'audit is append-only');
END;
