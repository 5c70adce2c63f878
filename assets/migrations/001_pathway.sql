-- Schema 1: users, participants and their pathway, the audit log.
-- Dates are ISO-8601 text (YYYY-MM-DD), timestamps UTC (YYYY-MM-DDTHH:MM:SSZ),
-- durations integer minutes. `version` columns serve optimistic locking.

CREATE TABLE user (
    id          INTEGER PRIMARY KEY,
    login       TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('referent', 'coordinator')),
    fte         REAL NOT NULL DEFAULT 1.0 CHECK (fte > 0 AND fte <= 1),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE participant (
    id                  INTEGER PRIMARY KEY,
    file_number         TEXT NOT NULL UNIQUE,
    last_name           TEXT NOT NULL,
    first_name          TEXT NOT NULL,
    birth_date          TEXT NOT NULL,
    sex                 TEXT,
    commune             TEXT NOT NULL DEFAULT '',
    postcode            TEXT NOT NULL DEFAULT '',
    qpv                 INTEGER NOT NULL DEFAULT 0,
    phone               TEXT NOT NULL DEFAULT '',
    email               TEXT NOT NULL DEFAULT '',
    prescriber          TEXT NOT NULL DEFAULT '',
    criteria            TEXT NOT NULL DEFAULT '',
    labour_status       TEXT,
    education           TEXT,
    status              TEXT NOT NULL,
    oriented_on         TEXT NOT NULL,
    commission_on       TEXT,
    commission_decision TEXT,
    contract_on         TEXT,
    referent_id         INTEGER REFERENCES user(id),
    exit_on             TEXT,
    exit_outcome        TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    updated_by          INTEGER NOT NULL REFERENCES user(id),
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX participant_referent ON participant(referent_id, status);
CREATE INDEX participant_identity ON participant(last_name, first_name, birth_date);

CREATE TABLE barrier (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participant(id),
    kind            TEXT NOT NULL,
    noted_on        TEXT NOT NULL,
    lifted_on       TEXT,
    note            TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX barrier_participant ON barrier(participant_id);

CREATE TABLE step (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participant(id),
    kind            TEXT NOT NULL,
    provider        TEXT NOT NULL DEFAULT '',
    planned_start   TEXT,
    planned_end     TEXT,
    actual_start    TEXT,
    actual_end      TEXT,
    outcome         TEXT,
    note            TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX step_participant ON step(participant_id);

CREATE TABLE contact (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participant(id),
    author_id       INTEGER NOT NULL REFERENCES user(id),
    contact_on      TEXT NOT NULL,
    kind            TEXT NOT NULL,
    minutes         INTEGER NOT NULL DEFAULT 0 CHECK (minutes >= 0),
    summary         TEXT NOT NULL DEFAULT '',
    next_action     TEXT NOT NULL DEFAULT '',
    appointment_id  INTEGER,
    logged_at       TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX contact_participant ON contact(participant_id, contact_on);

CREATE TABLE milestone (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participant(id),
    held_on         TEXT NOT NULL,
    objectives      TEXT NOT NULL DEFAULT '',
    achieved        TEXT NOT NULL DEFAULT '',
    new_objectives  TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX milestone_participant ON milestone(participant_id, held_on);

CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    INTEGER REFERENCES user(id),
    entity      TEXT NOT NULL,
    entity_id   INTEGER,
    action      TEXT NOT NULL,
    before      TEXT,
    after       TEXT
);
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE INDEX audit_actor ON audit(actor_id, at);
