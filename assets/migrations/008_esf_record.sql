-- Schema 8: the ESF participant record (Regulation (EU) 2021/1057, Annex I).
-- The entry data the file already holds stays on `participant` (sex, labour status,
-- education, birth date, the French criteria and QPV) and is read from there; this table
-- holds what the ESF questionnaire adds: the unemployment start date, the six answers that
-- may be refused, the exit situation and the situation six months after leaving. One row
-- per participant, keyed by its id, so that a GDPR purge deletes a person's answers (and
-- their corrections below) with one statement per table.
CREATE TABLE esf_record (
    participant_id      INTEGER PRIMARY KEY REFERENCES participant(id),
    unemployed_since    TEXT,
    disability          TEXT CHECK (disability IN ('yes', 'no', 'refused')),
    third_country       TEXT CHECK (third_country IN ('yes', 'no', 'refused')),
    foreign_background  TEXT CHECK (foreign_background IN ('yes', 'no', 'refused')),
    minority            TEXT CHECK (minority IN ('yes', 'no', 'refused')),
    homeless            TEXT CHECK (homeless IN ('yes', 'no', 'refused')),
    rural               TEXT CHECK (rural IN ('yes', 'no', 'refused')),
    -- Set when the entry questionnaire is first saved complete: later changes are corrections.
    entry_validated_at  TEXT,
    entry_validated_by  INTEGER REFERENCES user(id),
    job_searching       INTEGER CHECK (job_searching IN (0, 1)),
    in_training         INTEGER CHECK (in_training IN (0, 1)),
    qualification       INTEGER CHECK (qualification IN (0, 1)),
    employed            INTEGER CHECK (employed IN (0, 1)),
    employed_after_six_months INTEGER CHECK (employed_after_six_months IN (0, 1)),
    improved_after_six_months INTEGER CHECK (improved_after_six_months IN (0, 1)),
    updated_at          TEXT NOT NULL,
    updated_by          INTEGER NOT NULL REFERENCES user(id),
    version             INTEGER NOT NULL DEFAULT 1
);

-- The dated corrections of a validated entry: which item, the values before and after,
-- why, when and by whom. The audit row of the change names the items only, never the
-- answers, so sensitive answers stay in these two tables.
CREATE TABLE esf_correction (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participant(id),
    item            TEXT NOT NULL,
    before          TEXT,
    after           TEXT,
    reason          TEXT NOT NULL,
    corrected_at    TEXT NOT NULL,
    corrected_by    INTEGER NOT NULL REFERENCES user(id)
);
CREATE INDEX esf_correction_participant ON esf_correction(participant_id, id);

-- The indicators' populations: participants entering (engagement contract) and leaving
-- (exit) in a period, found by a range seek instead of a walk through every file.
CREATE INDEX esf_participant_entry ON participant(contract_on) WHERE contract_on IS NOT NULL;
CREATE INDEX esf_participant_exit ON participant(exit_on)
    WHERE exit_on IS NOT NULL AND contract_on IS NOT NULL;
