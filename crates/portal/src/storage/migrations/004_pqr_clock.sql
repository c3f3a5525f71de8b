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
-- The links an operator asked for, and the ones used.
CREATE INDEX reset_tokens_operator ON reset_tokens (operator_id, created_at) WHERE operator_id IS NOT NULL;
CREATE INDEX reset_tokens_used ON reset_tokens (used_at, created_at) WHERE used_at IS NOT NULL;

-- Daily counters of the events (the reset funnel, the refusing rules, the calls), kept up by every
-- event insert (`portal/rollup.rs`), so a figure over a year adds at most a few thousand rows:
--   <event kind>                  who '' for all, and who <operator name> for an operator's events
--   rule:<policy rule>            rules broken by refused reset attempts
--   call:<outcome>                calls by outcome (who '' and who <operator name>)
--   to_change_min:<minutes>       a reset link used, by whole minutes from its request (day of use)
--   changed_then_logged_in        password changes followed by a login before the next change
-- Days are Bogotá days (UTC-5 all year since 1993).
CREATE TABLE stats_daily (
    metric  TEXT NOT NULL,
    who     TEXT NOT NULL DEFAULT '',
    day     TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (metric, who, day)
) WITHOUT ROWID;
INSERT INTO stats_daily (metric, who, day, n)
    SELECT kind, '', date(at / 1000 - 18000, 'unixepoch'), COUNT(*) FROM events GROUP BY 1, 3;
INSERT INTO stats_daily (metric, who, day, n)
    SELECT kind, coalesce(nullif(actor_name, ''), '?'), date(at / 1000 - 18000, 'unixepoch'), COUNT(*)
    FROM events WHERE actor_kind = 'operator' GROUP BY 1, 2, 3;
INSERT INTO stats_daily (metric, who, day, n)
    SELECT 'rule:' || r.value, '', date(e.at / 1000 - 18000, 'unixepoch'), COUNT(*)
    FROM events e, json_each(e.data, '$.rules') r
    WHERE e.kind = 'reset_attempt_failed' AND json_valid(e.data) GROUP BY 1, 3;
INSERT INTO stats_daily (metric, who, day, n)
    SELECT 'call:' || json_extract(data, '$.status'), '', date(at / 1000 - 18000, 'unixepoch'), COUNT(*)
    FROM events WHERE kind = 'call_outcome_recorded' AND json_valid(data)
    AND json_extract(data, '$.status') IS NOT NULL GROUP BY 1, 3;
INSERT INTO stats_daily (metric, who, day, n)
    SELECT 'call:' || json_extract(data, '$.status'), coalesce(nullif(actor_name, ''), '?'),
           date(at / 1000 - 18000, 'unixepoch'), COUNT(*)
    FROM events WHERE kind = 'call_outcome_recorded' AND actor_kind = 'operator' AND json_valid(data)
    AND json_extract(data, '$.status') IS NOT NULL GROUP BY 1, 2, 3;
INSERT INTO stats_daily (metric, who, day, n)
    SELECT 'to_change_min:' || ((used_at - created_at) / 60000), '', date(used_at / 1000 - 18000, 'unixepoch'), COUNT(*)
    FROM reset_tokens WHERE used_at IS NOT NULL GROUP BY 1, 3;
INSERT INTO stats_daily (metric, who, day, n)
    SELECT 'changed_then_logged_in', '', date(e.at / 1000 - 18000, 'unixepoch'), COUNT(*)
    FROM events e WHERE e.kind = 'password_changed' AND EXISTS (
        SELECT 1 FROM events l WHERE l.user_id = e.user_id AND l.kind = 'login_succeeded' AND l.at >= e.at
        AND NOT EXISTS (SELECT 1 FROM events c WHERE c.user_id = e.user_id AND c.kind = 'password_changed'
                        AND c.at > e.at AND c.at <= l.at))
    GROUP BY 3;
