-- The legal clock as stored data (issue 17): every clock filter and figure is an index scan, and the
-- due dates can be recomputed when the holiday rules change.

-- Open: any status but the final ones. Virtual, so it costs no space in the table, only in indexes.
ALTER TABLE pqr ADD COLUMN is_open INTEGER GENERATED ALWAYS AS (status NOT IN ('resuelta', 'cerrada')) VIRTUAL;
-- The due date an extension (prórroga) set, if any: a date a supervisor gave, kept as given.
ALTER TABLE pqr ADD COLUMN extended_to TEXT;
-- Business days spent waiting on the requester since the term's end was last set (by receipt or
-- by an extension): due_date = extended_to (or the original due date) + waited_days business days.
ALTER TABLE pqr ADD COLUMN waited_days INTEGER NOT NULL DEFAULT 0;
-- The waits behind waited_days, `from..to` Bogotá days separated by `;` (empty for tickets stored
-- before this migration), so a change of the rules counts them again.
ALTER TABLE pqr ADD COLUMN waits TEXT NOT NULL DEFAULT '';
-- When the ticket was answered (reached resuelta, or cerrada without it); cleared on reopening.
ALTER TABLE pqr ADD COLUMN answered_at INTEGER;

UPDATE pqr SET extended_to = due_date WHERE extension_reason IS NOT NULL;
UPDATE pqr SET answered_at = updated_at WHERE status IN ('resuelta', 'cerrada');

CREATE INDEX pqr_open_due ON pqr (is_open, due_date, id);
CREATE INDEX pqr_open_assignee_due ON pqr (is_open, assignee_id, due_date, id);
CREATE INDEX pqr_type_due ON pqr (type, due_date, id);
-- The figures: open tickets by type and assignee, received and answered per day.
CREATE INDEX pqr_open_type_assignee ON pqr (is_open, type, assignee_id, due_date, status);
CREATE INDEX pqr_received ON pqr (received_at);
CREATE INDEX pqr_assignee_received ON pqr (assignee_id, received_at);
CREATE INDEX pqr_answered ON pqr (answered_at, due_date) WHERE answered_at IS NOT NULL;
CREATE INDEX pqr_assignee_answered ON pqr (assignee_id, answered_at, due_date) WHERE answered_at IS NOT NULL;

-- The holiday rules the stored due dates were computed with (a fingerprint of their dates).
CREATE TABLE calendar_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint  TEXT NOT NULL
);

-- Events by kind and time: the reset funnel and the calls.
CREATE INDEX events_kind_at ON events (kind, at, actor_kind);
-- Did the user log in after the change: one seek per change.
CREATE INDEX events_user_kind_at ON events (user_id, kind, at);
-- Calls by outcome (and by operator, for an agent's own figures), without reading the rows.
CREATE INDEX events_calls ON events (at, json_extract(data, '$.status'), actor_name)
    WHERE kind = 'call_outcome_recorded';
-- The policy rules each refused reset attempt broke, one row per rule, for the ranking.
CREATE TABLE reset_refusals (
    event_id  INTEGER NOT NULL REFERENCES events (id),
    at        INTEGER NOT NULL,
    rule      TEXT NOT NULL
);
CREATE INDEX reset_refusals_at ON reset_refusals (at, rule);
INSERT INTO reset_refusals (event_id, at, rule)
    SELECT e.id, e.at, r.value FROM events e, json_each(e.data, '$.rules') r
    WHERE e.kind = 'reset_attempt_failed' AND json_valid(e.data);

-- The links an operator asked for, and the ones used.
CREATE INDEX reset_tokens_operator ON reset_tokens (operator_id, created_at) WHERE operator_id IS NOT NULL;
CREATE INDEX reset_tokens_used ON reset_tokens (used_at, created_at) WHERE used_at IS NOT NULL;
