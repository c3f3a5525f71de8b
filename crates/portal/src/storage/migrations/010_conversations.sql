-- Issue 26: the guide's channels (WhatsApp, correo) as conversations answered from the desk.

CREATE TABLE conversations (
    id                   INTEGER PRIMARY KEY,
    channel              TEXT NOT NULL CHECK (channel IN ('whatsapp', 'correo')),
    status               TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    -- The requester's address on the channel: E.164 (`+573001234567`) or a lower-cased email.
    address              TEXT NOT NULL,
    requester_name       TEXT NOT NULL,
    user_id              INTEGER REFERENCES users (id),
    assignee_id          INTEGER REFERENCES operators (id),
    pqr_id               INTEGER REFERENCES pqr (id),
    first_message_at     INTEGER NOT NULL,
    last_message_at      INTEGER NOT NULL,
    -- The requester's last message: WhatsApp's 24-hour window runs from it.
    last_inbound_at      INTEGER,
    -- The first inbound message since the last answer (null when nothing waits for one).
    waiting_since        INTEGER,
    unanswered           INTEGER NOT NULL DEFAULT 0,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1
);
-- One open conversation per requester and channel: a new message joins it.
CREATE UNIQUE INDEX conversations_open_address ON conversations (channel, address) WHERE status = 'open';
-- The queue's tiers, each an index range (see conversations/list.rs).
CREATE INDEX conversations_waiting ON conversations (status, waiting_since, id) WHERE waiting_since IS NOT NULL;
CREATE INDEX conversations_inbound ON conversations (status, last_inbound_at, id) WHERE waiting_since IS NOT NULL;
CREATE INDEX conversations_recent ON conversations (status, last_message_at, id);
-- The same tiers for one operator's conversations (`assignee=me` or an id): each an index range
-- too, so an operator whose conversations are all answered is not a scan of everyone's waiting.
CREATE INDEX conversations_assignee ON conversations (assignee_id, status, last_message_at, id);
CREATE INDEX conversations_assignee_waiting ON conversations (assignee_id, waiting_since, id)
    WHERE waiting_since IS NOT NULL AND status = 'open';
CREATE INDEX conversations_assignee_inbound ON conversations (assignee_id, last_inbound_at, id)
    WHERE waiting_since IS NOT NULL AND status = 'open';
CREATE INDEX conversations_user ON conversations (user_id);

CREATE TABLE conversation_messages (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations (id),
    direction        TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    -- The channel's own id (WhatsApp's wamid, an email's Message-ID): a repeated delivery is
    -- stored once.
    external_id      TEXT UNIQUE,
    kind             TEXT NOT NULL,
    body             TEXT NOT NULL,
    media_type       TEXT,
    -- Meta's media id: the medium stays at Meta; the portal never downloads it.
    media_id         TEXT,
    author_id        INTEGER REFERENCES operators (id),
    author_name      TEXT NOT NULL,
    at               INTEGER NOT NULL,
    -- Outbound only: queued, sent, delivered, read, failed; the error code when failed.
    delivery         TEXT,
    error_code       INTEGER,
    -- Outbound only, while queued: the Graph API request body; attempts and the next one (ms).
    send_request     TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER
);
CREATE INDEX conversation_messages_thread ON conversation_messages (conversation_id, id);
CREATE INDEX conversation_messages_due ON conversation_messages (next_attempt_at) WHERE delivery = 'queued';
