-- Sessions of the caller's pages (Mi Portal after «Ingresar»). Only the SHA-256 of the cookie's
-- random id is stored; a session ends at its expiry or when the user's session_epoch moves on (a
-- password change ends every session issued before it).

CREATE TABLE web_sessions (
    id_sha256     TEXT PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_epoch INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL
);
CREATE INDEX web_sessions_expires_at ON web_sessions (expires_at);
