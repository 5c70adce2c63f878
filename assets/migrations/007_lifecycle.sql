-- Schema 007: the pathway's lifecycle as dated events.
--
-- A participant's status is no longer typed: it follows from the events recorded on
-- their file (entry file complete, commission decision, engagement contract, exit,
-- six-month check), each dated, by whom and when. A coordinator corrects or cancels an
-- event with a reason: the event is set aside (voided_*) and, for a correction, a new
-- one names it in `corrects`. The participant row keeps what the events give (status,
-- dates, the exit and its validation), written only by the lifecycle code
-- (src/store/lifecycle.rs), so the caseload, the dashboard and the outcome figures
-- read it without walking the events.

CREATE TABLE lifecycle_event (
    id              INTEGER PRIMARY KEY,
    participant_id  INTEGER NOT NULL REFERENCES participant(id),
    kind            TEXT NOT NULL
                    CHECK (kind IN ('entry_file', 'commission', 'contract', 'exit', 'follow_up')),
    happened_on     TEXT NOT NULL,
    decision        TEXT CHECK ((kind = 'commission') = (decision IS NOT NULL)),
    outcome         TEXT CHECK ((kind = 'exit') = (outcome IS NOT NULL)),
    situation       TEXT CHECK ((kind = 'follow_up') = (situation IS NOT NULL)),
    note            TEXT NOT NULL DEFAULT '',
    recorded_at     TEXT NOT NULL,
    -- NULL: carried over from the columns of schema 6 and earlier.
    recorded_by     INTEGER REFERENCES user(id),
    corrects        INTEGER REFERENCES lifecycle_event(id),
    voided_at       TEXT,
    voided_by       INTEGER REFERENCES user(id),
    void_reason     TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE INDEX lifecycle_event_participant ON lifecycle_event(participant_id, happened_on);

-- What the events give, beside the columns kept from schema 1 (status, commission_on,
-- commission_decision, contract_on — the first entry —, exit_on, exit_outcome).
ALTER TABLE participant ADD COLUMN entry_file_on TEXT;
ALTER TABLE participant ADD COLUMN exit_validation TEXT
    CHECK (exit_validation IN ('provisional', 'validated', 'not_validated'));
ALTER TABLE participant ADD COLUMN exit_check_due TEXT;
ALTER TABLE participant ADD COLUMN exit_checked_on TEXT;
ALTER TABLE participant ADD COLUMN follow_up_situation TEXT;

-- The outcome figures count entries and exits per referent over a period.
CREATE INDEX participant_entries ON participant(referent_id, contract_on);
CREATE INDEX participant_exits ON participant(referent_id, exit_on);

-- The PLIE's positive-exit target, in percent.
ALTER TABLE plie_settings ADD COLUMN positive_exit_target INTEGER NOT NULL DEFAULT 45
    CHECK (positive_exit_target BETWEEN 0 AND 100);

-- The existing files, as events. The old exit codes map to the AVE categories;
-- statuses typed by hand become what their dates show: after this script, the store
-- walks every file's events (store::lifecycle::rebuild_all) and sets aside, with the
-- reason, any event that does not follow (a contract without an accepted decision…).
-- Dates with no event of their own: a file awaiting the commission gets its entry
-- file on the day its status was last set.
INSERT INTO lifecycle_event (participant_id, kind, happened_on, recorded_at)
SELECT id, 'entry_file', MAX(oriented_on, substr(updated_at, 1, 10)), updated_at
FROM participant
WHERE status = 'awaiting_commission' AND commission_decision IS NULL;

INSERT INTO lifecycle_event (participant_id, kind, happened_on, decision, recorded_at)
SELECT id, 'commission', commission_on, commission_decision, updated_at
FROM participant
WHERE commission_on IS NOT NULL AND commission_decision IS NOT NULL;

INSERT INTO lifecycle_event (participant_id, kind, happened_on, recorded_at)
SELECT id, 'contract', contract_on, updated_at
FROM participant
WHERE contract_on IS NOT NULL;

INSERT INTO lifecycle_event (participant_id, kind, happened_on, outcome, recorded_at)
SELECT id, 'exit', exit_on,
       CASE exit_outcome
           WHEN 'permanent_job' THEN 'cdi'
           WHEN 'long_contract' THEN 'cdd_6m'
           WHEN 'apprenticeship' THEN 'work_study'
           WHEN 'business_creation' THEN 'business_creation'
           WHEN 'qualifying_training' THEN 'training'
           WHEN 'moved_away' THEN 'moved_away'
           WHEN 'gave_up' THEN 'drop_out'
           WHEN 'health' THEN 'health'
           WHEN 'referred' THEN 'referral'
           WHEN 'retired' THEN 'retirement_death'
           ELSE 'other'
       END,
       updated_at
FROM participant
WHERE exit_on IS NOT NULL AND exit_outcome IS NOT NULL;

-- A job follow-up closed by hand ("confirm") is the six-month check, found still in
-- the job — when it was closed six months or more after the job began. One closed
-- earlier (the old program allowed it on day 4) is left open: the referent records
-- the real situation at six months.
INSERT INTO lifecycle_event (participant_id, kind, happened_on, situation, recorded_at)
SELECT p.id, 'follow_up', substr(c.at, 1, 10), 'employed', c.at
FROM participant p
JOIN (SELECT entity_id, MAX(at) AS at FROM audit
      WHERE entity = 'participant' AND action = 'confirm' GROUP BY entity_id) c
  ON c.entity_id = p.id
WHERE p.status = 'exited'
  AND p.exit_outcome IN ('permanent_job', 'long_contract', 'apprenticeship', 'business_creation')
  AND substr(c.at, 1, 10) >= date(p.exit_on, '+6 months');
