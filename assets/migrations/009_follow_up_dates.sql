-- Each participant's follow-up dates, kept up to date by triggers (issue 19).
--
-- The caseload's alerts and the dashboard's counts need, per participant, the last contact,
-- the oldest contact whose note is still to write and the last milestone review. Computed
-- with correlated MIN/MAX subqueries, a coordinator's caseload of 10,000 participants cost
-- about 40,000 index seeks (≈45 ms) at every reading; kept here, it is one table read in
-- step with the participant table. The triggers keep the dates exact on every insert,
-- change and deletion of a contact or a review, whichever program writes them; the
-- definitions match the subqueries they replace (no-shows are not contacts).

CREATE TABLE participant_follow_up (
    participant_id          INTEGER PRIMARY KEY,
    last_contact            TEXT,
    oldest_unnoted_contact  TEXT,
    last_milestone          TEXT
);

INSERT INTO participant_follow_up (participant_id, last_contact, oldest_unnoted_contact, last_milestone)
SELECT p.id,
       (SELECT MAX(c.contact_on) FROM contact c
          WHERE c.participant_id = p.id AND c.kind <> 'no_show'),
       (SELECT MIN(c.contact_on) FROM contact c
          WHERE c.participant_id = p.id AND c.summary = '' AND c.kind <> 'no_show'),
       (SELECT MAX(m.held_on) FROM milestone m WHERE m.participant_id = p.id)
FROM participant p;

CREATE TRIGGER participant_follow_up_new AFTER INSERT ON participant BEGIN
    INSERT INTO participant_follow_up (participant_id) VALUES (NEW.id);
END;

CREATE TRIGGER participant_follow_up_gone AFTER DELETE ON participant BEGIN
    DELETE FROM participant_follow_up WHERE participant_id = OLD.id;
END;

-- A new contact can only move the dates one way: no search needed (the demo and imports
-- insert hundreds of thousands).
CREATE TRIGGER contact_follow_up_new AFTER INSERT ON contact
WHEN NEW.kind <> 'no_show' BEGIN
    UPDATE participant_follow_up SET
        last_contact = CASE WHEN last_contact IS NULL OR NEW.contact_on > last_contact
                            THEN NEW.contact_on ELSE last_contact END,
        oldest_unnoted_contact = CASE WHEN NEW.summary <> '' THEN oldest_unnoted_contact
                            WHEN oldest_unnoted_contact IS NULL OR NEW.contact_on < oldest_unnoted_contact
                            THEN NEW.contact_on ELSE oldest_unnoted_contact END
    WHERE participant_id = NEW.participant_id;
END;

-- A change or a deletion may move them either way: both participants' are read again.
CREATE TRIGGER contact_follow_up_changed AFTER UPDATE ON contact BEGIN
    UPDATE participant_follow_up SET
        last_contact = (SELECT MAX(c.contact_on) FROM contact c
            WHERE c.participant_id = participant_follow_up.participant_id AND c.kind <> 'no_show'),
        oldest_unnoted_contact = (SELECT MIN(c.contact_on) FROM contact c
            WHERE c.participant_id = participant_follow_up.participant_id
              AND c.summary = '' AND c.kind <> 'no_show')
    WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
END;

CREATE TRIGGER contact_follow_up_gone AFTER DELETE ON contact BEGIN
    UPDATE participant_follow_up SET
        last_contact = (SELECT MAX(c.contact_on) FROM contact c
            WHERE c.participant_id = OLD.participant_id AND c.kind <> 'no_show'),
        oldest_unnoted_contact = (SELECT MIN(c.contact_on) FROM contact c
            WHERE c.participant_id = OLD.participant_id AND c.summary = '' AND c.kind <> 'no_show')
    WHERE participant_id = OLD.participant_id;
END;

CREATE TRIGGER milestone_follow_up_new AFTER INSERT ON milestone BEGIN
    UPDATE participant_follow_up SET
        last_milestone = CASE WHEN last_milestone IS NULL OR NEW.held_on > last_milestone
                              THEN NEW.held_on ELSE last_milestone END
    WHERE participant_id = NEW.participant_id;
END;

CREATE TRIGGER milestone_follow_up_changed AFTER UPDATE ON milestone BEGIN
    UPDATE participant_follow_up SET
        last_milestone = (SELECT MAX(m.held_on) FROM milestone m
            WHERE m.participant_id = participant_follow_up.participant_id)
    WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
END;

CREATE TRIGGER milestone_follow_up_gone AFTER DELETE ON milestone BEGIN
    UPDATE participant_follow_up SET
        last_milestone = (SELECT MAX(m.held_on) FROM milestone m WHERE m.participant_id = OLD.participant_id)
    WHERE participant_id = OLD.participant_id;
END;
