-- Schema 2: the agenda, time entry, weekly timesheets and unsaved drafts.

CREATE TABLE appointment (
    id              INTEGER PRIMARY KEY,
    referent_id     INTEGER NOT NULL REFERENCES user(id),
    participant_id  INTEGER REFERENCES participant(id),
    kind            TEXT NOT NULL,
    starts_at       TEXT NOT NULL,            -- UTC
    minutes         INTEGER NOT NULL CHECK (minutes > 0),
    title           TEXT NOT NULL DEFAULT '',
    location        TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'planned',
    series          TEXT,
    uid             TEXT NOT NULL UNIQUE,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX appointment_referent ON appointment(referent_id, starts_at);
CREATE INDEX appointment_participant ON appointment(participant_id, starts_at);

CREATE TABLE activity (
    code        TEXT PRIMARY KEY,
    label_en    TEXT NOT NULL,
    label_fr    TEXT NOT NULL,
    esf         INTEGER NOT NULL CHECK (esf IN (0, 1)),
    active      INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE time_entry (
    id              INTEGER PRIMARY KEY,
    referent_id     INTEGER NOT NULL REFERENCES user(id),
    entry_date      TEXT NOT NULL,
    iso_week        TEXT NOT NULL,
    minutes         INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
    activity_code   TEXT NOT NULL REFERENCES activity(code),
    participant_id  INTEGER REFERENCES participant(id),
    appointment_id  INTEGER UNIQUE REFERENCES appointment(id),
    note            TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX time_entry_week ON time_entry(referent_id, iso_week, entry_date);

CREATE TABLE week (
    referent_id     INTEGER NOT NULL REFERENCES user(id),
    iso_week        TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'draft',
    submitted_at    TEXT,
    submitted_by    INTEGER REFERENCES user(id),
    validated_at    TEXT,
    validated_by    INTEGER REFERENCES user(id),
    export_sha256   TEXT,
    export_at       TEXT,
    version         INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (referent_id, iso_week)
);

CREATE TABLE draft (
    user_id     INTEGER NOT NULL REFERENCES user(id),
    form        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    saved_at    TEXT NOT NULL,
    PRIMARY KEY (user_id, form)
);
