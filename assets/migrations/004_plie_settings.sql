-- Schema 4: the PLIE-wide settings move from each user's configuration file into the
-- database, one row, changed by a coordinator through `parcours settings` (audited).
-- The activities already live in `activity`.
CREATE TABLE plie_settings (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    structure_name TEXT    NOT NULL DEFAULT '',
    operation_code TEXT    NOT NULL DEFAULT '',
    operation_name TEXT    NOT NULL DEFAULT '',
    timezone       TEXT    NOT NULL DEFAULT 'Europe/Paris',
    weekly_hours   INTEGER NOT NULL DEFAULT 35 CHECK (weekly_hours BETWEEN 1 AND 60),
    version        INTEGER NOT NULL DEFAULT 1
);
INSERT INTO plie_settings (id) VALUES (1);
