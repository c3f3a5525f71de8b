-- Name search ranks (issue 15, item 7): the same name index with prefix indexes for the first one,
-- two and three characters, so the words an operator types on the way («a», «ma», «mar») read one
-- doclist instead of merging every word that starts so. Rebuilt from `users`.
DROP TRIGGER users_fts_insert;
DROP TRIGGER users_fts_delete;
DROP TRIGGER users_fts_update;
DROP TABLE users_fts;
CREATE VIRTUAL TABLE users_fts USING fts5 (
    full_name,
    content = 'users',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
INSERT INTO users_fts (users_fts) VALUES ('rebuild');
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
