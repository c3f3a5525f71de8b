-- PQR tickets (Ley 1755 de 2015). Dates of the legal clock are Bogotá calendar days (YYYY-MM-DD).

CREATE TABLE pqr (
    id                INTEGER PRIMARY KEY,
    radicado          TEXT NOT NULL UNIQUE,
    year              INTEGER NOT NULL,
    seq               INTEGER NOT NULL,
    type              TEXT NOT NULL,
    subject           TEXT NOT NULL,
    body              TEXT NOT NULL,
    channel           TEXT NOT NULL,
    status            TEXT NOT NULL,
    user_id           INTEGER REFERENCES users (id),
    requester_name    TEXT NOT NULL,
    requester_email   TEXT,
    requester_phone   TEXT,
    assignee_id       INTEGER REFERENCES operators (id),
    received_at       INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    due_date          TEXT NOT NULL,
    original_due_date TEXT NOT NULL,
    extension_reason  TEXT,
    -- The Bogotá day the clock stopped (status en_espera_usuario), if it is stopped.
    suspended_since   TEXT,
    -- Bumped on every change; the ETag.
    version           INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, seq)
);
CREATE INDEX pqr_due ON pqr (due_date, id);
CREATE INDEX pqr_status_due ON pqr (status, due_date, id);
CREATE INDEX pqr_assignee_due ON pqr (assignee_id, due_date, id);
CREATE INDEX pqr_user ON pqr (user_id);

CREATE TABLE pqr_messages (
    id            INTEGER PRIMARY KEY,
    pqr_id        INTEGER NOT NULL REFERENCES pqr (id),
    visibility    TEXT NOT NULL CHECK (visibility IN ('public', 'internal')),
    body          TEXT NOT NULL,
    author_id     INTEGER REFERENCES operators (id),
    author_name   TEXT NOT NULL,
    at            INTEGER NOT NULL
);
CREATE INDEX pqr_messages_pqr ON pqr_messages (pqr_id, id);

-- Full text over radicado, subject, body and requester; accents and case ignored.
CREATE VIRTUAL TABLE pqr_fts USING fts5 (
    radicado, subject, body, requester,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER pqr_fts_insert AFTER INSERT ON pqr BEGIN
    INSERT INTO pqr_fts (rowid, radicado, subject, body, requester)
    VALUES (new.id, new.radicado, new.subject, new.body,
            new.requester_name || ' ' || coalesce(new.requester_email, '') || ' ' || coalesce(new.requester_phone, ''));
END;
